// SPDX-License-Identifier: GPL-3.0-or-later
// score-region's optional bigWig tracks: PREFIX.logo_A.bw ... PREFIX.logo_T.bw
// (the app's logo letter heights, bits) and PREFIX.min_score.bw (the lowest
// of a position's three SNV scores). Only positions whose three SNVs were
// scored have values.
#pragma once
#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gpnmsa/bigwig_file.h"
#include "gpnmsa/region_snvs.h"

namespace gpnmsa::cli {

class RegionTracks {
 public:
  // The five file names of `prefix`, in the order logo_A..logo_T, min_score.
  static std::vector<std::string> paths(const std::string& prefix);
  // chromosomes: (UCSC name, length) in name order.
  RegionTracks(const std::string& prefix, const std::vector<std::pair<std::string, uint32_t>>& chromosomes);
  void add(const std::vector<SiteSnvScores>& sites);
  void commit();

 private:
  std::vector<std::unique_ptr<BigWigWriter>> files_;
};

}  // namespace gpnmsa::cli
