// SPDX-License-Identifier: GPL-3.0-or-later
// GPNStarForMaskedLM in libtorch. Module names mirror the checkpoint keys
// (model.source_embedding.attn_pool.value.weight,
// model.encoder.layer.{i}.attention.col_attention.embed_positions.mlp.0.weight, ...)
// so that named_parameters() *is* the list of expected keys. The forward pass
// follows the shared gpn-star-spec "Forward pass"; the clade-level shortcuts
// it lists as exact are used where they cost nothing in clarity.
#pragma once
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <map>
#include <string>

#include "gpn_roformer.h"  // DenseResidualNorm, RotaryTables
#include "gpnmsa/gpn_star_config.h"
#include "gpnmsa/phylo_inputs.h"

namespace gpnmsa {

struct GPNStarOptions {
  GPNStarOptions() = default;
  GPNStarOptions(const GpnStarConfig& c, double maxEvolDist);
  // (before the TORCH_ARGs, which leave the section private)
  int64_t heads() const { return num_attention_heads_ / 2; }                  // A
  int64_t head_dim() const { return hidden_size_ / num_attention_heads_; }    // D
  int64_t attention_width() const { return heads() * head_dim(); }            // A*D
  TORCH_ARG(int64_t, hidden_size) = 1024;
  TORCH_ARG(int64_t, embedding_size) = 768;
  TORCH_ARG(int64_t, num_hidden_layers) = 16;
  TORCH_ARG(int64_t, num_attention_heads) = 16;
  TORCH_ARG(int64_t, intermediate_size) = 4096;
  TORCH_ARG(int64_t, max_position_embeddings) = 1536;
  TORCH_ARG(int64_t, vocab_size) = 6;
  TORCH_ARG(double, layer_norm_eps) = 1e-12;
  TORCH_ARG(bool, rotary_value) = false;
  TORCH_ARG(double, max_evol_dist) = 1.0;  // max(pairwise.npy), the FIRE normaliser
};

// The clades as index tensors on the model's device, in the order the
// forward pass uses: pooled clades (>= 2 members) first, then single-species
// ones. Column attention is a softmax over clades, so the order is free; the
// distance bias and the own-clade mask follow the same order.
struct CladePlan {
  std::vector<torch::Tensor> pooledMembers;  // per pooled clade: member species [m]
  torch::Tensor singleSpecies;               // [Cs]: the species of each single-species clade
  torch::Tensor order;                       // [C]: clade index (Phylogeny::clades) at each slot
  torch::Tensor inClade;                     // [N] float64, scaled by time_enc's factor
  torch::Tensor meanDistance;                // [N, C] float64: d(t, c) per species t, plan order
  torch::Tensor ownSlot;                     // [N] int64: slot of each species' own clade
  std::vector<int> slotOfClade;              // Phylogeny clade index -> slot
  std::vector<int> cladeOf;                  // species -> Phylogeny clade index
  std::vector<std::vector<int>> clades;      // Phylogeny::clades
};
CladePlan makeCladePlan(const Phylogeny& phylogeny, double inCladeScale, const torch::Device& device);

// FIRE: f(d) = mlp(ln(c+ d + 1) / ln(c+ max_evol_dist + 1)), c+ = max(c, 0);
// one scalar per distance, shared by every head.
class FireImpl : public torch::nn::Module {
 public:
  explicit FireImpl(double maxEvolDist);
  torch::Tensor forward(const torch::Tensor& distance);  // any shape, float32 distances
  torch::Tensor c;
  torch::nn::Sequential mlp{nullptr};  // 0: Linear(1, 32), 1: SiLU, 2: Linear(32, 1), no biases

