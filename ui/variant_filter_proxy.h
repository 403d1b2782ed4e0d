// SPDX-License-Identifier: GPL-3.0-or-later
// Sorting by VariantTableModel::RawRole (numbers numerically, unscored rows
// last in either direction) and filtering by score range, status and text.
#pragma once
#include <QSet>
#include <QSortFilterProxyModel>
#include <limits>

namespace gpnmsa::ui {

class VariantFilterProxy : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit VariantFilterProxy(QObject* parent = nullptr);

  // Inclusive; ±infinity leaves that side open. When either side is bounded,
  // rows without a score are hidden.
  void setScoreRange(double lo, double hi);
  // int(gpnmsa::VariantStatus) values to show; empty = all.
  void setStatusFilter(const QSet<int>& statuses);
  // Case-insensitive substring of chrom, "chrom:pos", id, ref, alt, status,
  // detail and the review columns' text (gene, transcript, consequence,
  // impact, HGVSc, HGVSp, ClinVar significance and condition).
  void setTextFilter(const QString& text);

  double scoreMin() const { return lo_; }
  double scoreMax() const { return hi_; }

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

 private:
  double lo_ = -std::numeric_limits<double>::infinity();
  double hi_ = std::numeric_limits<double>::infinity();
  QSet<int> statuses_;
  QString text_;
};

}  // namespace gpnmsa::ui
