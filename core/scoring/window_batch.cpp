// SPDX-License-Identifier: GPL-3.0-or-later
#include "window_batch.h"

#include <utility>

#include "gpnmsa/tokens.h"

namespace gpnmsa {

namespace {

// Appends the two windows' tokens unmasked; returns their human rows.
std::pair<uint8_t*, uint8_t*> appendTokens(const char* rows, int columns, WindowBatch* batch) {
  const int L = batch->length;
  const int S = batch->species;
  const size_t h0 = batch->human.size();
  const size_t a0 = batch->aux.size();
  batch->human.resize(h0 + 2 * size_t(L));
  batch->aux.resize(a0 + 2 * size_t(L) * S);
  uint8_t* fh = batch->human.data() + h0;
  uint8_t* rh = fh + L;
  uint8_t* fa = batch->aux.data() + a0;
  uint8_t* ra = fa + size_t(L) * S;
  for (int r = 0; r < L; ++r) {
    const char* row = rows + size_t(r) * columns;
    const int rr = L - 1 - r;  // the same row's place on the reverse strand
    const uint8_t h = baseToken(row[0]);
    fh[r] = h;
    rh[rr] = complementToken(h);
    for (int s = 0; s < S; ++s) {
      const uint8_t t = baseToken(row[1 + s]);
      fa[size_t(r) * S + s] = t;
      ra[size_t(rr) * S + s] = complementToken(t);
    }
  }
  batch->windows += 2;
  return {fh, rh};
}

}  // namespace

void appendStrandPair(const char* rows, int columns, int masked, WindowBatch* batch) {
  const int L = batch->length;
  auto [fh, rh] = appendTokens(rows, columns, batch);
  fh[masked] = kMaskToken;
  rh[L - 1 - masked] = kMaskToken;
  batch->positions.push_back(masked);
  batch->positions.push_back(L - 1 - masked);
}

void appendStrandPairMasks(const char* rows, int columns, const std::vector<int>& masked,
                           WindowBatch* batch) {
  const int L = batch->length;
  const int forward = batch->windows;
  auto [fh, rh] = appendTokens(rows, columns, batch);
  for (int m : masked) {
    fh[m] = kMaskToken;
    batch->maskWindow.push_back(forward);
    batch->maskIndex.push_back(m);
  }
  for (int m : masked) {
    rh[L - 1 - m] = kMaskToken;
    batch->maskWindow.push_back(forward + 1);
    batch->maskIndex.push_back(L - 1 - m);
  }
}

}  // namespace gpnmsa
