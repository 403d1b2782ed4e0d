// SPDX-License-Identifier: GPL-3.0-or-later
#include "view_logits_plan.h"

#include <algorithm>

namespace gpnmsa::ui {

namespace {

bool isMultiMask(const gpnmsa::RegionLogitsOptions& options) {
  return options.mode == gpnmsa::RegionLogitsOptions::Mode::MultiMask;
}

qint64 distanceTo(qint64 centre, qint64 first, qint64 last) {
  if (centre < first) return first - centre;
  if (centre > last) return centre - last;
  return 0;
}

// Splits [from, to] into its stretches of positions not cached.
void addMissingRuns(qint64 from, qint64 to, qint64 centre, const std::function<bool(qint64)>& cached,
                    std::vector<ViewLogitsUnit>* units) {
  for (qint64 pos = from; pos <= to; ++pos) {
    if (cached(pos)) continue;
    qint64 end = pos;
    while (end < to && !cached(end + 1)) ++end;
    units->push_back({pos, end, end - pos + 1, distanceTo(centre, pos, end), {}});
    pos = end;
  }
}

}  // namespace

GridBlock multiMaskBlock(qint64 pos, const gpnmsa::RegionLogitsOptions& options) {
  const qint64 size = std::max<qint64>(1, qint64(options.spacing) * options.masksPerWindow);
  const qint64 n = (std::max<qint64>(pos, 1) - 1) / size;
  return {n * size + 1, (n + 1) * size};
}

std::vector<ViewLogitsUnit> planViewLogits(qint64 first, qint64 last, qint64 centre, qint64 length,
                                           const gpnmsa::RegionLogitsOptions& options,
                                           const std::function<bool(qint64)>& cached) {
  std::vector<ViewLogitsUnit> units;
  first = std::max<qint64>(first, 1);
  last = std::min(last, length);
  if (first > last) return units;
  const qint64 c = std::clamp(centre, first, last);
  if (isMultiMask(options)) {
    for (qint64 pos = first; pos <= last;) {
      const GridBlock grid = multiMaskBlock(pos, options);
      const qint64 blockFirst = std::max<qint64>(grid.first, 1), blockLast = std::min(grid.last, length);
      ViewLogitsUnit unit{blockFirst, blockLast, 0,
                          distanceTo(c, std::max(blockFirst, first), std::min(blockLast, last)), {}};
      for (qint64 p = blockFirst; p <= blockLast; ++p) {
        if (cached(p)) continue;
        if (p >= first && p <= last) ++unit.missingInView;
        if (!unit.missing.empty() && unit.missing.back().second == p - 1) unit.missing.back().second = p;
        else unit.missing.emplace_back(p, p);
      }
      if (!unit.missing.empty()) units.push_back(std::move(unit));
      pos = grid.last + 1;
    }
  } else {
    // Grid cells [c + kB, c + (k+1)B - 1] to the right, [c - (k+1)B, c - kB - 1] to the left.
    const qint64 b = kExactBatchPositions;
    for (qint64 from = c; from <= last; from += b)
      addMissingRuns(from, std::min(last, from + b - 1), c, cached, &units);
    for (qint64 to = c - 1; to >= first; to -= b)
      addMissingRuns(std::max(first, to - b + 1), to, c, cached, &units);
  }
  std::stable_sort(units.begin(), units.end(), [](const ViewLogitsUnit& a, const ViewLogitsUnit& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.first < b.first;
  });
  return units;
}

}  // namespace gpnmsa::ui
