// SPDX-License-Identifier: GPL-3.0-or-later
// The GPN-Star masked language model (GPNStarForMaskedLM). This header keeps
// libtorch out of its users; the implementation is in core/model.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gpnmsa/gpn_star_config.h"
#include "gpnmsa/model.h"
#include "gpnmsa/model_kind.h"
#include "gpnmsa/phylo_inputs.h"

namespace gpnmsa {

// One batch of the model's three inputs (row-major token buffers, 0..5).
struct GpnStarBatch {
  const uint8_t* targets = nullptr;      // batch*length*targetRows: the target rows (human, site masked)
  const uint8_t* source = nullptr;       // batch*length*N: every column, human first
  const int* targetSpecies = nullptr;    // batch*targetRows: column of each target row (0 = human)
  int batch = 0, length = 0, targetRows = 1;
};

class GpnStarModel : public AlignmentModel {
 public:
  // Loads `dir`/config.json, `dir`/model.safetensors (F32/F16/BF16) or
  // pytorch_model.bin, and the phylo_dist files (see phylogenyFolder). Throws
  // gpnmsa::Error naming the file and, for tensors, the key.
  static std::unique_ptr<GpnStarModel> load(const std::string& dir, const ModelOptions& options = {});
  // Random weights (normal, sd 0.02; FIRE c = 1) of shape `config` over
  // `phylogeny`, for benchmarks.
  static std::unique_ptr<GpnStarModel> random(const GpnStarConfig& config, Phylogeny phylogeny,
                                              const ModelOptions& options = {}, uint64_t seed = 1);
  ~GpnStarModel() override;
  GpnStarModel(const GpnStarModel&) = delete;
  GpnStarModel& operator=(const GpnStarModel&) = delete;

  const GpnStarConfig& config() const;
  const Phylogeny& phylogeny() const;
  const std::string& directory() const override;
  const std::string& weightsFile() const;
  // Whether the checkpoint held model.encoder.embed_positions.weight (used
  // verbatim), and whether that table equals RoFormer's sinusoid (1e-6).
  bool rotaryTableStored() const;
  bool rotaryTableIsSinusoid() const;

  // AlignmentModel
  ModelKind kind() const override { return ModelKind::GpnStar; }
  int columnCount() const override;
  int maxWindowLength() const override;
  Precision precision() const override;
  std::string device() const override;
  std::vector<float> logitsAtPairs(const uint8_t* columns, int batch, int length, const int* window,
                                   const int* positions, int count) const override;

  // Every output: batch*length*targetRows*6 logits. Thread-safe.
  std::vector<float> logits(const GpnStarBatch& in) const;
  // The encoder's output before the head: batch*length*targetRows*hidden.
  std::vector<float> lastHidden(const GpnStarBatch& in) const;
  // The clade vectors: batch*length*clades*hidden, clades in Phylogeny order.
  std::vector<float> sourceEmbeddings(const uint8_t* source, int batch, int length) const;
  // FIRE bias of each species' in-clade distance in the source block: N values.
  std::vector<float> fireSourceBias() const;
  // FIRE bias of layer `layer` for target species `target` and every clade (Phylogeny order).
  std::vector<float> fireColumnBias(int layer, int target) const;

  struct Impl;

 private:
  explicit GpnStarModel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpnmsa
