// SPDX-License-Identifier: GPL-3.0-or-later
// gpnmsa bench: throughput of the engine against the machine's own limit.
// Default: the released 768x12 shape with random weights on a synthetic
// 89-species alignment, so it runs without any download. Not a test: ctest
// never runs it (timings depend on the machine and its load).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <sstream>

#include "cli_common.h"
#include "commands.h"
#include "gpnmsa/benchmark.h"
#include "gpnmsa/blas_core.h"
#include "gpnmsa/thread_policy.h"
#include "gpnmsa/error.h"
#include "gpnmsa/locus.h"
#include "gpnmsa/region_variants.h"
#include "gpnmsa/model.h"
#include "gpnmsa/operator_profile.h"
#include "gpnmsa/scorer.h"
#include "gpnmsa/tokens.h"
#include "gpnmsa/version.h"
#include "synthetic_store.h"

namespace gpnmsa::cli {
namespace {

ScoreOptions batchOptions(int batch) {
  ScoreOptions o;
  o.batchSize = batch;
  return o;
}

struct BenchArgs {
  std::string model, msa, region, device = "cpu";
  int hidden = 768, layers = 12, heads = 12, ffn = 3072, species = 89;
  int threads = 0;
  std::vector<int> batches{1, 8, 32};
  std::vector<std::string> precisions{"f32"};
  std::vector<std::string> what{"gemm", "forward", "score", "logits"};
  std::vector<std::string> multiMask{"4x16"};
  double seconds = 10, gemmSeconds = 3;
  int sites = 16;
  int cacheMb = 256;
  bool profile = false;
};

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string loadAverage() {
  std::ifstream f("/proc/loadavg");
  std::string one;
  f >> one;
  return one.empty() ? "?" : one;
}

std::string cpuName() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown CPU";
}

struct Masks {
  int masks = 4, spacing = 16;
  std::string name() const { return std::to_string(masks) + "x" + std::to_string(spacing); }
};

Masks parseMasks(const std::string& text) {
  Masks m;
  char x = 0;
  std::istringstream in(text);
  if (!(in >> m.masks >> x >> m.spacing) || x != 'x' || !in.eof() || m.masks < 1 || m.spacing < 1)
    throw Error("--multi-mask '" + text + "': expected MASKSxSPACING, e.g. 4x16");
  return m;
}

class Bench {
 public:
  explicit Bench(BenchArgs a) : a_(std::move(a)) {}

  int run() {
    std::printf("# gpnmsa %s bench: %s, %d threads, load %s, device %s\n", GPNMSA_VERSION,
                cpuName().c_str(), setComputeThreads(a_.threads), loadAverage().c_str(),
                a_.device.c_str());
    std::printf("# BLAS: %s\n# CPU inference kernels: %s\n# OpenMP wait policy: %s\n",
                describeBlasCore().c_str(), inferenceKernels().c_str(), describeWaitPolicy().c_str());
    for (const std::string& p : a_.precisions) models_[p] = makeModel(parsePrecision(p));
    const ModelConfig& c = models_.begin()->second->config();
    std::printf("# model %s: hidden %d, %d layers, %d heads, ffn %d, %d species; %.2f GFLOP per "
                "128-bp window, %.2f asked for one row (its last layer at that row only)\n",
                a_.model.empty() ? "random weights" : a_.model.c_str(), c.hiddenSize,
                c.numHiddenLayers, c.numAttentionHeads, c.intermediateSize, c.speciesCount(),
                fullForwardFlops(c, 1, kWindowSize) / 1e9, forwardFlops(c, 1, kWindowSize, 1) / 1e9);
    if (a_.msa.empty()) {
      store_ = makeSyntheticStore(c.speciesCount(), 200000, 7);
    } else {
      StoreOptions so;
      so.cacheBytes = std::size_t(a_.cacheMb) << 20;
      store_ = AlignmentStore::open(a_.msa, so);
    }
    std::printf("# alignment %s\n", store_->path().c_str());
    std::printf("# gemmGF/s of a forward/score/logits row: the GEMM timed alternately with that "
                "row's work, equal time each\n");
    std::printf("%-10s %-5s %5s %10s %12s %9s %9s %8s %8s %5s\n", "what", "prec", "batch",
                "windows/s", "units/s", "GFLOP/s", "gemmGF/s", "fraction", "peakMB", "load");
    for (const std::string& w : a_.what) {
      if (w == "gemm" || w == "forward" || w == "score" || w == "logits" || w == "multimask") {
        for (const std::string& p : a_.precisions)
          for (int b : a_.batches) throughputRow(w, p, b);
      } else if (w == "grouping") {
        grouping();
      } else if (w == "precision") {
        precisionDelta();
      } else if (w == "agreement") {
        agreement();
      } else {
        throw Error("--what: unknown measurement '" + w +
                    "' (gemm, forward, score, logits, multimask, grouping, precision, agreement)");
      }
      std::fflush(stdout);
    }
    std::printf("# peak memory (VmHWM) %.0f MB\n", peakResidentBytes() / 1048576.0);
    return 0;
  }

