// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/gpn_star_config.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "config_json.h"
#include "gpnmsa/error.h"

namespace gpnmsa {
namespace {

using nlohmann::json;
using config_json::Bound;
using config_json::optionalBool;
using config_json::optionalString;
using config_json::requireInt;
using config_json::requireNumber;

// Bounds generous for any GPN-Star size (the 200M models: H 1024, 16 layers,
// I 4096, 1536 positions), small enough that a typo cannot make the module
// allocate gigabytes before the weights are compared with the config.

constexpr Bound kHiddenSize{"hidden_size", 2, 16384};
constexpr Bound kEmbeddingSize{"embedding_size", 1, 16384};
constexpr Bound kLayers{"num_hidden_layers", 0, 256};
constexpr Bound kHeads{"num_attention_heads", 2, 1024};
constexpr Bound kIntermediate{"intermediate_size", 1, 65536};
constexpr Bound kPositions{"max_position_embeddings", 1, 8192};
constexpr Bound kVocab{"vocab_size", 1, 1024};

// "fire_<n>" -> n. The authors' code also knows other encodings, none of which
// a released checkpoint uses.
double fireScale(const std::string& timeEnc, const std::string& source) {
  const std::string prefix = "fire_";
  const auto fail = [&] {
    return Error(source + ": time_enc \"" + timeEnc +
                 "\" is not supported (expected fire_<number>, as \"fire_1\")");
  };
  if (timeEnc.compare(0, prefix.size(), prefix) != 0 || timeEnc.size() == prefix.size()) throw fail();
  const std::string digits = timeEnc.substr(prefix.size());
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(digits, &used);
  } catch (const std::exception&) {
    throw fail();
  }
  if (used != digits.size() || !std::isfinite(v) || v <= 0) throw fail();
  return v;
}

}  // namespace

GpnStarConfig parseGpnStarConfig(const std::string& jsonText, const std::string& source) {
  const json j = config_json::parseObject(jsonText, source);
  GpnStarConfig c;
  c.modelType = optionalString(j, "model_type", std::string(), source, true);
  if (c.modelType != "GPNStar")
    throw Error(source + ": model_type \"" + c.modelType +
                "\" is not a GPN-Star model (expected \"GPNStar\")");
  c.hiddenSize = requireInt(j, kHiddenSize, source);
  // Never assume E = H: the released models have H 1024 and E 768.
  c.embeddingSize = requireInt(j, kEmbeddingSize, source);
  c.numHiddenLayers = requireInt(j, kLayers, source);
  c.numAttentionHeads = requireInt(j, kHeads, source);
  c.intermediateSize = requireInt(j, kIntermediate, source);
  c.maxPositionEmbeddings = requireInt(j, kPositions, source);
  c.vocabSize = requireInt(j, kVocab, source);
  if (j.contains("layer_norm_eps")) c.layerNormEps = requireNumber(j, "layer_norm_eps", source);
  c.rotaryValue = optionalBool(j, "rotary_value", false, source);
  c.hiddenAct = optionalString(j, "hidden_act", "gelu", source, true);
  c.timeEnc = optionalString(j, "time_enc", std::string(), source, true);
  c.timeEncScale = fireScale(c.timeEnc, source);
  c.cladeThreshold = requireNumber(j, "clade_thres", source);
  c.phyloDistPath = optionalString(j, "phylo_dist_path", std::string(), source, true);
  if (j.contains("max_evol_dist") && !j["max_evol_dist"].is_null())
    c.configMaxEvolDist = requireNumber(j, "max_evol_dist", source);
  c.torchDtype = optionalString(j, "torch_dtype", "float32", source, true);

  if (c.vocabSize != 6)
    throw Error(source + ": vocab_size " + std::to_string(c.vocabSize) +
                " is not the GPN vocabulary -ACGT? (6)");
  // The row/column projections are H -> (heads/2)*D = H/2 and back.
  if (c.numAttentionHeads % 2 != 0 || c.hiddenSize % c.numAttentionHeads != 0 ||
      c.headDim() % 2 != 0)
    throw Error(source + ": num_attention_heads " + std::to_string(c.numAttentionHeads) +
                " must be even and split hidden_size " + std::to_string(c.hiddenSize) +
                " into an even head size");
  if (c.hiddenAct != "gelu")
    throw Error(source + ": hidden_act \"" + c.hiddenAct + "\" is not supported (expected gelu)");
  if (c.cladeThreshold < 0)
    throw Error(source + ": clade_thres " + std::to_string(c.cladeThreshold) + " is negative");
  return c;
}

GpnStarConfig loadGpnStarConfig(const std::string& modelDir) {
  std::string path;
  const std::string text = config_json::readConfigFile(modelDir, "GPN-Star", &path);
  return parseGpnStarConfig(text, path);
}

}  // namespace gpnmsa
