// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark (not a test): lookups in GPN-Star Parquet score shards through
// PrecomputedScores (what `gpnmsa annotate` and the app's Published column
// do), in three orders:
//   sorted-dense   consecutive positions (a region, a sorted VCF of one gene)
//   sorted-sparse  N uniformly random positions, sorted (a sorted genome VCF)
//   random         the same positions unsorted (the worst case: few cache hits)
// Prints the open time, lookups/s, RSS after each order and peak RSS (VmHWM).
// annotate() sorts each call's variants, so the three orders differ by
// which row groups a call needs, not by the order of the input.
//   bench_score_shards PATH CHROM FIRST LAST [N] [--check]
// PATH: a shard or a folder; FIRST..LAST: the covered positions. --check:
// the shard was written by make_score_shard.py, verify every value.
// See README "Measured speed" / docs/gpn-star.md for numbers.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "gpnmsa/error.h"
#include "gpnmsa/precomputed_scores.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

long statusKb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.compare(0, std::strlen(key), key) == 0) return std::atol(line.c_str() + std::strlen(key));
  return -1;
}

const char* kBases = "ACGT";

gpnmsa::Variant snv(const std::string& chrom, int64_t pos) {
  gpnmsa::Variant v;
  v.chrom = chrom;
  v.pos = pos;
  const int r = int((pos * 7) % 4);
  v.ref = std::string(1, kBases[r]);
  v.alt = std::string(1, kBases[(r + 1 + int(pos % 3)) % 4]);
  return v;
}

// make_score_shard.py's value for that SNV.
float expected(const gpnmsa::Variant& v) {
  const int r = int((v.pos * 7) % 4), a = int(std::strchr(kBases, v.alt[0]) - kBases);
  const int k = a < r ? a : a - 1;
  return float(-double(v.pos % 997) / 100.0 - k);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: bench_score_shards PATH CHROM FIRST LAST [N] [--check]\n";
    return 1;
  }
  const std::string path = argv[1], chrom = argv[2];
  const int64_t first = std::atoll(argv[3]), last = std::atoll(argv[4]);
  const int64_t n = argc > 5 ? std::atoll(argv[5]) : 100000;
  const bool check = argc > 6 && std::string(argv[6]) == "--check";
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  try {
    const long rssBefore = statusKb("VmRSS:");
    auto t0 = Clock::now();
    const auto scores = gpnmsa::PrecomputedScores::open(path);
    std::printf("open: %.3f ms, VmRSS +%ld kB\n", seconds(t0) * 1e3, statusKb("VmRSS:") - rssBefore);

    std::mt19937_64 rng(1);
    std::vector<int64_t> sparse(static_cast<size_t>(n));
    for (auto& p : sparse) p = first + int64_t(rng() % uint64_t(last - first + 1));
    std::vector<int64_t> sorted = sparse;
    std::sort(sorted.begin(), sorted.end());
    std::vector<int64_t> dense(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) dense[size_t(i)] = first + i % (last - first + 1);

    for (const auto& [name, positions] : {std::pair<const char*, const std::vector<int64_t>*>{"sorted-dense", &dense},
                                          {"sorted-sparse", &sorted},
                                          {"random", &sparse}}) {
      std::vector<gpnmsa::Variant> query;
      query.reserve(positions->size());
      for (int64_t p : *positions) query.push_back(snv(chrom, p));
      t0 = Clock::now();
      const auto rows = scores->annotate(query);
      const double s = seconds(t0);
      int64_t ok = 0, wrong = 0;
      for (const auto& r : rows) {
        if (r.status == gpnmsa::VariantStatus::Ok) ++ok;
        if (check && (r.status != gpnmsa::VariantStatus::Ok || r.score != expected(r.variant))) ++wrong;
      }
      std::printf("%-13s %8lld lookups in %8.3f s = %10.0f lookups/s, %lld ok, VmRSS %ld kB%s\n", name,
                  static_cast<long long>(query.size()), s, double(query.size()) / s, static_cast<long long>(ok),
                  statusKb("VmRSS:"), check ? (wrong ? "  VALUES WRONG" : "  values checked") : "");
      if (wrong) std::printf("  %lld wrong answers\n", static_cast<long long>(wrong));
    }
    std::printf("peak RSS (VmHWM): %ld kB\n", statusKb("VmHWM:"));
  } catch (const gpnmsa::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
