// SPDX-License-Identifier: GPL-3.0-or-later
// Writes a zip archive entry by entry, every entry stored (method 0: the
// store's Blosc chunks are compressed already), in bounded memory: entries up
// to a few megabytes are buffered whole, larger ones streamed and their CRC
// patched into the local header afterwards; the central directory is spilled
// to an unlinked scratch file beside the output and appended at the end.
// ZIP64 records are written when sizes, offsets or the entry count need them
// (the released V100 store has millions of entries and tens of gigabytes).
// Internal to core/.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace gpnmsa::store {

class ZipStreamWriter {
 public:
  // Writes to `path` (the caller's temporary file; it is truncated). The
  // central directory's scratch file goes in the same directory.
  explicit ZipStreamWriter(const std::string& path, bool forceZip64 = false);
  ~ZipStreamWriter();
  ZipStreamWriter(const ZipStreamWriter&) = delete;
  ZipStreamWriter& operator=(const ZipStreamWriter&) = delete;

  // An entry of exactly `size` bytes, given by append() calls.
  void beginEntry(const std::string& name, uint64_t size, int64_t mtime);
  void append(const void* data, std::size_t n);
  void endEntry();
  // Writes the central directory and end records; flushes and closes.
  void finish();

  uint64_t entries() const { return entries_; }
  uint64_t bytesWritten() const { return offset_; }

 private:
  void write(const void* data, std::size_t n);
  void flushBuffer();
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_;
  int fd_ = -1;
  std::FILE* central_ = nullptr;  // scratch: central directory records
  bool forceZip64_;
  uint64_t offset_ = 0;  // bytes written to the archive so far
  uint64_t centralSize_ = 0;
  uint64_t entries_ = 0;
  std::vector<uint8_t> out_;  // write buffer

  // The open entry.
  std::string name_;
  uint64_t size_ = 0, received_ = 0, headerOffset_ = 0;
  uint32_t crc_ = 0;
  uint16_t dosTime_ = 0, dosDate_ = 0;
  bool open_ = false, buffered_ = false;
  std::vector<uint8_t> entryData_;
};

}  // namespace gpnmsa::store
