// SPDX-License-Identifier: GPL-3.0-or-later
// A thread-safe LRU of decoded chunks, bounded by total bytes. Neighbouring
// variants share chunks (512 rows each), so a modest cache avoids
// re-reading and re-decompressing the same chunk for every window.
#pragma once
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace gpnmsa::store {

using Chunk = std::shared_ptr<const std::vector<char>>;

class ChunkCache {
 public:
  explicit ChunkCache(std::size_t capacityBytes) : capacity_(capacityBytes) {}

  // The chunk (array, index) if cached (and marks it most recently used).
  Chunk get(int array, int64_t index);
  // Caches `chunk`, evicting least recently used chunks to stay within the
  // bound. A chunk bigger than the whole bound is simply not kept. Callers
  // hold a shared_ptr, so eviction never invalidates data in use.
  void put(int array, int64_t index, Chunk chunk);

  std::size_t bytes() const;
  std::size_t capacity() const { return capacity_; }

 private:
  struct Key {
    int array;
    int64_t index;
    bool operator==(const Key& o) const { return array == o.array && index == o.index; }
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<int64_t>()(k.index * 1000003 + k.array);
    }
  };
  struct Entry {
    Key key;
    Chunk chunk;
  };

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // front = most recently used
  std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> index_;
  std::size_t bytes_ = 0;
};

}  // namespace gpnmsa::store
