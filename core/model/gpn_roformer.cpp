// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpn_roformer.h"

#include <torch/torch.h>

#include <cmath>
#include <sstream>
#include <vector>

#include "gpnmsa/error.h"

namespace gpnmsa {

GPNRoFormerOptions::GPNRoFormerOptions(const ModelConfig& c)
    : hidden_size_(c.hiddenSize),
      embedding_size_(c.embeddingSize),
      num_hidden_layers_(c.numHiddenLayers),
      num_attention_heads_(c.numAttentionHeads),
      intermediate_size_(c.intermediateSize),
      max_position_embeddings_(c.maxPositionEmbeddings),
      vocab_size_(c.vocabSize),
      n_aux_features_(c.nAuxFeatures),
      aux_features_vocab_size_(c.auxFeaturesVocabSize),
      layer_norm_eps_(c.layerNormEps),
      rotary_value_(c.rotaryValue) {}

namespace {

torch::nn::LayerNorm makeLayerNorm(int64_t dim, double eps) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(eps));
}

// RoFormer's interleaved-pair rotation: (x_2j, x_2j+1) -> (x_2j cos - x_2j+1 sin,
// x_2j+1 cos + x_2j sin). x: [B, heads, L, head_dim].
torch::Tensor applyRotary(const torch::Tensor& x, const RotaryTables& rot) {
  using torch::indexing::Slice;
  auto even = x.index({"...", Slice(0, torch::indexing::None, 2)});
  auto odd = x.index({"...", Slice(1, torch::indexing::None, 2)});
  auto rotated = torch::stack({-odd, even}, -1).reshape_as(x);
  return x * rot.cos + rotated * rot.sin;
}

// The sinusoidal table as the reference implementation builds it (float64
// angles pos / 10000^(2j/d), stored as float32): sin | cos halves.
torch::Tensor sinusoidalTable(int64_t positions, int64_t dim) {
  auto table = torch::empty({positions, dim}, torch::kFloat32);
  auto acc = table.accessor<float, 2>();
  const int64_t half = dim / 2;
  for (int64_t p = 0; p < positions; ++p) {
    for (int64_t j = 0; j < half; ++j) {
      const double theta = double(p) / std::pow(10000.0, 2.0 * double(j) / double(dim));
      acc[p][j] = static_cast<float>(std::sin(theta));
      acc[p][half + j] = static_cast<float>(std::cos(theta));
    }
  }
  return table;
}

std::string shapeString(at::IntArrayRef sizes) {
  std::ostringstream ss;
  ss << "[";
  for (size_t i = 0; i < sizes.size(); ++i) ss << (i ? ", " : "") << sizes[i];
  ss << "]";
  return ss.str();
}

// nn::Linear(in, out), or with `initialise` false the same layer holding
// uninitialised [out, in] and [out] memory (GPNRoFormerOptions::
// initialise_weights): built as a 1x1 layer, whose draw costs nothing, then
// resized.
torch::nn::Linear makeLinear(int64_t in, int64_t out, bool initialise) {
  if (initialise) return torch::nn::Linear(in, out);
  torch::nn::Linear l(torch::nn::LinearOptions(1, 1));
  torch::NoGradGuard noGrad;
  l->weight.set_(torch::empty({out, in}));
  l->bias.set_(torch::empty({out}));
  l->options.in_features(in).out_features(out);
  return l;
}

}  // namespace

SelfAttentionImpl::SelfAttentionImpl(const GPNRoFormerOptions& o)
    : heads_(o.num_attention_heads()),
      headDim_(o.hidden_size() / o.num_attention_heads()),
      rotaryValue_(o.rotary_value()) {
  const bool init = o.initialise_weights();
  query = register_module("query", makeLinear(o.hidden_size(), o.hidden_size(), init));
  key = register_module("key", makeLinear(o.hidden_size(), o.hidden_size(), init));
  value = register_module("value", makeLinear(o.hidden_size(), o.hidden_size(), init));
}

torch::Tensor SelfAttentionImpl::forward(const torch::Tensor& x, const RotaryTables& rot) {
  const int64_t B = x.size(0), L = x.size(1);
  auto split = [&](const torch::Tensor& t) {
    return t.view({B, L, heads_, headDim_}).transpose(1, 2);  // [B, h, L, d]
  };
  auto q = applyRotary(split(query(x)), rot);
  auto k = applyRotary(split(key(x)), rot);
  auto v = split(value(x));
  if (rotaryValue_) v = applyRotary(v, rot);
  auto scores = torch::matmul(q, k.transpose(-1, -2)) / std::sqrt(double(headDim_));
  auto probs = torch::softmax(scores, -1);
  auto context = torch::matmul(probs, v);  // [B, h, L, d]
  return context.transpose(1, 2).reshape({B, L, heads_ * headDim_});
}

