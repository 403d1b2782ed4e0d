// SPDX-License-Identifier: GPL-3.0-or-later
// What the fast path does differently from the modules' forward(), and why
// (profiles of the released 768x12 shape at batch 8 and 32, README
// "Performance"):
// - The first layer's input is one-hot (1 human + S species tokens per
//   position), so its query/key/value products are sums of S+1 weight
//   columns: gathered and added (exact in F32 up to summation order) instead
//   of a dense [N, H] x [H, 3H] product that multiplies mostly zeros.
// - Query, key and value come from one GEMM with the three weights stacked.
// - One pass turns that GEMM's [N, 3H] rows into the [B, heads, L, d] blocks
//   the attention products want, applying the rotary rotation and the
//   1/sqrt(d) scale on the way (the reference's stack/reshape/multiply/add
//   sequence makes six passes over q and k each).
// - Linear layers, attention's batched products and the prediction head run
//   on oneDNN (onednn_matmul.h) where the build has it: bias, GELU and the
//   residual addition fused into the products, the context written in
//   place, and a window's logits independent of its batch to the last bit
//   (libtorch's BLAS path took other kernels for 1, 2-3 and 4+ head rows).
//   Without oneDNN, residual additions and GELU run in place on the outputs.
// - BF16 LayerNorm through F32 (libtorch 1.13's BF16 kernel is scalar).
// All of this is inference-only (raw loops have no autograd); training and
// CUDA keep the modules' forward().
#include "roformer_inference.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "bf16_gelu.h"
#include "gpn_roformer.h"
#include "onednn_matmul.h"
#include "rotary_split.h"

