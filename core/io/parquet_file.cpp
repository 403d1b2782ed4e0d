// SPDX-License-Identifier: GPL-3.0-or-later
#include "parquet_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "../store/random_access_file.h"
#include "gpnmsa/error.h"
#include "parquet_pages.h"

namespace gpnmsa::parquet {
namespace {

constexpr char kMagic[] = "PAR1";
// A footer larger than this is not one of the files this reader is for (the
// released shards' footers are a few kilobytes) and would be a big allocation.
constexpr uint32_t kMaxFooterBytes = 64u << 20;

}  // namespace

// The file's bytes: read with pread from a local file, or from memory.
class ParquetFile::Source {
 public:
  virtual ~Source() = default;
  virtual uint64_t size() const = 0;
  virtual const std::string& name() const = 0;
  // Exactly n bytes at offset (the caller checked the range).
  virtual std::string read(uint64_t offset, std::size_t n) const = 0;
};

namespace {

class FileSource final : public ParquetFile::Source {
 public:
  explicit FileSource(std::string path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw Error("cannot open " + path_ + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd_);
      throw Error("cannot read " + path_ + ": not a regular file");
    }
    size_ = uint64_t(st.st_size);
  }
  ~FileSource() override { ::close(fd_); }
  uint64_t size() const override { return size_; }
  const std::string& name() const override { return path_; }
  std::string read(uint64_t offset, std::size_t n) const override {
    std::string out(n, '\0');
    std::size_t done = 0;
    while (done < n) {
      const ssize_t k = ::pread(fd_, out.data() + done, n - done, off_t(offset + done));
      if (k < 0 && errno == EINTR) continue;
      if (k <= 0) throw Error("cannot read " + path_ + " at byte " + std::to_string(offset + done) +
                              (k < 0 ? std::string(": ") + std::strerror(errno) : ": file shrank while reading"));
      done += std::size_t(k);
    }
    return out;
  }

 private:
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
};

class MemorySource final : public ParquetFile::Source {
 public:
  MemorySource(std::string name, std::string bytes) : name_(std::move(name)), bytes_(std::move(bytes)) {}
  uint64_t size() const override { return bytes_.size(); }
  const std::string& name() const override { return name_; }
  std::string read(uint64_t offset, std::size_t n) const override { return bytes_.substr(std::size_t(offset), n); }

 private:
  std::string name_;
  std::string bytes_;
};

// An http(s) URL read in place: each read is a range request (htslib's
// hFILE, through store::RandomAccessFile), so a lookup fetches the footer
// once and then only the column chunks of the row groups it needs.
class RemoteSource final : public ParquetFile::Source {
 public:
  explicit RemoteSource(const std::string& url) : file_(store::openRandomAccessFile(url)) {}
  uint64_t size() const override { return file_->size(); }
  const std::string& name() const override { return file_->name(); }
  std::string read(uint64_t offset, std::size_t n) const override {
    std::string out(n, '\0');
    const std::size_t got = file_->readAt(offset, n, out.data());
    if (got != n)
      throw Error("cannot read " + name() + " at byte " + std::to_string(offset + got) + ": file shorter than its footer says");
    return out;
  }

