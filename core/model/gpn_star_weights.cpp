// SPDX-License-Identifier: GPL-3.0-or-later
// Checkpoint keys of GPNStarForMaskedLM: checked against config.json before
// the module is built, then copied into it.
#include <torch/torch.h>

#include <sstream>

#include "gpn_star.h"
#include "gpnmsa/error.h"

namespace gpnmsa {
namespace {

const char* const kHeadBias = "cls.predictions.bias";
const char* const kDecoderBias = "cls.predictions.decoder.bias";  // the same tensor, tied
const char* const kRotaryTable = "model.encoder.embed_positions.weight";

std::string shapeString(at::IntArrayRef sizes) {
  std::ostringstream ss;
  ss << "[";
  for (size_t i = 0; i < sizes.size(); ++i) ss << (i ? ", " : "") << sizes[i];
  ss << "]";
  return ss.str();
}

struct ExpectedShape {
  std::string key;
  std::vector<int64_t> shape;
  const char* fields;  // the config.json fields the shape comes from
};

// Mirrors the constructors in gpn_star.cpp; loadStarStateDict still checks
// every key of the built module, so the two cannot drift apart unnoticed.
std::vector<ExpectedShape> expectedShapes(const GpnStarConfig& c) {
  const int64_t H = c.hiddenSize, I = c.intermediateSize, E = c.embeddingSize, V = c.vocabSize;
  const int64_t A = c.usedHeads(), AD = c.attentionWidth();
  std::vector<ExpectedShape> out;
  const auto linear = [&](const std::string& prefix, int64_t in, int64_t outDim, const char* fields) {
    out.push_back({prefix + ".weight", {outDim, in}, fields});
    out.push_back({prefix + ".bias", {outDim}, fields});
  };
  const auto norm = [&](const std::string& prefix, int64_t dim, const char* fields) {
    out.push_back({prefix + ".weight", {dim}, fields});
    out.push_back({prefix + ".bias", {dim}, fields});
  };
  const auto fire = [&](const std::string& prefix) {
    out.push_back({prefix + ".c", {}, "(a scalar)"});
    out.push_back({prefix + ".mlp.0.weight", {32, 1}, "(FIRE width 32)"});
    out.push_back({prefix + ".mlp.2.weight", {1, 32}, "(FIRE width 32)"});
  };
  const char* hv = "hidden_size, vocab_size";
  const char* ha = "hidden_size, num_attention_heads";
  out.push_back({"model.target_embedding.input_embed.weight", {V, H}, hv});
  out.push_back({"model.source_embedding.attn_pool.attention_weights.weight", {V, A}, "num_attention_heads"});
  out.push_back({"model.source_embedding.attn_pool.value.weight", {V, AD}, ha});
  linear("model.source_embedding.attn_pool.ffn", AD, H, ha);
  out.push_back({"model.source_embedding.embed.weight", {V, H}, hv});
  fire("model.source_embedding.embed_positions");
  for (int i = 0; i < c.numHiddenLayers; ++i) {
    const std::string layer = "model.encoder.layer." + std::to_string(i);
    for (const char* kind : {"row_attention", "col_attention"}) {
      const std::string att = layer + ".attention." + kind;
      for (const char* qkv : {"query", "key", "value"}) linear(att + ".self." + qkv, H, AD, ha);
      linear(att + ".out.dense", AD, H, ha);
      norm(att + ".out.LayerNorm", H, "hidden_size");
    }
    fire(layer + ".attention.col_attention.embed_positions");
    linear(layer + ".intermediate.dense", H, I, "hidden_size, intermediate_size");
    linear(layer + ".output.dense", I, H, "hidden_size, intermediate_size");
    norm(layer + ".output.LayerNorm", H, "hidden_size");
  }
  linear("cls.predictions.transform.dense", H, E, "hidden_size, embedding_size");
  norm("cls.predictions.transform.LayerNorm", E, "embedding_size");
  out.push_back({"cls.predictions.decoder.weight", {V, E}, "embedding_size, vocab_size"});
  out.push_back({kHeadBias, {V}, "vocab_size"});
  out.push_back({kRotaryTable, {c.maxPositionEmbeddings, c.headDim()},
                 "max_position_embeddings, hidden_size, num_attention_heads"});
  return out;
}

}  // namespace

void checkStarWeightShapes(const GpnStarConfig& config, const std::map<std::string, torch::Tensor>& tensors,
                           const std::string& source) {
  for (const ExpectedShape& e : expectedShapes(config)) {
    auto it = tensors.find(e.key);
    std::string key = e.key;
    if (it == tensors.end() && e.key == kHeadBias) {
      it = tensors.find(kDecoderBias);  // either name holds the head bias
      key = kDecoderBias;
    }
    if (it == tensors.end()) {
      if (e.key == kRotaryTable) continue;  // optional: the sinusoid stands in
      throw Error(source + ": missing tensor '" + e.key + "' (expected from config.json, which has " +
                  "num_hidden_layers " + std::to_string(config.numHiddenLayers) + ")");
    }
    if (it->second.sizes() != at::IntArrayRef(e.shape))
      throw Error(source + ": tensor '" + key + "' has shape " + shapeString(it->second.sizes()) +
                  ", expected " + shapeString(e.shape) + " from config.json (" + e.fields + ")");
  }
}

bool loadStarStateDict(GPNStarForMaskedLM& model, std::map<std::string, torch::Tensor> tensors,
                       const std::string& source) {
  torch::NoGradGuard noGrad;
  const auto take = [&](const std::string& key, const torch::Tensor& target) {
    auto it = tensors.find(key);
    if (it == tensors.end()) throw Error(source + ": missing tensor '" + key + "'");
    if (it->second.sizes() != target.sizes())
      throw Error(source + ": tensor '" + key + "' has shape " + shapeString(it->second.sizes()) +
                  ", expected " + shapeString(target.sizes()) + " from config.json");
    target.copy_(it->second);
    tensors.erase(it);
  };
  // The head bias may be stored as cls.predictions.bias, as its tied alias
  // cls.predictions.decoder.bias, or both (then they must agree).
  if (auto dec = tensors.find(kDecoderBias); dec != tensors.end()) {
    auto head = tensors.find(kHeadBias);
    if (head == tensors.end()) {
      tensors[kHeadBias] = dec->second;
    } else if (head->second.sizes() != dec->second.sizes() || !torch::equal(head->second, dec->second)) {
      throw Error(source + ": tensors '" + std::string(kHeadBias) + "' and '" + kDecoderBias +
                  "' should be the same (tied) vector but differ");
    }
    tensors.erase(kDecoderBias);
  }
  for (auto& item : model->named_parameters(/*recurse=*/true)) take(item.key(), item.value());
  const bool storedTable = tensors.count(kRotaryTable) > 0;
  // Used verbatim, whatever it holds: the released models may carry a
  // non-sinusoidal (randomly initialised) table, and were trained with it.
  if (storedTable) take(kRotaryTable, model->model->encoder->embed_positions);
  if (!tensors.empty())
    throw Error(source + ": unexpected tensor '" + tensors.begin()->first +
                "' (not part of a GPN-Star masked LM with this config.json)");
  return storedTable;
}

}  // namespace gpnmsa
