// SPDX-License-Identifier: GPL-3.0-or-later
// What a view-logits request computes, and in which order: pure arithmetic
// on positions (no store, no model), so it is tested on its own and the
// worker only runs what it is given.
#pragma once
#include <QtGlobal>
#include <functional>
#include <utility>
#include <vector>

#include "gpnmsa/scorer.h"

namespace gpnmsa::ui {

// Positions per exact-mode batch: one forward pass of 2 × this many windows.
// Small, so a moved view is followed within one short pass.
constexpr int kExactBatchPositions = 8;
// Windows per forward pass in multi-mask mode (a block of 64 positions at the
// default 16 × 4 is two passes).
constexpr int kMultiMaskBatchWindows = 16;

// One piece of work: positions [first, last] are computed together (one
// Scorer::regionLogits call per aligned stretch of it). In multi-mask mode a
// piece is a whole grid block, which may reach outside the view.
struct ViewLogitsUnit {
  qint64 first = 0, last = 0;
  qint64 missingInView = 0;  // positions of the view it settles (progress)
  qint64 distance = 0;       // from the centre to its nearest position in view
  // Multi-mask mode: the stretches of the block not cached. A block whose
  // only missing positions have no alignment is not computed again.
  std::vector<std::pair<qint64, qint64>> missing;
};

// The grid block of multi-mask mode that holds `pos`: positions
// n·S+1 .. (n+1)·S, S = spacing × masksPerWindow (not cut to a chromosome).
struct GridBlock {
  qint64 first = 0, last = 0;
};
GridBlock multiMaskBlock(qint64 pos, const gpnmsa::RegionLogitsOptions& options);

// The pieces that compute every position of [first, last] (already inside
// the chromosome, 1..length) for which `cached` is false, nearest `centre`
// first (ties: the lower position first). Exact mode: stretches of missing
// positions, at most kExactBatchPositions long, cut on a grid that starts at
// the centre and runs outwards, so the first pieces hug the centre. Multi-mask
// mode: the grid blocks meeting the range (cut at 1 and `length`) that have
// any position not cached.
std::vector<ViewLogitsUnit> planViewLogits(qint64 first, qint64 last, qint64 centre, qint64 length,
                                           const gpnmsa::RegionLogitsOptions& options,
                                           const std::function<bool(qint64 pos)>& cached);

}  // namespace gpnmsa::ui