 private:
  std::unique_ptr<GpnMsaModel> makeModel(Precision p) const {
    ModelOptions mo;
    mo.device = a_.device;
    mo.threads = a_.threads;
    mo.precision = p;
    if (!a_.model.empty()) return GpnMsaModel::load(a_.model, mo);
    ModelConfig c;
    c.modelType = "GPNRoFormer";
    c.hiddenSize = c.embeddingSize = a_.hidden;
    c.numHiddenLayers = a_.layers;
    c.numAttentionHeads = a_.heads;
    c.intermediateSize = a_.ffn;
    c.maxPositionEmbeddings = 1536;
    c.nAuxFeatures = 5 * a_.species;
    if (a_.hidden < 6 + c.nAuxFeatures || a_.hidden % a_.heads != 0)
      throw Error("--hidden " + std::to_string(a_.hidden) + " must be >= 6 + 5*species (" +
                  std::to_string(6 + c.nAuxFeatures) + ") and a multiple of --heads");
    return GpnMsaModel::random(c, mo, 1);
  }

  const GemmReference& gemm(const std::string& precision, int batch) {
    const auto key = std::make_pair(precision, batch);
    auto it = gemm_.find(key);
    if (it == gemm_.end()) {
      it = gemm_.emplace(key, prepareGemm(models_.at(precision)->config(),
                                          int64_t(batch) * kWindowSize, parsePrecision(precision),
                                          a_.device, a_.gemmSeconds)).first;
      std::printf("# gemm %s batch %d: %s\n", precision.c_str(), batch,
                  it->second.measured.note.c_str());
    }
    return it->second;
  }

  // Seconds per call of `work`, and the GEMM's FLOP/s timed alternately with
  // it (0 when the precision has no GEMM here).
  std::pair<double, double> timeRow(const std::function<void()>& work, const GemmReference& g) {
    if (!g.round) return {secondsPerCall(work, a_.seconds), 0.0};
    const TimedAgainstGemm t = timeAgainstGemm(work, g, a_.seconds);
    return {t.secondsPerCall, t.gemmFlopsPerSecond};
  }

  // Random single-ALT SNVs on chromosome 1 whose REF matches the store.
  std::vector<Variant> randomSnvs(int n) {
    const auto chrom = store_->resolve("1");
    if (!chrom)  // was a null dereference (segfault) with the demo store
      throw Error("alignment store " + store_->path() +
                  " has no chromosome 1 for random sites: give --region CHROM:START-END");
    const int64_t length = store_->length(*chrom);
    std::vector<Variant> out;
    while (int(out.size()) < n) {
      const int64_t pos = 200 + int64_t(rng_() % uint64_t(length - 400));
      for (Variant& v : regionSnvs(*store_, "1", pos, pos, 1)) out.push_back(std::move(v));
    }
    return out;
  }

  void printRow(const std::string& what, const std::string& precision, int batch,
                double windowsPerSecond, double unitsPerSecond, double flopsPerSecond,
                double gemmFlops) {
    std::printf("%-10s %-5s %5d %10.3f %12.3f %9.1f %9.1f %8.3f %8.0f %5s\n", what.c_str(),
                precision.c_str(), batch, windowsPerSecond, unitsPerSecond, flopsPerSecond / 1e9,
                gemmFlops / 1e9, gemmFlops > 0 ? flopsPerSecond / gemmFlops : 0.0,
                peakResidentBytes() / 1048576.0, loadAverage().c_str());
  }

