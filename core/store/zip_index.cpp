// SPDX-License-Identifier: GPL-3.0-or-later
#include "zip_index.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <type_traits>

#include "cache_dir.h"
#include "gpnmsa/atomic_file.h"
#include "gpnmsa/error.h"
#include "little_endian.h"
#include "gpnmsa/posix_io.h"

namespace fs = std::filesystem;

namespace gpnmsa::store {

static_assert(sizeof(ZipIndex::Record) == 32, "sidecar record layout");
static_assert(std::is_trivially_copyable_v<ZipIndex::Record>, "records are written as bytes");

namespace {

constexpr uint32_t kEocdSig = 0x06054b50;
constexpr uint32_t kZip64LocatorSig = 0x07064b50;
constexpr uint32_t kZip64EocdSig = 0x06064b50;
constexpr uint32_t kCentralSig = 0x02014b50;
constexpr std::size_t kEocdSize = 22;
constexpr std::size_t kLocatorSize = 20;
constexpr std::size_t kZip64EocdSize = 56;
constexpr std::size_t kCentralSize = 46;

constexpr char kMagic[8] = {'G', 'P', 'N', 'Z', 'I', 'D', 'X', '1'};
constexpr uint32_t kVersion = 2;
constexpr uint32_t kByteOrderMark = 0x01020304;


[[noreturn]] void corrupt(const RandomAccessFile& file, const std::string& what) {
  throw Error(file.name() + ": corrupt or truncated zip archive: " + what);
}

// "<digits>.<digits>" without leading zeros, each fitting in 32 bits.
bool parseChunkLeaf(std::string_view leaf, uint32_t* row, uint32_t* col) {
  const auto dot = leaf.find('.');
  if (dot == std::string_view::npos) return false;
  auto number = [](std::string_view s, uint32_t* out) {
    if (s.empty() || s.size() > 10 || (s.size() > 1 && s[0] == '0')) return false;
    uint64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + uint64_t(c - '0');
    }
    if (v > std::numeric_limits<uint32_t>::max()) return false;
    *out = uint32_t(v);
    return true;
  };
  return number(leaf.substr(0, dot), row) && number(leaf.substr(dot + 1), col);
}

// Splits "a/b/12.0" into ("a/b", 12, 0); false for anything else.
bool splitChunkName(std::string_view name, std::string_view* dir, uint32_t* row, uint32_t* col) {
  const auto slash = name.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  if (!parseChunkLeaf(name.substr(slash + 1), row, col)) return false;
  *dir = name.substr(0, slash);
  return true;
}

bool recordLess(const ZipIndex::Record& a, const ZipIndex::Record& b) {
  if (a.array != b.array) return a.array < b.array;
  if (a.row != b.row) return a.row < b.row;
  return a.col < b.col;
}

// Sequential reader over the central directory: big reads (one range
// request over http), entries straddling buffer ends handled by refilling.
class CentralReader {
 public:
  CentralReader(const RandomAccessFile& file, uint64_t offset, uint64_t size)
      : file_(file), next_(offset), end_(offset + size), position_(offset) {}

  // Makes `n` bytes available at data(); false if the directory ends first.
  bool ensure(std::size_t n) {
    if (len_ - pos_ >= n) return true;
    // Guarded: the first call has an empty (null-data) buffer, and memmove
    // with a null pointer is undefined even for zero bytes (UBSan flags it).
    if (len_ > pos_) std::memmove(buffer_.data(), buffer_.data() + pos_, len_ - pos_);
    len_ -= pos_;
    pos_ = 0;
    const std::size_t want = std::max(n, kBlock);
    if (buffer_.size() < want) buffer_.resize(want);
    while (len_ < n && next_ < end_) {
      const std::size_t ask = std::size_t(std::min<uint64_t>(buffer_.size() - len_, end_ - next_));
      const std::size_t got = file_.readAt(next_, ask, buffer_.data() + len_);
      if (got == 0) return false;
      len_ += got;
      next_ += got;
    }
    return len_ >= n;
  }
  const char* data() const { return buffer_.data() + pos_; }
  void skip(std::size_t n) {
    pos_ += n;
    position_ += n;
  }
  uint64_t position() const { return position_; }

