// SPDX-License-Identifier: GPL-3.0-or-later
// A model's reference distribution of scores (score_distribution.tsv): the
// scores of every possible SNV at random aligned positions, summarised as
// quantiles, so that one score can be placed among them ("lower than 98.7% of
// possible SNVs"). GPN-MSA scores are not calibrated against clinical
// benchmarks, carry no ACMG evidence strength and have no published cut-off;
// a percentile says only where a score lies among this model's scores.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gpnmsa/scorer.h"

namespace gpnmsa {

class AlignmentStore;

class ScoreDistribution {
 public:
  // kQuantiles quantiles at levels 0, 0.001, ..., 1 (linear interpolation
  // between order statistics, numpy's default: h = (n-1) q).
  static constexpr int kQuantiles = 1001;

  // From raw scores (NaN ignored; at least one finite score, else Error).
  // `header`: key/value pairs saying how they were made, written in order
  // (e.g. method, n, seed, model, alignment); "count" is added.
  static ScoreDistribution fromScores(std::vector<float> scores,
                                      std::vector<std::pair<std::string, std::string>> header);

  // Reads a file written by write(). Throws gpnmsa::Error naming the file and
  // the line for anything malformed (missing header, bad number, quantiles
  // not increasing, wrong count).
  static ScoreDistribution read(const std::string& path);

  // Writes atomically: "# gpnmsa score distribution" and "# key=value" lines
  // (the header, then a line defining the percentile), then "quantile\tscore"
  // and kQuantiles rows ("%.3f\t%.6f").
  void write(const std::string& path) const;

  // The share (in %, 0..100) of the reference scores STRICTLY GREATER than
  // `score`, interpolated linearly between quantiles: "lower than X% of
  // possible SNVs". 100 below the lowest quantile, 0 at or above the highest;
  // NaN for NaN. Low (very negative, likely deleterious) scores get high X.
  double percentile(float score) const;

  const std::vector<std::pair<std::string, std::string>>& header() const { return header_; }
  // The header value of `key`, "" if absent.
  std::string value(const std::string& key) const;
  const std::vector<double>& quantileScores() const { return scores_; }

 private:
  std::vector<std::pair<std::string, std::string>> header_;
  std::vector<double> scores_;  // kQuantiles, non-decreasing
};

// What a score and its percentile do not mean, in the one wording every
// place that explains a score uses (app tooltips, legend, variant info,
// reports): "GPN-MSA scores are not calibrated against clinical benchmarks, ...".
const char* calibrationStatement();

// A percentile as tables and VCFs write it: "%.1f"; NaN -> "".
std::string formatPercentile(double percentile);

// The file's usual place: <modelDir>/score_distribution.tsv.
std::string defaultDistributionPath(const std::string& modelDir);

// Method "positions": `positions` distinct positions drawn uniformly (seeded
// std::mt19937_64, chromosome by length) among the aligned rows of the
// store's chromosomes whose reference base is A/C/G/T (regionSnvs), all three
// SNVs at each scored with `scorer`; returns the scores of the scored SNVs.
// Throws gpnmsa::Error when too few aligned positions are found. Progress in
// SNVs; a stop request returns what was scored.
std::vector<float> referenceScoresAtPositions(const Scorer& scorer, const AlignmentStore& store,
                                              int64_t positions, uint64_t seed,
                                              const ProgressCallback& progress = {},
                                              const std::atomic<bool>* stop = nullptr);

}  // namespace gpnmsa
