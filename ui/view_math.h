// SPDX-License-Identifier: GPL-3.0-or-later
// Pure numbers behind the logo and mutagenesis views, kept apart from the
// painting so they can be tested exactly.
#pragma once
#include <array>
#include <vector>

#include "gpnmsa/logo_heights.h"
#include "gpnmsa/scorer.h"

namespace gpnmsa::ui {

// `count` equal columns side by side across [left, left + width): the one
// place a column's x is computed, so the tracks that share a window (gene
// track, logo; the mutagenesis map through the same margins) draw a position
// at the same pixels.
struct ColumnScale {
  double left = 0, columnWidth = 1;
  ColumnScale(double plotLeft, double plotWidth, double count)
      : left(plotLeft), columnWidth(plotWidth / (count > 0 ? count : 1)) {}
  double x(double column) const { return left + column * columnWidth; }  // left edge
  double columnAt(double px) const { return (px - left) / columnWidth; }  // fractional
};

// Index 0..3 of an A/C/G/T (either case); -1 for anything else.
int baseIndex(char c);

// Softmax, entropy and logo heights live in core (gpnmsa/logo_heights.h):
// score-region's bigWig tracks use the same numbers.
using gpnmsa::entropyBits;
using gpnmsa::softmax4;

// One logo column: letter heights p × (2 − H) in bits, and the order to
// stack them, bottom to top (smallest first, so the largest ends on top).
struct LogoColumn {
  std::array<double, 4> heights{};
  std::array<int, 4> bottomToTop{{0, 1, 2, 3}};
};
LogoColumn logoColumn(const std::array<float, 4>& logits);

// In-silico mutagenesis at one position: logit[alt] − logit[ref] for
// alt = A,C,G,T (0 at the reference base). All NaN when the reference is not
// A/C/G/T (N), because there is no reference logit to compare with.
std::array<double, 4> mutagenesisRow(const PositionLogits& p);
std::vector<std::array<double, 4>> mutagenesisMatrix(const std::vector<PositionLogits>& positions);

}  // namespace gpnmsa::ui