  // The largest operators by self time, as comment lines under the row.
  static void printProfile(const OperatorProfile& p) {
    std::printf("#   profile of one call, %.3f s: %-32s %7s %9s %6s\n", p.wallSeconds, "operator",
                "calls", "self s", "share");
    double shown = 0;
    for (size_t i = 0; i < p.operators.size() && i < 12; ++i) {
      const OperatorTime& o = p.operators[i];
      shown += o.selfSeconds;
      std::printf("#   %-32s %7lld %9.4f %5.1f%%\n", o.name.c_str(), (long long)o.calls,
                  o.selfSeconds, 100 * o.selfSeconds / p.wallSeconds);
    }
    std::printf("#   %-32s %7s %9.4f %5.1f%%\n", "(outside operators)", "", p.outsideSeconds,
                100 * p.outsideSeconds / p.wallSeconds);
  }

  void throughputRow(const std::string& what, const std::string& precision, int batch) {
    const GpnMsaModel& model = *models_.at(precision);
    const ModelConfig& c = model.config();
    const GemmReference& g = gemm(precision, batch);
    if (what == "gemm") {
      const double flops = g.measured.supported ? g.measured.flopsPerSecond : 0;
      printRow("gemm", precision, batch, 0, 0, flops, flops);
      return;
    }
    if (what == "forward") {  // the model alone on random token windows
      const int S = c.speciesCount(), L = kWindowSize;
      std::vector<uint8_t> human(size_t(batch) * L), aux(size_t(batch) * L * S);
      for (auto& t : human) t = uint8_t(1 + rng_() % 4);
      for (auto& t : aux) t = uint8_t(rng_() % 5);
      std::vector<int> positions(size_t(batch), kWindowCentre);
      for (int b = 0; b < batch; ++b) human[size_t(b) * L + kWindowCentre] = kMaskToken;
      const auto once = [&] { model.logitsAt(human.data(), aux.data(), batch, L, positions.data()); };
      const auto [t, gemmFlops] = timeRow(once, g);
      printRow("forward", precision, batch, batch / t, batch / t,
               forwardFlops(c, batch, L, batch) / t, gemmFlops);
      if (a_.profile) printProfile(profileOperators(once));
      return;
    }
    ScoreOptions so;
    so.batchSize = std::max(2, batch);  // a site's two strands share a pass
    if (what == "score") {
      Scorer scorer(model, *store_, so);
      const int sites = std::max(1, so.batchSize / 2);
      const auto [t, gemmFlops] = timeRow([&] { scorer.score(randomSnvs(sites)); }, g);
      printRow("score", precision, so.batchSize, 2 * sites / t, sites / t,
               forwardFlops(c, 2 * sites, kWindowSize, 2 * sites) / t, gemmFlops);
      return;
    }
    // Region logits: exact (one position per window pair) or multi-mask.
    const bool multi = what == "multimask";
    const Masks mm = multi ? parseMasks(a_.multiMask.front()) : Masks{1, 1};
    if (multi) {
      so.logits.mode = RegionLogitsOptions::Mode::MultiMask;
      so.logits.masksPerWindow = mm.masks;
      so.logits.spacing = mm.spacing;
    }
    Scorer scorer(model, *store_, so);
    // Exact: a batch's worth of positions; multi-mask: one block of masks*spacing.
    const int positions = multi ? mm.masks * mm.spacing : std::max(1, so.batchSize / 2);
    const int windows = multi ? 2 * mm.spacing : 2 * positions;
    int64_t next = 1000;
    const auto [t, gemmFlops] = timeRow(
        [&] {
          scorer.regionLogits("1", next, next + positions - 1);
          next += positions;
        },
        g);
    printRow(multi ? "mm" + mm.name() : "logits", precision, so.batchSize, windows / t,
             positions / t, forwardFlops(c, windows, kWindowSize, 2 * positions) / t, gemmFlops);
  }

  // Variants: every SNV at `sites` positions (of --region, or random).
  std::vector<Variant> allSnvs(int alts) {
    std::vector<Variant> out;
    const auto add = [&](const std::string& chrom, int64_t start, int64_t end) {
      for (Variant& v : regionSnvs(*store_, chrom, start, end, alts)) out.push_back(std::move(v));
    };
    if (!a_.region.empty()) {
      std::string why;
      const auto locus = parseLocus(a_.region, &why);
      if (!locus) throw Error("--region '" + a_.region + "': " + why);
      add(locus->chrom, locus->start, locus->end);
    } else {
      for (const Variant& v : randomSnvs(a_.sites)) add(v.chrom, v.pos, v.pos);
    }
    return out;
  }