 private:
  static constexpr std::size_t kBlock = std::size_t(8) << 20;
  const RandomAccessFile& file_;
  uint64_t next_, end_, position_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0, len_ = 0;
};


}  // namespace

struct ZipIndex::Identity {
  uint64_t zipSize = 0;
  int64_t zipMtimeNs = 0;
  uint64_t cdOffset = 0, cdSize = 0, entries = 0;
};

namespace {

// Fixed part of the sidecar; the variable blocks follow, then the records
// at recordsOffset (8-aligned so they can be used in place from the map).
struct SidecarHeader {
  char magic[8];
  uint32_t version;
  uint32_t byteOrder;
  uint64_t zipSize;
  int64_t zipMtimeNs;
  uint64_t cdOffset;
  uint64_t cdSize;
  uint64_t entries;
  uint64_t arrayCount;
  uint64_t otherCount;
  uint64_t blocksBytes;  // arrays then others, right after the header
  uint64_t recordCount;
  uint64_t recordsOffset;
};

}  // namespace

ZipEndRecords readZipEndRecords(const RandomAccessFile& file) {
  const uint64_t size = file.size();
  if (size < kEocdSize) {
    corrupt(file, "only " + std::to_string(size) + " bytes, too short for a zip");
  }
  // The end record sits in the last 22 bytes plus at most a 64-KiB comment;
  // the ZIP64 locator, when present, right before it.
  const std::size_t tailBytes = std::size_t(std::min<uint64_t>(size, 0xFFFF + kEocdSize + kLocatorSize));
  const uint64_t tailStart = size - tailBytes;
  std::vector<char> tail(tailBytes);
  if (file.readAt(tailStart, tailBytes, tail.data()) != tailBytes) {
    corrupt(file, "short read at the end of the file");
  }
  std::ptrdiff_t at = -1;
  for (std::ptrdiff_t i = std::ptrdiff_t(tailBytes - kEocdSize); i >= 0; --i) {
    if (le32(&tail[std::size_t(i)]) == kEocdSig &&
        std::size_t(i) + kEocdSize + le16(&tail[std::size_t(i) + 20]) <= tailBytes) {
      at = i;
      break;
    }
  }
  if (at < 0) {
    throw Error(file.name() + ": not a zip archive, or a truncated one (no end-of-central-directory "
                "record in its last " + std::to_string(tailBytes) + " bytes)");
  }
  const char* e = &tail[std::size_t(at)];
  const uint64_t eocdPos = tailStart + uint64_t(at);
  ZipEndRecords r;
  const uint16_t disk = le16(e + 4), cdDisk = le16(e + 6);
  r.entries = le16(e + 10);
  r.cdSize = le32(e + 12);
  r.cdOffset = le32(e + 16);
  uint64_t directoryEnd = eocdPos;  // where the central directory must end

  const bool hasLocator = at >= std::ptrdiff_t(kLocatorSize) &&
                          le32(e - kLocatorSize) == kZip64LocatorSig;
  if (hasLocator) {
    const char* loc = e - kLocatorSize;
    const uint64_t recordPos = le64(loc + 8);
    if (le32(loc + 16) > 1 || le32(loc + 4) != 0) {
      throw Error(file.name() + ": multi-disk (split) zip archives are not supported");
    }
    if (recordPos + kZip64EocdSize > eocdPos - kLocatorSize) {
      corrupt(file, "ZIP64 end-of-central-directory locator points outside the file (byte " +
                        std::to_string(recordPos) + ")");
    }
    char z[kZip64EocdSize];
    if (file.readAt(recordPos, kZip64EocdSize, z) != kZip64EocdSize || le32(z) != kZip64EocdSig) {
      corrupt(file, "no ZIP64 end-of-central-directory record at byte " + std::to_string(recordPos));
    }
    if (le32(z + 16) != 0 || le32(z + 20) != 0) {
      throw Error(file.name() + ": multi-disk (split) zip archives are not supported");
    }
    r.entries = le64(z + 32);
    r.cdSize = le64(z + 40);
    r.cdOffset = le64(z + 48);
    r.zip64 = true;
    directoryEnd = recordPos;
  } else if (disk != 0 || cdDisk != 0) {
    throw Error(file.name() + ": multi-disk (split) zip archives are not supported");
  } else if (r.entries == 0xFFFF || r.cdSize == 0xFFFFFFFF || r.cdOffset == 0xFFFFFFFF) {
    corrupt(file, "the end record asks for ZIP64 but there is no ZIP64 locator");
  }
  if (r.cdOffset > directoryEnd || r.cdSize > directoryEnd - r.cdOffset) {
    corrupt(file, "central directory (" + std::to_string(r.cdSize) + " bytes at byte " +
                      std::to_string(r.cdOffset) + ") runs past its end record at byte " +
                      std::to_string(directoryEnd));
  }
  if (r.entries > r.cdSize / kCentralSize) {
    corrupt(file, std::to_string(r.entries) + " entries cannot fit in a central directory of " +
                      std::to_string(r.cdSize) + " bytes");
  }
  return r;
}

