// SPDX-License-Identifier: GPL-3.0-or-later
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "chunk_source.h"
#include "gpnmsa/error.h"

namespace fs = std::filesystem;

namespace gpnmsa::store {

DirectoryChunkSource::DirectoryChunkSource(std::string root) : root_(std::move(root)) {
  // Keep the user's spelling for messages, minus trailing slashes so that
  // describeKey() does not print "msa.zarr//1/0.0".
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

std::string DirectoryChunkSource::describeKey(const std::string& key) const {
  return root_ + "/" + key;
}

std::optional<std::vector<char>> DirectoryChunkSource::read(const std::string& key) const {
  const std::string file = describeKey(key);
  // stdio rather than iostreams: errno tells "absent" (a missing chunk, which
  // is legal in Zarr) apart from "present but unreadable" (an error).
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (!f) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    throw Error(file + ": cannot open: " + std::strerror(errno));
  }
  std::vector<char> bytes;
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
    bytes.insert(bytes.end(), buffer, buffer + n);
  }
  const bool failed = std::ferror(f) != 0;
  const int savedErrno = errno;
  std::fclose(f);
  if (failed) throw Error(file + ": read failed: " + std::strerror(savedErrno));
  return bytes;
}

bool DirectoryChunkSource::contains(const std::string& key) const {
  // An error other than "absent" counts as present: read() then reports it.
  std::error_code ec;
  const fs::file_status st = fs::status(describeKey(key), ec);
  if (ec) return ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory;
  return fs::exists(st);
}

std::vector<std::string> DirectoryChunkSource::listArrays() const {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(root_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code ignored;
    if (it->is_directory(ignored) && fs::is_regular_file(it->path() / ".zarray", ignored)) {
      names.push_back(it->path().filename().string());
    }
  }
  if (ec) throw Error(root_ + ": cannot list the store: " + ec.message());
  return names;
}

}  // namespace gpnmsa::store
