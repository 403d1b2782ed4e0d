// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/model_config.h"

#include <nlohmann/json.hpp>

#include "config_json.h"
#include "gpnmsa/error.h"

namespace gpnmsa {
namespace {

using nlohmann::json;

// Sane bounds for each size (issue 17): generous for any GPN-MSA-like model
// (the released one has hidden_size 768, 12 layers, intermediate_size 3072,
// 512 positions), small enough that a typo cannot make the module ask for
// gigabytes before the weights are compared with the config. README
// "Reliability policies" repeats them.
using config_json::Bound;
using config_json::optionalBool;
using config_json::optionalString;
using config_json::requireInt;

constexpr Bound kHiddenSize{"hidden_size", 1, 16384};
constexpr Bound kEmbeddingSize{"embedding_size", 1, 16384};
constexpr Bound kLayers{"num_hidden_layers", 0, 256};
constexpr Bound kHeads{"num_attention_heads", 1, 1024};
constexpr Bound kIntermediate{"intermediate_size", 1, 65536};
constexpr Bound kPositions{"max_position_embeddings", 1, 8192};
constexpr Bound kVocab{"vocab_size", 1, 1024};
constexpr Bound kAux{"n_aux_features", 0, 16384};
constexpr Bound kAuxVocab{"aux_features_vocab_size", 1, 1024};

}  // namespace

ModelConfig parseModelConfig(const std::string& jsonText, const std::string& source) {
  const json j = config_json::parseObject(jsonText, source);
  ModelConfig c;
  c.modelType = optionalString(j, "model_type", std::string(), source);
  if (c.modelType != "GPNRoFormer")
    throw Error(source + ": model_type \"" + c.modelType +
                "\" is not supported (expected \"GPNRoFormer\")");
  c.hiddenSize = requireInt(j, kHiddenSize, source);
  c.embeddingSize = j.contains("embedding_size") ? requireInt(j, kEmbeddingSize, source)
                                                 : c.hiddenSize;
  c.numHiddenLayers = requireInt(j, kLayers, source);
  c.numAttentionHeads = requireInt(j, kHeads, source);
  c.intermediateSize = requireInt(j, kIntermediate, source);
  c.maxPositionEmbeddings = requireInt(j, kPositions, source);
  c.vocabSize = requireInt(j, kVocab, source);
  c.nAuxFeatures = requireInt(j, kAux, source);
  c.auxFeaturesVocabSize = j.contains("aux_features_vocab_size")
                               ? requireInt(j, kAuxVocab, source)
                               : 5;
  if (j.contains("layer_norm_eps")) {
    if (!j["layer_norm_eps"].is_number()) throw Error(source + ": layer_norm_eps must be a number");
    c.layerNormEps = j["layer_norm_eps"].get<double>();
  }
  c.rotaryValue = optionalBool(j, "rotary_value", false, source);
  c.hiddenAct = optionalString(j, "hidden_act", "gelu", source);
  c.torchDtype = optionalString(j, "torch_dtype", "float32", source);

  if (c.vocabSize != 6)
    throw Error(source + ": vocab_size " + std::to_string(c.vocabSize) +
                " is not the GPN-MSA vocabulary -ACGT? (6)");
  if (c.auxFeaturesVocabSize != 5)
    throw Error(source + ": aux_features_vocab_size must be 5 (-ACGT)");
  if (c.nAuxFeatures % c.auxFeaturesVocabSize != 0)
    throw Error(source + ": n_aux_features " + std::to_string(c.nAuxFeatures) +
                " is not a multiple of aux_features_vocab_size 5");
  if (c.vocabSize + c.nAuxFeatures > c.hiddenSize)
    throw Error(source + ": vocab_size + n_aux_features (" +
                std::to_string(c.vocabSize + c.nAuxFeatures) + ") exceeds hidden_size " +
                std::to_string(c.hiddenSize));
  if (c.hiddenSize % c.numAttentionHeads != 0 || c.headDim() % 2 != 0)
    throw Error(source + ": hidden_size must split into an even head size over num_attention_heads");
  if (c.hiddenAct != "gelu")
    throw Error(source + ": hidden_act \"" + c.hiddenAct + "\" is not supported (expected gelu)");
  return c;
}

ModelConfig loadModelConfig(const std::string& modelDir) {
  std::string path;
  const std::string text = config_json::readConfigFile(modelDir, "GPN-MSA", &path);
  return parseModelConfig(text, path);
}

}  // namespace gpnmsa