std::vector<std::string> ZipIndex::sidecarCandidates(const RandomAccessFile& file,
                                                     const ZipIndexOptions& options) {
  std::vector<std::string> out;
  std::string key = file.name();
  if (!file.isRemote()) {
    if (options.besideZip) out.push_back(file.name() + ".gpnmsa-index");
    std::error_code ec;
    const fs::path abs = fs::absolute(file.name(), ec);
    if (!ec) key = abs.lexically_normal().string();
  }
  try {
    out.push_back(userCacheDir(options.cacheDir) + "/zip-index/" + hashName(key) + ".gpnmsa-index");
  } catch (const Error&) {
    // No cache directory: the sidecar next to the zip is the only option.
  }
  return out;
}

std::unique_ptr<ZipIndex> ZipIndex::open(const RandomAccessFile& file,
                                         const ZipIndexOptions& options) {
  const ZipEndRecords end = readZipEndRecords(file);
  Identity id;
  id.zipSize = file.size();
  id.zipMtimeNs = file.mtimeNs();
  id.cdOffset = end.cdOffset;
  id.cdSize = end.cdSize;
  id.entries = end.entries;

  std::unique_ptr<ZipIndex> index(new ZipIndex());
  const bool useSidecar = end.entries >= options.sidecarMinEntries;
  const std::vector<std::string> candidates =
      useSidecar ? sidecarCandidates(file, options) : std::vector<std::string>{};
  for (const std::string& path : candidates) {
    if (index->load(path, id)) return index;
  }

  std::vector<Record> records;
  index->build(file, end, &records);
  for (const std::string& path : candidates) {
    try {
      index->save(path, id, records);
    } catch (const Error&) {
      continue;  // unwritable place: try the next one
    }
    // Use the sidecar just written through a map: the records then live in
    // the page cache, not in this process's heap.
    std::unique_ptr<ZipIndex> mapped(new ZipIndex());
    if (mapped->load(path, id)) {
      mapped->fromSidecar_ = false;
      return mapped;
    }
  }
  index->ownedRecords_ = std::move(records);
  index->records_ = index->ownedRecords_.data();
  index->recordCount_ = index->ownedRecords_.size();
  return index;
}

ZipIndex::~ZipIndex() {
  if (map_) ::munmap(map_, mapBytes_);
}

void ZipIndex::computeRanges(const std::vector<Record>& records) {
  ranges_.assign(arrays_.size(), Range{});
  for (std::size_t i = 0; i < records.size();) {
    std::size_t j = i;
    while (j < records.size() && records[j].array == records[i].array) ++j;
    ranges_[records[i].array] = Range{i, j - i};
    i = j;
  }
}

void ZipIndex::finishArrays() {
  arrayIds_.clear();
  for (std::size_t i = 0; i < arrays_.size(); ++i) arrayIds_.emplace(arrays_[i], uint16_t(i));
}

