// SPDX-License-Identifier: GPL-3.0-or-later
#include "window_batch.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <utility>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/scorer.h"
#include "gpnmsa/tokens.h"

namespace gpnmsa {

std::vector<int> WindowBatch::windowIndices() const {
  std::vector<int> w(static_cast<size_t>(windows));
  std::iota(w.begin(), w.end(), 0);
  return w;
}

namespace {

// Appends the two windows' tokens unmasked; returns their human columns'
// first bytes (row r's human token at [r * columns]).
std::pair<uint8_t*, uint8_t*> appendTokens(const char* rows, WindowBatch* batch) {
  const int L = batch->length;
  const int C = batch->columns;
  const size_t t0 = batch->tokens.size();
  const size_t window = size_t(L) * size_t(C);
  batch->tokens.resize(t0 + 2 * window);
  uint8_t* fwd = batch->tokens.data() + t0;
  uint8_t* rev = fwd + window;
  for (int r = 0; r < L; ++r) {
    const char* row = rows + size_t(r) * C;
    const int rr = L - 1 - r;  // the same row's place on the reverse strand
    uint8_t* f = fwd + size_t(r) * C;
    uint8_t* b = rev + size_t(rr) * C;
    for (int c = 0; c < C; ++c) {
      const uint8_t t = baseToken(row[c]);
      f[c] = t;
      b[c] = complementToken(t);
    }
  }
  batch->windows += 2;
  return {fwd, rev};
}

}  // namespace

void appendStrandPair(const char* rows, int masked, WindowBatch* batch) {
  const int L = batch->length;
  const int C = batch->columns;
  auto [fwd, rev] = appendTokens(rows, batch);
  fwd[size_t(masked) * C] = kMaskToken;
  rev[size_t(L - 1 - masked) * C] = kMaskToken;
  batch->positions.push_back(masked);
  batch->positions.push_back(L - 1 - masked);
}

void appendStrandPairMasks(const char* rows, const std::vector<int>& masked, WindowBatch* batch) {
  const int L = batch->length;
  const int C = batch->columns;
  const int forward = batch->windows;
  auto [fwd, rev] = appendTokens(rows, batch);
  for (int m : masked) {
    fwd[size_t(m) * C] = kMaskToken;
    batch->maskWindow.push_back(forward);
    batch->maskIndex.push_back(m);
  }
  for (int m : masked) {
    rev[size_t(L - 1 - m) * C] = kMaskToken;
    batch->maskWindow.push_back(forward + 1);
    batch->maskIndex.push_back(L - 1 - m);
  }
}

WindowRows fetchWindow(const AlignmentStore& store, const std::string& chrom, int64_t centre,
                       int64_t length, int window, EdgePolicy edge) {
  WindowRows w;
  if (edge == EdgePolicy::Shift) {
    const WindowPlacement p = placeWindow(centre, length, window);
    w.start = p.start;
    w.index = p.index;
    w.shifted = p.shifted;
    w.rows = store.fetch(chrom, w.start, w.start + window);
    return w;
  }
  w.start = centre - window / 2;
  w.index = window / 2;
  const int64_t from = std::max<int64_t>(w.start, 0);
  const int64_t to = std::min<int64_t>(w.start + window, length);
  w.padded = from != w.start || to != w.start + window;
  if (!w.padded) {
    w.rows = store.fetch(chrom, from, to);
    return w;
  }
  const size_t columns = size_t(store.columns());
  w.rows.assign(size_t(window) * columns, '-');
  if (to > from) {
    const std::vector<char> inside = store.fetch(chrom, from, to);
    std::memcpy(w.rows.data() + size_t(from - w.start) * columns, inside.data(), inside.size());
  }
  return w;
}

}  // namespace gpnmsa
