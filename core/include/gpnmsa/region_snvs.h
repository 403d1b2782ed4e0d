// SPDX-License-Identifier: GPL-3.0-or-later
// Every SNV of a region (`gpnmsa score-region`), scored through the same
// Scorer::score as `gpnmsa score`: for each position whose reference base is
// A/C/G/T (either case) the three SNVs to the other bases, REF upper-cased,
// ALTs in A,C,G,T order; the three share one window pair. Positions that
// `gpnmsa score` would not score get no SNVs: reference N (or any non-ACGT
// byte), positions without alignment (absent chunks, NUL fill). Positions
// within 64 bp of a chromosome end are scored with a shifted window, as
// `gpnmsa score` does (ok_window_shifted); the authors' published file leaves
// them out. Streams: a block of positions at a time, in position order.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gpnmsa/variant.h"

namespace gpnmsa {

class AlignmentStore;
class Scorer;

struct GenomeRegion {
  std::string chrom;           // as given; checkedRegion() puts the stored name
  int64_t start = 0, end = 0;  // 1-based inclusive
  std::string origin;          // where it was given, for messages ("--region", "a.bed:3")
};

// The three SNVs of one position, as the tracks want them: the score of each
// base as ALT (logit differences, 0 at REF), the minimum of the three.
struct SiteSnvScores {
  std::string chrom;  // stored name
  int64_t pos = 0;    // 1-based
  char ref = 'N';     // upper case
  std::array<float, 4> acgt{};
  float minScore = 0;
};

// Called per block with its rows (every row, scored or not, three per
// position) and the positions whose three SNVs all got a score.
using RegionBlockSink =
    std::function<void(const std::vector<ScoredVariant>& rows, const std::vector<SiteSnvScores>& sites)>;

class RegionSnvScan {
 public:
  RegionSnvScan(const Scorer& scorer, const AlignmentStore& store);

  // The region with the store's chromosome name, or gpnmsa::Error naming
  // region.origin: unknown chromosome, START > END, outside the chromosome.
  GenomeRegion checkedRegion(const GenomeRegion& region) const;

  // Scores every SNV of a checked region, block by block (blocks of whole
  // Scorer batches, so the batches are the ones a single Scorer::score of all
  // the SNVs would make). `progress(positionsDone)`. Returns false when
  // `stop` was set (the block under way is dropped).
  bool run(const GenomeRegion& region, const RegionBlockSink& sink,
           const std::function<void(int64_t positionsDone)>& progress = {},
           const std::atomic<bool>* stop = nullptr) const;

 private:
  const Scorer& scorer_;
  const AlignmentStore& store_;
};

}  // namespace gpnmsa