void ZipIndex::build(const RandomAccessFile& file, const ZipEndRecords& end,
                     std::vector<Record>* records) {
  entries_ = end.entries;
  records->reserve(std::size_t(end.entries));
  const uint64_t fileSize = file.size();
  CentralReader in(file, end.cdOffset, end.cdSize);
  std::string name;
  for (uint64_t n = 0; n < end.entries; ++n) {
    const uint64_t at = in.position();
    auto where = [&] {
      return "central directory entry " + std::to_string(n + 1) + " of " +
             std::to_string(end.entries) + " (byte " + std::to_string(at) + ")";
    };
    if (!in.ensure(kCentralSize)) corrupt(file, where() + " runs past the central directory");
    const char* h = in.data();
    if (le32(h) != kCentralSig) corrupt(file, where() + " has a bad signature");
    const uint16_t flags = le16(h + 8), method = le16(h + 10);
    ZipEntryInfo info;
    info.crc32 = le32(h + 16);
    info.compressedSize = le32(h + 20);
    info.uncompressedSize = le32(h + 24);
    const uint16_t nameLen = le16(h + 28), extraLen = le16(h + 30), commentLen = le16(h + 32);
    const uint16_t diskStart = le16(h + 34);
    info.localHeaderOffset = le32(h + 42);
    info.method = method;
    info.encrypted = (flags & 1) != 0;
    const std::size_t total = kCentralSize + nameLen + extraLen + commentLen;
    if (!in.ensure(total)) corrupt(file, where() + " runs past the central directory");
    h = in.data();
    name.assign(h + kCentralSize, nameLen);

    // ZIP64 extended information: only the fields saturated in the fixed
    // part are present, in this order.
    const char* x = h + kCentralSize + nameLen;
    const char* xEnd = x + extraLen;
    while (xEnd - x >= 4) {
      const uint16_t tag = le16(x), len = le16(x + 2);
      const char* body = x + 4;
      if (len > xEnd - body) break;  // malformed extra: the fixed fields stand
      if (tag == 0x0001) {
        const char* p = body;
        auto take = [&](uint64_t* field) {
          if (body + len - p < 8) corrupt(file, where() + " ('" + name + "') has a short ZIP64 extra field");
          *field = le64(p);
          p += 8;
        };
        if (info.uncompressedSize == 0xFFFFFFFF) take(&info.uncompressedSize);
        if (info.compressedSize == 0xFFFFFFFF) take(&info.compressedSize);
        if (info.localHeaderOffset == 0xFFFFFFFF) take(&info.localHeaderOffset);
        (void)diskStart;
      }
      x = body + len;
    }
    if (info.localHeaderOffset >= end.cdOffset || info.compressedSize > fileSize ||
        info.localHeaderOffset + info.compressedSize > end.cdOffset) {
      corrupt(file, where() + " ('" + name + "') points outside the file's data (local header at byte " +
                        std::to_string(info.localHeaderOffset) + ", " +
                        std::to_string(info.compressedSize) + " bytes)");
    }
    in.skip(total);

    std::string_view dir;
    uint32_t row = 0, col = 0;
    bool asRecord = splitChunkName(name, &dir, &row, &col) &&
                    info.compressedSize <= std::numeric_limits<uint32_t>::max() &&
                    info.uncompressedSize <= std::numeric_limits<uint32_t>::max();
    uint16_t arrayId = 0;
    if (asRecord) {
      auto it = arrayIds_.find(std::string(dir));
      if (it != arrayIds_.end()) {
        arrayId = it->second;
      } else if (arrays_.size() < 0xFFFF) {
        arrayId = uint16_t(arrays_.size());
        arrays_.emplace_back(dir);
        arrayIds_.emplace(arrays_.back(), arrayId);
      } else {
        asRecord = false;
      }
    }
    if (asRecord) {
      Record r{};
      r.array = arrayId;
      r.method = info.encrypted ? kEncrypted : method > 0xFD ? kOtherMethod : uint8_t(method);
      r.row = row;
      r.col = col;
      r.crc32 = info.crc32;
      r.offset = info.localHeaderOffset;
      r.compressedSize = uint32_t(info.compressedSize);
      r.uncompressedSize = uint32_t(info.uncompressedSize);
      records->push_back(r);
    } else {
      others_.push_back(Other{name, info});
    }
  }
  // A zip may hold the same name twice; the first (stable order) wins for both kinds.
  std::stable_sort(records->begin(), records->end(), recordLess);
  computeRanges(*records);
  std::stable_sort(others_.begin(), others_.end(),
                   [](const Other& a, const Other& b) { return a.name < b.name; });
}

