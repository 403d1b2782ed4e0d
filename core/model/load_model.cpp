// SPDX-License-Identifier: GPL-3.0-or-later
// Choosing the model class by config.json's model_type, and the adapter that
// puts GPN-MSA behind AlignmentModel.
#include <vector>

#include "gpnmsa/error.h"
#include "gpnmsa/gpn_star_model.h"
#include "gpnmsa/gpnmsa_alignment_model.h"
#include "gpnmsa/model_kind.h"

namespace gpnmsa {

std::vector<float> GpnMsaAlignmentModel::logitsAtPairs(const uint8_t* columns, int batch, int length,
                                                       const int* window, const int* positions,
                                                       int count) const {
  const int n = columnCount();
  const int species = n - 1;
  const size_t rows = size_t(batch) * size_t(length);
  std::vector<uint8_t> human(rows), aux(rows * size_t(species));
  for (size_t r = 0; r < rows; ++r) {
    const uint8_t* row = columns + r * size_t(n);
    human[r] = row[0];
    for (int s = 0; s < species; ++s) aux[r * size_t(species) + size_t(s)] = row[1 + s];
  }
  return model_.logitsAtPairs(human.data(), aux.data(), batch, length, window, positions, count);
}

std::unique_ptr<AlignmentModel> loadModel(const std::string& dir, const ModelOptions& options) {
  bool star = false;
  try {
    star = modelKind(dir) == ModelKind::GpnStar;
  } catch (const Error&) {
    // An unreadable or unknown config: GpnMsaModel::load says what is wrong,
    // in the words GPN-MSA users (and their scripts) already know.
  }
  if (star) return GpnStarModel::load(dir, options);
  return std::make_unique<GpnMsaAlignmentModel>(GpnMsaModel::load(dir, options));
}

int defaultWindowLength(const AlignmentModel& model) {
  if (model.kind() == ModelKind::GpnMsa) return 128;
  const int n = model.columnCount();
  return (n == 243 || n == 447) ? 256 : 128;
}

}  // namespace gpnmsa
