// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpn_star.h"

#include <torch/torch.h>

#include <cmath>
#include <limits>

#include "gpnmsa/error.h"

namespace gpnmsa {

GPNStarOptions::GPNStarOptions(const GpnStarConfig& c, double maxEvolDist)
    : hidden_size_(c.hiddenSize),
      embedding_size_(c.embeddingSize),
      num_hidden_layers_(c.numHiddenLayers),
      num_attention_heads_(c.numAttentionHeads),
      intermediate_size_(c.intermediateSize),
      max_position_embeddings_(c.maxPositionEmbeddings),
      vocab_size_(c.vocabSize),
      layer_norm_eps_(c.layerNormEps),
      rotary_value_(c.rotaryValue),
      max_evol_dist_(maxEvolDist) {}

namespace {

torch::nn::Linear linear(int64_t in, int64_t out, bool bias = true) {
  return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(bias));
}

// RoFormer's interleaved-pair rotation over the last dimension; the tables
// [L, D] broadcast over the leading ones, L being the second-to-last.
torch::Tensor applyRotary(const torch::Tensor& x, const RotaryTables& rot) {
  using torch::indexing::Slice;
  auto even = x.index({"...", Slice(0, torch::indexing::None, 2)});
  auto odd = x.index({"...", Slice(1, torch::indexing::None, 2)});
  auto rotated = torch::stack({-odd, even}, -1).reshape_as(x);
  return x * rot.cos + rotated * rot.sin;
}

}  // namespace