void ZipIndex::save(const std::string& path, const Identity& id,
                    const std::vector<Record>& records) const {
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  AtomicFile out(path);  // throws if the directory is not writable
  std::string blocks;
  auto put16 = [&](uint16_t v) { blocks.append(reinterpret_cast<const char*>(&v), 2); };
  auto put32 = [&](uint32_t v) { blocks.append(reinterpret_cast<const char*>(&v), 4); };
  auto put64 = [&](uint64_t v) { blocks.append(reinterpret_cast<const char*>(&v), 8); };
  for (std::size_t i = 0; i < arrays_.size(); ++i) {
    put16(uint16_t(arrays_[i].size()));
    blocks += arrays_[i];
    put64(ranges_[i].first);
    put64(ranges_[i].count);
  }
  for (const Other& o : others_) {
    put64(o.info.localHeaderOffset);
    put64(o.info.compressedSize);
    put64(o.info.uncompressedSize);
    put32(o.info.crc32);
    put16(o.info.method);
    put16(uint16_t(o.info.encrypted));
    put16(uint16_t(o.name.size()));
    blocks += o.name;
  }
  SidecarHeader h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kVersion;
  h.byteOrder = kByteOrderMark;
  h.zipSize = id.zipSize;
  h.zipMtimeNs = id.zipMtimeNs;
  h.cdOffset = id.cdOffset;
  h.cdSize = id.cdSize;
  h.entries = id.entries;
  h.arrayCount = arrays_.size();
  h.otherCount = others_.size();
  h.blocksBytes = blocks.size();
  h.recordCount = records.size();
  h.recordsOffset = (sizeof h + blocks.size() + 7) / 8 * 8;
  blocks.resize(std::size_t(h.recordsOffset - sizeof h), '\0');

  const int fd = ::open(out.tempPath().c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) throw Error("cannot write " + path + ": " + std::strerror(errno));
  const bool ok = writeAll(fd, &h, sizeof h) && writeAll(fd, blocks.data(), blocks.size()) &&
                  writeAll(fd, records.data(), records.size() * sizeof(Record));
  const int err = errno;
  if (::close(fd) != 0 || !ok) throw Error("cannot write " + path + ": " + std::strerror(err));
  out.commit();
}

