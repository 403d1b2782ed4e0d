// SPDX-License-Identifier: GPL-3.0-or-later
// Measuring the engine against the machine (used by `gpnmsa bench`): the
// forward pass's arithmetic counted analytically, the machine's matrix-multiply
// throughput measured on the model's own GEMM shapes, and peak memory.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "gpnmsa/model.h"
#include "gpnmsa/model_config.h"

namespace gpnmsa {

// Floating-point operations (a multiply-add counts 2) of one forward pass of
// `windows` windows of `length` positions asked for the logits of
// `askedRows` rows in all, as the engine runs it: every layer but the last
// for every row, the last layer's keys and values for every row and the rest
// of it, and the prediction head, for the asked rows only. Counts the matrix
// products only (projections, attention scores and context, feed-forward,
// head); the one-hot input, softmax, GELU and LayerNorm are O(L*H) and left
// out.
double forwardFlops(const ModelConfig& c, int64_t windows, int64_t length, int64_t askedRows);
// The encoder's products for every row of `windows` windows (no head).
double fullForwardFlops(const ModelConfig& c, int64_t windows, int64_t length);

// Runs `call` once untimed (warm-up: thread pools, packing, kernel choice),
// then until `seconds` have passed and at least `minCalls` timed calls ran;
// returns the mean seconds per timed call.
double secondsPerCall(const std::function<void()>& call, double seconds, int minCalls = 1);

struct GemmThroughput {
  double flopsPerSecond = 0;  // 0 when `supported` is false
  bool supported = true;
  std::string note;  // why not supported, or which kernel library
};

// Times the encoder layer's matrix products (x·Wqkvᵀ, x·Woᵀ, x·W1ᵀ, x·W2ᵀ with
// x of `rows` = batch·length rows) in `precision` on `device` for about
// `seconds`, on the intra-op threads currently set; returns their FLOP/s.
GemmThroughput measureGemm(const ModelConfig& c, int64_t rows, Precision precision,
                           const std::string& device, double seconds);

// The same products as a reusable round on the faster of the two libraries
// (chosen by measuring both for about `seconds`), so that other work can be
// timed against it under the same conditions (timeAgainstGemm).
struct GemmReference {
  GemmThroughput measured;  // the choosing measurement
  double flopsPerRound = 0;
  std::function<void()> round;  // null when not supported
};
GemmReference prepareGemm(const ModelConfig& c, int64_t rows, Precision precision,
                          const std::string& device, double seconds);

struct TimedAgainstGemm {
  double secondsPerCall = 0;  // of `work`
  double gemmFlopsPerSecond = 0;
  int calls = 0;
};

// Alternates calls of `work` with GEMM rounds taking about as long, for
// about `seconds` of each, after one untimed call of both. A shared
// machine's speed drifts by up to 2x within a minute (measured on this
// project's VMs); timed side by side, the ratio of the two rates reflects
// the code, not the drift.
TimedAgainstGemm timeAgainstGemm(const std::function<void()>& work, const GemmReference& gemm,
                                 double seconds);

// Which kernels run the CPU forward pass's products, e.g. "oneDNN 2.6.3
// (linear layers with fused epilogues, attention, head)", or "libtorch".
// With oneDNN a window's logits do not depend on the other windows of its
// batch, to the last bit.
std::string inferenceKernels();

// Sets libtorch's intra-op threads (0 = every core); returns the count in use.
int setComputeThreads(int threads);

// Peak resident set of this process (VmHWM) in bytes; 0 if unknown.
int64_t peakResidentBytes();

}  // namespace gpnmsa
