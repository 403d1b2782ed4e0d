// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/model_config.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gpnmsa/error.h"

namespace gpnmsa {
namespace {

using nlohmann::json;

int requireInt(const json& j, const char* key, const std::string& source, int minValue) {
  auto it = j.find(key);
  if (it == j.end()) throw Error(source + ": missing field \"" + key + "\"");
  if (!it->is_number_integer())
    throw Error(source + ": field \"" + key + "\" must be an integer");
  const auto v = it->get<int64_t>();
  if (v < minValue || v > (int64_t(1) << 24))
    throw Error(source + ": field \"" + key + "\" = " + std::to_string(v) + " is out of range");
  return static_cast<int>(v);
}

}  // namespace

ModelConfig parseModelConfig(const std::string& jsonText, const std::string& source) {
  json j;
  try {
    j = json::parse(jsonText);
  } catch (const json::parse_error& e) {
    throw Error(source + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object()) throw Error(source + ": expected a JSON object");
  ModelConfig c;
  c.modelType = j.value("model_type", std::string());
  if (c.modelType != "GPNRoFormer")
    throw Error(source + ": model_type \"" + c.modelType +
                "\" is not supported (expected \"GPNRoFormer\")");
  c.hiddenSize = requireInt(j, "hidden_size", source, 1);
  c.embeddingSize = j.contains("embedding_size") ? requireInt(j, "embedding_size", source, 1)
                                                 : c.hiddenSize;
  c.numHiddenLayers = requireInt(j, "num_hidden_layers", source, 0);
  c.numAttentionHeads = requireInt(j, "num_attention_heads", source, 1);
  c.intermediateSize = requireInt(j, "intermediate_size", source, 1);
  c.maxPositionEmbeddings = requireInt(j, "max_position_embeddings", source, 1);
  c.vocabSize = requireInt(j, "vocab_size", source, 1);
  c.nAuxFeatures = requireInt(j, "n_aux_features", source, 0);
  c.auxFeaturesVocabSize = j.contains("aux_features_vocab_size")
                               ? requireInt(j, "aux_features_vocab_size", source, 1)
                               : 5;
  if (j.contains("layer_norm_eps")) {
    if (!j["layer_norm_eps"].is_number()) throw Error(source + ": layer_norm_eps must be a number");
    c.layerNormEps = j["layer_norm_eps"].get<double>();
  }
  c.rotaryValue = j.value("rotary_value", false);
  c.hiddenAct = j.value("hidden_act", std::string("gelu"));
  c.torchDtype = j.value("torch_dtype", std::string("float32"));

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
  const std::string path = modelDir + "/config.json";
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open (is " + modelDir + " a GPN-MSA model directory?)");
  std::stringstream ss;
  ss << in.rdbuf();
  return parseModelConfig(ss.str(), path);
}

}  // namespace gpnmsa