  // Site grouping: the three ALTs of a site share one window pair. Compare
  // with scoring the same variants as three lists of one ALT per site.
  void grouping() {
    const std::string& p = a_.precisions.front();
    const int batch = std::max(2, *std::max_element(a_.batches.begin(), a_.batches.end()));
    Scorer scorer(*models_.at(p), *store_, batchOptions(batch));
    const auto variants = allSnvs(3);
    std::vector<std::vector<Variant>> separate(3);
    for (size_t i = 0; i < variants.size(); ++i) separate[i % 3].push_back(variants[i]);
    scorer.score(separate[0]);  // warm-up
    auto t0 = Clock::now();
    const auto grouped = scorer.score(variants);
    const double tGrouped = secondsSince(t0);
    t0 = Clock::now();
    double worst = 0;
    for (int k = 0; k < 3; ++k) {
      const auto rows = scorer.score(separate[k]);
      for (size_t i = 0; i < rows.size(); ++i)
        worst = std::max(worst, double(std::fabs(rows[i].score - grouped[3 * i + k].score)));
    }
    const double tSeparate = secondsSince(t0);
    std::printf("grouping %s batch %d: %zu SNVs at %zu sites: grouped %.2f s, one ALT per pass "
                "%.2f s, speed-up %.2fx (max |score difference| %.2g), load %s\n",
                p.c_str(), batch, variants.size(), variants.size() / 3, tGrouped, tSeparate,
                tSeparate / tGrouped, worst, loadAverage().c_str());
  }

  // |score| differences of each precision against the first one listed.
  void precisionDelta() {
    const std::string& base = a_.precisions.front();
    const int batch = std::max(2, *std::max_element(a_.batches.begin(), a_.batches.end()));
    const auto variants = allSnvs(3);
    const auto ref = Scorer(*models_.at(base), *store_, batchOptions(batch)).score(variants);
    for (size_t k = 1; k < a_.precisions.size(); ++k) {
      const std::string& p = a_.precisions[k];
      const auto got = Scorer(*models_.at(p), *store_, batchOptions(batch)).score(variants);
      double worst = 0, sum = 0, sumAbs = 0;
      size_t n = 0;
      for (size_t i = 0; i < got.size(); ++i) {
        if (!isScored(ref[i].status) || !isScored(got[i].status)) continue;
        const double d = std::fabs(double(got[i].score) - ref[i].score);
        worst = std::max(worst, d);
        sum += d;
        sumAbs += std::fabs(ref[i].score);
        ++n;
      }
      std::printf("precision %s vs %s: %zu scores, max |dscore| %.4g, mean |dscore| %.4g "
                  "(mean |score| %.4g)\n",
                  p.c_str(), base.c_str(), n, worst, n ? sum / n : 0.0, n ? sumAbs / n : 0.0);
    }
  }

  // Multi-mask logits against exact (one mask per window) on --region.
  void agreement() {
    const std::string& p = a_.precisions.front();
    const GpnMsaModel& model = *models_.at(p);
    std::string chrom = "1";
    int64_t start = 1001, end = 1064;
    if (!a_.region.empty()) {
      std::string why;
      const auto locus = parseLocus(a_.region, &why);
      if (!locus) throw Error("--region '" + a_.region + "': " + why);
      chrom = locus->chrom;
      start = locus->start;
      end = locus->end;
    }
    const int batch = std::max(2, *std::max_element(a_.batches.begin(), a_.batches.end()));
    auto t0 = Clock::now();
    const auto exact = Scorer(model, *store_, batchOptions(batch)).regionLogits(chrom, start, end);
    const double tExact = secondsSince(t0);
    for (const std::string& text : a_.multiMask) {
      const Masks mm = parseMasks(text);
      ScoreOptions so = batchOptions(batch);
      so.logits.mode = RegionLogitsOptions::Mode::MultiMask;
      so.logits.masksPerWindow = mm.masks;
      so.logits.spacing = mm.spacing;
      t0 = Clock::now();
      const auto multi = Scorer(model, *store_, so).regionLogits(chrom, start, end);
      const double tMulti = secondsSince(t0);
      // Pearson r of all A,C,G,T logits; max |d| of logits and of the LLRs
      // logit[alt] - logit[ref] at positions with an A,C,G,T reference.
      double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, maxLogit = 0, maxLlr = 0, sumLlr = 0;
      size_t n = 0, nLlr = 0;
      for (size_t i = 0; i < exact.positions.size(); ++i) {
        const auto& e = exact.positions[i].acgt;
        const auto& m = multi.positions[i].acgt;
        for (int k = 0; k < 4; ++k) {
          sx += e[k]; sy += m[k]; sxx += e[k] * double(e[k]); syy += m[k] * double(m[k]);
          sxy += e[k] * double(m[k]);
          ++n;
          maxLogit = std::max(maxLogit, double(std::fabs(e[k] - m[k])));
        }
        const int ref = baseToken(exact.positions[i].ref);
        if (ref == kGapToken) continue;
        for (int alt = 1; alt <= 4; ++alt) {
          if (alt == ref) continue;
          const double d = std::fabs((e[alt - 1] - e[ref - 1]) - (m[alt - 1] - m[ref - 1]));
          maxLlr = std::max(maxLlr, d);
          sumLlr += d;
          ++nLlr;
        }
      }
      const double r = (n * sxy - sx * sy) /
                       std::sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
      std::printf("agreement %s %s:%lld-%lld (%zu positions): multi-mask %s pearson r %.5f, max "
                  "|dlogit| %.4g, max |dllr| %.4g, mean |dllr| %.4g; exact %.2f s, multi %.2f s, "
                  "speed-up %.2fx, load %s\n",
                  p.c_str(), exact.chrom.c_str(), (long long)start, (long long)end,
                  exact.positions.size(), mm.name().c_str(), r, maxLogit, maxLlr,
                  nLlr ? sumLlr / nLlr : 0.0, tExact, tMulti, tExact / tMulti,
                  loadAverage().c_str());
    }
  }

