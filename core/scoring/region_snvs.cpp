// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/region_snvs.h"

#include <algorithm>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "gpnmsa/scorer.h"
#include "gpnmsa/tokens.h"

namespace gpnmsa {

namespace {

constexpr char kBases[4] = {'A', 'C', 'G', 'T'};

// Blocks handed to Scorer::score hold this many of its batches.
constexpr int64_t kBatchesPerBlock = 64;

int64_t chunkRowsOf(const AlignmentStore& store, const std::string& chrom) {
  for (const ChromosomeInfo& c : store.chromosomes())
    if (c.name == chrom && c.chunkRows > 0) return c.chunkRows;
  return 512;
}

}  // namespace

RegionSnvScan::RegionSnvScan(const Scorer& scorer, const AlignmentStore& store) : scorer_(scorer), store_(store) {}

GenomeRegion RegionSnvScan::checkedRegion(const GenomeRegion& r) const {
  const std::string where = r.origin.empty() ? std::string() : r.origin + ": ";
  const std::string text = r.chrom + ":" + std::to_string(r.start) + "-" + std::to_string(r.end);
  const auto stored = store_.resolve(r.chrom);
  if (!stored)
    throw Error(where + "chromosome '" + r.chrom + "' is not in the alignment store " + store_.path());
  if (r.start < 1 || r.end < r.start)
    throw Error(where + "region " + text + ": START must be >= 1 and not after END (1-based, inclusive)");
  const int64_t length = store_.length(*stored);
  if (r.end > length)
    throw Error(where + "region " + text + " ends past chromosome " + *stored + " (1-" + std::to_string(length) +
                ")");
  GenomeRegion out = r;
  out.chrom = *stored;
  return out;
}

bool RegionSnvScan::run(const GenomeRegion& region, const RegionBlockSink& sink,
                        const std::function<void(int64_t)>& progress, const std::atomic<bool>* stop) const {
  const int64_t sitesPerBatch = std::max(1, scorer_.options().batchSize / 2);  // Scorer::score's batches
  const int64_t blockSites = kBatchesPerBlock * sitesPerBatch;
  const int64_t chunkRows = chunkRowsOf(store_, region.chrom);
  const int columns = store_.columns();
  std::vector<Variant> variants;
  std::vector<int64_t> positions;  // one per site of the block
  int64_t blockFirst = region.start, scanned = region.start;  // next position to read

  auto flush = [&]() -> bool {
    if (!variants.empty()) {
      const int64_t span = scanned - blockFirst;
      const auto rows = scorer_.score(
          variants,
          [&](int64_t done, int64_t total) {
            if (progress && total > 0) progress(blockFirst - region.start + span * done / total);
          },
          stop);
      if (stop && stop->load()) return false;
      std::vector<SiteSnvScores> sites;
      sites.reserve(positions.size());
      for (size_t k = 0; k < positions.size(); ++k) {
        const ScoredVariant* three = &rows[3 * k];
        if (!isScored(three[0].status) || !isScored(three[1].status) || !isScored(three[2].status)) continue;
        SiteSnvScores s;
        s.chrom = region.chrom;
        s.pos = positions[k];
        s.ref = three[0].variant.ref[0];
        s.acgt.fill(0);
        s.minScore = three[0].score;
        for (int j = 0; j < 3; ++j) {
          s.acgt[size_t(baseToken(three[j].variant.alt[0]) - 1)] = three[j].score;
          s.minScore = std::min(s.minScore, three[j].score);
        }
        sites.push_back(s);
      }
      sink(rows, sites);
    }
    variants.clear();
    positions.clear();
    blockFirst = scanned;
    if (progress) progress(scanned - region.start);
    return !(stop && stop->load());
  };

  // A store chunk at a time: absent chunks are skipped without a read.
  for (int64_t pos = region.start; pos <= region.end;) {
    if (stop && stop->load()) return false;
    const int64_t row = pos - 1;
    const int64_t chunkEnd = std::min(region.end, (row / chunkRows + 1) * chunkRows);  // last position, 1-based
    if (store_.isAligned(region.chrom, row)) {
      const std::vector<char> rows = store_.fetch(region.chrom, row, chunkEnd);
      for (int64_t p = pos; p <= chunkEnd; ++p) {
        const char base = rows[size_t(p - pos) * size_t(columns)];
        const uint8_t token = baseToken(base);
        if (token == 0) continue;  // N, another IUPAC code, or the NUL fill: nothing to score
        const char ref = kBases[token - 1];
        for (char alt : kBases) {
          if (alt == ref) continue;
          Variant v;
          v.chrom = region.chrom;
          v.pos = p;
          v.ref = std::string(1, ref);
          v.alt = std::string(1, alt);
          v.record = int64_t(positions.size());
          variants.push_back(std::move(v));
        }
        positions.push_back(p);
        if (int64_t(positions.size()) == blockSites) {
          scanned = p + 1;
          if (!flush()) return false;
        }
      }
    }
    pos = chunkEnd + 1;
    scanned = pos;
  }
  return flush();
}

}  // namespace gpnmsa