namespace gpnmsa {

namespace {

// Identity of the tensors a cache was built from: storage, in-place
// updates (an optimiser step bumps _version) and dtype (module->to()).
void appendKey(std::vector<int64_t>* key, const torch::Tensor& t) {
  key->push_back(reinterpret_cast<intptr_t>(t.data_ptr()));
  key->push_back(t._version());
  key->push_back(int64_t(t.scalar_type()));
}

using rotary::HeadLayout;

// Rows of the one-hot input as index lists: [N, 1 + S] (human token, then
// 6 + 5*s + t per species), the same layout embed() scatters ones into.
torch::Tensor oneHotIndices(const GPNRoFormerOptions& o, const torch::Tensor& ids,
                            const torch::Tensor& aux) {
  auto human = ids.unsqueeze(-1);
  if (!aux.defined()) return human.reshape({-1, 1}).contiguous();
  const int64_t S = aux.size(2);
  auto offsets = torch::arange(S, ids.options()) * o.aux_features_vocab_size() + o.vocab_size();
  return torch::cat({human, aux + offsets}, -1).reshape({-1, 1 + S}).contiguous();
}

// bias + sum of the columns named by each row of `indices`: the product of a
// one-hot row with the weight, without multiplying the zeros. An embedding
// bag in sum mode is exactly that, in ATen's vectorised kernel (a hand loop
// here compiled to scalar SSE: 11% of a bf16 profile). F32 sums (bf16
// weights convert exactly), rounded to `dtype` once at the end.
torch::Tensor gatherColumns(const torch::Tensor& columnsF32, const torch::Tensor& bias,
                            const torch::Tensor& indices, torch::ScalarType dtype) {
  const int64_t N = indices.size(0), K = indices.size(1);
  const auto offsets = torch::arange(0, N * K, K, indices.options());
  auto sums = std::get<0>(at::embedding_bag(columnsF32, indices.reshape({-1}), offsets,
                                            /*scale_grad_by_freq=*/false, /*mode sum*/ 0));
  sums.add_(bias.to(torch::kFloat32));
  return sums.to(dtype);
}

// x·Wᵀ + b (then GELU, or + residual): fused on oneDNN where it serves the
// dtype, else libtorch's addmm and in-place element-wise passes.
torch::Tensor project(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                     onednn::Epilogue epilogue = onednn::Epilogue::Bias,
                     const torch::Tensor& residual = {}) {
  if (onednn::available(x.scalar_type())) {
    if (epilogue == onednn::Epilogue::BiasGelu && x.scalar_type() == torch::kBFloat16) {
      // BF16 GELU by table, after the product (bf16_gelu.h: the fused erf
      // epilogue slowed the product ~1.5x).
      auto y = onednn::linear(x, weight, bias, onednn::Epilogue::Bias);
      RECORD_FUNCTION("gpnmsa::bf16_gelu", std::vector<c10::IValue>());  // named in profiles
      bf16gelu::apply(y.data_ptr<c10::BFloat16>(), y.numel());
      return y;
    }
    return onednn::linear(x, weight, bias, epilogue, residual);
  }
  auto y = torch::addmm(bias, x, weight.t());
  if (epilogue == onednn::Epilogue::BiasGelu) at::gelu_(y);  // exact erf form, as hidden_act "gelu"
  if (epilogue == onednn::Epilogue::BiasResidual) y.add_(residual);
  return y;
}

torch::Tensor layerNorm(const torch::Tensor& y, const torch::nn::LayerNorm& norm) {
  const auto& o = norm->options;
  if (y.scalar_type() == torch::kBFloat16 && onednn::available(y.scalar_type())) {
    // libtorch 1.13's bf16 LayerNorm runs scalar conversions per element
    // (24% of a bf16 forward pass); oneDNN's keeps bf16 in memory and F32
    // inside, as libtorch's arithmetic was, rounding once.
    auto out = y.contiguous();
    onednn::layerNormLastDim(out, norm->weight.to(torch::kFloat32).contiguous(),
                             norm->bias.to(torch::kFloat32).contiguous(), float(o.eps()));
    return out;
  }
  if (y.scalar_type() == torch::kBFloat16) {
    // Without oneDNN: through F32, two vectorised conversions and the F32
    // kernel, rounded to bf16 once.
    return torch::layer_norm(y.to(torch::kFloat32), o.normalized_shape(),
                             norm->weight.to(torch::kFloat32), norm->bias.to(torch::kFloat32),
                             o.eps())
        .to(torch::kBFloat16);
  }
  return torch::layer_norm(y, o.normalized_shape(), norm->weight, norm->bias, o.eps());
}

// LayerNorm(dense(h) + residual).
torch::Tensor denseResidualNorm(DenseResidualNormImpl& m, const torch::Tensor& h,
                                const torch::Tensor& residual) {
  return layerNorm(project(h, m.dense->weight, m.dense->bias, onednn::Epilogue::BiasResidual, residual),
                   m.LayerNorm);
}

struct HeadBlocks {
  torch::Tensor q, k, v;  // [B, heads, L, d] each
};

// The fused product's [N, 3H] rows into [B, heads, L, d] blocks of q, k and
// v, rotated and scaled (rotary_split.h). v is copied into blocks even when
// it needs no rotation: read in place through the qkv rows' strides, oneDNN
// 2.6 runs the context product on its generic GEMM instead of the AMX /
// AVX-512 batched kernel, 1.9x (bf16) and 1.4x (F32) slower than the copy
// plus the fast product.
HeadBlocks splitHeads(SelfAttentionImpl& att, const torch::Tensor& qkv, const HeadLayout& s,
                      const torch::Tensor& sin, const torch::Tensor& cos) {
  HeadBlocks h;
  h.q = torch::empty({s.batch, s.heads, s.length, s.headDim}, qkv.options());
  h.k = torch::empty_like(h.q);
  h.v = torch::empty_like(h.q);
  RECORD_FUNCTION("gpnmsa::splitRotate", std::vector<c10::IValue>());  // named in profiles
  auto run = [&](auto* type) {
    using T = std::remove_pointer_t<decltype(type)>;
    rotary::splitRotate(qkv.data_ptr<T>(), h.q.data_ptr<T>(), h.k.data_ptr<T>(),
                        h.v.data_ptr<T>(), sin.data_ptr<float>(),
                        cos.data_ptr<float>(), s, att.rotaryValue());
  };
  switch (qkv.scalar_type()) {
    case torch::kFloat32: run(static_cast<float*>(nullptr)); break;
    case torch::kBFloat16: run(static_cast<c10::BFloat16*>(nullptr)); break;
    case torch::kHalf: run(static_cast<c10::Half*>(nullptr)); break;
    default: TORCH_CHECK(false, "inference path: F32, BF16 or F16 activations, not ", qkv.scalar_type());
  }
  return h;
}

torch::Tensor selfAttention(SelfAttentionImpl& att, const torch::Tensor& qkv, const HeadLayout& s,
                            const torch::Tensor& sin, const torch::Tensor& cos) {
  const auto opts = qkv.options();
  const bool viaOnednn = onednn::available(qkv.scalar_type());
  const auto [q, k, v] = splitHeads(att, qkv, s, sin, cos);
  if (viaOnednn) {
    // One batched product per step; the context is written straight into
    // [B, L, heads, d] order, which is [B*L, H] with no transposing copy.
    auto scores = torch::empty({s.batch, s.heads, s.length, s.length}, opts);
    onednn::batchedMatmul(q, k.transpose(-1, -2), scores);
    onednn::softmaxLastDim(scores);
    const auto& probs = scores;
    auto context = torch::empty({s.batch, s.length, s.heads, s.headDim}, opts);
    auto heads = context.permute({0, 2, 1, 3});
    onednn::batchedMatmul(probs, v, heads);
    return context.view({s.batch * s.length, -1});
  }
  auto probs = torch::softmax(torch::matmul(q, k.transpose(-1, -2)), -1);
  return torch::matmul(probs, v).transpose(1, 2).reshape({s.batch * s.length, -1});
}

// The rows a caller asks for in a batch: row r is position[r] of window
// window[r] (int64, CPU). Only the last layer is cut to them: every earlier
// layer's rows feed the last layer's keys and values.
struct RowsWanted {
  torch::Tensor window, position;  // [R] each
};

// The last layer's attention for the asked rows only: keys and values of
// every row of their windows, queries and context of the asked rows. One
// window's rows go through the products together (as many as it was asked
// for, whatever the rest of the batch), so a row's bits do not depend on its
// batch. Returns the context rows [R, H] in the order asked.
torch::Tensor selfAttentionAtRows(SelfAttentionImpl& att, const torch::Tensor& qkv, const HeadLayout& s,
                                  const torch::Tensor& sin, const torch::Tensor& cos,
                                  const RowsWanted& rows) {
  const auto opts = qkv.options();
  const auto [q, k, v] = splitHeads(att, qkv, s, sin, cos);
  const bool viaOnednn = onednn::available(qkv.scalar_type());
  const int64_t R = rows.window.size(0);
  auto out = torch::empty({R, s.heads * s.headDim}, opts);
  const int64_t* window = rows.window.data_ptr<int64_t>();
  for (int64_t w = 0; w < s.batch; ++w) {
    std::vector<int64_t> asked;  // indices into rows
    for (int64_t r = 0; r < R; ++r)
      if (window[r] == w) asked.push_back(r);
    if (asked.empty()) continue;
    const auto index = torch::tensor(asked, torch::kInt64);
    const auto positions = rows.position.index_select(0, index);
    const auto query = q[w].index_select(1, positions);  // [heads, n, d]
    torch::Tensor context;                                 // [n, heads, d]
    if (viaOnednn) {
      auto scores = torch::empty({s.heads, query.size(1), s.length}, opts);
      onednn::batchedMatmul(query, k[w].transpose(-1, -2), scores);
      onednn::softmaxLastDim(scores);
      context = torch::empty({query.size(1), s.heads, s.headDim}, opts);
      auto heads = context.permute({1, 0, 2});
      onednn::batchedMatmul(scores, v[w], heads);
    } else {
      const auto probs = torch::softmax(torch::matmul(query, k[w].transpose(-1, -2)), -1);
      context = torch::matmul(probs, v[w]).transpose(0, 1);
    }
    out.index_copy_(0, index, context.reshape({query.size(1), -1}));
  }
  return out;
}

// Windows that go through a layer together. With more, a layer's
// activations (a batch of 32 windows: 25 MB between the feed-forward
// products in BF16) no longer stay in cache between one product and the
// next: bf16 batches of 32 ran 17% slower per window in their linear layers
// than batches of 8 (README "Performance"). Windows are independent and
// oneDNN's products give a row the same bits whatever the rows beside it
// (test_batch_invariance), so the split changes no result.
constexpr int64_t kWindowsPerPass = 8;

// One pass of windows through the encoder: its inputs, the rows asked of it
// (if any) and its hidden state between layers.
struct Pass {
  int64_t first = 0;  // its first window in the batch
  torch::Tensor ids, aux;
  RowsWanted rows;          // undefined tensors: every row wanted
  torch::Tensor requested;  // with rows: their indices in the caller's request
  torch::Tensor x;          // [n*L, H], or [R, H] after the last layer at the rows

