// SPDX-License-Identifier: GPL-3.0-or-later
// The GPN-MSA vocabulary `-ACGT?` (ids 0..5), see shared/docs/gpn-msa-spec.md.
#pragma once
#include <cstdint>

namespace gpnmsa {

constexpr int kVocabSize = 6;
constexpr uint8_t kGapToken = 0;
constexpr uint8_t kMaskToken = 5;
constexpr int kWindowSize = 128;
constexpr int kWindowCentre = 64;  // forward-strand index of the scored base

// Upper-cases, then A,C,G,T -> 1..4; every other byte (gap, N, ...) -> 0.
constexpr uint8_t baseToken(char c) {
  switch (c) {
    case 'A': case 'a': return 1;
    case 'C': case 'c': return 2;
    case 'G': case 'g': return 3;
    case 'T': case 't': return 4;
    default: return 0;
  }
}

// A<->T, C<->G keeping case; other bytes unchanged.
constexpr char complementBase(char c) {
  switch (c) {
    case 'A': return 'T'; case 'T': return 'A';
    case 'C': return 'G'; case 'G': return 'C';
    case 'a': return 't'; case 't': return 'a';
    case 'c': return 'g'; case 'g': return 'c';
    default: return c;
  }
}

// Token of the complementary base (1<->4, 2<->3); 0 and 5 unchanged.
constexpr uint8_t complementToken(uint8_t t) {
  return (t >= 1 && t <= 4) ? static_cast<uint8_t>(5 - t) : t;
}

constexpr char tokenBase(uint8_t t) { return "-ACGT?"[t < 6 ? t : 0]; }

}  // namespace gpnmsa