 private:
  std::unique_ptr<store::RandomAccessFile> file_;
};

const uint8_t* u8(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

template <class T>
std::optional<T> plainNumber(const std::optional<std::string>& raw) {
  if (!raw || raw->size() != sizeof(T)) return std::nullopt;
  T v;
  std::memcpy(&v, raw->data(), sizeof(T));
  return v;
}

}  // namespace

std::unique_ptr<ParquetFile> ParquetFile::open(const std::string& path) {
  std::unique_ptr<Source> source;
  if (store::isUrl(path)) source = std::make_unique<RemoteSource>(path);
  else source = std::make_unique<FileSource>(path);
  std::unique_ptr<ParquetFile> file(new ParquetFile(std::move(source)));
  file->readFooter();
  return file;
}

std::unique_ptr<ParquetFile> ParquetFile::fromBytes(const std::string& name, std::string bytes) {
  std::unique_ptr<ParquetFile> file(new ParquetFile(std::make_unique<MemorySource>(name, std::move(bytes))));
  file->readFooter();
  return file;
}

ParquetFile::ParquetFile(std::unique_ptr<Source> source) : source_(std::move(source)), path_(source_->name()) {}
ParquetFile::~ParquetFile() = default;

void ParquetFile::fail(const std::string& what) const { throw Error(path_ + ": " + what); }

void ParquetFile::readFooter() {
  const uint64_t size = source_->size();
  if (size < 12) fail("not a Parquet file (" + std::to_string(size) + " bytes, too short)");
  if (source_->read(0, 4) != kMagic) fail("not a Parquet file (bad magic at the start)");
  const std::string tail = source_->read(size - 8, 8);
  if (tail.compare(4, 4, kMagic) != 0) fail("not a Parquet file, or truncated (bad magic at the end)");
  const uint32_t footerBytes = uint32_t(u8(tail)[0]) | uint32_t(u8(tail)[1]) << 8 | uint32_t(u8(tail)[2]) << 16 |
                               uint32_t(u8(tail)[3]) << 24;
  if (footerBytes > size - 12 || footerBytes > kMaxFooterBytes)
    fail("truncated or corrupt footer (footer length " + std::to_string(footerBytes) + " in a file of " +
         std::to_string(size) + " bytes)");
  const uint64_t footerStart = size - 8 - footerBytes;
  const std::string footer = source_->read(footerStart, footerBytes);
  try {
    meta_ = parseFileMetaData(u8(footer), footer.size());
  } catch (const std::runtime_error& e) {
    fail(std::string("corrupt footer: ") + e.what());
  }

  // Flat schemas only: a root group whose children are all leaf columns.
  if (meta_.schema.empty()) fail("empty schema");
  const SchemaElement& root = meta_.schema[0];
  if (root.type || root.numChildren != int32_t(meta_.schema.size() - 1))
    fail("nested schemas are not supported (the root has " + std::to_string(root.numChildren) + " children, " +
         std::to_string(meta_.schema.size() - 1) + " elements follow)");
  for (std::size_t i = 1; i < meta_.schema.size(); ++i) {
    const SchemaElement& e = meta_.schema[i];
    if (!e.type || e.numChildren != 0) fail("nested column '" + e.name + "' is not supported");
    if (e.repetition == 2) fail("repeated column '" + e.name + "' is not supported");
    if (e.repetition != 0 && e.repetition != 1) fail("column '" + e.name + "' has an unknown repetition");
    if (int32_t(*e.type) < 0 || int32_t(*e.type) > 7) fail("column '" + e.name + "' has an unknown " + typeName(*e.type));
    columns_.push_back({e.name, *e.type, e.repetition == 1});
  }
  if (meta_.numRows < 0) fail("negative row count");
  int64_t rows = 0;
  for (std::size_t g = 0; g < meta_.rowGroups.size(); ++g) {
    const RowGroupMeta& group = meta_.rowGroups[g];
    const std::string where = "row group " + std::to_string(g);
    if (group.columns.size() != columns_.size())
      fail(where + " has " + std::to_string(group.columns.size()) + " columns, the schema " +
           std::to_string(columns_.size()));
    // A row count no page could plausibly back is refused before anything is
    // allocated for it (a few bytes of RLE could otherwise claim billions).
    if (group.numRows < 0 || uint64_t(group.numRows) > std::max<uint64_t>(uint64_t(1) << 20, 64 * size))
      fail(where + " claims " + std::to_string(group.numRows) + " rows, implausible for a file of " +
           std::to_string(size) + " bytes");
    rows += group.numRows;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const ColumnChunkMeta& chunk = group.columns[c];
      if (chunk.path.size() != 1 || chunk.path[0] != columns_[c].name)
        fail(where + ": column chunk " + std::to_string(c) + " is not column '" + columns_[c].name + "'");
      if (chunk.type != columns_[c].type)
        fail(where + ": column '" + columns_[c].name + "' is " + typeName(chunk.type) + " in its chunk, " +
             typeName(columns_[c].type) + " in the schema");
      if (chunk.numValues != group.numRows)
        fail(where + ": column '" + columns_[c].name + "' has " + std::to_string(chunk.numValues) +
             " values for " + std::to_string(group.numRows) + " rows");
      const int64_t start = chunk.dictionaryPageOffset && *chunk.dictionaryPageOffset > 0
                                ? std::min(*chunk.dictionaryPageOffset, chunk.dataPageOffset)
                                : chunk.dataPageOffset;
      if (start < 4 || chunk.totalCompressedSize < 0 || uint64_t(start) > footerStart ||
          uint64_t(chunk.totalCompressedSize) > footerStart - uint64_t(start))
        fail(where + ": column '" + columns_[c].name + "' data (offset " + std::to_string(start) + ", " +
             std::to_string(chunk.totalCompressedSize) + " bytes) lies beyond the file's data section");
    }
  }
  if (rows != meta_.numRows)
    fail("row groups hold " + std::to_string(rows) + " rows, the footer says " + std::to_string(meta_.numRows));
}