bool ZipIndex::load(const std::string& path, const Identity& id) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  SidecarHeader h{};
  const bool headerOk = ::fstat(fd, &st) == 0 && std::size_t(st.st_size) >= sizeof h &&
                        ::pread(fd, &h, sizeof h, 0) == ssize_t(sizeof h);
  // Any mismatch means "stale or foreign": the caller rebuilds and replaces it.
  const bool valid =
      headerOk && std::memcmp(h.magic, kMagic, sizeof kMagic) == 0 && h.version == kVersion &&
      h.byteOrder == kByteOrderMark && h.zipSize == id.zipSize && h.zipMtimeNs == id.zipMtimeNs &&
      h.cdOffset == id.cdOffset && h.cdSize == id.cdSize && h.entries == id.entries &&
      h.recordsOffset % 8 == 0 && h.recordsOffset >= sizeof h + h.blocksBytes &&
      h.recordCount <= id.entries && h.arrayCount <= 0xFFFF &&
      uint64_t(st.st_size) == h.recordsOffset + h.recordCount * sizeof(Record);
  if (!valid) {
    ::close(fd);
    return false;
  }
  void* map = ::mmap(nullptr, std::size_t(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return false;
  map_ = map;
  mapBytes_ = std::size_t(st.st_size);
  // Records are looked up in place; lookups are random, so no read-ahead.
  ::madvise(map_, mapBytes_, MADV_RANDOM);

  const char* p = static_cast<const char*>(map_) + sizeof h;
  const char* blocksEnd = p + h.blocksBytes;
  auto need = [&](std::size_t n) { return std::size_t(blocksEnd - p) >= n; };
  for (uint64_t i = 0; i < h.arrayCount; ++i) {
    if (!need(2) || !need(2 + le16(p) + 16)) return false;
    const uint16_t n = le16(p);
    arrays_.emplace_back(p + 2, n);
    Range r;
    std::memcpy(&r.first, p + 2 + n, 8);
    std::memcpy(&r.count, p + 2 + n + 8, 8);
    if (r.first > h.recordCount || r.count > h.recordCount - r.first) return false;
    ranges_.push_back(r);
    p += 2 + n + 16;
  }
  for (uint64_t i = 0; i < h.otherCount; ++i) {
    if (!need(32)) return false;
    Other o;
    std::memcpy(&o.info.localHeaderOffset, p, 8);
    std::memcpy(&o.info.compressedSize, p + 8, 8);
    std::memcpy(&o.info.uncompressedSize, p + 16, 8);
    std::memcpy(&o.info.crc32, p + 24, 4);
    std::memcpy(&o.info.method, p + 28, 2);
    uint16_t encrypted = 0, n = 0;
    std::memcpy(&encrypted, p + 30, 2);
    p += 32;
    if (!need(2)) return false;
    std::memcpy(&n, p, 2);
    p += 2;
    if (!need(n)) return false;
    o.info.encrypted = encrypted != 0;
    o.name.assign(p, n);
    p += n;
    others_.push_back(std::move(o));
  }
  finishArrays();
  records_ = reinterpret_cast<const Record*>(static_cast<const char*>(map_) + h.recordsOffset);
  recordCount_ = h.recordCount;
  entries_ = h.entries;
  fromSidecar_ = true;
  sidecarPath_ = path;
  return true;
}

namespace {
ZipEntryInfo infoOf(const ZipIndex::Record& r) {
  ZipEntryInfo info;
  info.localHeaderOffset = r.offset;
  info.compressedSize = r.compressedSize;
  info.uncompressedSize = r.uncompressedSize;
  info.crc32 = r.crc32;
  info.encrypted = r.method == ZipIndex::kEncrypted;
  info.method = info.encrypted ? 0 : r.method == ZipIndex::kOtherMethod ? 0xFFFF : r.method;
  return info;
}
}  // namespace

std::optional<ZipEntryInfo> ZipIndex::find(std::string_view name) const {
  std::string_view dir;
  uint32_t row = 0, col = 0;
  if (splitChunkName(name, &dir, &row, &col)) {
    const auto it = arrayIds_.find(std::string(dir));
    if (it != arrayIds_.end()) {
      const Range range = ranges_[it->second];
      const Record* begin = records_ + range.first;
      const Record* end = begin + range.count;
      auto matches = [&](const Record* r) {
        return r != end && r->array == it->second && r->row == row && r->col == col;
      };
      // Dense chunks (the release): chunk `row` is the array's record `row`.
      if (row < range.count && matches(begin + row)) return infoOf(begin[row]);
      Record key{};
      key.array = it->second;
      key.row = row;
      key.col = col;
      const Record* r = std::lower_bound(begin, end, key, recordLess);
      if (matches(r)) return infoOf(*r);
    }
    // Not a record (too big, or too many arrays): it may be among the others.
  }
  const auto it = std::lower_bound(others_.begin(), others_.end(), name,
                                   [](const Other& o, std::string_view n) { return o.name < n; });
  if (it != others_.end() && it->name == name) return it->info;
  return std::nullopt;
}

std::vector<std::string> ZipIndex::otherNames() const {
  std::vector<std::string> out;
  out.reserve(others_.size());
  for (const Other& o : others_) out.push_back(o.name);
  return out;
}

}  // namespace gpnmsa::store
