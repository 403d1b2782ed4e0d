// SPDX-License-Identifier: GPL-3.0-or-later
// Scorer::regionLogits: every position of a region masked in turn (or a few
// at once), strand-averaged A,C,G,T logits.
#include <algorithm>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "gpnmsa/model_kind.h"
#include "gpnmsa/scorer.h"
#include "gpnmsa/tokens.h"
#include "window_batch.h"

namespace gpnmsa {

RegionLogits Scorer::regionLogits(
    const std::string& chrom, int64_t start, int64_t end, const ProgressCallback& progress,
    const std::atomic<bool>* stop,
    const std::function<void(const RegionLogits&, size_t, size_t)>& onBatch) const {
  const auto stored = store_.resolve(chrom);
  if (!stored) throw Error("chromosome '" + chrom + "' is not in the alignment store " + store_.path());
  const int64_t length = store_.length(*stored);
  if (start < 1 || end < start || end > length)
    throw Error("region " + chrom + ":" + std::to_string(start) + "-" + std::to_string(end) +
                " is not inside chromosome " + *stored + " (1-" + std::to_string(length) + ")");
  // Before the alignment scan and the allocation, both proportional to it.
  if (end - start + 1 > kMaxRegionLogitsPositions)
    throw Error("region " + chrom + ":" + std::to_string(start) + "-" + std::to_string(end) +
                " spans " + std::to_string(end - start + 1) + " positions; logits are computed for at most " +
                std::to_string(kMaxRegionLogitsPositions) + " positions at a time (split the region)");
  const EdgePolicy edge = edgePolicy(model_);
  if (edge == EdgePolicy::Shift && length < window_)
    throw Error("chromosome " + *stored + " is shorter than the " + std::to_string(window_) + "-bp window");
  if (const auto row = store_.firstUnaligned(*stored, start - 1, end))
    throw Error("region " + chrom + ":" + std::to_string(start) + "-" + std::to_string(end) +
                " is not inside the aligned part of the store: " + notAlignedDetail(*stored, *row + 1));
  const RegionLogitsOptions& mode = options_.logits;
  const bool multi = mode.mode == RegionLogitsOptions::Mode::MultiMask;
  if (multi && (mode.spacing < 1 || mode.masksPerWindow < 1 ||
                int64_t(mode.masksPerWindow - 1) * mode.spacing > window_ - 2))
    throw Error("multi-mask logits: spacing " + std::to_string(mode.spacing) + " and " +
                std::to_string(mode.masksPerWindow) + " masks per window do not fit one " +
                std::to_string(window_) + "-bp window (need spacing >= 1, masks >= 1 and (masks-1)*spacing <= " +
                std::to_string(window_ - 2) + ")");

  RegionLogits region;
  region.chrom = *stored;
  region.start = start;
  region.end = end;
  region.masksPerWindow = multi ? mode.masksPerWindow : 1;
  const int columns = store_.columns();
  const int64_t total = end - start + 1;
  region.positions.resize(size_t(total));
  for (int64_t i = 0; i < total; ++i) region.positions[size_t(i)].pos = start + i;
  std::vector<bool> computed(size_t(total), false);
  WindowBatch batch;
  batch.columns = columns;
  batch.length = window_;
  // Region indices masked in the batch, in the order of the masks recorded.
  std::vector<size_t> pending;
  size_t prefix = 0;  // positions [0, prefix) are computed and reported

  auto store = [&](size_t i, const float* fwd, const float* rev) {
    auto& p = region.positions[i];
    for (int k = 0; k < 4; ++k) p.acgt[k] = (fwd[1 + k] + rev[reverseStrandToken(1 + k)]) / 2;
    computed[i] = true;
  };
  auto runBatch = [&]() {
    if (batch.count() == 0) return;
    if (multi) {
      const int n = static_cast<int>(batch.maskWindow.size());
      const auto logits = model_.logitsAtPairs(batch.tokens.data(), batch.count(), batch.length,
                                               batch.maskWindow.data(), batch.maskIndex.data(), n);
      // Each window pair recorded its forward masks, then the reverse ones.
      for (size_t j = 0, m = 0; j < pending.size();) {
        const int w = batch.maskWindow[m];
        size_t g = 0;
        while (m + g < size_t(n) && batch.maskWindow[m + g] == w) ++g;
        for (size_t q = 0; q < g; ++q)
          store(pending[j + q], logits.data() + (m + q) * kVocabSize,
                logits.data() + (m + g + q) * kVocabSize);
        j += g;
        m += 2 * g;
      }
    } else {
      const std::vector<int> windows = batch.windowIndices();
      const auto logits = model_.logitsAtPairs(batch.tokens.data(), batch.count(), batch.length,
                                               windows.data(), batch.positions.data(), batch.count());
      for (size_t j = 0; j < pending.size(); ++j)
        store(pending[j], logits.data() + (2 * j) * kVocabSize,
              logits.data() + (2 * j + 1) * kVocabSize);
    }
    batch.clear();
    pending.clear();
    const size_t first = prefix;
    while (prefix < computed.size() && computed[prefix]) ++prefix;
    if (onBatch && prefix > first) onBatch(region, first, prefix - first);
    if (progress) progress(static_cast<int64_t>(prefix), total);
  };

  // Positions masked together: exact mode one at a time; multi-mask mode
  // blocks of spacing*masks positions, each split into `spacing` groups of
  // positions `spacing` apart, one window pair centred on each group.
  const int64_t k = multi ? mode.spacing : 1;
  const int64_t m = multi ? mode.masksPerWindow : 1;
  std::vector<int64_t> group;
  std::vector<int> indices;
  bool stopped = false;
  for (int64_t blockStart = start; blockStart <= end && !stopped; blockStart += k * m) {
    for (int64_t r = 0; r < k; ++r) {
      if (stop && stop->load()) { stopped = true; break; }
      group.clear();
      for (int64_t q = 0; q < m; ++q) {
        const int64_t pos = blockStart + r + q * k;
        if (pos <= end) group.push_back(pos);
      }
      if (group.empty()) continue;
      const int64_t centre = (group.front() + group.back()) / 2;
      const WindowRows w = fetchWindow(store_, *stored, centre - 1, length, window_, edge);
      const std::vector<char>& rows = w.rows;
      indices.clear();
      for (int64_t pos : group) {
        const int index = static_cast<int>(pos - 1 - w.start);
        auto& p = region.positions[size_t(pos - start)];
        p.ref = rows[size_t(index) * columns];
        p.windowShifted = w.shifted;
        p.windowPadded = w.padded;
        indices.push_back(index);
        pending.push_back(size_t(pos - start));
      }
      if (multi) appendStrandPairMasks(rows.data(), indices, &batch);
      else appendStrandPair(rows.data(), indices[0], &batch);
      if (batch.count() + 2 > options_.batchSize) runBatch();
    }
  }
  if (stop && stop->load()) {
    region.positions.resize(prefix);
    return region;
  }
  runBatch();
  return region;
}

}  // namespace gpnmsa