DenseResidualNormImpl::DenseResidualNormImpl(int64_t in, int64_t out, double eps, bool initialise) {
  dense = register_module("dense", makeLinear(in, out, initialise));
  LayerNorm = register_module("LayerNorm", makeLayerNorm(out, eps));
}

torch::Tensor DenseResidualNormImpl::forward(const torch::Tensor& h, const torch::Tensor& residual) {
  return LayerNorm(dense(h) + residual);
}

AttentionImpl::AttentionImpl(const GPNRoFormerOptions& o) {
  self = register_module("self", SelfAttention(o));
  output = register_module(
      "output", DenseResidualNorm(o.hidden_size(), o.hidden_size(), o.layer_norm_eps(),
                                  o.initialise_weights()));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const RotaryTables& rot) {
  return output(self(x, rot), x);
}

IntermediateImpl::IntermediateImpl(const GPNRoFormerOptions& o) {
  dense = register_module("dense", makeLinear(o.hidden_size(), o.intermediate_size(),
                                              o.initialise_weights()));
}

torch::Tensor IntermediateImpl::forward(const torch::Tensor& x) {
  return torch::gelu(dense(x));  // exact erf form, as hidden_act "gelu"
}

LayerImpl::LayerImpl(const GPNRoFormerOptions& o) {
  attention = register_module("attention", Attention(o));
  intermediate = register_module("intermediate", Intermediate(o));
  output = register_module(
      "output", DenseResidualNorm(o.intermediate_size(), o.hidden_size(), o.layer_norm_eps(),
                                  o.initialise_weights()));
}

torch::Tensor LayerImpl::forward(const torch::Tensor& x, const RotaryTables& rot) {
  auto a = attention(x, rot);
  return output(intermediate(a), a);
}

EncoderImpl::EncoderImpl(const GPNRoFormerOptions& o) {
  layer = register_module("layer", torch::nn::ModuleList());
  for (int64_t i = 0; i < o.num_hidden_layers(); ++i) layer->push_back(Layer(o));
  embed_positions = register_buffer(
      "embed_positions_weight",
      sinusoidalTable(o.max_position_embeddings(), o.hidden_size() / o.num_attention_heads()));
}

RotaryTables EncoderImpl::rotaryHalves(int64_t length) const {
  using torch::indexing::Slice;
  TORCH_CHECK(length <= embed_positions.size(0), "window of ", length,
              " positions exceeds max_position_embeddings ", embed_positions.size(0));
  const int64_t half = embed_positions.size(1) / 2;
  auto rows = embed_positions.index({Slice(0, length)}).to(torch::kFloat32);
  return {rows.index({Slice(), Slice(0, half)}).contiguous(),
          rows.index({Slice(), Slice(half, torch::indexing::None)}).contiguous()};
}

RotaryTables EncoderImpl::rotary(int64_t length) const {
  using torch::indexing::Slice;
  TORCH_CHECK(length <= embed_positions.size(0), "window of ", length,
              " positions exceeds max_position_embeddings ", embed_positions.size(0));
  const int64_t half = embed_positions.size(1) / 2;
  auto rows = embed_positions.index({Slice(0, length)});
  return {rows.index({Slice(), Slice(0, half)}).repeat_interleave(2, -1),
          rows.index({Slice(), Slice(half, torch::indexing::None)}).repeat_interleave(2, -1)};
}

torch::Tensor EncoderImpl::forward(torch::Tensor x) {
  const auto rot = rotary(x.size(1));
  for (const auto& module : *layer) x = module->as<Layer>()->forward(x, rot);
  return x;
}

BackboneImpl::BackboneImpl(const GPNRoFormerOptions& o) {
  encoder = register_module("encoder", Encoder(o));
}

HeadTransformImpl::HeadTransformImpl(const GPNRoFormerOptions& o) {
  dense = register_module("dense", makeLinear(o.hidden_size(), o.embedding_size(),
                                              o.initialise_weights()));
  LayerNorm = register_module("LayerNorm", makeLayerNorm(o.embedding_size(), o.layer_norm_eps()));
}

