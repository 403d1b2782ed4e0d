// SPDX-License-Identifier: GPL-3.0-or-later
#include "onednn_matmul.h"

#include <ATen/record_function.h>
#include <torch/torch.h>

#ifdef GPNMSA_HAVE_DNNL
#include <dnnl.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <vector>
#include <mutex>
#include <tuple>
#include <unordered_map>
#endif

namespace gpnmsa::onednn {

#ifndef GPNMSA_HAVE_DNNL

bool available(torch::ScalarType) { return false; }
std::string version() { return ""; }
torch::Tensor linear(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&, Epilogue,
                     const torch::Tensor&) {
  TORCH_CHECK(false, "built without oneDNN");
}
void batchedMatmul(const torch::Tensor&, const torch::Tensor&, torch::Tensor&) {
  TORCH_CHECK(false, "built without oneDNN");
}
void softmaxLastDim(torch::Tensor&) { TORCH_CHECK(false, "built without oneDNN"); }
void layerNormLastDim(torch::Tensor&, const torch::Tensor&, const torch::Tensor&, float) {
  TORCH_CHECK(false, "built without oneDNN");
}

#else

namespace {

using dnnl::memory;

memory::data_type dnnlType(torch::ScalarType t) {
  TORCH_CHECK(t == torch::kFloat32 || t == torch::kBFloat16, "oneDNN path: F32 or BF16 only, not ",
              t);
  return t == torch::kFloat32 ? memory::data_type::f32 : memory::data_type::bf16;
}

memory::desc stridedDesc(const torch::Tensor& t) {
  return memory::desc(memory::dims(t.sizes().begin(), t.sizes().end()), dnnlType(t.scalar_type()),
                      memory::dims(t.strides().begin(), t.strides().end()));
}

// Engine, stream and the caches, shared by every model of the process.
struct State {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  std::mutex mutex;
  // Linear primitives by (M, K, N, dtype, epilogue).
  struct Linear {
    dnnl::matmul::primitive_desc pd;
    dnnl::matmul primitive;
  };
  std::map<std::tuple<int64_t, int64_t, int64_t, int, int>, Linear> linears;
  // Weights reordered into the primitive's layout, by the torch tensor's
  // identity (storage, version, dtype) and the layout asked for.
  struct Packed {
    torch::Tensor source;  // held, so its address cannot be reused by another tensor
    int64_t version;
    memory::desc layout;
    memory packed;
  };
  std::vector<Packed> weights;
  // Batched products, softmax and LayerNorm by shape, strides and type:
  // building a primitive descriptor (implementation dispatch, kernel setup)
  // took about as long as a batch of 8 windows' attention product itself.
  struct Cached {
    dnnl::primitive primitive;
    memory::desc scratchpad;
  };
  std::map<std::vector<int64_t>, Cached> primitives;
};

State& state() {
  static State s;
  return s;
}

void appendLayout(std::vector<int64_t>* key, const torch::Tensor& t) {
  key->push_back(t.dim());
  key->insert(key->end(), t.sizes().begin(), t.sizes().end());
  key->insert(key->end(), t.strides().begin(), t.strides().end());
  key->push_back(int64_t(t.scalar_type()));
}

// The primitive for `key`, made by `make` (returning it with its scratchpad
// descriptor) the first time.
template <typename Make>
State::Cached cachedPrimitive(State& s, const std::vector<int64_t>& key, const Make& make) {
  std::lock_guard<std::mutex> lock(s.mutex);
  auto it = s.primitives.find(key);
  if (it == s.primitives.end()) it = s.primitives.emplace(key, make()).first;
  return it->second;
}

// Every primitive gets its scratch memory from the caller: oneDNN's default
// library scratchpad is shared by all threads unless the library was built
// for concurrent execution, and the app scores and reports on several
// worker threads at once.
dnnl::primitive_attr userScratchpad(dnnl::primitive_attr attr = {}) {
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

// Adds the scratchpad argument; `holder` keeps its bytes alive for the call.
void addScratchpad(std::unordered_map<int, memory>& args, const memory::desc& desc,
                   const dnnl::engine& engine, torch::Tensor& holder) {
  const size_t bytes = desc.get_size();
  if (bytes == 0) return;
  holder = torch::empty({int64_t(bytes)}, torch::kUInt8);
  args.emplace(DNNL_ARG_SCRATCHPAD, memory(desc, engine, holder.data_ptr()));
}

// Runs a cached primitive on this thread's stream with its own scratchpad.
void execute(State& s, const State::Cached& c, std::unordered_map<int, memory>& args) {
  dnnl::stream stream(s.engine);
  torch::Tensor scratch;
  addScratchpad(args, c.scratchpad, s.engine, scratch);
  c.primitive.execute(stream, args);
  stream.wait();
}

memory packedWeight(State& s, const torch::Tensor& weight, const memory::desc& layout,
                    dnnl::stream& stream) {
  // Inference tensors (made under InferenceMode) have no version counter;
  // they cannot be changed in place outside inference mode.
  const int64_t version = weight.is_inference() ? -1 : weight._version();
  for (const auto& p : s.weights)
    if (p.source.data_ptr() == weight.data_ptr() && p.version == version && p.layout == layout)
      return p.packed;
  // Entries whose tensor only this cache still holds are of freed weights.
  s.weights.erase(std::remove_if(s.weights.begin(), s.weights.end(),
                                 [](const State::Packed& p) { return p.source.use_count() == 1; }),
                  s.weights.end());
  // [N, K] row-major is Wᵀ [K, N] in "ba" order.
  const int64_t N = weight.size(0), K = weight.size(1);
  memory::desc plain({K, N}, dnnlType(weight.scalar_type()), memory::format_tag::ba);
  memory user(plain, s.engine, weight.data_ptr());
  memory packed(layout, s.engine);
  dnnl::reorder(user, packed).execute(stream, user, packed);
  stream.wait();
  s.weights.push_back({weight, version, layout, packed});
  return packed;
}

}  // namespace

bool available(torch::ScalarType type) {
  return type == torch::kFloat32 || type == torch::kBFloat16;
}

std::string version() {
  const dnnl_version_t* v = dnnl_version();
  return "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
         std::to_string(v->patch);
}

torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                     Epilogue epilogue, const torch::Tensor& residual) {
  TORCH_CHECK(x.dim() == 2 && weight.dim() == 2 && x.size(1) == weight.size(1),
              "onednn::linear: x ", x.sizes(), " and weight ", weight.sizes(), " do not fit");
  TORCH_CHECK(x.is_contiguous() && weight.is_contiguous() && bias.is_contiguous(),
              "onednn::linear: contiguous tensors only");
  // Named in profiles, by epilogue (GELU costs the product ~30% in bf16).
  static const char* const names[] = {"gpnmsa::onednn_linear", "gpnmsa::onednn_linear_gelu",
                                      "gpnmsa::onednn_linear_residual"};
  RECORD_FUNCTION(names[int(epilogue)], std::vector<c10::IValue>());
  const int64_t M = x.size(0), K = x.size(1), N = weight.size(0);
  const auto type = dnnlType(x.scalar_type());
  auto out = torch::empty({M, N}, x.options());
  State& s = state();
  dnnl::stream stream(s.engine);
  std::unique_lock<std::mutex> lock(s.mutex);
  const auto key = std::make_tuple(M, K, N, int(x.scalar_type()), int(epilogue));
  auto it = s.linears.find(key);
  if (it == s.linears.end()) {
    memory::desc src({M, K}, type, memory::format_tag::ab);
    memory::desc wei({K, N}, type, memory::format_tag::any);
    memory::desc bia({1, N}, dnnlType(bias.scalar_type()), memory::format_tag::ab);
    memory::desc dst({M, N}, type, memory::format_tag::ab);
    dnnl::post_ops ops;
    if (epilogue == Epilogue::BiasGelu) ops.append_eltwise(1.f, dnnl::algorithm::eltwise_gelu_erf, 0.f, 0.f);
    if (epilogue == Epilogue::BiasResidual) ops.append_binary(dnnl::algorithm::binary_add, dst);
    dnnl::primitive_attr attr = userScratchpad();
    attr.set_post_ops(ops);
    dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(src, wei, bia, dst), attr, s.engine);
    it = s.linears.emplace(key, State::Linear{pd, dnnl::matmul(pd)}).first;
  }
  const auto pd = it->second.pd;
  const auto primitive = it->second.primitive;
  memory packed = packedWeight(s, weight, pd.weights_desc(), stream);
  lock.unlock();
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, memory(pd.src_desc(), s.engine, x.data_ptr())},
      {DNNL_ARG_WEIGHTS, packed},
      {DNNL_ARG_BIAS, memory(pd.bias_desc(), s.engine, bias.data_ptr())},
      {DNNL_ARG_DST, memory(pd.dst_desc(), s.engine, out.data_ptr())}};
  if (epilogue == Epilogue::BiasResidual) {
    TORCH_CHECK(residual.sizes() == out.sizes() && residual.is_contiguous() &&
                    residual.scalar_type() == x.scalar_type(),
                "onednn::linear: residual ", residual.sizes(), " does not fit ", out.sizes());
    args.emplace(DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1,
                 memory(pd.dst_desc(), s.engine, residual.data_ptr()));
  }
  torch::Tensor scratch;
  addScratchpad(args, pd.scratchpad_desc(), s.engine, scratch);
  primitive.execute(stream, args);
  stream.wait();
  return out;
}

