// SPDX-License-Identifier: GPL-3.0-or-later
#include "entry_cache.h"

#include "gpnmsa/posix_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;

namespace gpnmsa::store {

EntryCache::EntryCache(std::string directory, uint64_t boundBytes)
    : dir_(std::move(directory)), bound_(boundBytes) {}

std::string EntryCache::fileFor(uint64_t offset) const {
  char name[32];
  std::snprintf(name, sizeof name, "/%016llx", static_cast<unsigned long long>(offset));
  return dir_ + name;
}

std::optional<std::vector<char>> EntryCache::get(uint64_t offset, uint64_t expectedBytes) const {
  if (bound_ == 0) return std::nullopt;
  const std::string path = fileFor(offset);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st;
  std::vector<char> bytes;
  bool ok = ::fstat(fd, &st) == 0 && uint64_t(st.st_size) == expectedBytes;
  if (ok) {
    bytes.resize(std::size_t(expectedBytes));
    ok = preadAll(fd, bytes.data(), bytes.size(), 0) == (long long)bytes.size();
  }
  if (ok) ::futimens(fd, nullptr);  // mark as recently used for pruning
  ::close(fd);
  if (!ok) return std::nullopt;
  return bytes;
}

void EntryCache::drop(uint64_t offset) { ::unlink(fileFor(offset).c_str()); }

void EntryCache::put(uint64_t offset, const std::vector<char>& bytes) {
  if (bound_ == 0 || bytes.size() > bound_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  std::error_code ec;
  if (!scanned_) {
    fs::create_directories(dir_, ec);
    bytes_ = 0;
    for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code e2;
      const auto n = it->file_size(e2);
      if (!e2) bytes_ += n;
    }
    scanned_ = true;
  }
  const std::string path = fileFor(offset);
  const std::string temp = path + ".tmp" + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  bool ok = writeAll(fd, bytes.data(), bytes.size());
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    return;
  }
  bytes_ += bytes.size();
  if (bytes_ > bound_) prune();
}

void EntryCache::prune() {
  struct Item {
    fs::file_time_type time;
    uint64_t size;
    fs::path path;
  };
  std::vector<Item> items;
  std::error_code ec;
  uint64_t total = 0;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code e2;
    Item item{it->last_write_time(e2), 0, it->path()};
    item.size = it->file_size(e2);
    if (e2) continue;
    total += item.size;
    items.push_back(std::move(item));
  }
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.time < b.time; });
  // Down to three quarters of the bound, so pruning is not needed on every put.
  const uint64_t target = bound_ / 4 * 3;
  for (const Item& item : items) {
    if (total <= target) break;
    if (fs::remove(item.path, ec)) total -= item.size;
  }
  bytes_ = total;
}

}  // namespace gpnmsa::store
