// SPDX-License-Identifier: GPL-3.0-or-later
#include "zarr_writer.h"

#include <blosc.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "gpnmsa/error.h"
#include "gpnmsa/posix_io.h"

namespace fs = std::filesystem;

namespace gpnmsa::store {

namespace {
std::string sysError(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}
}  // namespace

ZarrStoreWriter::ZarrStoreWriter(std::string finalPath) : finalPath_(std::move(finalPath)) {
  if (finalPath_.empty()) throw Error("output store path is empty");
  while (finalPath_.size() > 1 && finalPath_.back() == '/') finalPath_.pop_back();
  fs::path parent = fs::path(finalPath_).parent_path();
  if (parent.empty()) parent = ".";
  std::error_code ec;
  if (!fs::is_directory(parent, ec)) {
    throw Error("cannot write store " + finalPath_ + ": directory " + parent.string() +
                " does not exist");
  }
  std::string tmpl = (parent / ("." + fs::path(finalPath_).filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) throw Error(sysError("cannot create temporary directory", tmpl));
  tempPath_ = buf.data();
  const std::string group = "{\n    \"zarr_format\": 2\n}";
  writeFile(tempPath_ + "/.zgroup", group.data(), group.size());
}

ZarrStoreWriter::~ZarrStoreWriter() {
  if (!committed_ && !tempPath_.empty()) {
    std::error_code ec;
    fs::remove_all(tempPath_, ec);
  }
}

void ZarrStoreWriter::writeFile(const std::string& path, const char* data, std::size_t size) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(sysError("cannot create", path));
  if (!writeAll(fd, data, size)) {
    const std::string msg = sysError("cannot write", path);
    ::close(fd);
    throw Error(msg);
  }
  if (::close(fd) != 0) throw Error(sysError("cannot write", path));
}

void ZarrStoreWriter::beginArray(const std::string& name, int64_t rows, int columns,
                                 int64_t chunkRows) {
  if (!array_.empty()) throw Error("internal: array " + array_ + " not finished");
  if (name.empty() || name.find('/') != std::string::npos || name[0] == '.') {
    throw Error("invalid array name '" + name + "'");
  }
  if (rows < 0 || columns < 1 || chunkRows < 1) throw Error("invalid shape for array " + name);
  std::error_code ec;
  if (!fs::create_directory(tempPath_ + "/" + name, ec) || ec) {
    throw Error("cannot create array directory " + tempPath_ + "/" + name +
                (ec ? ": " + ec.message() : " (already exists)"));
  }
  nlohmann::ordered_json meta;
  meta["chunks"] = {chunkRows, columns};
  meta["compressor"] = {{"blocksize", 0}, {"clevel", 5}, {"cname", "lz4"}, {"id", "blosc"},
                        {"shuffle", 1}};
  meta["dtype"] = "|S1";
  meta["fill_value"] = "";
  meta["filters"] = nullptr;
  meta["order"] = "C";
  meta["shape"] = {rows, columns};
  meta["zarr_format"] = 2;
  const std::string text = meta.dump(4);
  writeFile(tempPath_ + "/" + name + "/.zarray", text.data(), text.size());
  array_ = name;
  rows_ = rows;
  columns_ = columns;
  chunkRows_ = chunkRows;
  nextChunk_ = 0;
  rowsWritten_ = 0;
}

void ZarrStoreWriter::writeChunk(const char* cells, int64_t rowCount) {
  if (array_.empty()) throw Error("internal: writeChunk outside an array");
  const int64_t expected = std::min(chunkRows_, rows_ - rowsWritten_);
  if (rowCount != expected || rowCount <= 0) {
    throw Error("internal: chunk " + std::to_string(nextChunk_) + " of array " + array_ +
                " has " + std::to_string(rowCount) + " rows, expected " + std::to_string(expected));
  }
  const std::size_t full = static_cast<std::size_t>(chunkRows_) * columns_;
  const std::size_t used = static_cast<std::size_t>(rowCount) * columns_;
  std::vector<char> plain(full, 0);
  std::memcpy(plain.data(), cells, used);
  std::vector<char> packed(full + BLOSC_MAX_OVERHEAD);
  const int n = blosc_compress_ctx(5, BLOSC_SHUFFLE, 1, full, plain.data(), packed.data(),
                                   packed.size(), "lz4", 0, 1);
  if (n <= 0) throw Error("Blosc compression failed for chunk " + std::to_string(nextChunk_) +
                          " of array " + array_);
  writeFile(tempPath_ + "/" + array_ + "/" + std::to_string(nextChunk_) + ".0", packed.data(),
            static_cast<std::size_t>(n));
  ++nextChunk_;
  rowsWritten_ += rowCount;
}

void ZarrStoreWriter::endArray() {
  if (rowsWritten_ != rows_) {
    throw Error("internal: array " + array_ + " has " + std::to_string(rowsWritten_) +
                " of " + std::to_string(rows_) + " rows written");
  }
  array_.clear();
}

void ZarrStoreWriter::commit() {
  if (!array_.empty()) throw Error("internal: array " + array_ + " not finished");
  std::error_code ec;
  std::string backup;
  if (fs::exists(finalPath_, ec)) {
    if (!fs::is_directory(finalPath_, ec) || !fs::exists(fs::path(finalPath_) / ".zgroup", ec)) {
      throw Error("cannot write store " + finalPath_ +
                  ": a file or non-store directory is already there");
    }
    backup = tempPath_ + ".old";
    fs::rename(finalPath_, backup, ec);
    if (ec) throw Error("cannot replace " + finalPath_ + ": " + ec.message());
  }
  fs::rename(tempPath_, finalPath_, ec);
  if (ec) {
    if (!backup.empty()) fs::rename(backup, finalPath_, ec);
    throw Error("cannot rename " + tempPath_ + " to " + finalPath_ + ": " + ec.message());
  }
  committed_ = true;
  if (!backup.empty()) fs::remove_all(backup, ec);
}

}  // namespace gpnmsa::store
