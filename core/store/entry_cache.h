// SPDX-License-Identifier: GPL-3.0-or-later
// An on-disk cache of zip entries fetched over http: one file per entry under
// <cache>/chunks/<hash of URL, zip size and central-directory offset>/, named
// by the entry's local-header offset, so a replaced zip never serves stale
// bytes. Bounded in bytes: when over the bound, the least recently used
// files (by mtime, refreshed on every hit) are removed. Files are written
// under a temporary name and renamed, and the caller checks each entry's CRC,
// so a torn or damaged file is refetched, never trusted. Internal to core/.
#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace gpnmsa::store {

class EntryCache {
 public:
  // `directory` is created on first use. A bound of 0 disables the cache.
  EntryCache(std::string directory, uint64_t boundBytes);

  std::optional<std::vector<char>> get(uint64_t offset, uint64_t expectedBytes) const;
  // Best effort: a full disk or an unwritable cache only costs refetching.
  void put(uint64_t offset, const std::vector<char>& bytes);
  void drop(uint64_t offset);
  const std::string& directory() const { return dir_; }

 private:
  std::string fileFor(uint64_t offset) const;
  void prune();  // with mutex_ held

  std::string dir_;
  uint64_t bound_;
  mutable std::mutex mutex_;
  bool scanned_ = false;
  uint64_t bytes_ = 0;  // total size of the cache files, once scanned_
};

}  // namespace gpnmsa::store
