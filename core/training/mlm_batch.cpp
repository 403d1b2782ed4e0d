// SPDX-License-Identifier: GPL-3.0-or-later
#include "mlm_batch.h"

#include "gpnmsa/tokens.h"

namespace gpnmsa::training {

void appendTrainingWindow(const char* rows, int columns, bool reverse, const float* weights,
                          const float* phastCons, const MaskingOptions& options,
                          std::mt19937_64& rng, MlmBatch* batch) {
  const int L = batch->length;
  const int S = batch->species;
  const size_t h0 = batch->human.size();
  const size_t a0 = batch->aux.size();
  batch->human.resize(h0 + size_t(L));
  batch->aux.resize(a0 + size_t(L) * S);
  int64_t* human = batch->human.data() + h0;
  int64_t* aux = batch->aux.data() + a0;
  std::vector<bool> soft(static_cast<size_t>(L), false);
  std::vector<int> source(static_cast<size_t>(L));  // forward-strand row of window index i
  for (int r = 0; r < L; ++r) {
    const char* row = rows + size_t(r) * columns;
    const int i = reverse ? L - 1 - r : r;
    source[size_t(i)] = r;
    uint8_t h = baseToken(row[0]);
    soft[size_t(i)] = row[0] >= 'a' && row[0] <= 'z';
    human[i] = reverse ? complementToken(h) : h;
    for (int s = 0; s < S; ++s) {
      const uint8_t t = baseToken(row[1 + s]);
      aux[size_t(i) * S + s] = reverse ? complementToken(t) : t;
    }
  }
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::uniform_int_distribution<int> base(1, 4);
  const int64_t offset = int64_t(batch->windows) * L;
  for (int i = 0; i < L; ++i) {
    const int64_t token = human[i];
    if (token < 1 || token > 4) continue;
    if (u(rng) >= options.maskFraction) continue;
    const int r = source[size_t(i)];
    int64_t label = token;
    if (options.flipNonConserved && phastCons && phastCons[r] < 0.1f && u(rng) < 0.5) label = base(rng);
    float w = soft[size_t(i)] ? float(options.softMaskedWeight) : 1.0f;
    if (weights) w *= weights[r];
    const double action = u(rng);
    if (action < 0.8) human[i] = kMaskToken;
    else if (action < 0.9) human[i] = base(rng);
    // else: unchanged
    batch->selected.push_back(offset + i);
    batch->labels.push_back(label);
    batch->weights.push_back(w);
  }
  batch->windows += 1;
}

}  // namespace gpnmsa::training
