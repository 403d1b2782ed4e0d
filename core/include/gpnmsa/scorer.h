// SPDX-License-Identifier: GPL-3.0-or-later
// Variant scoring and region logits exactly as shared/docs/gpn-msa-spec.md
// describes: 128-bp windows, both strands, strand-averaged.
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
class GpnMsaModel;

// How region logits are computed. Exact (the default, and the published
// definition): one window pair per position, that position masked alone at
// the window centre. MultiMask: positions `spacing` bp apart are masked
// together, `masksPerWindow` in one window pair centred on them: about
// masksPerWindow times fewer forward passes, close to but not equal to exact
// (each position sees the others masked and sits up to
// (masksPerWindow-1)*spacing/2 bp off-centre). The model was trained with 15%
// of positions masked, so a few masks per window are within what it knows.
struct RegionLogitsOptions {
  enum class Mode { Exact, MultiMask };
  Mode mode = Mode::Exact;
  int spacing = 16;        // bp between positions masked in one window (>= 1)
  int masksPerWindow = 4;  // (masksPerWindow-1)*spacing must be < 128
};

struct ScoreOptions {
  // Windows per forward pass (each site needs two: forward and reverse strand).
  int batchSize = 32;
  // How regionLogits() masks (exact by default).
  RegionLogitsOptions logits;
};

// Called from the scoring thread: done/total in units of the job (alleles or positions).
using ProgressCallback = std::function<void(int64_t done, int64_t total)>;

// Strand-averaged A,C,G,T logits at one position, that position masked.
struct PositionLogits {
  int64_t pos = 0;   // 1-based
  char ref = 'N';    // reference base as stored (soft-masking kept)
  std::array<float, 4> acgt{};
  bool windowShifted = false;  // window moved to stay inside the chromosome
};

// The most positions one regionLogits() call computes. Its result is held
// in memory (about 32 bytes a position), so an unbounded region (a whole
// chromosome, or 1:1-4000000000 against a long one) would end in bad_alloc;
// ten million positions is ~320 MB and days of exact computation on a CPU.
constexpr int64_t kMaxRegionLogitsPositions = 10'000'000;

struct RegionLogits {
  std::string chrom;  // as stored
  int64_t start = 0, end = 0;  // 1-based inclusive
  std::vector<PositionLogits> positions;
  int masksPerWindow = 1;  // 1 = exact; more = multi-mask (approximate)
};

// Where the 128-bp window around 0-based position p of a chromosome of
// `length` rows lies: [start, start + 128), the scored base at `index`.
// Near an end the window is shifted to lie inside (index off-centre).
struct WindowPlacement {
  int64_t start = 0;
  int index = 64;
  bool shifted = false;
};
// Requires length >= 128 and 0 <= p < length.
WindowPlacement placeWindow(int64_t p, int64_t length);

class Scorer {
 public:
  // Throws gpnmsa::Error if the store's species count differs from the model's.
  Scorer(const GpnMsaModel& model, const AlignmentStore& store, ScoreOptions options = {});

  // One result per input allele, in input order. Alleles that cannot be scored
  // get a status (indel, unknown chromosome, reference mismatch, ...). Sites
  // shared by several ALTs are computed once. If `stop` becomes true the
  // remaining rows stay Pending. `onResult(i, row)` is called as row i is
  // settled (for live views). Never throws for bad variants; a read error
  // (corrupt chunk) marks the affected rows with status Error.
  std::vector<ScoredVariant> score(
      const std::vector<Variant>& variants, const ProgressCallback& progress = {},
      const std::atomic<bool>* stop = nullptr,
      const std::function<void(size_t, const ScoredVariant&)>& onResult = {}) const;

  // Logits at every position of chrom:start-end (1-based inclusive), each
  // position masked in turn (or several at once: ScoreOptions::logits). Throws gpnmsa::Error for an unknown chromosome,
  // a region outside it, or one longer than kMaxRegionLogitsPositions. `onBatch(first, count)` reports positions as they are
  // computed. A stop request returns the positions done so far.
  RegionLogits regionLogits(
      const std::string& chrom, int64_t start, int64_t end, const ProgressCallback& progress = {},
      const std::atomic<bool>* stop = nullptr,
      const std::function<void(const RegionLogits&, size_t first, size_t count)>& onBatch = {}) const;

  const ScoreOptions& options() const { return options_; }

 private:
  const GpnMsaModel& model_;
  const AlignmentStore& store_;
  ScoreOptions options_;
};

}  // namespace gpnmsa
