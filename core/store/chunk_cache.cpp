// SPDX-License-Identifier: GPL-3.0-or-later
#include "chunk_cache.h"

namespace gpnmsa::store {

Chunk ChunkCache::get(int array, int64_t index) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = index_.find(Key{array, index});
  if (it == index_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->chunk;
}

void ChunkCache::put(int array, int64_t index, Chunk chunk) {
  if (!chunk) return;
  const std::size_t size = chunk->size();
  std::lock_guard<std::mutex> lock(mutex_);
  const Key key{array, index};
  // Two threads may decode the same missing chunk at once; the second put
  // replaces the first (same content) instead of counting it twice.
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->chunk->size();
    lru_.erase(it->second);
    index_.erase(it);
  }
  if (size > capacity_) return;
  while (bytes_ + size > capacity_ && !lru_.empty()) {
    bytes_ -= lru_.back().chunk->size();
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
  lru_.push_front(Entry{key, std::move(chunk)});
  index_[key] = lru_.begin();
  bytes_ += size;
}

std::size_t ChunkCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

}  // namespace gpnmsa::store