 private:
  double maxEvolDist_;
};
TORCH_MODULE(Fire);

class TargetEmbeddingImpl : public torch::nn::Module {
 public:
  explicit TargetEmbeddingImpl(const GPNStarOptions& o);
  torch::nn::Embedding input_embed{nullptr};
};
TORCH_MODULE(TargetEmbedding);

// source_embedding.attn_pool: per head a learned logit per token (no query)
// plus the species' FIRE bias, softmax over the clade's members, values per
// token, then ffn A*D -> H.
class AttentionPoolImpl : public torch::nn::Module {
 public:
  explicit AttentionPoolImpl(const GPNStarOptions& o);
  // tokens [B, L, m] of one clade's members, bias [m] -> pooled u [B, L, A*D] (before ffn).
  torch::Tensor pool(const torch::Tensor& tokens, const torch::Tensor& bias);
  torch::nn::Embedding attention_weights{nullptr}, value{nullptr};
  torch::nn::Linear ffn{nullptr};

 private:
  int64_t heads_, headDim_;
};
TORCH_MODULE(AttentionPool);

class SourceEmbeddingImpl : public torch::nn::Module {
 public:
  explicit SourceEmbeddingImpl(const GPNStarOptions& o);
  // b_s = FIRE(in_clade[s]) for every species: [N].
  torch::Tensor speciesBias(const CladePlan& plan);
  // Pooled clade vectors [B, L, Cp, H] (slots 0..Cp-1 of the plan).
  torch::Tensor pooled(const torch::Tensor& source, const CladePlan& plan);
  // Every clade vector in Phylogeny order: [B, L, C, H] (for checks; the
  // forward pass looks single-species clades up per layer instead).
  torch::Tensor all(const torch::Tensor& source, const CladePlan& plan);
  AttentionPool attn_pool{nullptr};
  torch::nn::Embedding embed{nullptr};  // a single-species clade's vector: one row per token
  Fire embed_positions{nullptr};
};
TORCH_MODULE(SourceEmbedding);

class ProjectionsImpl : public torch::nn::Module {
 public:
  explicit ProjectionsImpl(const GPNStarOptions& o);
  torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};
};
TORCH_MODULE(Projections);

// Along the window: queries and keys from target row 0, values of every row.
class RowAttentionImpl : public torch::nn::Module {
 public:
  explicit RowAttentionImpl(const GPNStarOptions& o);
  torch::Tensor forward(const torch::Tensor& x, const RotaryTables& rot);  // [B, L, T, H]
  Projections self{nullptr};
  DenseResidualNorm out{nullptr};

 private:
  int64_t heads_, headDim_;
  bool rotaryValue_;
};
TORCH_MODULE(RowAttention);

// What the column attention of every layer shares within one forward pass.
struct ColumnContext {
  torch::Tensor pooled;        // [B, L, Cp, H] pooled clade vectors
  torch::Tensor singleTokens;  // [B, L, Cs] token of each single-species clade
  torch::Tensor distance;      // [B, T, C] float32 d(t, c), plan order
  torch::Tensor mask;          // [B, T, C] lowest value at the own clade, else 0 (compute dtype)
};

// Per position: target rows attend to the clade vectors, with the FIRE bias of
// the distance and the own clade masked.
class ColumnAttentionImpl : public torch::nn::Module {
 public:
  explicit ColumnAttentionImpl(const GPNStarOptions& o);
  torch::Tensor forward(const torch::Tensor& x, const ColumnContext& ctx,
                        const torch::Tensor& singleEmbeddings);
  Projections self{nullptr};
  DenseResidualNorm out{nullptr};
  Fire embed_positions{nullptr};

 private:
  int64_t heads_, headDim_;
};
TORCH_MODULE(ColumnAttention);

class AxialAttentionImpl : public torch::nn::Module {
 public:
  explicit AxialAttentionImpl(const GPNStarOptions& o);
  RowAttention row_attention{nullptr};
  ColumnAttention col_attention{nullptr};
};
TORCH_MODULE(AxialAttention);

class StarIntermediateImpl : public torch::nn::Module {
 public:
  explicit StarIntermediateImpl(const GPNStarOptions& o);
  torch::nn::Linear dense{nullptr};
};
TORCH_MODULE(StarIntermediate);

