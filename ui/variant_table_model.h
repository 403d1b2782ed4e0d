// SPDX-License-Identifier: GPL-3.0-or-later
// One row per input allele. DisplayRole is for people; RawRole gives the
// value to sort and filter by (numbers as numbers, NaN for unscored).
#pragma once
#include <QAbstractTableModel>
#include <QColor>
#include <QLinearGradient>
#include <QVector>
#include <vector>

#include "gpnmsa/variant.h"

namespace gpnmsa::ui {

class VariantTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  // Published: the score from a precomputed score file (issue 5), beside
  // the live one; hidden by the window when no file is configured.
  enum Column { Chrom, Pos, Id, Ref, Alt, Score, Published, Status, Detail, ColumnCount };
  enum Role {
    RawRole = Qt::UserRole + 1,  // double / qlonglong / QString
    StatusRole,                  // int(gpnmsa::VariantStatus), any column
  };

  explicit VariantTableModel(QObject* parent = nullptr);

  // Replaces everything with unscored (Pending) rows for `variants`.
  void setVariants(const std::vector<gpnmsa::Variant>& variants);
  void setRows(std::vector<gpnmsa::ScoredVariant> rows);
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

  const std::vector<gpnmsa::ScoredVariant>& rows() const { return rows_; }
  const gpnmsa::ScoredVariant& rowAt(int row) const { return rows_.at(size_t(row)); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

  // The diverging score scale: scores at or beyond ±scoreScaleLimit() get the
  // end colours. Negative (more deleterious) is red, 0 white, positive blue.
  // No fixed "pathogenic" cut-off is implied. Invalid colour for NaN.
  static double scoreScaleLimit() { return 8.0; }
  static QColor scoreColor(double score);
  // Left = -limit, right = +limit; for a legend.
  static QLinearGradient scoreLegendGradient();

 private:
  QVariant publishedData(int row, int role) const;

  std::vector<gpnmsa::ScoredVariant> rows_;
  std::vector<gpnmsa::ScoredVariant> published_;  // same length as rows_
  bool publishedPending_ = false;
};

}  // namespace gpnmsa::ui
