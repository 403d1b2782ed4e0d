// SPDX-License-Identifier: GPL-3.0-or-later
// GPN-MSA behind the AlignmentModel interface: one window row's columns are
// the human token (column 0, the masked site already 5) followed by the
// species' aux tokens (columns 1..S), exactly what GpnMsaModel's human and
// aux buffers hold, so logits are bit-identical to calling it directly.
#pragma once
#include <memory>

#include "gpnmsa/model.h"
#include "gpnmsa/model_kind.h"

namespace gpnmsa {

class GpnMsaAlignmentModel : public AlignmentModel {
 public:
  // Borrows `model`, which must outlive this object.
  explicit GpnMsaAlignmentModel(const GpnMsaModel& model) : model_(model) {}
  // Owns `model`.
  explicit GpnMsaAlignmentModel(std::unique_ptr<GpnMsaModel> model)
      : owned_(std::move(model)), model_(*owned_) {}

  const GpnMsaModel& gpnMsa() const { return model_; }

  ModelKind kind() const override { return ModelKind::GpnMsa; }
  const std::string& directory() const override { return model_.directory(); }
  int columnCount() const override { return 1 + model_.config().speciesCount(); }
  int maxWindowLength() const override { return model_.config().maxPositionEmbeddings; }
  Precision precision() const override { return model_.precision(); }
  std::string device() const override { return model_.device(); }
  std::vector<float> logitsAtPairs(const uint8_t* columns, int batch, int length, const int* window,
                                   const int* positions, int count) const override;

 private:
  std::unique_ptr<GpnMsaModel> owned_;
  const GpnMsaModel& model_;
};

}  // namespace gpnmsa
