// SPDX-License-Identifier: GPL-3.0-or-later
// Training examples for masked-language modelling of the human row: token
// windows on either strand, 15% of the human positions chosen for the loss
// (80% replaced by the mask token, 10% by a random base, 10% unchanged), with
// per-position loss weights.
#pragma once
#include <cstdint>
#include <random>
#include <vector>

namespace gpnmsa::training {

struct MaskingOptions {
  double maskFraction = 0.15;
  double softMaskedWeight = 0.1;
  bool flipNonConserved = false;  // needs phastCons values
};

struct MlmBatch {
  int length = 0, species = 0, windows = 0;
  std::vector<int64_t> human;    // windows*length input tokens (after masking)
  std::vector<int64_t> aux;      // windows*length*species tokens
  std::vector<int64_t> selected; // flat indices window*length + i of loss positions
  std::vector<int64_t> labels;   // their targets (1..4)
  std::vector<float> weights;    // their loss weights
  void clear() {
    windows = 0;
    human.clear(); aux.clear(); selected.clear(); labels.clear(); weights.clear();
  }
};

// Appends one window made from `rows` (length*columns bytes as the store gives
// them, column 0 = human), reverse-complemented when `reverse`. `weights` and
// `phastCons` (length values in forward order, or nullptr) are the
// conservation weight and the raw phastCons of each row. Positions whose
// human base is not A/C/G/T are never chosen.
void appendTrainingWindow(const char* rows, int columns, bool reverse, const float* weights,
                          const float* phastCons, const MaskingOptions& options,
                          std::mt19937_64& rng, MlmBatch* batch);

}  // namespace gpnmsa::training
