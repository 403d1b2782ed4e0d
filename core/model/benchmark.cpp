// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/benchmark.h"
#include "compute_threads.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <memory>
#include <vector>

#include "gpnmsa/error.h"
#include "onednn_matmul.h"
#include "precision.h"

namespace gpnmsa {

double forwardFlops(const ModelConfig& c, int64_t windows, int64_t length, int64_t askedRows) {
  const double H = c.hiddenSize, F = c.intermediateSize, E = c.embeddingSize, L = double(length);
  // Per layer and window: Q, K, V and output projections 4·(2·L·H·H); scores
  // Q·Kᵀ and context P·V 2·(2·L·L·H) summed over heads; feed-forward 2·(2·L·H·F).
  const double layer = 8 * L * H * H + 4 * L * L * H + 4 * L * H * F;
  // The last layer runs only its keys and values for every row; per asked
  // row its query, scores and context against the L rows, output projection
  // and feed-forward (roformer_inference.h, encodeRowsForInference).
  const double lastLayer = double(windows) * 4 * L * H * H +
                           double(askedRows) * (2 * H * H + 4 * L * H + 2 * H * H + 4 * H * F);
  // Head per row: dense H→E and decoder E→vocab.
  const double head = 2 * H * E + 2 * E * c.vocabSize;
  return double(windows) * (c.numHiddenLayers - 1) * layer + lastLayer + double(askedRows) * head;
}

double fullForwardFlops(const ModelConfig& c, int64_t windows, int64_t length) {
  const double H = c.hiddenSize, F = c.intermediateSize, L = double(length);
  return double(windows) * c.numHiddenLayers * (8 * L * H * H + 4 * L * L * H + 4 * L * H * F);
}

double secondsPerCall(const std::function<void()>& call, double seconds, int minCalls) {
  call();
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  int calls = 0;
  double elapsed = 0;
  do {
    call();
    ++calls;
    elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  } while (elapsed < seconds || calls < minCalls);
  return elapsed / calls;
}

GemmReference prepareGemm(const ModelConfig& c, int64_t rows, Precision precision,
                          const std::string& device, double seconds) {
  GemmReference out;
  const torch::Device dev = parseDevice(device);
  if (const std::string why = precisionUnsupported(precision, dev); !why.empty()) {
    out.measured.supported = false;
    out.measured.note = why;
    return out;
  }
  torch::InferenceMode guard;
  const auto opts = torch::TensorOptions().dtype(scalarType(precision)).device(dev);
  const int64_t H = c.hiddenSize, F = c.intermediateSize;
  // The layer's products as nn::Linear runs them: x [rows, in] · Wᵀ, W [out, in].
  struct Shape { int64_t in, out, repeat; };
  struct Operands {
    Shape shape;
    torch::Tensor x, weight, bias;
  };
  auto operands = std::make_shared<std::vector<Operands>>();
  for (const Shape& s : {Shape{H, H, 4}, Shape{H, F, 1}, Shape{F, H, 1}}) {
    operands->push_back({s, torch::randn({rows, s.in}, opts), torch::randn({s.out, s.in}, opts),
                         torch::zeros({s.out}, opts)});
    out.flopsPerRound += double(s.repeat) * 2.0 * double(rows) * double(s.in) * double(s.out);
  }
  // Two libraries can run these products: libtorch's mm (OpenBLAS sgemm in
  // F32, oneDNN in BF16) and oneDNN's matmul as the forward pass calls it.
  // The faster one is the machine's GEMM throughput.
  const bool viaOnednn = dev.is_cpu() && onednn::available(scalarType(precision));
  const bool cuda = dev.is_cuda();
  auto makeRound = [operands, cuda](bool onednnRound) -> std::function<void()> {
    return [operands, cuda, onednnRound] {
      torch::InferenceMode inference;
      for (const Operands& op : *operands)
        for (int64_t r = 0; r < op.shape.repeat; ++r) {
          if (onednnRound)
            onednn::linear(op.x, op.weight, op.bias, onednn::Epilogue::Bias);
          else
            torch::mm(op.x, op.weight.t());
        }
      if (cuda) torch::cuda::synchronize();
    };
  };
  const auto mmRound = makeRound(false);
  const double viaMm = out.flopsPerRound / secondsPerCall(mmRound, seconds, 2);
  double viaDnnl = 0;
  std::function<void()> dnnlRound;
  if (viaOnednn) {
    dnnlRound = makeRound(true);
    viaDnnl = out.flopsPerRound / secondsPerCall(dnnlRound, seconds, 2);
  }
  out.measured.flopsPerSecond = std::max(viaMm, viaDnnl);
  out.round = viaDnnl > viaMm ? dnnlRound : mmRound;
  std::string mmName = precision == Precision::F32 && dev.is_cpu() ? "BLAS sgemm" : "libtorch mm";
  if (precision == Precision::BF16 && dev.is_cpu())
    mmName = at::hasMKLDNN() ? "libtorch mm (oneDNN)" : "no oneDNN: reference bf16 loops";
  char note[160];
  if (viaOnednn)
    std::snprintf(note, sizeof note, "%s %.1f GFLOP/s, oneDNN matmul %.1f GFLOP/s: the faster counts",
                  mmName.c_str(), viaMm / 1e9, viaDnnl / 1e9);
  else
    std::snprintf(note, sizeof note, "%s", mmName.c_str());
  out.measured.note = note;
  return out;
}

GemmThroughput measureGemm(const ModelConfig& c, int64_t rows, Precision precision,
                           const std::string& device, double seconds) {
  return prepareGemm(c, rows, precision, device, seconds).measured;
}

TimedAgainstGemm timeAgainstGemm(const std::function<void()>& work, const GemmReference& gemm,
                                 double seconds) {
  TORCH_CHECK(gemm.round, "timeAgainstGemm: no GEMM round (", gemm.measured.note, ")");
  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
  };
  work();
  gemm.round();
  double workSeconds = 0, gemmSeconds = 0;
  int calls = 0, rounds = 0;
  while (workSeconds < seconds || calls < 2) {
    auto t0 = Clock::now();
    work();
    workSeconds += since(t0);
    ++calls;
    // GEMM rounds until the GEMM has had as much time as the work.
    while (gemmSeconds < workSeconds || rounds < 1) {
      t0 = Clock::now();
      gemm.round();
      gemmSeconds += since(t0);
      ++rounds;
    }
  }
  return {workSeconds / calls, gemm.flopsPerRound * rounds / gemmSeconds, calls};
}

std::string inferenceKernels() {
  const std::string v = onednn::version();
  return v.empty() ? "libtorch" : v + " (linear layers with fused epilogues, attention, head)";
}

int setComputeThreads(int threads) {
  return applyComputeThreads(threads);
}

int64_t peakResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      std::istringstream in(line.substr(6));
      int64_t kb = 0;
      in >> kb;
      return kb * 1024;
    }
  }
  return 0;
}

}  // namespace gpnmsa
