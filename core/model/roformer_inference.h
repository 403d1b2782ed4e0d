// SPDX-License-Identifier: GPL-3.0-or-later
// The inference-only forward pass of GPNRoFormer on the CPU: the same maths
// as the modules' forward() (which training keeps, for autograd), with fewer
// passes over memory. See roformer_inference.cpp for what differs and why.
#pragma once
#include <torch/types.h>

#include <cstdint>
#include <mutex>

namespace gpnmsa {

class GPNRoFormerForMaskedLMImpl;
class SelfAttentionImpl;

// Query, key and value weights concatenated into one [3H, H] matrix (one
// GEMM instead of three), rebuilt whenever the module's own weights change
// (their version counters or storage), so training then scoring stays right.
class FusedQkv {
 public:
  struct Weights {
    torch::Tensor weight, bias;  // [3H, H], [3H] in the module's dtype
    torch::Tensor columnsF32;    // [H, 3H] F32: rows gathered for a one-hot input
  };
  Weights get(SelfAttentionImpl& attention, bool withColumns);

 private:
  std::mutex mutex_;
  Weights cached_;
  std::vector<int64_t> key_;
};

// True when encode() may take the fast path: no gradients wanted, CPU tensors.
bool useInferencePath(const torch::Tensor& inputIds);

// input_ids [B, L], aux [B, L, S] or undefined -> last hidden state [B, L, H].
torch::Tensor encodeForInference(GPNRoFormerForMaskedLMImpl& model, const torch::Tensor& inputIds,
                                 const torch::Tensor& aux);

// The last hidden state at asked rows only: row r is position[r] of window
// window[r] (int64 [R] each, checked by the caller) -> [R, H]. The last layer
// is computed for those rows alone (its queries, context, output projection
// and feed-forward), and windows no row asks for are not run. A row's bits
// are those of its window alone with the same rows asked.
torch::Tensor encodeRowsForInference(GPNRoFormerForMaskedLMImpl& model, const torch::Tensor& inputIds,
                                     const torch::Tensor& aux, const torch::Tensor& window,
                                     const torch::Tensor& position);

// The prediction head (dense, GELU, LayerNorm, decoder) on hidden [..., H].
torch::Tensor headForInference(GPNRoFormerForMaskedLMImpl& model, const torch::Tensor& hidden);

}  // namespace gpnmsa
