// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/benchmark.h"
#include "compute_threads.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "gpnmsa/error.h"
#include "onednn_matmul.h"
#include "precision.h"

namespace gpnmsa {

double forwardFlops(const ModelConfig& c, int64_t windows, int64_t length, int64_t headRows) {
  const double H = c.hiddenSize, F = c.intermediateSize, E = c.embeddingSize, L = double(length);
  // Per layer and window: Q, K, V and output projections 4·(2·L·H·H); scores
  // Q·Kᵀ and context P·V 2·(2·L·L·H) summed over heads; feed-forward 2·(2·L·H·F).
  const double layer = 8 * L * H * H + 4 * L * L * H + 4 * L * H * F;
  // Head per row: dense H→E and decoder E→vocab.
  const double head = 2 * H * E + 2 * E * c.vocabSize;
  return double(windows) * c.numHiddenLayers * layer + double(headRows) * head;
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

GemmThroughput measureGemm(const ModelConfig& c, int64_t rows, Precision precision,
                           const std::string& device, double seconds) {
  GemmThroughput out;
  const torch::Device dev = parseDevice(device);
  if (const std::string why = precisionUnsupported(precision, dev); !why.empty()) {
    out.supported = false;
    out.note = why;
    return out;
  }
  torch::InferenceMode guard;
  const auto opts = torch::TensorOptions().dtype(scalarType(precision)).device(dev);
  const int64_t H = c.hiddenSize, F = c.intermediateSize;
  // The layer's products as nn::Linear runs them: x [rows, in] · Wᵀ, W [out, in].
  struct Shape { int64_t in, out, repeat; };
  const Shape shapes[] = {{H, H, 4}, {H, F, 1}, {F, H, 1}};
  std::vector<std::pair<torch::Tensor, torch::Tensor>> operands;
  double flopsPerRound = 0;
  for (const Shape& s : shapes) {
    operands.emplace_back(torch::randn({rows, s.in}, opts), torch::randn({s.out, s.in}, opts));
    flopsPerRound += double(s.repeat) * 2.0 * double(rows) * double(s.in) * double(s.out);
  }
  // Two libraries can run these products: libtorch's mm (OpenBLAS sgemm in
  // F32, oneDNN in BF16) and oneDNN's matmul as the forward pass calls it.
  // The faster one is the machine's GEMM throughput.
  const bool viaOnednn = dev.is_cpu() && onednn::available(scalarType(precision));
  std::vector<torch::Tensor> biases;
  for (const auto& op : operands) biases.push_back(torch::zeros({op.second.size(0)}, opts));
  auto timeRounds = [&](bool onednnRound) {
    auto round = [&]() {
      for (size_t i = 0; i < operands.size(); ++i)
        for (int64_t r = 0; r < shapes[i].repeat; ++r) {
          if (onednnRound)
            onednn::linear(operands[i].first, operands[i].second, biases[i], onednn::Epilogue::Bias);
          else
            torch::mm(operands[i].first, operands[i].second.t());
        }
      if (dev.is_cuda()) torch::cuda::synchronize();
    };
    return flopsPerRound / secondsPerCall(round, seconds, 2);
  };
  const double viaMm = timeRounds(false);
  const double viaDnnl = viaOnednn ? timeRounds(true) : 0;
  out.flopsPerSecond = std::max(viaMm, viaDnnl);
  std::string mmName = precision == Precision::F32 && dev.is_cpu() ? "BLAS sgemm" : "libtorch mm";
  if (precision == Precision::BF16 && dev.is_cpu())
    mmName = at::hasMKLDNN() ? "libtorch mm (oneDNN)" : "no oneDNN: reference bf16 loops";
  char note[160];
  if (viaOnednn)
    std::snprintf(note, sizeof note, "%s %.1f GFLOP/s, oneDNN matmul %.1f GFLOP/s: the faster counts",
                  mmName.c_str(), viaMm / 1e9, viaDnnl / 1e9);
  else
    std::snprintf(note, sizeof note, "%s", mmName.c_str());
  out.note = note;
  return out;
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