torch::Tensor HeadTransformImpl::forward(const torch::Tensor& hidden) {
  return LayerNorm(torch::gelu(dense(hidden)));
}

PredictionsImpl::PredictionsImpl(const GPNRoFormerOptions& o) {
  transform = register_module("transform", HeadTransform(o));
  decoder = register_module("decoder", makeLinear(o.embedding_size(), o.vocab_size(),
                                                  o.initialise_weights()));
}

torch::Tensor PredictionsImpl::forward(const torch::Tensor& hidden) {
  return decoder(transform(hidden));
}

ClsImpl::ClsImpl(const GPNRoFormerOptions& o) {
  predictions = register_module("predictions", Predictions(o));
}

GPNRoFormerForMaskedLMImpl::GPNRoFormerForMaskedLMImpl(const GPNRoFormerOptions& o)
    : options_(o) {
  model = register_module("model", Backbone(o));
  cls = register_module("cls", Cls(o));
}

torch::Tensor GPNRoFormerForMaskedLMImpl::embed(const torch::Tensor& input_ids,
                                                const torch::Tensor& aux) const {
  // The input is a fixed one-hot layout, not a learned embedding: index
  // human_token, and 6 + 5*s + t for species s with token t; zero elsewhere.
  const int64_t B = input_ids.size(0), L = input_ids.size(1);
  // In the weights' dtype (F32, or BF16/F16 after GpnMsaModel converted them).
  const auto dtype = cls->predictions->decoder->weight.scalar_type();
  auto x = torch::zeros({B, L, options_.hidden_size()},
                        torch::TensorOptions().dtype(dtype).device(input_ids.device()));
  x.scatter_(2, input_ids.unsqueeze(-1), 1.0);
  if (aux.defined()) {
    const int64_t S = aux.size(2);
    TORCH_CHECK(S * options_.aux_features_vocab_size() == options_.n_aux_features(),
                "alignment has ", S, " species rows but the model expects ",
                options_.n_aux_features() / options_.aux_features_vocab_size());
    auto offsets = torch::arange(S, input_ids.options()) * options_.aux_features_vocab_size() +
                   options_.vocab_size();
    x.scatter_(2, aux + offsets, 1.0);
  }
  return x;
}

torch::Tensor GPNRoFormerForMaskedLMImpl::encode(const torch::Tensor& input_ids,
                                                 const torch::Tensor& aux) {
  if (useInferencePath(input_ids)) return encodeForInference(*this, input_ids, aux);
  return model->encoder(embed(input_ids, aux));
}

torch::Tensor GPNRoFormerForMaskedLMImpl::encodeRows(const torch::Tensor& input_ids,
                                                     const torch::Tensor& aux,
                                                     const torch::Tensor& window,
                                                     const torch::Tensor& position) {
  if (useInferencePath(input_ids))
    return encodeRowsForInference(*this, input_ids, aux, window, position);
  return encode(input_ids, aux).index({window, position});
}

torch::Tensor GPNRoFormerForMaskedLMImpl::head(const torch::Tensor& hidden) {
  if (useInferencePath(hidden)) return headForInference(*this, hidden);
  return cls->predictions(hidden);
}

void loadStateDict(GPNRoFormerForMaskedLM& model, std::map<std::string, torch::Tensor> tensors,
                   const std::string& source) {
  torch::NoGradGuard noGrad;
  const auto take = [&](const std::string& key, const torch::Tensor& target) {
    auto it = tensors.find(key);
    if (it == tensors.end()) throw Error(source + ": missing tensor '" + key + "'");
    if (it->second.sizes() != target.sizes())
      throw Error(source + ": tensor '" + key + "' has shape " + shapeString(it->second.sizes()) +
                  ", expected " + shapeString(target.sizes()) + " from config.json");
    // A tensor read for this parameter alone (safetensors) becomes its
    // storage; a view into a larger buffer (pytorch_model.bin) is copied.
    const torch::Tensor& source = it->second;
    const bool ownStorage = source.is_contiguous() && source.storage_offset() == 0 &&
                            source.storage().nbytes() == source.nbytes() &&
                            source.scalar_type() == target.scalar_type() &&
                            source.device() == target.device();
    if (ownStorage)
      target.set_(source);
    else
      target.copy_(source);
    tensors.erase(it);
  };

  // The decoder bias is stored twice (cls.predictions.bias is tied to it).
  const std::string decoderBias = "cls.predictions.decoder.bias";
  const std::string tiedBias = "cls.predictions.bias";
  if (auto tied = tensors.find(tiedBias); tied != tensors.end()) {
    auto dec = tensors.find(decoderBias);
    if (dec == tensors.end()) {
      tensors[decoderBias] = tied->second;
    } else if (dec->second.sizes() == tied->second.sizes() &&
               !torch::equal(dec->second, tied->second)) {
      throw Error(source + ": tensors '" + tiedBias + "' and '" + decoderBias +
                  "' should be the same (tied) vector but differ");
    }
    tensors.erase(tiedBias);
  }
  for (auto& item : model->named_parameters(/*recurse=*/true)) take(item.key(), item.value());

  // The rotary table is deterministic; use the stored copy when present.
  const std::string posKey = "model.encoder.embed_positions.weight";
  if (tensors.count(posKey)) take(posKey, model->model->encoder->embed_positions);

  if (!tensors.empty())
    throw Error(source + ": unexpected tensor '" + tensors.begin()->first +
                "' (not part of a GPNRoFormer masked LM with this config.json)");
}

