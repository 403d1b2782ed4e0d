// SPDX-License-Identifier: GPL-3.0-or-later
// GPN-Star forward-pass speed at the released 200M shape (H 1024, 16 layers,
// 16 heads of which 8 are used, A*D 512, FFN 4096, E 768) with random
// weights over the V100 clades (tests/data/gpnstar/species100/phylo_dist:
// 100 species, 45 clades, 12 pooled). Prints windows/s per precision and
// batch, model GFLOP/s, this machine's GEMM GFLOP/s on the model's own
// shapes, and their ratio (the achieved fraction). A benchmark, not a test.
//
// usage: bench_gpnstar [--phylo DIR] [--seconds S] [--window L] [--threads N]
//                      [--batch 1,8] [--precision f32,bf16] [--profile trace.json]
// --profile: one more pass of the last precision and batch under libtorch's
// profiler, written as a Chrome trace (where the time goes).
#include <sys/resource.h>
#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gpnmsa/benchmark.h"
#include "gpnmsa/error.h"
#include "gpnmsa/gpn_star_model.h"
#include "gpnmsa/thread_policy.h"

using namespace gpnmsa;

namespace {

GpnStarConfig config200m() {
  GpnStarConfig c;
  c.modelType = "GPNStar";
  c.hiddenSize = 1024;
  c.embeddingSize = 768;
  c.numHiddenLayers = 16;
  c.numAttentionHeads = 16;
  c.intermediateSize = 4096;
  c.maxPositionEmbeddings = 1536;
  c.cladeThreshold = 0.2;
  return c;
}

// Multiply-adds x2 of one window as this implementation runs it (pooled
// clades projected, single-species clades looked up) and as the naive pass
// would (every clade's key and value projected).
struct Flops {
  double executed, naive;
};
Flops windowFlops(const GpnStarConfig& c, const Phylogeny& p, double L) {
  const double H = c.hiddenSize, AD = c.attentionWidth(), I = c.intermediateSize, E = c.embeddingSize;
  const double C = double(p.clades.size()), Cp = p.pooledCladeCount();
  const double row = 8 * L * H * AD + 4 * L * L * AD;                // q k v o, scores + context
  const double colFixed = 4 * L * H * AD + 4 * L * C * AD;            // q o, scores + context
  const double ffn = 4 * L * H * I;
  const double layers = c.numHiddenLayers;
  const double source = 2 * L * Cp * AD * H;                          // attn_pool.ffn
  const double head = 2 * H * E + 2 * E * 6;                          // one masked row
  return {layers * (row + colFixed + 4 * L * Cp * H * AD + ffn) + source + head,
          layers * (row + colFixed + 4 * L * C * H * AD + ffn) + source + head};
}

// GEMM throughput on the layer's own products (x [rows, in] * W^T).
double gemmFlopsPerSecond(const GpnStarConfig& c, int64_t rows, torch::ScalarType dtype, double seconds) {
  torch::InferenceMode guard;
  const int64_t H = c.hiddenSize, AD = c.attentionWidth(), I = c.intermediateSize;
  struct Shape { int64_t in, out; };
  const Shape shapes[] = {{H, AD}, {H, AD}, {AD, H}, {H, I}, {I, H}};
  std::vector<std::pair<torch::Tensor, torch::Tensor>> ops;
  double perRound = 0;
  for (const Shape& s : shapes) {
    ops.emplace_back(torch::randn({rows, s.in}).to(dtype), torch::randn({s.out, s.in}).to(dtype));
    perRound += 2.0 * double(rows) * double(s.in) * double(s.out);
  }
  auto round = [&] { for (auto& o : ops) torch::mm(o.first, o.second.t()); };
  return perRound / gpnmsa::secondsPerCall(round, seconds, 2);
}

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string item; std::getline(ss, item, ',');) out.push_back(item);
  return out;
}

long peakMegabytes() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  // GPN-Star's products run on OpenBLAS: the policy `gpnmsa` gives them (may re-execute).
  rememberProgramArguments(argv);
  applyThreadPolicy(inferenceThreadPolicy(ModelKind::GpnStar, "cpu"));
  std::string phyloDir = GPNMSA_SOURCE_DIR "/tests/data/gpnstar/species100/phylo_dist";
  double seconds = 10;
  int window = 128, threads = 0;
  std::vector<std::string> batches{"1", "8"}, precisions{"f32", "bf16"};
  std::string profile;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--phylo") phyloDir = v;
    else if (a == "--seconds") seconds = std::stod(v);
    else if (a == "--window") window = std::stoi(v);
    else if (a == "--threads") threads = std::stoi(v);
    else if (a == "--batch") batches = splitList(v);
    else if (a == "--precision") precisions = splitList(v);
    else if (a == "--profile") profile = v;
    else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 1;
    }
  }
  try {
    const GpnStarConfig config = config200m();
    const NpyFloat64 pair = readNpyFloat64(phyloDir + "/pairwise.npy");
    const NpyFloat64 inClade = readNpyFloat64(phyloDir + "/in_clade.npy");
    const int n = int(pair.shape.at(0));
    const Phylogeny phylo = buildPhylogeny(pair.values, n, inClade.values, config.cladeThreshold, phyloDir);
    const Flops f = windowFlops(config, phylo, window);
    std::printf("# GPN-Star 200M shape, %d species, %zu clades (%d pooled), window %d\n", n,
                phylo.clades.size(), phylo.pooledCladeCount(), window);
    std::printf("# GFLOP per window: %.1f executed, %.1f naive (every clade projected)\n",
                f.executed / 1e9, f.naive / 1e9);
    std::printf("%-9s %5s %10s %12s %12s %9s %8s\n", "precision", "batch", "windows/s", "model GF/s",
                "gemm GF/s", "fraction", "peakMB");
    std::mt19937 rng(7);
    for (const std::string& prec : precisions) {
      ModelOptions options;
      options.precision = parsePrecision(prec);
      options.threads = threads;
      auto model = GpnStarModel::random(config, phylo, options);
      for (const std::string& b : batches) {
        const int batch = std::stoi(b);
        std::vector<uint8_t> columns(size_t(batch) * size_t(window) * size_t(n));
        std::uniform_int_distribution<int> token(0, 4);
        for (auto& t : columns) t = uint8_t(token(rng));
        std::vector<int> w(static_cast<size_t>(batch)), pos(static_cast<size_t>(batch), window / 2);
        for (int i = 0; i < batch; ++i) {
          w[size_t(i)] = i;
          columns[(size_t(i) * size_t(window) + size_t(window / 2)) * size_t(n)] = 5;  // masked human site
        }
        const double wps =
            batch / gpnmsa::secondsPerCall(
                        [&] { model->logitsAtPairs(columns.data(), batch, window, w.data(), pos.data(), batch); },
                        seconds, 2);
        const double gemm = gemmFlopsPerSecond(config, int64_t(batch) * window,
                                               prec == "f32" ? torch::kFloat32 : torch::kBFloat16, 3);
        std::printf("%-9s %5d %10.3f %12.1f %12.1f %9.2f %8ld\n", prec.c_str(), batch, wps,
                    wps * f.executed / 1e9, gemm / 1e9, wps * f.executed / gemm, peakMegabytes());
        std::fflush(stdout);
        if (!profile.empty() && prec == precisions.back() && b == batches.back()) {
          torch::autograd::profiler::RecordProfile record(profile);
          model->logitsAtPairs(columns.data(), batch, window, w.data(), pos.data(), batch);
        }
      }
    }
  } catch (const Error& e) {
    std::fprintf(stderr, "bench_gpnstar: %s\n", e.what());
    return 1;
  }
  return 0;
}
