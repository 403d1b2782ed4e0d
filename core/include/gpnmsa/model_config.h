// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>

namespace gpnmsa {

// The fields of a GPNRoFormer `config.json` the forward pass depends on.
// Every value is read from the file: test models and other species counts differ.
struct ModelConfig {
  std::string modelType;  // "GPNRoFormer"
  int hiddenSize = 0;
  int embeddingSize = 0;
  int numHiddenLayers = 0;
  int numAttentionHeads = 0;
  int intermediateSize = 0;
  int maxPositionEmbeddings = 0;
  int vocabSize = 6;
  int nAuxFeatures = 0;
  int auxFeaturesVocabSize = 5;
  double layerNormEps = 1e-12;
  bool rotaryValue = false;
  std::string hiddenAct = "gelu";
  std::string torchDtype = "float32";

  int headDim() const { return hiddenSize / numAttentionHeads; }
  // Species rows the model expects: n_aux_features / aux_features_vocab_size.
  int speciesCount() const { return nAuxFeatures / auxFeaturesVocabSize; }
};

// Parses and validates config.json text; `source` names it in error messages.
// Throws gpnmsa::Error for a missing/mistyped field or an unsupported value.
ModelConfig parseModelConfig(const std::string& jsonText, const std::string& source);
ModelConfig loadModelConfig(const std::string& modelDir);

}  // namespace gpnmsa