void batchedMatmul(const torch::Tensor& a, const torch::Tensor& b, torch::Tensor& out) {
  TORCH_CHECK(a.dim() == b.dim() && a.dim() == out.dim() && (a.dim() == 3 || a.dim() == 4),
              "onednn::batchedMatmul: 3-D or 4-D operands of one rank");
  RECORD_FUNCTION("gpnmsa::onednn_batched_matmul", std::vector<c10::IValue>());
  State& s = state();
  const auto asrc = stridedDesc(a), bsrc = stridedDesc(b), dst = stridedDesc(out);
  std::vector<int64_t> key{0};
  for (const torch::Tensor* t : {&a, &b, static_cast<const torch::Tensor*>(&out)}) appendLayout(&key, *t);
  const State::Cached c = cachedPrimitive(s, key, [&] {
    dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(asrc, bsrc, dst), userScratchpad(), s.engine);
    return State::Cached{dnnl::matmul(pd), pd.scratchpad_desc()};
  });
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, memory(asrc, s.engine, a.data_ptr())},
                                       {DNNL_ARG_WEIGHTS, memory(bsrc, s.engine, b.data_ptr())},
                                       {DNNL_ARG_DST, memory(dst, s.engine, out.data_ptr())}};
  execute(s, c, args);
}

void softmaxLastDim(torch::Tensor& t) {
  RECORD_FUNCTION("gpnmsa::onednn_softmax", std::vector<c10::IValue>());
  TORCH_CHECK(t.is_contiguous(), "onednn::softmaxLastDim: contiguous tensors only");
  State& s = state();
  const auto md = stridedDesc(t);
  std::vector<int64_t> key{1};
  appendLayout(&key, t);
  const State::Cached c = cachedPrimitive(s, key, [&] {
    dnnl::softmax_forward::primitive_desc pd(
        dnnl::softmax_forward::desc(dnnl::prop_kind::forward_inference, md, int(t.dim() - 1)),
        userScratchpad(), s.engine);
    return State::Cached{dnnl::softmax_forward(pd), pd.scratchpad_desc()};
  });
  memory m(md, s.engine, t.data_ptr());
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, m}, {DNNL_ARG_DST, m}};
  execute(s, c, args);
}

