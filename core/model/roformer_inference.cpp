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
// - Residual additions and GELU run in place on the GEMM outputs.
// All of this is inference-only (raw loops have no autograd); training and
// CUDA keep the modules' forward().
#include "roformer_inference.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>
#include <torch/torch.h>

#include <cmath>

#include "gpn_roformer.h"

namespace gpnmsa {

namespace {

// Identity of the tensors a cache was built from: storage, in-place
// updates (an optimiser step bumps _version) and dtype (module->to()).
void appendKey(std::vector<int64_t>* key, const torch::Tensor& t) {
  key->push_back(reinterpret_cast<intptr_t>(t.data_ptr()));
  key->push_back(t._version());
  key->push_back(int64_t(t.scalar_type()));
}

// One row of one head: RoFormer's interleaved-pair rotation
// (x_2j, x_2j+1) -> (x_2j cos - x_2j+1 sin, x_2j+1 cos + x_2j sin), times scale.
template <typename T>
inline void rotateHead(const T* x, T* y, const float* sin, const float* cos, int64_t half,
                       float scale) {
  for (int64_t j = 0; j < half; ++j) {
    const float e = float(x[2 * j]), o = float(x[2 * j + 1]);
    y[2 * j] = T((e * cos[j] - o * sin[j]) * scale);
    y[2 * j + 1] = T((o * cos[j] + e * sin[j]) * scale);
  }
}

struct HeadLayout {
  int64_t batch, length, heads, headDim;
};

// qkv [B*L, 3H] -> q, k, v [B, heads, L, d]; q and k rotated (v too when
// rotaryValue), q scaled by 1/sqrt(d) so the scores need no extra pass.
template <typename T>
void splitRotate(const T* qkv, T* q, T* k, T* v, const float* sin, const float* cos,
                 const HeadLayout& s, bool rotateValue) {
  const int64_t H = s.heads * s.headDim, half = s.headDim / 2;
  const float scale = float(1.0 / std::sqrt(double(s.headDim)));
  at::parallel_for(0, s.batch * s.length, 8, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; ++n) {
      const int64_t b = n / s.length, l = n % s.length;
      const T* row = qkv + n * 3 * H;
      const float* sinRow = sin + l * half;
      const float* cosRow = cos + l * half;
      for (int64_t h = 0; h < s.heads; ++h) {
        const int64_t out = ((b * s.heads + h) * s.length + l) * s.headDim;
        rotateHead(row + h * s.headDim, q + out, sinRow, cosRow, half, scale);
        rotateHead(row + H + h * s.headDim, k + out, sinRow, cosRow, half, 1.0f);
        const T* value = row + 2 * H + h * s.headDim;
        if (rotateValue)
          rotateHead(value, v + out, sinRow, cosRow, half, 1.0f);
        else
          std::copy(value, value + s.headDim, v + out);
      }
    }
  });
}

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

torch::Tensor linear(const torch::Tensor& x, const torch::nn::Linear& l) {
  return torch::addmm(l->bias, x, l->weight.t());
}

// LayerNorm(dense(h) + residual) with the addition in place.
torch::Tensor denseResidualNorm(DenseResidualNormImpl& m, const torch::Tensor& h,
                                const torch::Tensor& residual) {
  auto y = linear(h, m.dense);
  y.add_(residual);
  const auto& ln = m.LayerNorm->options;
  return torch::layer_norm(y, ln.normalized_shape(), m.LayerNorm->weight, m.LayerNorm->bias,
                           ln.eps());
}

torch::Tensor selfAttention(SelfAttentionImpl& att, const torch::Tensor& qkv, const HeadLayout& s,
                            const torch::Tensor& sin, const torch::Tensor& cos) {
  const auto opts = qkv.options();
  auto q = torch::empty({s.batch, s.heads, s.length, s.headDim}, opts);
  auto k = torch::empty_like(q), v = torch::empty_like(q);
  RECORD_FUNCTION("gpnmsa::splitRotate", std::vector<c10::IValue>());  // named in profiles
  AT_DISPATCH_FLOATING_TYPES_AND2(at::kBFloat16, at::kHalf, qkv.scalar_type(), "splitRotate", [&] {
    splitRotate<scalar_t>(qkv.data_ptr<scalar_t>(), q.data_ptr<scalar_t>(), k.data_ptr<scalar_t>(),
                          v.data_ptr<scalar_t>(), sin.data_ptr<float>(), cos.data_ptr<float>(), s,
                          att.rotaryValue());
  });
  auto probs = torch::softmax(torch::matmul(q, k.transpose(-1, -2)), -1);
  return torch::matmul(probs, v).transpose(1, 2).reshape({s.batch * s.length, -1});
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

torch::Tensor encodeForInference(GPNRoFormerForMaskedLMImpl& model, const torch::Tensor& inputIds,
                                 const torch::Tensor& aux) {
  const GPNRoFormerOptions& o = model.options();
  const int64_t B = inputIds.size(0), L = inputIds.size(1);
  const HeadLayout shape{B, L, o.num_attention_heads(), o.hidden_size() / o.num_attention_heads()};
  // The dense one-hot input is still the first residual (and embed() checks S).
  auto x = model.embed(inputIds, aux).view({B * L, o.hidden_size()});
  const auto dtype = x.scalar_type();

  auto& encoder = *model.model->encoder;
  const auto rot = encoder.rotaryHalves(L);
  auto& layers = *encoder.layer;
  for (size_t i = 0; i < layers.size(); ++i) {
    auto& layer = *layers[i]->as<LayerImpl>();
    auto& att = *layer.attention->self;
    const bool first = i == 0;
    const auto w = att.fused.get(att, first);
    const auto qkv = first ? gatherColumns(w.columnsF32, w.bias, oneHotIndices(o, inputIds, aux),
                                           dtype)
                           : torch::addmm(w.bias, x, w.weight.t());
    auto a = denseResidualNorm(*layer.attention->output,
                               selfAttention(att, qkv, shape, rot.sin, rot.cos), x);
    auto h = linear(a, layer.intermediate->dense);
    at::gelu_(h);  // exact erf form, as hidden_act "gelu"
    x = denseResidualNorm(*layer.output, h, a);
  }
  return x.view({B, L, o.hidden_size()});
}

}  // namespace gpnmsa