torch::Tensor starSinusoidTable(int64_t positions, int64_t dim) {
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

CladePlan makeCladePlan(const Phylogeny& phylo, double inCladeScale, const torch::Device& device) {
  CladePlan plan;
  plan.clades = phylo.clades;
  plan.cladeOf = phylo.cladeOf;
  const int64_t n = phylo.speciesCount, c = int64_t(phylo.clades.size());
  std::vector<int64_t> order, singles;
  for (size_t k = 0; k < phylo.clades.size(); ++k) {
    const auto& members = phylo.clades[k];
    if (members.size() < 2) continue;
    order.push_back(int64_t(k));
    std::vector<int64_t> m(members.begin(), members.end());
    plan.pooledMembers.push_back(torch::tensor(m, torch::kInt64).to(device));
  }
  for (size_t k = 0; k < phylo.clades.size(); ++k) {
    if (phylo.clades[k].size() != 1) continue;
    order.push_back(int64_t(k));
    singles.push_back(phylo.clades[k][0]);
  }
  plan.slotOfClade.assign(size_t(c), 0);
  for (size_t slot = 0; slot < order.size(); ++slot) plan.slotOfClade[size_t(order[slot])] = int(slot);
  plan.order = torch::tensor(order, torch::kInt64).to(device);
  plan.singleSpecies = torch::tensor(singles, torch::kInt64).to(device);
  plan.inClade = (torch::tensor(phylo.inClade, torch::kFloat64) * inCladeScale).to(device);

  // d(t, c) in float64, as the reference computes it, for every possible target.
  auto mean = torch::empty({n, c}, torch::kFloat64);
  auto own = torch::empty({n}, torch::kInt64);
  for (int64_t t = 0; t < n; ++t) {
    const auto d = phylo.meanDistanceToClades(int(t));
    for (int64_t k = 0; k < c; ++k) mean[t][plan.slotOfClade[size_t(k)]] = d[size_t(k)];
    own[t] = plan.slotOfClade[size_t(phylo.cladeOf[size_t(t)])];
  }
  plan.meanDistance = mean.to(device);
  plan.ownSlot = own.to(device);
  return plan;
}

FireImpl::FireImpl(double maxEvolDist) : maxEvolDist_(maxEvolDist) {
  c = register_parameter("c", torch::tensor(100.0f));
  mlp = register_module("mlp", torch::nn::Sequential(linear(1, 32, false), torch::nn::SiLU(),
                                                     linear(32, 1, false)));
}

torch::Tensor FireImpl::forward(const torch::Tensor& distance) {
  // In float32 whatever the model's precision: 17 small evaluations per pass,
  // and the log ratio loses too much in 8-bit mantissas.
  auto cPlus = torch::clamp_min(c.to(torch::kFloat32), 0);
  auto d = distance.to(torch::kFloat32);
  auto r = torch::log(cPlus * d + 1) / torch::log(cPlus * maxEvolDist_ + 1);
  auto w1 = mlp[0]->as<torch::nn::Linear>()->weight.to(torch::kFloat32);  // [32, 1]
  auto w2 = mlp[2]->as<torch::nn::Linear>()->weight.to(torch::kFloat32);  // [1, 32]
  auto hidden = torch::silu(torch::matmul(r.unsqueeze(-1), w1.t()));
  return torch::matmul(hidden, w2.t()).squeeze(-1);
}

TargetEmbeddingImpl::TargetEmbeddingImpl(const GPNStarOptions& o) {
  input_embed = register_module("input_embed", torch::nn::Embedding(o.vocab_size(), o.hidden_size()));
}

AttentionPoolImpl::AttentionPoolImpl(const GPNStarOptions& o)
    : heads_(o.heads()), headDim_(o.head_dim()) {
  attention_weights = register_module("attention_weights", torch::nn::Embedding(o.vocab_size(), o.heads()));
  value = register_module("value", torch::nn::Embedding(o.vocab_size(), o.attention_width()));
  ffn = register_module("ffn", linear(o.attention_width(), o.hidden_size()));
}

torch::Tensor AttentionPoolImpl::pool(const torch::Tensor& tokens, const torch::Tensor& bias) {
  const int64_t B = tokens.size(0), L = tokens.size(1), m = tokens.size(2);
  auto logits = attention_weights->forward(tokens) + bias.to(attention_weights->weight.scalar_type()).view({1, 1, m, 1});
  auto p = torch::softmax(logits, 2);                                        // [B, L, m, A]
  auto v = value->forward(tokens).view({B, L, m, heads_, headDim_});          // [B, L, m, A, D]
  return (p.unsqueeze(-1) * v).sum(2).reshape({B, L, heads_ * headDim_});
}

SourceEmbeddingImpl::SourceEmbeddingImpl(const GPNStarOptions& o) {
  attn_pool = register_module("attn_pool", AttentionPool(o));
  embed = register_module("embed", torch::nn::Embedding(o.vocab_size(), o.hidden_size()));
  embed_positions = register_module("embed_positions", Fire(o.max_evol_dist()));
}

torch::Tensor SourceEmbeddingImpl::speciesBias(const CladePlan& plan) {
  return embed_positions(plan.inClade.to(torch::kFloat32));
}

torch::Tensor SourceEmbeddingImpl::pooled(const torch::Tensor& source, const CladePlan& plan) {
  const int64_t B = source.size(0), L = source.size(1);
  const auto dtype = attn_pool->ffn->weight.scalar_type();
  if (plan.pooledMembers.empty())
    return torch::empty({B, L, 0, attn_pool->ffn->weight.size(0)}, source.options().dtype(dtype));
  auto bias = speciesBias(plan);
  std::vector<torch::Tensor> parts;
  parts.reserve(plan.pooledMembers.size());
  for (const auto& members : plan.pooledMembers)
    parts.push_back(attn_pool->pool(source.index_select(2, members), bias.index_select(0, members)));
  return attn_pool->ffn(torch::stack(parts, 2));  // [B, L, Cp, H]
}

torch::Tensor SourceEmbeddingImpl::all(const torch::Tensor& source, const CladePlan& plan) {
  auto singles = embed(source.index_select(2, plan.singleSpecies));  // [B, L, Cs, H]
  auto bySlot = torch::cat({pooled(source, plan), singles}, 2);       // plan order
  // Slot -> Phylogeny order: scatter the slots back to their clade indices.
  return torch::empty_like(bySlot).index_copy_(2, plan.order, bySlot);
}

ProjectionsImpl::ProjectionsImpl(const GPNStarOptions& o) {
  query = register_module("query", linear(o.hidden_size(), o.attention_width()));
  key = register_module("key", linear(o.hidden_size(), o.attention_width()));
  value = register_module("value", linear(o.hidden_size(), o.attention_width()));
}

RowAttentionImpl::RowAttentionImpl(const GPNStarOptions& o)
    : heads_(o.heads()), headDim_(o.head_dim()), rotaryValue_(o.rotary_value()) {
  self = register_module("self", Projections(o));
  out = register_module("out", DenseResidualNorm(o.attention_width(), o.hidden_size(), o.layer_norm_eps()));
}

torch::Tensor RowAttentionImpl::forward(const torch::Tensor& x, const RotaryTables& rot) {
  const int64_t B = x.size(0), L = x.size(1), T = x.size(2);
  auto h0 = x.select(2, 0);  // queries and keys come from target row 0 only
  auto heads = [&](const torch::Tensor& t) { return t.view({B, L, heads_, headDim_}).transpose(1, 2); };
  auto q = applyRotary(heads(self->query(h0)), rot);  // [B, A, L, D]
  auto k = applyRotary(heads(self->key(h0)), rot);
  auto v = self->value(x).view({B, L, T, heads_, headDim_}).permute({0, 2, 3, 1, 4});  // [B, T, A, L, D]
  if (rotaryValue_) v = applyRotary(v, rot);
  auto probs = torch::softmax(torch::matmul(q, k.transpose(-1, -2)) / std::sqrt(double(headDim_)), -1);
  auto context = torch::matmul(probs.unsqueeze(1), v);  // [B, T, A, L, D]
  return out(context.permute({0, 3, 1, 2, 4}).reshape({B, L, T, heads_ * headDim_}), x);
}

ColumnAttentionImpl::ColumnAttentionImpl(const GPNStarOptions& o)
    : heads_(o.heads()), headDim_(o.head_dim()) {
  self = register_module("self", Projections(o));
  out = register_module("out", DenseResidualNorm(o.attention_width(), o.hidden_size(), o.layer_norm_eps()));
  embed_positions = register_module("embed_positions", Fire(o.max_evol_dist()));
}

torch::Tensor ColumnAttentionImpl::forward(const torch::Tensor& x, const ColumnContext& ctx,
                                           const torch::Tensor& singleEmbeddings) {
  const int64_t B = x.size(0), L = x.size(1), T = x.size(2), A = heads_, D = headDim_;
  const int64_t Cp = ctx.pooled.size(2), Cs = ctx.singleTokens.size(2);
  // Clades in plan order: pooled ones first, then single-species ones.
  auto q = self->query(x).view({B, L, T, A, D});
  auto kp = self->key(ctx.pooled).view({B, L, Cp, A, D});
  auto vp = self->value(ctx.pooled).view({B, L, Cp, A, D});
  // A single-species clade's vector is one of the 6 rows of
  // source_embedding.embed, so its key and value are one of 6 projected rows:
  // its score is looked up among 6 per head, and its share of the context is
  // its probability added to its token's bin (exact; no [B, L, Cs, A*D] tensor).
  auto k6 = self->key(singleEmbeddings).view({-1, A, D});    // [6, A, D]
  auto v6 = self->value(singleEmbeddings).view({-1, A, D});
  auto tokens = ctx.singleTokens.view({B, L, 1, 1, Cs}).expand({B, L, T, A, Cs});
  auto scoresSingle = torch::einsum("bltad,ead->bltae", {q, k6}).gather(-1, tokens);
  auto scoresPooled = torch::einsum("bltad,blcad->bltac", {q, kp});
  auto bias = (embed_positions(ctx.distance).to(ctx.mask.scalar_type()) + ctx.mask)  // [B, T, C]
                  .view({B, 1, T, 1, Cp + Cs});
  auto scores = torch::cat({scoresPooled, scoresSingle}, -1) / std::sqrt(double(D)) + bias;
  auto probs = torch::softmax(scores, -1);  // [B, L, T, A, C]
  using torch::indexing::Slice;
  auto bins = torch::zeros({B, L, T, A, k6.size(0)}, probs.options())
                  .scatter_add_(-1, tokens, probs.index({"...", Slice(Cp, torch::indexing::None)}));
  auto context = torch::einsum("bltac,blcad->bltad", {probs.index({"...", Slice(0, Cp)}), vp}) +
                 torch::einsum("bltae,ead->bltad", {bins, v6});
  return out(context.reshape({B, L, T, A * D}), x);
}

AxialAttentionImpl::AxialAttentionImpl(const GPNStarOptions& o) {
  row_attention = register_module("row_attention", RowAttention(o));
  col_attention = register_module("col_attention", ColumnAttention(o));
}

StarIntermediateImpl::StarIntermediateImpl(const GPNStarOptions& o) {
  dense = register_module("dense", linear(o.hidden_size(), o.intermediate_size()));
}

StarLayerImpl::StarLayerImpl(const GPNStarOptions& o) {
  attention = register_module("attention", AxialAttention(o));
  intermediate = register_module("intermediate", StarIntermediate(o));
  output = register_module("output", DenseResidualNorm(o.intermediate_size(), o.hidden_size(), o.layer_norm_eps()));
}

torch::Tensor StarLayerImpl::forward(const torch::Tensor& x, const RotaryTables& rot,
                                     const ColumnContext& ctx, const torch::Tensor& singleEmbeddings) {
  auto h = attention->row_attention(x, rot);
  h = attention->col_attention(h, ctx, singleEmbeddings);
  return output(torch::gelu(intermediate->dense(h)), h);  // exact erf GELU
}

StarEncoderImpl::StarEncoderImpl(const GPNStarOptions& o) {
  layer = register_module("layer", torch::nn::ModuleList());
  for (int64_t i = 0; i < o.num_hidden_layers(); ++i) layer->push_back(StarLayer(o));
  embed_positions = register_buffer("embed_positions_weight",
                                    starSinusoidTable(o.max_position_embeddings(), o.head_dim()));
}

RotaryTables StarEncoderImpl::rotary(int64_t length) const {
  using torch::indexing::Slice;
  TORCH_CHECK(length <= embed_positions.size(0), "window of ", length,
              " positions exceeds max_position_embeddings ", embed_positions.size(0));
  const int64_t half = embed_positions.size(1) / 2;
  auto rows = embed_positions.index({Slice(0, length)});
  return {rows.index({Slice(), Slice(0, half)}).repeat_interleave(2, -1),
          rows.index({Slice(), Slice(half, torch::indexing::None)}).repeat_interleave(2, -1)};
}

StarBackboneImpl::StarBackboneImpl(const GPNStarOptions& o) {
  target_embedding = register_module("target_embedding", TargetEmbedding(o));
  source_embedding = register_module("source_embedding", SourceEmbedding(o));
  encoder = register_module("encoder", StarEncoder(o));
}

StarHeadTransformImpl::StarHeadTransformImpl(const GPNStarOptions& o) {
  dense = register_module("dense", linear(o.hidden_size(), o.embedding_size()));
  LayerNorm = register_module(
      "LayerNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({o.embedding_size()}).eps(o.layer_norm_eps())));
}

StarPredictionsImpl::StarPredictionsImpl(const GPNStarOptions& o) {
  transform = register_module("transform", StarHeadTransform(o));
  decoder = register_module("decoder", linear(o.embedding_size(), o.vocab_size(), false));
  bias = register_parameter("bias", torch::zeros({o.vocab_size()}));
}

torch::Tensor StarPredictionsImpl::forward(const torch::Tensor& hidden) {
  auto t = transform->LayerNorm(torch::gelu(transform->dense(hidden)));
  return decoder(t) + bias;
}

StarClsImpl::StarClsImpl(const GPNStarOptions& o) {
  predictions = register_module("predictions", StarPredictions(o));
}

GPNStarForMaskedLMImpl::GPNStarForMaskedLMImpl(const GPNStarOptions& o) : options_(o) {
  model = register_module("model", StarBackbone(o));
  cls = register_module("cls", StarCls(o));
}

ColumnContext GPNStarForMaskedLMImpl::columnInputs(const torch::Tensor& targetSpecies,
                                                   const CladePlan& plan,
                                                   torch::ScalarType computeType) const {
  ColumnContext ctx;
  const int64_t B = targetSpecies.size(0), T = targetSpecies.size(1);
  const auto flatTargets = targetSpecies.reshape(-1);
  ctx.distance = plan.meanDistance.index_select(0, flatTargets).view({B, T, -1}).to(torch::kFloat32);
  const int64_t C = ctx.distance.size(2);
  auto own = plan.ownSlot.index_select(0, flatTargets).view({B, T, 1});
  auto isOwn = torch::arange(C, own.options()).view({1, 1, C}) == own;
  // The dtype's most negative finite value, as the reference's finfo(dtype).min.
  const double lowest = computeType == torch::kFloat16    ? -65504.0
                        : computeType == torch::kBFloat16 ? -3.3895313892515355e38
                                                          : double(std::numeric_limits<float>::lowest());
  ctx.mask = torch::zeros({B, T, C}, targetSpecies.options().dtype(computeType)).masked_fill(isOwn, lowest);
  return ctx;
}

torch::Tensor GPNStarForMaskedLMImpl::encode(const torch::Tensor& targets, const torch::Tensor& source,
                                             const torch::Tensor& targetSpecies, const CladePlan& plan) {
  const auto computeType = cls->predictions->decoder->weight.scalar_type();
  auto x = model->target_embedding->input_embed(targets);  // [B, L, T, H]: no positions, no norm
  ColumnContext ctx = columnInputs(targetSpecies, plan, computeType);
  ctx.pooled = model->source_embedding->pooled(source, plan);
  ctx.singleTokens = source.index_select(2, plan.singleSpecies);
  auto rot = model->encoder->rotary(targets.size(1));
  rot.sin = rot.sin.to(computeType);
  rot.cos = rot.cos.to(computeType);
  const auto& singleEmbeddings = model->source_embedding->embed->weight;
  for (const auto& module : *model->encoder->layer)
    x = module->as<StarLayer>()->forward(x, rot, ctx, singleEmbeddings);
  return x;
}

}  // namespace gpnmsa
