// SPDX-License-Identifier: GPL-3.0-or-later
// The central directory of a zip, read once into a compact index. The
// released alignment is a 36-GB zip with ~6 million entries; a general zip
// library keeps a few hundred bytes per entry in memory and re-reads the whole
// central directory on every open. Here:
//  - chunk entries ("<array path>/<row>.<col>") become fixed 32-byte records
//    (array id, chunk coordinates, local-header offset, sizes, CRC, method),
//    sorted for binary search; every other entry (metadata) keeps its name;
//  - the index is saved as a sidecar file (next to the zip when that
//    directory is writable, else in the user's cache) and memory-mapped on the
//    next open, after checking that it still describes the zip (size, mtime,
//    central-directory offset, size and entry count); a stale one is rebuilt.
// ZIP64 archives (end-of-central-directory locator and record, zip64 extra
// fields) are read; multi-disk archives are not. Internal to core/.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "random_access_file.h"

namespace gpnmsa::store {

struct ZipEntryInfo {
  uint64_t localHeaderOffset = 0;
  uint64_t compressedSize = 0;
  uint64_t uncompressedSize = 0;
  uint32_t crc32 = 0;
  uint16_t method = 0;  // 0 stored, 8 deflate; others are refused on read
  bool encrypted = false;
};

struct ZipIndexOptions {
  std::string cacheDir;  // overrides userCacheDir() when not empty
  // Zips with fewer entries are indexed in memory only: reading a small
  // central directory is faster than any sidecar bookkeeping.
  uint64_t sidecarMinEntries = 10000;
  // false: the sidecar goes only to the cache directory, never beside the zip.
  bool besideZip = true;
};

// Where the zip's end records say its central directory is.
struct ZipEndRecords {
  uint64_t cdOffset = 0;
  uint64_t cdSize = 0;
  uint64_t entries = 0;
  bool zip64 = false;
};

// Reads and checks the end-of-central-directory record (and the ZIP64
// locator and record when present). Throws gpnmsa::Error naming the file
// when it is not a zip, is truncated or is inconsistent.
ZipEndRecords readZipEndRecords(const RandomAccessFile& file);

class ZipIndex {
 public:
  // Loads a valid sidecar for `file` or reads the central directory (and
  // saves a sidecar if the zip has at least options.sidecarMinEntries).
  static std::unique_ptr<ZipIndex> open(const RandomAccessFile& file,
                                        const ZipIndexOptions& options = {});
  ~ZipIndex();
  ZipIndex(const ZipIndex&) = delete;
  ZipIndex& operator=(const ZipIndex&) = delete;

  std::optional<ZipEntryInfo> find(std::string_view name) const;
  // Names of the entries that are not chunk files, sorted.
  std::vector<std::string> otherNames() const;
  uint64_t entryCount() const { return entries_; }
  uint64_t chunkRecordCount() const { return recordCount_; }
  // Whether this open reused a sidecar, and where the sidecar is ("" if none).
  bool fromSidecar() const { return fromSidecar_; }
  const std::string& sidecarPath() const { return sidecarPath_; }

  // The sidecar locations tried for `file`, in order: next to a local zip,
  // then in <cache>/zip-index/.
  static std::vector<std::string> sidecarCandidates(const RandomAccessFile& file,
                                                    const ZipIndexOptions& options);

  // A chunk entry, laid out as in the sidecar (32 bytes, host byte order;
  // the sidecar header records the order it was written in).
  struct Record {
    uint16_t array;  // id into the array path table
    uint8_t method;  // zip method, or kEncrypted
    uint8_t reserved;
    uint32_t row;    // chunk coordinates from "<row>.<col>"
    uint32_t col;
    uint32_t crc32;
    uint64_t offset;  // local header
    uint32_t compressedSize;
    uint32_t uncompressedSize;
  };
  static constexpr uint8_t kEncrypted = 0xFE;
  static constexpr uint8_t kOtherMethod = 0xFF;
  struct Other {
    std::string name;
    ZipEntryInfo info;
  };

 private:
  ZipIndex() = default;
  struct Identity;
  bool load(const std::string& path, const Identity& id);
  void build(const RandomAccessFile& file, const ZipEndRecords& end,
             std::vector<Record>* records);
  void save(const std::string& path, const Identity& id, const std::vector<Record>& records) const;
  void finishArrays();
  void computeRanges(const std::vector<Record>& records);

  std::vector<std::string> arrays_;  // array paths, by id
  // Each array's records: [first, first + count) of the sorted records. Kept
  // in the sidecar so that a lookup touches one page of the map when the
  // array's chunks are dense (record `first + row` is chunk `row`).
  struct Range {
    uint64_t first = 0, count = 0;
  };
  std::vector<Range> ranges_;
  std::unordered_map<std::string, uint16_t> arrayIds_;
  std::vector<Other> others_;        // sorted by name
  std::vector<Record> ownedRecords_;  // when no sidecar is mapped
  const Record* records_ = nullptr;
  uint64_t recordCount_ = 0;
  uint64_t entries_ = 0;
  void* map_ = nullptr;
  std::size_t mapBytes_ = 0;
  bool fromSidecar_ = false;
  std::string sidecarPath_;
};

}  // namespace gpnmsa::store