int ParquetFile::columnIndex(const std::string& name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].name == name) return int(i);
  std::string have;
  for (const ColumnInfo& c : columns_) have += (have.empty() ? "" : ", ") + c.name;
  fail("no column '" + name + "' (columns: " + have + ")");
}

void ParquetFile::checkIndex(int rowGroup, int column) const {
  if (rowGroup < 0 || rowGroup >= rowGroupCount())
    fail("no row group " + std::to_string(rowGroup) + " (" + std::to_string(rowGroupCount()) + " row groups)");
  if (column < 0 || column >= int(columns_.size()))
    fail("no column " + std::to_string(column) + " (" + std::to_string(columns_.size()) + " columns)");
}

std::string ParquetFile::where(int rowGroup, int column) const {
  return "row group " + std::to_string(rowGroup) + ", column '" + columns_[std::size_t(column)].name + "'";
}

int64_t ParquetFile::rowGroupRows(int rowGroup) const {
  checkIndex(rowGroup, 0);
  return meta_.rowGroups[std::size_t(rowGroup)].numRows;
}

Codec ParquetFile::codec(int rowGroup, int column) const {
  checkIndex(rowGroup, column);
  return meta_.rowGroups[std::size_t(rowGroup)].columns[std::size_t(column)].codec;
}

ChunkStatistics ParquetFile::statistics(int rowGroup, int column) const {
  checkIndex(rowGroup, column);
  const ColumnChunkMeta& chunk = meta_.rowGroups[std::size_t(rowGroup)].columns[std::size_t(column)];
  const Statistics& s = chunk.statistics;
  ChunkStatistics out;
  out.nullCount = s.nullCount;
  switch (chunk.type) {
    case PhysicalType::Int32:
      if (auto v = plainNumber<int32_t>(s.min)) out.minInt = *v;
      if (auto v = plainNumber<int32_t>(s.max)) out.maxInt = *v;
      break;
    case PhysicalType::Int64:
      out.minInt = plainNumber<int64_t>(s.min);
      out.maxInt = plainNumber<int64_t>(s.max);
      break;
    case PhysicalType::Boolean:
      if (s.min && s.min->size() == 1) out.minInt = s.min->at(0) & 1;
      if (s.max && s.max->size() == 1) out.maxInt = s.max->at(0) & 1;
      break;
    case PhysicalType::Float:
      if (auto v = plainNumber<float>(s.min)) out.minDouble = *v;
      if (auto v = plainNumber<float>(s.max)) out.maxDouble = *v;
      break;
    case PhysicalType::Double:
      out.minDouble = plainNumber<double>(s.min);
      out.maxDouble = plainNumber<double>(s.max);
      break;
    case PhysicalType::ByteArray:
      out.minString = s.min;
      out.maxString = s.max;
      break;
    default:
      break;
  }
  return out;
}

std::vector<int> ParquetFile::rowGroupsOverlapping(int column, int64_t lo, int64_t hi) const {
  std::vector<int> out;
  for (int g = 0; g < rowGroupCount(); ++g) {
    const ChunkStatistics s = statistics(g, column);
    if (s.minInt && s.maxInt && (*s.maxInt < lo || *s.minInt > hi)) continue;
    out.push_back(g);
  }
  return out;
}

