// SPDX-License-Identifier: GPL-3.0-or-later
// What a case-file report says, as plain data: per variant the table row, what
// the input's annotation and a ClinVar file say about it, its percentile, and
// the figures' inputs (alignment window, region logits); for the whole report
// its provenance and the research-use and calibration statements. Collected
// here once; report_writer paints it as PDF and HTML, so both say the same.
#pragma once
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVector>
#include <vector>

#include "alignment_view.h"
#include "gene_track_view.h"
#include "gpnmsa/engine_session.h"
#include "gpnmsa/scorer.h"
#include "gpnmsa/variant.h"
#include "gpnmsa/variant_reader.h"

namespace gpnmsa::ui {

struct ReportField {
  QString label, value;
};

// The figures' inputs for one variant (ReportWorker computes them).
struct ReportFigures {
  AlignmentWindowData window;             // empty when it could not be read
  std::vector<gpnmsa::PositionLogits> logits;  // every position of the window, exact mode
  QString error;                          // why there are no figures ("" when there are)
  // The genes over the same positions as the logits (annotationLoaded false:
  // no gene annotation was set, and the report has no gene track).
  GeneTrackData genes;
  QString genesSource;                    // the gene annotation file's name, for the caption
};

struct ReportVariant {
  gpnmsa::ScoredVariant row;
  QString locus;  // "chr22:16,700,123" (1-based)
  QString title;  // "chr22:16,700,123 G>A (Constrained_1)"
  std::vector<ReportField> fields;  // in print order; values never empty ("—" for none)
  QString gene;   // the annotation's gene symbol ("" when the input has none): the gene track's key
  ReportFigures figures;
};

struct ReportData {
  QDateTime created;
  QString logoMode;  // which logo computation the figures show
  std::vector<ReportField> provenance;
  std::vector<ReportVariant> variants;
};

// "For research use. Not a diagnostic device..." and the calibration caveat,
// printed on every report.
QString researchUseStatement();
QString calibrationStatement();

// "lower than 98.7% of possible SNVs"; "" for NaN.
QString percentileText(double percentile);

// One table row (`index` into input.variants, parallel to the table's rows)
// with what the input and the session's distribution say about it. `session`
// may be null (no percentile then).
ReportVariant collectVariant(const gpnmsa::ScoredVariant& row, const gpnmsa::VariantTable& input, int index,
                             const gpnmsa::EngineSession* session);

// Program version and commit, model directory (every file with its size and,
// under 100 MB, SHA-256), alignment (size; SHA-256 under 100 MB), distribution
// file, input file, date and time. Reads the files (hashing): call it off the
// GUI thread for large models.
// `genes` / `clinvar`: the gene annotation and ClinVar files in use ("" = none),
// named with size and (under 100 MB) SHA-256 as well. Each model is named with
// its kind, window and calibration; `second`: a second model shown side by
// side (its folder, kind line and alignment), null for none.
std::vector<ReportField> collectProvenance(const gpnmsa::EngineSession* session, const QString& inputPath,
                                           const QDateTime& created, const QString& genes = {},
                                           const QString& clinvar = {},
                                           const gpnmsa::EngineSession* second = nullptr);

}  // namespace gpnmsa::ui

Q_DECLARE_METATYPE(gpnmsa::ui::ReportFigures)
