// SPDX-License-Identifier: GPL-3.0-or-later
// LogitsCache: positions in blocks of 1024 (a block's array is allocated when
// its first position arrives), so a view of a few kb touches a few blocks
// and memory stays near the 32 bytes of a PositionLogits.
#include <QHash>
#include <algorithm>
#include <array>
#include <bitset>
#include <unordered_map>

#include "view_logits.h"

namespace gpnmsa::ui {

namespace {

constexpr qint64 kBlockSize = 1024;

// Block of 0-based row pos - 1 (positions are 1-based and never below 1).
qint64 blockOf(qint64 pos) { return (pos - 1) / kBlockSize; }
int slotOf(qint64 pos) { return int((pos - 1) % kBlockSize); }

struct Key {
  const gpnmsa::EngineSession* session;
  QString chrom;
  int mode;
  qint64 block;
  bool operator==(const Key& o) const {
    return session == o.session && mode == o.mode && block == o.block && chrom == o.chrom;
  }
};

struct KeyHash {
  size_t operator()(const Key& k) const {
    size_t h = std::hash<const void*>()(k.session);
    h = h * 31 + qHash(k.chrom);
    h = h * 31 + std::hash<int>()(k.mode);
    return h * 31 + std::hash<qint64>()(k.block);
  }
};

struct Block {
  std::unique_ptr<std::array<gpnmsa::PositionLogits, kBlockSize>> values =
      std::make_unique<std::array<gpnmsa::PositionLogits, kBlockSize>>();
  std::bitset<kBlockSize> present;
  quint64 filled = 0;  // when a position was last added (for eviction)
};

}  // namespace

struct LogitsCache::Impl {
  size_t maxPositions;
  size_t positions = 0;
  quint64 clock = 0;
  std::unordered_map<Key, Block, KeyHash> blocks;

  // Drops the blocks filled longest ago (never `keep`) until within bounds:
  // the positions held, and the memory of the blocks (a block is allocated
  // whole, so many sparse ones count by their size).
  void evict(const Key& keep) {
    while ((positions > maxPositions || blocks.size() * size_t(kBlockSize) > 2 * maxPositions) && blocks.size() > 1) {
      auto oldest = blocks.end();
      for (auto it = blocks.begin(); it != blocks.end(); ++it)
        if (!(it->first == keep) && (oldest == blocks.end() || it->second.filled < oldest->second.filled))
          oldest = it;
      if (oldest == blocks.end()) return;
      positions -= oldest->second.present.count();
      blocks.erase(oldest);
    }
  }
};

LogitsCache::LogitsCache(size_t maxPositions) : d_(std::make_unique<Impl>()) {
  d_->maxPositions = std::max<size_t>(maxPositions, 1);
}

LogitsCache::~LogitsCache() = default;

const gpnmsa::PositionLogits* LogitsCache::find(const gpnmsa::EngineSession* session, const QString& chrom,
                                                int modeKey, qint64 pos) const {
  if (pos < 1) return nullptr;
  const auto it = d_->blocks.find(Key{session, chrom, modeKey, blockOf(pos)});
  if (it == d_->blocks.end() || !it->second.present[size_t(slotOf(pos))]) return nullptr;
  return &(*it->second.values)[size_t(slotOf(pos))];
}

void LogitsCache::insert(const gpnmsa::EngineSession* session, const QString& chrom, int modeKey,
                         const gpnmsa::PositionLogits& logits) {
  if (logits.pos < 1) return;
  const Key key{session, chrom, modeKey, blockOf(logits.pos)};
  Block& block = d_->blocks[key];
  const size_t slot = size_t(slotOf(logits.pos));
  if (!block.present[slot]) {
    block.present[slot] = true;
    ++d_->positions;
  }
  (*block.values)[slot] = logits;
  block.filled = ++d_->clock;
  d_->evict(key);
}

size_t LogitsCache::size() const { return d_->positions; }

void LogitsCache::clear() {
  d_->blocks.clear();
  d_->positions = 0;
}

void LogitsCache::removeSession(const gpnmsa::EngineSession* session) {
  for (auto it = d_->blocks.begin(); it != d_->blocks.end();) {
    if (it->first.session == session) {
      d_->positions -= it->second.present.count();
      it = d_->blocks.erase(it);
    } else {
      ++it;
    }
  }
}

std::vector<std::pair<qint64, qint64>> LogitsCache::cachedRuns(const gpnmsa::EngineSession* session,
                                                               const QString& chrom, int modeKey,
                                                               qint64 first, qint64 last) const {
  std::vector<std::pair<qint64, qint64>> runs;
  first = std::max<qint64>(first, 1);
  for (qint64 b = blockOf(first); first <= last && b <= blockOf(last); ++b) {
    const auto it = d_->blocks.find(Key{session, chrom, modeKey, b});
    if (it == d_->blocks.end()) continue;  // a whole block skipped at once
    const qint64 from = std::max(first, b * kBlockSize + 1), to = std::min(last, (b + 1) * kBlockSize);
    for (qint64 pos = from; pos <= to; ++pos) {
      if (!it->second.present[size_t(slotOf(pos))]) continue;
      if (!runs.empty() && runs.back().second == pos - 1) runs.back().second = pos;
      else runs.emplace_back(pos, pos);
    }
  }
  return runs;
}

int logitsModeKey(const gpnmsa::RegionLogitsOptions& options) {
  if (options.mode == gpnmsa::RegionLogitsOptions::Mode::Exact) return 0;
  // Both are small (a window is 128 bp); the key is unique for each pair and
  // never 0, the exact key.
  return 1 + (std::clamp(options.spacing, 0, 0xFFFF) << 8) + std::clamp(options.masksPerWindow, 0, 0xFF);
}

}  // namespace gpnmsa::ui