void layerNormLastDim(torch::Tensor& t, const torch::Tensor& scale, const torch::Tensor& shift,
                      float eps) {
  RECORD_FUNCTION("gpnmsa::onednn_layer_norm", std::vector<c10::IValue>());
  TORCH_CHECK(t.is_contiguous() && scale.scalar_type() == torch::kFloat32 &&
                  shift.scalar_type() == torch::kFloat32 && scale.is_contiguous() &&
                  shift.is_contiguous() && scale.numel() == t.size(-1) && shift.numel() == t.size(-1),
              "onednn::layerNormLastDim: contiguous data and F32 scale/shift of its width");
  State& s = state();
  const auto md = stridedDesc(t);
  // eps is part of the primitive: in the key by its bits.
  uint32_t epsBits;
  std::memcpy(&epsBits, &eps, sizeof epsBits);
  std::vector<int64_t> key{2, int64_t(epsBits)};
  appendLayout(&key, t);
  const State::Cached c = cachedPrimitive(s, key, [&] {
    const auto flags = dnnl::normalization_flags::use_scale | dnnl::normalization_flags::use_shift;
    dnnl::layer_normalization_forward::primitive_desc pd(
        dnnl::layer_normalization_forward::desc(dnnl::prop_kind::forward_inference, md, eps, flags),
        userScratchpad(), s.engine);
    return State::Cached{dnnl::layer_normalization_forward(pd), pd.scratchpad_desc()};
  });
  memory m(md, s.engine, t.data_ptr());
  memory::desc vec({t.size(-1)}, memory::data_type::f32, memory::format_tag::a);
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, m},
                                       {DNNL_ARG_DST, m},
                                       {DNNL_ARG_SCALE, memory(vec, s.engine, scale.data_ptr())},
                                       {DNNL_ARG_SHIFT, memory(vec, s.engine, shift.data_ptr())}};
  execute(s, c, args);
}

#endif

}  // namespace gpnmsa::onednn