DecodedColumn ParquetFile::decode(int rowGroup, int column) const {
  checkIndex(rowGroup, column);
  const RowGroupMeta& group = meta_.rowGroups[std::size_t(rowGroup)];
  const ColumnChunkMeta& chunk = group.columns[std::size_t(column)];
  const ColumnInfo& info = columns_[std::size_t(column)];
  if (chunk.codec != Codec::Uncompressed && chunk.codec != Codec::Snappy && chunk.codec != Codec::Zstd)
    fail(where(rowGroup, column) + ": unsupported codec " + codecName(chunk.codec) +
         " (supported: UNCOMPRESSED, SNAPPY, ZSTD)");
  if (info.type == PhysicalType::Int96 || info.type == PhysicalType::FixedLenByteArray ||
      int32_t(info.type) < 0 || int32_t(info.type) > 7)
    fail(where(rowGroup, column) + ": unsupported physical type " + typeName(info.type));
  const int64_t start = chunk.dictionaryPageOffset && *chunk.dictionaryPageOffset > 0
                            ? std::min(*chunk.dictionaryPageOffset, chunk.dataPageOffset)
                            : chunk.dataPageOffset;
  const std::string bytes = source_->read(uint64_t(start), std::size_t(chunk.totalCompressedSize));
  try {
    DecodedColumn out = decodeColumnChunk(u8(bytes), bytes.size(), chunk, info.nullable, group.numRows);
    if (out.valid.size() != std::size_t(group.numRows))
      throw std::runtime_error("decoded " + std::to_string(out.valid.size()) + " values for " +
                               std::to_string(group.numRows) + " rows");
    return out;
  } catch (const Error&) {
    throw;
  } catch (const std::runtime_error& e) {
    fail(where(rowGroup, column) + ": " + e.what());
  }
}

ColumnValues<double> ParquetFile::readDoubles(int rowGroup, int column) const {
  DecodedColumn d = decode(rowGroup, column);
  ColumnValues<double> out;
  switch (d.type) {
    case PhysicalType::Float:
    case PhysicalType::Double: out.values = std::move(d.doubles); break;
    case PhysicalType::Int32:
    case PhysicalType::Int64: out.values.assign(d.ints.begin(), d.ints.end()); break;
    default: fail(where(rowGroup, column) + " is " + typeName(d.type) + ", not a number");
  }
  out.valid = std::move(d.valid);
  return out;
}

ColumnValues<int64_t> ParquetFile::readInts(int rowGroup, int column) const {
  DecodedColumn d = decode(rowGroup, column);
  if (d.type != PhysicalType::Int32 && d.type != PhysicalType::Int64 && d.type != PhysicalType::Boolean)
    fail(where(rowGroup, column) + " is " + typeName(d.type) + ", not an integer");
  return {std::move(d.ints), std::move(d.valid)};
}

ColumnValues<std::string> ParquetFile::readStrings(int rowGroup, int column) const {
  DecodedColumn d = decode(rowGroup, column);
  if (d.type != PhysicalType::ByteArray) fail(where(rowGroup, column) + " is " + typeName(d.type) + ", not a string");
  return {std::move(d.strings), std::move(d.valid)};
}

namespace {
template <class T, class F>
ColumnValues<T> concatenate(int groups, F&& readGroup) {
  ColumnValues<T> all;
  for (int g = 0; g < groups; ++g) {
    ColumnValues<T> part = readGroup(g);
    all.values.insert(all.values.end(), std::make_move_iterator(part.values.begin()),
                      std::make_move_iterator(part.values.end()));
    all.valid.insert(all.valid.end(), part.valid.begin(), part.valid.end());
  }
  return all;
}
}  // namespace

ColumnValues<double> ParquetFile::readDoubles(int column) const {
  return concatenate<double>(rowGroupCount(), [&](int g) { return readDoubles(g, column); });
}
ColumnValues<int64_t> ParquetFile::readInts(int column) const {
  return concatenate<int64_t>(rowGroupCount(), [&](int g) { return readInts(g, column); });
}
ColumnValues<std::string> ParquetFile::readStrings(int column) const {
  return concatenate<std::string>(rowGroupCount(), [&](int g) { return readStrings(g, column); });
}

}  // namespace gpnmsa::parquet
