// SPDX-License-Identifier: GPL-3.0-or-later
// What File ▸ Export Figure and `gpnmsa-studio --figure` draw: one region
// (up to kMaxFigureRegion bp, always the whole region, never a viewport) with
// its alignment rows read from the store, the model's logits at every
// position (those the app already computed are reused, the rest computed with
// Scorer::regionLogits in the chosen mode), the genes overlapping it and the
// words of its title. Gathering does no Qt GUI work, so it runs in a worker
// thread (FigureWorker) or, headless, on the main thread.
#pragma once
#include <QString>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "alignment_view.h"  // AlignmentWindowData
#include "figure_rows.h"
#include "gpnmsa/engine_session.h"
#include "gpnmsa/gene_annotation.h"
#include "gpnmsa/scorer.h"

namespace gpnmsa::ui {

// The longest region a figure draws (issue 12: "regions up to 10 kb").
constexpr qint64 kMaxFigureRegion = 10'000;

struct FigureRegion {
  QString chrom;           // as typed; resolved against the store when gathered
  qint64 start = 0, end = 0;  // 1-based inclusive
  qint64 marked = 0;       // a position to mark (the variant); 0 = none
  qint64 length() const { return end - start + 1; }
};

// Reads a locus as the figure's region: chr:start-end as typed; chr:pos and
// chr:pos:ref:alt the 128-bp window around pos (the detail panel's window),
// pos marked; with `genes`, a gene name or id its span. nullopt with *error
// for text that names nothing, or a region longer than kMaxFigureRegion.
std::optional<FigureRegion> parseFigureRegion(const QString& text, const gpnmsa::GeneAnnotation* genes,
                                              QString* error);

struct FigureRequest {
  FigureRegion region;
  FigureRows rows;
  gpnmsa::RegionLogitsOptions logits;  // the mode the logits are computed in
  QString modeText;                    // and its words for the title ("fast: ...")
  // Logits already computed in that mode by the app (any positions; those of
  // the region are used, the rest ignored).
  std::vector<gpnmsa::PositionLogits> known;
  std::shared_ptr<const gpnmsa::GeneAnnotation> genes;  // nullptr: no gene track
  int batchSize = 32;  // windows per forward pass
  QString title;       // the figure's first line; "" = the locus and genes
};

struct FigureData {
  QString chrom;  // as stored
  qint64 start = 0, end = 0, marked = 0;
  AlignmentWindowData alignment;  // every position of the region, all sequences
  std::vector<int> rows;          // sequence indices to draw, human (0) first
  QString rowsText;               // "human + 20 closest of 89 species"
  // Logits by position - start; pos == 0 where not computed (no alignment
  // there, or a cancelled run).
  std::vector<gpnmsa::PositionLogits> logits;
  qint64 computed = 0, reused = 0;  // positions computed here / taken from `known`
  bool annotationSet = false;
  std::vector<gpnmsa::Gene> genes;  // overlapping the region
  QString modelName, alignmentName, modeText;

  qint64 length() const { return end - start + 1; }
  const gpnmsa::PositionLogits* logitsAt(qint64 pos) const;
  QString customTitle;  // the user's words for the first line ("" = the locus line)

  // "chr22:16,699,900-16,700,300 (401 bp) · GENE"
  QString locusLine() const;
  // The first line: customTitle, else locusLine().
  QString title() const;
  // "Model: ... · Alignment: ... · Logits: ... · Rows: ...", after the locus
  // line when a custom title took its place (the locus is always named).
  QString subtitle() const;
};

// Reads, looks up and computes everything the figure of `request` needs.
// Logits are computed as the browser's ViewLogitsScheduler computes them
// (multi-mask: whole grid blocks, view_logits_plan.h), so both show the same
// values; positions with no alignment are left out.
// Throws gpnmsa::Error (unknown chromosome, region outside it, a read error).
// `progress` counts positions (done, total of the region); a set `stop`
// returns early with the positions done so far (the caller checks it).
FigureData gatherFigureData(const gpnmsa::EngineSession& session, const FigureRequest& request,
                            const gpnmsa::ProgressCallback& progress = {}, const std::atomic<bool>* stop = nullptr);

// "demo/model" style short names for the title (last two path parts of a
// directory named "model", else the last part).
QString shortModelName(const QString& modelDir);

}  // namespace gpnmsa::ui