class StarLayerImpl : public torch::nn::Module {
 public:
  explicit StarLayerImpl(const GPNStarOptions& o);
  torch::Tensor forward(const torch::Tensor& x, const RotaryTables& rot, const ColumnContext& ctx,
                        const torch::Tensor& singleEmbeddings);
  AxialAttention attention{nullptr};
  StarIntermediate intermediate{nullptr};
  DenseResidualNorm output{nullptr};
};
TORCH_MODULE(StarLayer);

class StarEncoderImpl : public torch::nn::Module {
 public:
  explicit StarEncoderImpl(const GPNStarOptions& o);
  RotaryTables rotary(int64_t length) const;
  torch::nn::ModuleList layer{nullptr};
  // [max_position_embeddings, D]: used verbatim as "sin" | "cos" halves.
  torch::Tensor embed_positions;
};
TORCH_MODULE(StarEncoder);

class StarBackboneImpl : public torch::nn::Module {
 public:
  explicit StarBackboneImpl(const GPNStarOptions& o);
  TargetEmbedding target_embedding{nullptr};
  SourceEmbedding source_embedding{nullptr};
  StarEncoder encoder{nullptr};
};
TORCH_MODULE(StarBackbone);

// cls.predictions: dense H -> E, GELU, LayerNorm(E), decoder E -> vocab, + bias.
class StarHeadTransformImpl : public torch::nn::Module {
 public:
  explicit StarHeadTransformImpl(const GPNStarOptions& o);
  torch::nn::Linear dense{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(StarHeadTransform);

class StarPredictionsImpl : public torch::nn::Module {
 public:
  explicit StarPredictionsImpl(const GPNStarOptions& o);
  torch::Tensor forward(const torch::Tensor& hidden);
  StarHeadTransform transform{nullptr};
  torch::nn::Linear decoder{nullptr};  // no bias of its own: cls.predictions.bias
  torch::Tensor bias;
};
TORCH_MODULE(StarPredictions);

class StarClsImpl : public torch::nn::Module {
 public:
  explicit StarClsImpl(const GPNStarOptions& o);
  StarPredictions predictions{nullptr};
};
TORCH_MODULE(StarCls);

class GPNStarForMaskedLMImpl : public torch::nn::Module {
 public:
  explicit GPNStarForMaskedLMImpl(const GPNStarOptions& o);
  // targets [B, L, T] and source [B, L, N] int64 tokens 0..5, targetSpecies
  // [B, T] int64 -> last hidden state [B, L, T, H].
  torch::Tensor encode(const torch::Tensor& targets, const torch::Tensor& source,
                       const torch::Tensor& targetSpecies, const CladePlan& plan);
  torch::Tensor head(const torch::Tensor& hidden) { return cls->predictions(hidden); }
  // The column bias inputs for targetSpecies [B, T]: d(t, c) float32 and the own-clade mask.
  ColumnContext columnInputs(const torch::Tensor& targetSpecies, const CladePlan& plan,
                             torch::ScalarType computeType) const;
  const GPNStarOptions& options() const { return options_; }
  StarBackbone model{nullptr};
  StarCls cls{nullptr};

 private:
  GPNStarOptions options_;
};
TORCH_MODULE(GPNStarForMaskedLM);

// The key names and shapes a checkpoint for `config` must hold (the rotary
// table is optional, the head bias under either of its names).
void checkStarWeightShapes(const GpnStarConfig& config,
                           const std::map<std::string, torch::Tensor>& tensors,
                           const std::string& source);
// Copies the tensors into the module; throws gpnmsa::Error naming the key and
// `source` for a missing, mis-shaped or unexpected tensor, or two head biases
// that differ. Returns whether the checkpoint held the rotary table.
bool loadStarStateDict(GPNStarForMaskedLM& model, std::map<std::string, torch::Tensor> tensors,
                       const std::string& source);
// RoFormer's sinusoid table [positions, dim] (sin | cos halves), float64 angles stored as F32.
torch::Tensor starSinusoidTable(int64_t positions, int64_t dim);

}  // namespace gpnmsa
