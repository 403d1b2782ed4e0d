// SPDX-License-Identifier: GPL-3.0-or-later
#include "region_tracks.h"

#include "gpnmsa/logo_heights.h"

namespace gpnmsa::cli {

std::vector<std::string> RegionTracks::paths(const std::string& prefix) {
  return {prefix + ".logo_A.bw", prefix + ".logo_C.bw", prefix + ".logo_G.bw", prefix + ".logo_T.bw",
          prefix + ".min_score.bw"};
}

RegionTracks::RegionTracks(const std::string& prefix,
                           const std::vector<std::pair<std::string, uint32_t>>& chromosomes) {
  for (const std::string& path : paths(prefix)) files_.push_back(std::make_unique<BigWigWriter>(path, chromosomes));
}

void RegionTracks::add(const std::vector<SiteSnvScores>& sites) {
  for (const SiteSnvScores& s : sites) {
    // The scores are the logits less the REF logit: the same logo (softmax).
    const std::array<double, 4> heights = logoHeights(s.acgt);
    const std::string chrom = ucscChromName(s.chrom);
    for (size_t k = 0; k < 4; ++k) files_[k]->add(chrom, s.pos, float(heights[k]));
    files_[4]->add(chrom, s.pos, s.minScore);
  }
}

void RegionTracks::commit() {
  for (auto& f : files_) f->commit();
}

}  // namespace gpnmsa::cli