  bool atRows() const { return rows.window.defined(); }
};

// Passes that go through the layers side by side (below): 32 windows, the
// scorer's default batch, whose hidden states (12.6 MB in F32) are held
// between layers.
constexpr size_t kPassesPerWave = 4;

// One layer for one pass, p.x in and out. A pass with rows runs its last
// layer for those rows only: keys and values of every row, the other rows'
// queries, context, output projection and feed-forward skipped (10/12 of
// that layer's products). `w` is the layer's fused query/key/value weights,
// `gather` whether its product is a gather of weight columns.
void runLayer(const GPNRoFormerOptions& o, LayerImpl& layer, const FusedQkv::Weights& w, bool gather,
              bool last, const RotaryTables& rot, Pass& p) {
  auto& att = *layer.attention->self;
  const int64_t L = p.ids.size(1);
  const HeadLayout shape{p.ids.size(0), L, o.num_attention_heads(),
                         o.hidden_size() / o.num_attention_heads()};
  auto& x = p.x;
  const auto qkv = gather ? gatherColumns(w.columnsF32, w.bias, oneHotIndices(o, p.ids, p.aux),
                                          x.scalar_type())
                          : project(x, w.weight, w.bias);
  torch::Tensor context;
  if (last && p.atRows()) {
    context = selfAttentionAtRows(att, qkv, shape, rot.sin, rot.cos, p.rows);
    x = x.index_select(0, p.rows.window * L + p.rows.position);  // the residual, at the rows
  } else {
    context = selfAttention(att, qkv, shape, rot.sin, rot.cos);
  }
  auto a = denseResidualNorm(*layer.attention->output, context, x);
  const auto& ffn = layer.intermediate->dense;
  auto h = project(a, ffn->weight, ffn->bias, onednn::Epilogue::BiasGelu);
  x = denseResidualNorm(*layer.output, h, a);
}

// Runs passes [begin, end) through the layers, layer by layer: a layer's
// weights (14 MB in BF16, 28 MB in F32) are read for its first pass and
// found in cache by the next ones, instead of every pass reading all 12
// layers'.
void encodeWave(GPNRoFormerForMaskedLMImpl& model, Pass* begin, Pass* end) {
  const GPNRoFormerOptions& o = model.options();
  const int64_t L = begin->ids.size(1);
  // The dense one-hot input is still the first residual (and embed() checks S).
  for (Pass* p = begin; p != end; ++p)
    p->x = model.embed(p->ids, p->aux).view({p->ids.size(0) * L, o.hidden_size()});
  const auto dtype = begin->x.scalar_type();

  auto& encoder = *model.model->encoder;
  const auto rot = encoder.rotaryHalves(L);
  auto& layers = *encoder.layer;
  for (size_t i = 0; i < layers.size(); ++i) {
    auto& layer = *layers[i]->as<LayerImpl>();
    auto& att = *layer.attention->self;
    // With oneDNN the first layer's product is a plain GEMM on the one-hot
    // rows: 4-12x faster than the gather (bf16 on AMX: 3.5 ms against 44 ms
    // per 8 windows), and the same sums.
    const bool gather = i == 0 && !onednn::available(dtype);
    const auto w = att.fused.get(att, gather);
    for (Pass* p = begin; p != end; ++p) runLayer(o, layer, w, gather, i + 1 == layers.size(), rot, *p);
  }
}

void encodePasses(GPNRoFormerForMaskedLMImpl& model, std::vector<Pass>& passes) {
  for (size_t i = 0; i < passes.size(); i += kPassesPerWave)
    encodeWave(model, passes.data() + i, passes.data() + std::min(passes.size(), i + kPassesPerWave));
}

}  // namespace

FusedQkv::Weights FusedQkv::get(SelfAttentionImpl& a, bool withColumns) {
  std::vector<int64_t> key;
  for (const auto* l : {&a.query, &a.key, &a.value}) {
    appendKey(&key, (*l)->weight);
    appendKey(&key, (*l)->bias);
  }
  key.push_back(withColumns);
  std::lock_guard<std::mutex> lock(mutex_);
  if (key != key_) {
    torch::NoGradGuard noGrad;
    cached_.weight = torch::cat({a.query->weight, a.key->weight, a.value->weight}, 0);
    cached_.bias = torch::cat({a.query->bias, a.key->bias, a.value->bias}, 0);
    cached_.columnsF32 = withColumns ? cached_.weight.to(torch::kFloat32).t().contiguous()
                                     : torch::Tensor();
    key_ = std::move(key);
  }
  return cached_;
}

bool useInferencePath(const torch::Tensor& inputIds) {
  return !torch::GradMode::is_enabled() && inputIds.device().is_cpu();
}

namespace {

// The batch cut into passes of kWindowsPerPass windows with oneDNN (see
// there), one pass otherwise.
std::vector<Pass> cutIntoPasses(GPNRoFormerForMaskedLMImpl& model, const torch::Tensor& inputIds,
                                const torch::Tensor& aux) {
  const int64_t B = inputIds.size(0);
  const bool split = onednn::available(model.cls->predictions->decoder->weight.scalar_type());
  const int64_t perPass = split ? kWindowsPerPass : B;
  std::vector<Pass> passes;
  for (int64_t b = 0; b < B; b += perPass) {
    const int64_t n = std::min(perPass, B - b);
    Pass p;
    p.first = b;
    p.ids = inputIds.narrow(0, b, n);
    p.aux = aux.defined() ? aux.narrow(0, b, n) : aux;
    passes.push_back(std::move(p));
  }
  return passes;
}

}  // namespace

torch::Tensor encodeForInference(GPNRoFormerForMaskedLMImpl& model, const torch::Tensor& inputIds,
                                 const torch::Tensor& aux) {
  auto passes = cutIntoPasses(model, inputIds, aux);
  encodePasses(model, passes);
  const int64_t L = inputIds.size(1), H = model.options().hidden_size();
  std::vector<torch::Tensor> parts;
  for (const Pass& p : passes) parts.push_back(p.x.view({p.ids.size(0), L, H}));
  return parts.size() == 1 ? parts.front() : torch::cat(parts, 0);
}

torch::Tensor encodeRowsForInference(GPNRoFormerForMaskedLMImpl& model, const torch::Tensor& inputIds,
                                     const torch::Tensor& aux, const torch::Tensor& window,
                                     const torch::Tensor& position) {
  const auto w = window.to(torch::kInt64).contiguous(), p = position.to(torch::kInt64).contiguous();
  std::vector<Pass> asked;
  for (Pass& pass : cutIntoPasses(model, inputIds, aux)) {
    const int64_t b = pass.first, n = pass.ids.size(0);
    const auto inPass = torch::nonzero((w >= b).logical_and(w < b + n)).view(-1);
    if (inPass.numel() == 0) continue;  // no row asked of these windows: not run at all
    pass.rows = RowsWanted{w.index_select(0, inPass) - b, p.index_select(0, inPass)};
    pass.requested = inPass;
    asked.push_back(std::move(pass));
  }
  encodePasses(model, asked);
  torch::Tensor out;
  for (const Pass& pass : asked) {
    if (!out.defined()) out = torch::empty({w.size(0), pass.x.size(1)}, pass.x.options());
    out.index_copy_(0, pass.requested, pass.x);
  }
  return out;
}

torch::Tensor headForInference(GPNRoFormerForMaskedLMImpl& model, const torch::Tensor& hidden) {
  // The same products as the encoder's, so a row's logits do not depend on
  // how many rows share the call (libtorch's BLAS path takes other kernels
  // for 1, 2-3 and 4+ rows, which differ in the last bits).
  auto& p = *model.cls->predictions;
  const int64_t width = hidden.size(-1);
  auto sizes = hidden.sizes().vec();
  const auto rows = hidden.reshape({-1, width}).contiguous();
  auto t = project(rows, p.transform->dense->weight, p.transform->dense->bias,
                   onednn::Epilogue::BiasGelu);
  t = layerNorm(t, p.transform->LayerNorm);
  auto logits = project(t, p.decoder->weight, p.decoder->bias);
  sizes.back() = logits.size(-1);
  return logits.view(sizes);
}

}  // namespace gpnmsa
