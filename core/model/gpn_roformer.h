// SPDX-License-Identifier: GPL-3.0-or-later
// GPNRoFormerForMaskedLM in libtorch, module names mirroring the checkpoint
// keys (model.encoder.layer.{i}.attention.self.query.weight, cls.predictions...)
// so that named_parameters() *is* the list of expected keys.
#pragma once
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <map>
#include <string>

#include "gpnmsa/model_config.h"
#include "roformer_inference.h"

namespace gpnmsa {

struct GPNRoFormerOptions {
  GPNRoFormerOptions() = default;
  explicit GPNRoFormerOptions(const ModelConfig& c);
  TORCH_ARG(int64_t, hidden_size) = 768;
  TORCH_ARG(int64_t, embedding_size) = 768;
  TORCH_ARG(int64_t, num_hidden_layers) = 12;
  TORCH_ARG(int64_t, num_attention_heads) = 12;
  TORCH_ARG(int64_t, intermediate_size) = 3072;
  TORCH_ARG(int64_t, max_position_embeddings) = 1536;
  TORCH_ARG(int64_t, vocab_size) = 6;
  TORCH_ARG(int64_t, n_aux_features) = 445;
  TORCH_ARG(int64_t, aux_features_vocab_size) = 5;
  TORCH_ARG(double, layer_norm_eps) = 1e-12;
  TORCH_ARG(bool, rotary_value) = false;
  // False for a model whose weights a checkpoint replaces at once: its
  // linear layers get uninitialised memory instead of nn::Linear's random
  // draw (one serial stream, ~0.3 s for the released model's 86M weights).
  TORCH_ARG(bool, initialise_weights) = true;
};

// Rotary tables for positions 0..L-1, each [L, head_dim] with every angle
// repeated for its interleaved pair (x_2j, x_2j+1).
struct RotaryTables {
  torch::Tensor sin, cos;
};

class SelfAttentionImpl : public torch::nn::Module {
 public:
  explicit SelfAttentionImpl(const GPNRoFormerOptions& o);
  torch::Tensor forward(const torch::Tensor& x, const RotaryTables& rot);
  torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};
  bool rotaryValue() const { return rotaryValue_; }
  FusedQkv fused;  // the inference path's stacked query/key/value weights

 private:
  int64_t heads_, headDim_;
  bool rotaryValue_;
};
TORCH_MODULE(SelfAttention);

// dense + residual + LayerNorm, used after attention and after the feed-forward.
class DenseResidualNormImpl : public torch::nn::Module {
 public:
  DenseResidualNormImpl(int64_t in, int64_t out, double eps, bool initialise = true);
  torch::Tensor forward(const torch::Tensor& h, const torch::Tensor& residual);
  torch::nn::Linear dense{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(DenseResidualNorm);

class AttentionImpl : public torch::nn::Module {
 public:
  explicit AttentionImpl(const GPNRoFormerOptions& o);
  torch::Tensor forward(const torch::Tensor& x, const RotaryTables& rot);
  SelfAttention self{nullptr};
  DenseResidualNorm output{nullptr};
};
TORCH_MODULE(Attention);

class IntermediateImpl : public torch::nn::Module {
 public:
  explicit IntermediateImpl(const GPNRoFormerOptions& o);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Linear dense{nullptr};
};
TORCH_MODULE(Intermediate);

class LayerImpl : public torch::nn::Module {
 public:
  explicit LayerImpl(const GPNRoFormerOptions& o);
  torch::Tensor forward(const torch::Tensor& x, const RotaryTables& rot);
  Attention attention{nullptr};
  Intermediate intermediate{nullptr};
  DenseResidualNorm output{nullptr};
};
TORCH_MODULE(Layer);

class EncoderImpl : public torch::nn::Module {
 public:
  explicit EncoderImpl(const GPNRoFormerOptions& o);
  torch::Tensor forward(torch::Tensor x);
  RotaryTables rotary(int64_t length) const;
  // F32 [L, head_dim / 2] sines and cosines, one per interleaved pair.
  RotaryTables rotaryHalves(int64_t length) const;
  torch::nn::ModuleList layer{nullptr};
  // [max_position_embeddings, head_dim]: sines in the first half, cosines in the second.
  torch::Tensor embed_positions;
};
TORCH_MODULE(Encoder);

class BackboneImpl : public torch::nn::Module {
 public:
  explicit BackboneImpl(const GPNRoFormerOptions& o);
  Encoder encoder{nullptr};
};
TORCH_MODULE(Backbone);

// cls.predictions.transform: dense -> GELU -> LayerNorm.
class HeadTransformImpl : public torch::nn::Module {
 public:
  explicit HeadTransformImpl(const GPNRoFormerOptions& o);
  torch::Tensor forward(const torch::Tensor& hidden);
  torch::nn::Linear dense{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(HeadTransform);

// cls.predictions: transform, then decoder embedding_size -> vocab with bias.
class PredictionsImpl : public torch::nn::Module {
 public:
  explicit PredictionsImpl(const GPNRoFormerOptions& o);
  torch::Tensor forward(const torch::Tensor& hidden);
  HeadTransform transform{nullptr};
  torch::nn::Linear decoder{nullptr};
};
TORCH_MODULE(Predictions);

class ClsImpl : public torch::nn::Module {
 public:
  explicit ClsImpl(const GPNRoFormerOptions& o);
  Predictions predictions{nullptr};
};
TORCH_MODULE(Cls);

class GPNRoFormerForMaskedLMImpl : public torch::nn::Module {
 public:
  explicit GPNRoFormerForMaskedLMImpl(const GPNRoFormerOptions& o);
  // input_ids [B, L] (0..5); aux [B, L, S] (0..4) or undefined -> [B, L, hidden].
  torch::Tensor embed(const torch::Tensor& input_ids, const torch::Tensor& aux) const;
  torch::Tensor encode(const torch::Tensor& input_ids, const torch::Tensor& aux);
  // encode() at asked rows only (window[r], position[r]; int64 [R]) -> [R, H];
  // on the inference path the last layer runs for those rows alone.
  torch::Tensor encodeRows(const torch::Tensor& input_ids, const torch::Tensor& aux,
                           const torch::Tensor& window, const torch::Tensor& position);
  torch::Tensor head(const torch::Tensor& hidden);
  const GPNRoFormerOptions& options() const { return options_; }
  Backbone model{nullptr};
  Cls cls{nullptr};

 private:
  GPNRoFormerOptions options_;
};
TORCH_MODULE(GPNRoFormerForMaskedLM);

// Copies checkpoint tensors into the module, checking that every expected key
// is present with the right shape and that no unexpected key remains.
// Throws gpnmsa::Error naming the key and the file.
void loadStateDict(GPNRoFormerForMaskedLM& model,
                   std::map<std::string, torch::Tensor> tensors, const std::string& source);

// The parameter shapes a GPNRoFormerForMaskedLM built from `config` would
// have, computed without building it, so that a config.json disagreeing with
// its weights is refused before the module allocates anything. Throws
// gpnmsa::Error naming `source`, the tensor and the config.json fields.
void checkWeightShapes(const ModelConfig& config,
                       const std::map<std::string, torch::Tensor>& tensors,
                       const std::string& source);

}  // namespace gpnmsa
