// SPDX-License-Identifier: GPL-3.0-or-later
// One row per input allele. DisplayRole is for people; RawRole gives the
// value to sort and filter by (numbers as numbers, NaN for unscored).
// Besides the score, the columns of a clinical review (issue 11): the
// percentile in the session's reference distribution, the input's own
// annotation summarised per allele (gene ... clinvar, core's summarize()),
// and the matches in a ClinVar file.
#pragma once
#include <QAbstractTableModel>
#include <QColor>
#include <QLinearGradient>
#include <QVector>
#include <cstdint>
#include <memory>
#include <vector>

#include "gpnmsa/annotations.h"
#include "gpnmsa/clinvar.h"
#include "gpnmsa/score_distribution.h"
#include "gpnmsa/variant.h"

namespace gpnmsa::ui {

class VariantTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  // Published: the score from a precomputed score file (issue 5), beside
  // the live one; hidden by the window when no file is configured.
  // The review columns come after Detail so that the older indices stay put;
  // the window orders them visually. Annotation columns: the picked entry of
  // each allele (summarize()); ClinVar: the input's own CLIN_SIG/CLNSIG;
  // ClinVarSignificance..ClinVarCondition: the match in the ClinVar file.
  enum Column {
    Chrom, Pos, Id, Ref, Alt, Score, Published, Status, Detail,
    Percentile, Gene, Transcript, Consequence, Impact, Hgvsc, Hgvsp, Af, ClinVar,
    ClinVarSignificance, ClinVarStars, ClinVarCondition,
    // GPN-Star's extras of the first model, then the second model's group
    // (two models side by side; variant_table_models.cpp).
    ScoreCalibrated, Entropy, EntropyCalibrated,
    Score2, Score2Calibrated, Entropy2, Entropy2Calibrated, Status2,
    ColumnCount
  };
  enum Role {
    RawRole = Qt::UserRole + 1,  // double / qlonglong / QString
    StatusRole,                  // int(gpnmsa::VariantStatus), any column
  };

  explicit VariantTableModel(QObject* parent = nullptr);

  // Replaces everything with unscored (Pending) rows for `variants`.
  void setVariants(const std::vector<gpnmsa::Variant>& variants);
  void setRows(std::vector<gpnmsa::ScoredVariant> rows);
  // Appends one row (a what-if row, issue 12): published not looked up,
  // no annotation until setAnnotations() is given lists of the new length.
  void appendRow(const gpnmsa::ScoredVariant& row);
  // Rows whose Variant::record is at least `record` are "what-if" rows: SNVs
  // the user added (from the mutagenesis map), not records of the loaded
  // input. The window sets it to the input's record count; INT64_MAX: none.
  void setWhatIfFrom(int64_t record);
  bool isWhatIf(int row) const;
  int whatIfCount() const;
  // The mark of what-if rows (ID cell decoration, Variant tab).
  static QColor whatIfColor() { return QColor(0x76, 0x2a, 0x83); }
  // Live update from a scoring job: row indices[k] becomes rows[k].
  void updateRows(const QVector<int>& indices, const QVector<gpnmsa::ScoredVariant>& rows);

  // Published scores: row indices[k] gets the score file's answer rows[k]
  // (status Ok with its score, or why there is none). clearPublished() marks
  // every row as not looked up yet ("…" while `pending`, empty otherwise).
  void updatePublished(const QVector<int>& indices, const QVector<gpnmsa::ScoredVariant>& rows);
  void clearPublished(bool pending);
  // The file's answer for a row (status Pending: not looked up).
  const gpnmsa::ScoredVariant& publishedAt(int row) const { return published_.at(size_t(row)); }
  // The published score of every row in row order (NaN where there is none), for export.
  std::vector<float> publishedScores() const;

