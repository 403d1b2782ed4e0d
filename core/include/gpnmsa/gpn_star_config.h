// SPDX-License-Identifier: GPL-3.0-or-later
// The fields of a GPN-Star `config.json` (model_type "GPNStar") the forward
// pass depends on: RoFormerConfig's keys plus time_enc, clade_thres and
// phylo_dist_path (docs: shared gpn-star-spec "Model configuration").
#pragma once
#include <string>

namespace gpnmsa {

struct GpnStarConfig {
  std::string modelType;  // "GPNStar"
  int hiddenSize = 0;     // H
  int embeddingSize = 0;  // E: the prediction head's width, not H (768 in the released models)
  int numHiddenLayers = 0;
  int numAttentionHeads = 0;  // only half of them are used (see usedHeads)
  int intermediateSize = 0;
  int maxPositionEmbeddings = 0;  // rows of the rotary table: the longest window
  int vocabSize = 6;
  double layerNormEps = 1e-12;
  bool rotaryValue = false;
  std::string hiddenAct = "gelu";
  std::string timeEnc = "fire_1";
  // The integer after "fire_": scales the in-clade distances fed to the source FIRE.
  double timeEncScale = 1;
  double cladeThreshold = 0;       // clade_thres, in the units of pairwise.npy
  std::string phyloDistPath;       // a training-cluster path; see loadPhylogeny
  double configMaxEvolDist = 0;    // written at training; ignored (recomputed from pairwise.npy)
  std::string torchDtype = "float32";

  int usedHeads() const { return numAttentionHeads / 2; }                  // A
  int headDim() const { return hiddenSize / numAttentionHeads; }           // D
  int attentionWidth() const { return usedHeads() * headDim(); }           // A*D = H/2
};

// Parses and validates config.json text; `source` names it in error messages.
// Throws gpnmsa::Error for a missing/mistyped field or an unsupported value.
GpnStarConfig parseGpnStarConfig(const std::string& jsonText, const std::string& source);
GpnStarConfig loadGpnStarConfig(const std::string& modelDir);

}  // namespace gpnmsa
