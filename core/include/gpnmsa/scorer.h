// SPDX-License-Identifier: GPL-3.0-or-later
// Variant scoring and region logits exactly as shared/docs/gpn-msa-spec.md
// and gpn-star-spec.md describe: windows of the model's length (GPN-MSA 128),
// both strands, strand-averaged. Any AlignmentModel: GPN-MSA or GPN-Star.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gpnmsa/variant.h"

namespace gpnmsa {

class AlignmentStore;
class AlignmentModel;
class CalibrationTable;
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
  int masksPerWindow = 4;  // (masksPerWindow-1)*spacing must be < the window length
};

struct ScoreOptions {
  // Windows per forward pass (each site needs two: forward and reverse strand).
  int batchSize = 32;
  // How regionLogits() masks (exact by default).
  RegionLogitsOptions logits;
  // Window length in rows: 0 = the model's (defaultWindowLength: GPN-MSA
  // 128, GPN-Star 128 or 256). Must be even and at most maxWindowLength().
  int windowLength = 0;
  // GPN-Star's neutral means (the model folder's calibration_table): when
  // set, score() fills scoreCalibrated / entropyCalibrated and gives scored
  // alleles whose 5-mer has no entry the status no_calibration.
  std::shared_ptr<const CalibrationTable> calibration;
};

// Called from the scoring thread: done/total in units of the job (alleles or positions).
using ProgressCallback = std::function<void(int64_t done, int64_t total)>;

// Strand-averaged A,C,G,T logits at one position, that position masked.
struct PositionLogits {
  int64_t pos = 0;   // 1-based
  char ref = 'N';    // reference base as stored (soft-masking kept)
  std::array<float, 4> acgt{};
  bool windowShifted = false;  // window moved to stay inside the chromosome
  bool windowPadded = false;   // window passed a chromosome end, padded with '-' (GPN-Star)
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

// Where the window (128 bp unless said) around 0-based position p of a
// chromosome of `length` rows lies: [start, start + window), the scored base
// at `index` (window / 2 when centred). Near an end the window is shifted to
// lie inside (index off-centre): GPN-MSA's rule here; GPN-Star pads instead.
struct WindowPlacement {
  int64_t start = 0;
  int index = 64;
  bool shifted = false;
};
// Requires length >= window and 0 <= p < length.
WindowPlacement placeWindow(int64_t p, int64_t length, int window = 128);

class Scorer {
 public:
  // Throws gpnmsa::Error if the store's column count differs from the
  // model's, or the window length does not suit the model.
  Scorer(const AlignmentModel& model, const AlignmentStore& store, ScoreOptions options = {});
  // GPN-MSA through GpnMsaAlignmentModel (`model` must outlive the Scorer).
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
  int windowLength() const { return window_; }
  const AlignmentModel& model() const { return model_; }

 private:
  void check();
  std::shared_ptr<const AlignmentModel> owned_;  // the GPN-MSA adapter, when made here
  const AlignmentModel& model_;
  int window_ = 128;
  const AlignmentStore& store_;
  ScoreOptions options_;
};

}  // namespace gpnmsa
