// SPDX-License-Identifier: GPL-3.0-or-later
// The "positions" method of a reference score distribution (score_distribution.h).
#include <cmath>
#include <random>
#include <set>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "gpnmsa/region_variants.h"
#include "gpnmsa/score_distribution.h"

namespace gpnmsa {

std::vector<float> referenceScoresAtPositions(const Scorer& scorer, const AlignmentStore& store,
                                              int64_t positions, uint64_t seed,
                                              const ProgressCallback& progress,
                                              const std::atomic<bool>* stop) {
  if (positions < 1) throw Error("the number of positions must be at least 1");
  const std::vector<ChromosomeInfo>& chroms = store.chromosomes();
  int64_t total = 0;
  for (const ChromosomeInfo& c : chroms) total += c.length;
  if (total <= 0) throw Error(store.path() + ": the alignment has no rows");
  // Raw engine output (not std::uniform_int_distribution, whose results differ
  // between standard libraries): the same seed gives the same positions everywhere.
  std::mt19937_64 rng(seed);
  std::set<std::pair<size_t, int64_t>> seen;
  std::vector<Variant> variants;
  const int64_t maxDraws = std::max<int64_t>(1000000, positions * 2000);
  int64_t found = 0;
  for (int64_t draw = 0; found < positions && draw < maxDraws; ++draw) {
    if (stop && stop->load()) return {};
    int64_t x = static_cast<int64_t>(rng() % static_cast<uint64_t>(total));
    size_t c = 0;
    while (x >= chroms[c].length) x -= chroms[c++].length;
    if (!store.isAligned(chroms[c].name, x) || !seen.insert({c, x}).second) continue;
    std::vector<Variant> snvs = regionSnvs(store, chroms[c].name, x + 1, x + 1);
    if (snvs.empty()) continue;  // N, gap, or a fill row of a present chunk
    ++found;
    for (Variant& v : snvs) variants.push_back(std::move(v));
  }
  if (found < positions)
    throw Error(store.path() + ": found only " + std::to_string(found) + " aligned A/C/G/T positions in " +
                std::to_string(maxDraws) + " random draws; ask for fewer positions");
  for (size_t i = 0; i < variants.size(); ++i) variants[i].record = int64_t(i);
  const std::vector<ScoredVariant> rows = scorer.score(variants, progress, stop);
  std::vector<float> scores;
  scores.reserve(rows.size());
  for (const ScoredVariant& r : rows)
    if (isScored(r.status) && !std::isnan(r.score)) scores.push_back(r.score);
  return scores;
}

}  // namespace gpnmsa
