// SPDX-License-Identifier: GPL-3.0-or-later
// Turning alignment rows into the model's token windows, both strands.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gpnmsa {

// Token windows collected for one forward pass.
struct WindowBatch {
  int species = 0;
  int length = 0;
  std::vector<uint8_t> human;   // count * length
  std::vector<uint8_t> aux;     // count * length * species
  std::vector<int> positions;   // masked index per window (one mask per window)
  // Several masks per window: (window, index) of every masked position.
  std::vector<int> maskWindow, maskIndex;
  int windows = 0;
  int count() const { return windows; }
  void clear() {
    human.clear(); aux.clear(); positions.clear(); maskWindow.clear(); maskIndex.clear();
    windows = 0;
  }
};

// Appends two windows made from `rows` (length * columns bytes, row-major as
// the store gives them, column 0 = human): the forward strand with index
// `masked` replaced by the mask token, then the reverse complement (rows
// reversed, every base complemented) masked at length - 1 - masked.
void appendStrandPair(const char* rows, int columns, int masked, WindowBatch* batch);

// The same with every index in `masked` masked at once; records each masked
// (window, index) in maskWindow/maskIndex: all forward-strand ones in the
// order given, then all reverse-strand ones in the same order.
void appendStrandPairMasks(const char* rows, int columns, const std::vector<int>& masked,
                           WindowBatch* batch);

// Maps logits of the reverse-strand window back to forward-strand bases:
// A,C,G,T on the forward strand are T,G,C,A on the reverse one.
inline int reverseStrandToken(int forwardToken) { return 5 - forwardToken; }

}  // namespace gpnmsa
