// SPDX-License-Identifier: GPL-3.0-or-later
// The zip central directory (ZipIndex built from the end records) and the
// zip-index sidecar (ZipIndex loaded from a sidecar file).
// Input, byte 0 even: the zip file, indexed in memory only.
// Byte 0 odd: 4 bytes little-endian zip length L, the zip (L bytes), then a
// sidecar. The sidecar's identity fields are overwritten with the zip's (the
// sidecar is only read when they match; a random input would never reach the
// block and record parsing otherwise).
// GPNMSA_FUZZ_KEEP_SIDECAR=FILE copies the sidecar in use to FILE (to make seeds).
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "fuzz_support.h"
#include "gpnmsa/error.h"
#include "random_access_file.h"
#include "zip_index.h"

namespace {

class MemoryFile final : public gpnmsa::store::RandomAccessFile {
 public:
  MemoryFile(std::string name, std::string_view bytes) : name_(std::move(name)), bytes_(bytes) {}
  uint64_t size() const override { return bytes_.size(); }
  int64_t mtimeNs() const override { return 1234567890; }
  std::size_t readAt(uint64_t offset, std::size_t n, char* out) const override {
    if (offset >= bytes_.size()) return 0;
    const std::size_t k = std::min<std::size_t>(n, bytes_.size() - std::size_t(offset));
    std::memcpy(out, bytes_.data() + offset, k);
    return k;
  }
  const std::string& name() const override { return name_; }
  bool isRemote() const override { return false; }

 private:
  std::string name_;
  std::string_view bytes_;
};

void put64(std::string& s, std::size_t at, uint64_t v) {
  if (s.size() >= at + 8) std::memcpy(&s[at], &v, 8);
}

void exercise(const gpnmsa::store::ZipIndex& index) {
  for (const char* name : {"X/0.0", "1/0.0", "X/.zarray", ".zgroup", "1/4294967295.0", "a/b/c/0.0"})
    (void)index.find(name);
  for (const std::string& other : index.otherNames()) (void)index.find(other);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string zipPath = fuzz::scratchDir() + "/z.zip";
  gpnmsa::store::ZipIndexOptions options;
  options.cacheDir = fuzz::scratchDir() + "/cache";
  try {
    if (!(data[0] & 1)) {
      const MemoryFile zip(zipPath, fuzz::asText(data + 1, size - 1));
      options.sidecarMinEntries = std::numeric_limits<uint64_t>::max();
      exercise(*gpnmsa::store::ZipIndex::open(zip, options));
      return 0;
    }
    if (size < 5) return 0;
    const std::size_t zipBytes = std::min<std::size_t>(
        size - 5, std::size_t(data[1]) | std::size_t(data[2]) << 8 | std::size_t(data[3]) << 16 |
                      std::size_t(data[4]) << 24);
    const MemoryFile zip(zipPath, fuzz::asText(data + 5, zipBytes));
    std::string sidecar(fuzz::asText(data + 5 + zipBytes, size - 5 - zipBytes));
    const gpnmsa::store::ZipEndRecords end = gpnmsa::store::readZipEndRecords(zip);
    put64(sidecar, 16, zip.size());
    put64(sidecar, 24, uint64_t(zip.mtimeNs()));
    put64(sidecar, 32, end.cdOffset);
    put64(sidecar, 40, end.cdSize);
    put64(sidecar, 48, end.entries);
    fuzz::writeFile("z.zip.gpnmsa-index", sidecar);
    options.sidecarMinEntries = 0;
    const auto index = gpnmsa::store::ZipIndex::open(zip, options);
    exercise(*index);
    if (const char* keep = std::getenv("GPNMSA_FUZZ_KEEP_SIDECAR"); keep && !index->sidecarPath().empty())
      std::filesystem::copy_file(index->sidecarPath(), keep, std::filesystem::copy_options::overwrite_existing);
  } catch (const gpnmsa::Error&) {
  }
  return 0;
}
