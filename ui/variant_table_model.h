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
  enum Column { Chrom, Pos, Id, Ref, Alt, Score, Status, Detail, ColumnCount };
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
  std::vector<gpnmsa::ScoredVariant> rows_;
};

}  // namespace gpnmsa::ui
