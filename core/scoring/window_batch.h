// SPDX-License-Identifier: GPL-3.0-or-later
// Turning alignment rows into the model's token windows, both strands.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace gpnmsa {

class AlignmentModel;
class AlignmentStore;

// Token windows collected for one forward pass, in AlignmentModel's layout:
// every alignment column of every row, the human first (masked sites 5).
struct WindowBatch {
  int columns = 0;  // alignment columns per row (human + species)
  int length = 0;
  std::vector<uint8_t> tokens;  // count * length * columns
  std::vector<int> positions;   // masked index per window (one mask per window)
  // Several masks per window: (window, index) of every masked position.
  std::vector<int> maskWindow, maskIndex;
  int windows = 0;
  int count() const { return windows; }
  void clear() {
    tokens.clear(); positions.clear(); maskWindow.clear(); maskIndex.clear();
    windows = 0;
  }
  // 0, 1, ..., count-1: the window of each entry of `positions`.
  std::vector<int> windowIndices() const;
};

// Appends two windows made from `rows` (length * columns bytes, row-major as
// the store gives them, column 0 = human): the forward strand with index
// `masked` of the human column replaced by the mask token, then the reverse
// complement (rows reversed, every base complemented) masked at
// length - 1 - masked.
void appendStrandPair(const char* rows, int masked, WindowBatch* batch);

// The same with every index in `masked` masked at once; records each masked
// (window, index) in maskWindow/maskIndex: all forward-strand ones in the
// order given, then all reverse-strand ones in the same order.
void appendStrandPairMasks(const char* rows, const std::vector<int>& masked, WindowBatch* batch);

// Maps logits of the reverse-strand window back to forward-strand bases:
// A,C,G,T on the forward strand are T,G,C,A on the reverse one.
inline int reverseStrandToken(int forwardToken) { return 5 - forwardToken; }

// What happens to a window that would pass a chromosome end. Shift (GPN-MSA's
// rule in this program): move it inside, the site off-centre (needs a
// chromosome at least one window long). Pad (GPN-Star, as the authors' code):
// keep the site at the centre and fill rows outside the chromosome with '-'
// in every column, the human one included.
enum class EdgePolicy { Shift, Pad };

// The rows of the window around 0-based row `centre` of `chrom` (stored
// name, `length` rows): `window` * store.columns() bytes. Throws like
// AlignmentStore::fetch.
struct WindowRows {
  int64_t start = 0;  // first row; negative when padded before row 0
  int index = 0;      // where `centre` lies in it
  bool shifted = false, padded = false;
  std::vector<char> rows;
};
WindowRows fetchWindow(const AlignmentStore& store, const std::string& chrom, int64_t centre,
                       int64_t length, int window, EdgePolicy edge);

// Shift for GPN-MSA, Pad for GPN-Star.
EdgePolicy edgePolicy(const AlignmentModel& model);

// The one wording of "the store has nothing at this position" (1-based).
std::string notAlignedDetail(const std::string& chrom, int64_t pos);

}  // namespace gpnmsa