  BenchArgs a_;
  std::map<std::string, std::unique_ptr<GpnMsaModel>> models_;
  std::unique_ptr<AlignmentStore> store_;
  std::map<std::pair<std::string, int>, GemmReference> gemm_;
  std::mt19937_64 rng_{42};
};

}  // namespace

Runner addBenchCommand(CLI::App& app) {
  auto a = std::make_shared<BenchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "bench",
      "measure throughput (windows/s, sites/s), the machine's GEMM FLOP/s, the fraction of it "
      "reached, and peak memory; default: the released 768x12 shape with random weights");
  cmd->add_option("--model", a->model, "model directory (default: random weights of --hidden ...)");
  cmd->add_option("--msa", a->msa, "alignment store (default: a synthetic in-memory one)");
  cmd->add_option("--hidden", a->hidden, "random model: hidden size")->check(CLI::Range(8, 65536));
  cmd->add_option("--layers", a->layers, "random model: layers")->check(CLI::Range(1, 1024));
  cmd->add_option("--heads", a->heads, "random model: attention heads")->check(CLI::Range(1, 1024));
  cmd->add_option("--ffn", a->ffn, "random model: intermediate size")->check(CLI::Range(1, 1 << 20));
  cmd->add_option("--species", a->species, "random model: species")->check(CLI::Range(1, 10000));
  cmd->add_option("--threads", a->threads, "CPU threads (0 = libtorch's default, all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--batch-size", a->batches, "windows per pass, one row each (e.g. 1,8,32)")
      ->delimiter(',')
      ->check(CLI::Range(1, 65536));
  cmd->add_option("--precision", a->precisions, "f32, bf16, f16 (GPU), one row each")
      ->delimiter(',');
  cmd->add_option("--device", a->device, "cpu, or cuda[:N] with a CUDA build of libtorch");
  cmd->add_option("--what", a->what,
                  "measurements: gemm, forward, score, logits, multimask, grouping, precision, "
                  "agreement")
      ->delimiter(',');
  cmd->add_option("--multi-mask", a->multiMask,
                  "multi-mask settings MASKSxSPACING (first for 'multimask', all for 'agreement')")
      ->delimiter(',');
  cmd->add_option("--seconds", a->seconds, "time per throughput row (after a warm-up call)")
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--gemm-seconds", a->gemmSeconds, "time per GEMM measurement")
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--sites", a->sites, "sites for grouping/precision without --region")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--region", a->region,
                  "CHROM:START-END for grouping, precision and agreement (default: random sites; "
                  "agreement 1:1001-1064)");
  cmd->add_flag("--profile", a->profile,
               "after each forward row, the largest libtorch operators of one call by self time");
  cmd->add_option("--cache-mb", a->cacheMb, "alignment chunk cache (with --msa)")
      ->check(CLI::Range(1, 1 << 20));
  return [a]() { return Bench(*a).run(); };
}

}  // namespace gpnmsa::cli
