// SPDX-License-Identifier: GPL-3.0-or-later
// Model kinds behind one interface (design note of that name): config.json's
// model_type chooses the class, and the scorer sees only AlignmentModel.
// GpnStarModel implements it; GpnMsaModel through GpnMsaAlignmentModel (an
// adapter that splits column 0 off as the human row and the rest as aux rows).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gpnmsa/model.h"  // Precision, ModelOptions

namespace gpnmsa {

enum class ModelKind { GpnMsa, GpnStar };
const char* modelKindName(ModelKind kind);  // "GPN-MSA", "GPN-Star"

// Reads only model_type from `dir`/config.json: "GPNRoFormer" -> GpnMsa,
// "GPNStar" -> GpnStar. Throws gpnmsa::Error naming the file otherwise.
ModelKind modelKind(const std::string& dir);

// What both kinds share: alignment windows in, logits at asked positions out.
class AlignmentModel {
 public:
  virtual ~AlignmentModel() = default;
  virtual ModelKind kind() const = 0;
  // The folder it was loaded from (for messages).
  virtual const std::string& directory() const = 0;
  // Alignment columns one window row holds, human first (GPN-MSA: 1 + its
  // species count; GPN-Star: N, the size of pairwise.npy).
  virtual int columnCount() const = 0;
  // The longest window the model's position table allows. The window a
  // checkpoint was trained with is not in config.json (GPN-Star V100: 128,
  // M447/P243: 256); the scorer must be told.
  virtual int maxWindowLength() const = 0;
  virtual Precision precision() const = 0;
  virtual std::string device() const = 0;
  // columns: batch*length*columnCount() tokens 0..5 (-ACGT?), row-major, the
  // human in column 0 with every masked site already set to 5. Returns
  // count*6 logits at (window[i], positions[i]).
  virtual std::vector<float> logitsAtPairs(const uint8_t* columns, int batch, int length,
                                           const int* window, const int* positions, int count) const = 0;
};

// Loads the model in `dir` as the kind its config.json names (modelKind).
// Throws gpnmsa::Error naming the file.
std::unique_ptr<AlignmentModel> loadModel(const std::string& dir, const ModelOptions& options = {});

// The window a checkpoint was trained and is scored with (not in config.json,
// see shared/docs/gpn-star-spec.md "Model configuration"): GPN-MSA 128;
// GPN-Star 256 for the Cactus-447 alignments' column counts (M447: 447 = 243 +
// 204, P243: 243), 128 for every other (V100: 100 columns, the fixtures' 12).
int defaultWindowLength(const AlignmentModel& model);

}  // namespace gpnmsa