namespace {

struct ExpectedShape {
  std::string key;
  std::vector<int64_t> shape;
  const char* fields;  // the config.json fields the shape comes from
};

// Mirrors the constructors above (register_module names and Linear's
// [out, in] weight layout); the sanity test loading the tiny model keeps the
// two in step, and loadStateDict still checks every key after construction.
std::vector<ExpectedShape> expectedShapes(const ModelConfig& c) {
  const int64_t H = c.hiddenSize, I = c.intermediateSize, E = c.embeddingSize, V = c.vocabSize;
  std::vector<ExpectedShape> out;
  const auto linear = [&](const std::string& prefix, int64_t in, int64_t outDim,
                          const char* fields) {
    out.push_back({prefix + ".weight", {outDim, in}, fields});
    out.push_back({prefix + ".bias", {outDim}, fields});
  };
  const auto norm = [&](const std::string& prefix, int64_t dim, const char* fields) {
    out.push_back({prefix + ".weight", {dim}, fields});
    out.push_back({prefix + ".bias", {dim}, fields});
  };
  for (int i = 0; i < c.numHiddenLayers; ++i) {
    const std::string layer = "model.encoder.layer." + std::to_string(i);
    for (const char* qkv : {"query", "key", "value"})
      linear(layer + ".attention.self." + qkv, H, H, "hidden_size");
    linear(layer + ".attention.output.dense", H, H, "hidden_size");
    norm(layer + ".attention.output.LayerNorm", H, "hidden_size");
    linear(layer + ".intermediate.dense", H, I, "hidden_size, intermediate_size");
    linear(layer + ".output.dense", I, H, "hidden_size, intermediate_size");
    norm(layer + ".output.LayerNorm", H, "hidden_size");
  }
  linear("cls.predictions.transform.dense", H, E, "hidden_size, embedding_size");
  norm("cls.predictions.transform.LayerNorm", E, "embedding_size");
  linear("cls.predictions.decoder", E, V, "embedding_size, vocab_size");
  out.push_back({"model.encoder.embed_positions.weight",
                 {c.maxPositionEmbeddings, c.headDim()},
                 "max_position_embeddings, hidden_size, num_attention_heads"});
  return out;
}

}  // namespace

void checkWeightShapes(const ModelConfig& config,
                       const std::map<std::string, torch::Tensor>& tensors,
                       const std::string& source) {
  for (const ExpectedShape& e : expectedShapes(config)) {
    auto it = tensors.find(e.key);
    // The tied copy stands in for a missing decoder bias (see loadStateDict).
    if (it == tensors.end() && e.key == "cls.predictions.decoder.bias")
      it = tensors.find("cls.predictions.bias");
    if (it == tensors.end()) {
      // The rotary table is optional: it is rebuilt from the config.
      if (e.key == "model.encoder.embed_positions.weight") continue;
      throw Error(source + ": missing tensor '" + e.key + "' (expected from config.json, which has " +
                  "num_hidden_layers " + std::to_string(config.numHiddenLayers) + ")");
    }
    if (it->second.sizes() != at::IntArrayRef(e.shape))
      throw Error(source + ": tensor '" + e.key + "' has shape " + shapeString(it->second.sizes()) +
                  ", expected " + shapeString(e.shape) + " from config.json (" + e.fields + ")");
  }
}

}  // namespace gpnmsa