  // What the input says about its rows (VariantTable::annotations, parallel
  // to the rows): the annotation summary per allele and the ClinVar-file
  // matches. Lists of another length than the rows are ignored (no data).
  // Cleared by setVariants/setRows.
  void setAnnotations(const gpnmsa::VariantAnnotations& annotations);
  // The reference distribution percentiles are computed in (null: none).
  // Percentiles follow the scores as they arrive.
  void setDistribution(std::shared_ptr<const gpnmsa::ScoreDistribution> distribution);
  const std::shared_ptr<const gpnmsa::ScoreDistribution>& distribution() const { return distribution_; }
  // The row's percentile ("lower than X% of possible SNVs"); NaN when the row
  // is not scored or there is no distribution.
  double percentileAt(int row) const;
  // Whether the column has anything to show for the current rows: always for
  // the basic columns, never for Published (the window knows about score
  // files), otherwise: a distribution, a non-empty annotation value, a ClinVar file.
  bool columnHasData(int column) const;
  // A stable name for settings ("chrom", "percentile", "clinvar_stars", ...).
  static QString columnKey(int column);

  const std::vector<gpnmsa::ScoredVariant>& rows() const { return rows_; }
  const gpnmsa::ScoredVariant& rowAt(int row) const { return rows_.at(size_t(row)); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

  // Two models side by side: the names that head the score columns and
  // whether each is GPN-Star (its calibrated/entropy columns have data).
  // An empty `second.label` means no second model: its columns are hidden
  // and the first model's headers stay as they were ("Score", "Status").
  struct ModelHeading {
    QString label;    // "GPN-Star (demo-gpnstar)"
    QString kind;     // "GPN-Star"
    QString summary;  // window and calibration, for tooltips
    bool star = false;
  };
  void setModels(const ModelHeading& first, const ModelHeading& second);
  const ModelHeading& firstModel() const { return first_; }
  const ModelHeading& secondModel() const { return second_; }
  bool hasSecondModel() const { return !second_.label.isEmpty(); }
  // The second model's results, parallel to rows() (Pending until scored).
  void updateSecondRows(const QVector<int>& indices, const QVector<gpnmsa::ScoredVariant>& rows);
  void clearSecondRows();
  const std::vector<gpnmsa::ScoredVariant>& secondRows() const { return rows2_; }
  const gpnmsa::ScoredVariant& secondRowAt(int row) const { return rows2_.at(size_t(row)); }
  static bool isModelColumn(int column) { return column >= ScoreCalibrated && column <= Status2; }

  // The diverging score scale: scores at or beyond ±scoreScaleLimit() get the
  // end colours. Negative (more deleterious) is red, 0 white, positive blue.
  // No fixed "pathogenic" cut-off is implied. Invalid colour for NaN.
  static double scoreScaleLimit() { return 8.0; }
  static QColor scoreColor(double score);
  // Left = -limit, right = +limit; for a legend.
  static QLinearGradient scoreLegendGradient();

 private:
  QVariant publishedData(int row, int role) const;
  QVariant reviewData(int row, int column, int role) const;
  QString reviewText(int row, int column) const;
  QVariant reviewHeaderTip(int column) const;
  QVariant modelData(int row, int column, int role) const;
  QVariant modelHeader(int column, int role) const;
  void clearAnnotations();

  std::vector<gpnmsa::ScoredVariant> rows_;
  std::vector<gpnmsa::ScoredVariant> published_;  // same length as rows_
  bool publishedPending_ = false;
  std::vector<gpnmsa::AnnotationSummary> summaries_;  // same length as rows_, or empty
  std::vector<gpnmsa::ClinVarMatch> clinvar_;        // same length as rows_, or empty
  bool clinvarFile_ = false;                          // a ClinVar file was looked up
  QString afSource_;                                  // VariantAnnotations::afSource
  std::shared_ptr<const gpnmsa::ScoreDistribution> distribution_;
  int64_t whatIfFrom_ = INT64_MAX;
  std::vector<gpnmsa::ScoredVariant> rows2_;  // the second model's, same length as rows_
  ModelHeading first_, second_;
};

}  // namespace gpnmsa::ui
