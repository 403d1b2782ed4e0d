// SPDX-License-Identifier: GPL-3.0-or-later
// Matrix products of the CPU inference path on oneDNN directly, where
// libtorch 1.13 leaves speed behind (README "Performance"):
// - linear layers with their bias, GELU or residual addition fused into the
//   product's epilogue (one pass over the output instead of three), weights
//   reordered once into oneDNN's blocked layout and kept;
// - attention's per-head products as one batched primitive reading and
//   writing strided views (libtorch's F32 bmm loops over 96 heads with one
//   two-thread OpenBLAS call each, and the context needs a transposing copy);
// - one OpenMP thread pool for everything (oneDNN is built on libgomp, as
//   libtorch's element-wise kernels are; OpenBLAS has its own pthreads).
// F32 results differ from OpenBLAS's only in summation order.
// Without oneDNN headers at build time (GPNMSA_HAVE_DNNL undefined),
// available() is false and the caller keeps the ATen path.
#pragma once
#include <torch/types.h>

#include <string>

namespace gpnmsa::onednn {

// oneDNN present at build time and the tensors' type one it serves here
// (F32, BF16) on the CPU.
bool available(torch::ScalarType type);

// "oneDNN <version>", or "" when built without it.
std::string version();

enum class Epilogue {
  Bias,          // x·Wᵀ + b
  BiasGelu,      // gelu_erf(x·Wᵀ + b)
  BiasResidual,  // x·Wᵀ + b + residual
};

// x [M, K] · weight [N, K]ᵀ + bias [N], then the epilogue; all contiguous, one
// dtype. `residual` [M, N] only for BiasResidual.
torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                     Epilogue epilogue, const torch::Tensor& residual = {});

// out[i] = a[i] · b[i] over the leading dimensions, for strided 3-D or 4-D
// views of one dtype (b may be a transposed view); `out` is written in place
// through its strides.
void batchedMatmul(const torch::Tensor& a, const torch::Tensor& b, torch::Tensor& out);

// Softmax over the last dimension, in place (contiguous F32 or BF16; BF16
// is computed in F32 inside the kernel and rounded once).
void softmaxLastDim(torch::Tensor& t);

// LayerNorm over the last dimension, in place: t = (t - mean) / sqrt(var +
// eps) * scale + shift, statistics in F32; scale and shift F32 [C].
void layerNormLastDim(torch::Tensor& t, const torch::Tensor& scale, const torch::Tensor& shift,
                      float eps);

}  // namespace gpnmsa::onednn
