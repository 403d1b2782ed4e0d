// SPDX-License-Identifier: GPL-3.0-or-later
#include "view_math.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace gpnmsa::ui {

int baseIndex(char c) {
  switch (c) {
    case 'A': case 'a': return 0;
    case 'C': case 'c': return 1;
    case 'G': case 'g': return 2;
    case 'T': case 't': return 3;
    default: return -1;
  }
}

LogoColumn logoColumn(const std::array<float, 4>& logits) {
  LogoColumn col;
  col.heights = logoHeights(logits);
  // Stable sort keeps A,C,G,T order among ties, so equal letters do not flicker.
  std::stable_sort(col.bottomToTop.begin(), col.bottomToTop.end(),
                   [&](int a, int b) { return col.heights[a] < col.heights[b]; });
  return col;
}

std::array<double, 4> mutagenesisRow(const PositionLogits& p) {
  std::array<double, 4> row;
  const int ref = baseIndex(p.ref);
  for (int alt = 0; alt < 4; ++alt)
    row[alt] = ref < 0 ? std::numeric_limits<double>::quiet_NaN()
                       : double(p.acgt[alt]) - double(p.acgt[ref]);
  return row;
}

std::vector<std::array<double, 4>> mutagenesisMatrix(const std::vector<PositionLogits>& positions) {
  std::vector<std::array<double, 4>> m;
  m.reserve(positions.size());
  for (const auto& p : positions) m.push_back(mutagenesisRow(p));
  return m;
}

}  // namespace gpnmsa::ui
