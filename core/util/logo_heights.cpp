// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/logo_heights.h"

#include <algorithm>
#include <cmath>

namespace gpnmsa {

std::array<double, 4> softmax4(const std::array<float, 4>& logits) {
  const double top = *std::max_element(logits.begin(), logits.end());
  std::array<double, 4> p{};
  double sum = 0;
  for (int i = 0; i < 4; ++i) sum += (p[i] = std::exp(double(logits[i]) - top));
  for (double& v : p) v /= sum;
  return p;
}

double entropyBits(const std::array<double, 4>& p) {
  double h = 0;
  for (double v : p)
    if (v > 0) h -= v * std::log2(v);
  return std::clamp(h, 0.0, 2.0);
}

std::array<double, 4> logoHeights(const std::array<float, 4>& logits) {
  const auto p = softmax4(logits);
  const double info = 2.0 - entropyBits(p);
  std::array<double, 4> heights{};
  for (int i = 0; i < 4; ++i) heights[i] = p[i] * info;
  return heights;
}

}  // namespace gpnmsa
