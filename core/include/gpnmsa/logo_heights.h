// SPDX-License-Identifier: GPL-3.0-or-later
// The sequence-logo numbers of one position from its four A,C,G,T logits:
// shared by the app's logo (ui/view_math) and `gpnmsa score-region`'s bigWig
// tracks, so a track and the logo on screen show the same heights.
#pragma once
#include <array>

namespace gpnmsa {

// Softmax of the four strand-averaged A,C,G,T logits (numerically stable).
std::array<double, 4> softmax4(const std::array<float, 4>& logits);

// Shannon entropy of p in bits (0..2).
double entropyBits(const std::array<double, 4>& p);

// Letter heights A,C,G,T in bits: p × (2 − H). Unchanged when one number is
// added to all four logits (softmax), so logit differences will do.
std::array<double, 4> logoHeights(const std::array<float, 4>& logits);

}  // namespace gpnmsa
