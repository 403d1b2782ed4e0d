// SPDX-License-Identifier: GPL-3.0-or-later
#include "variant_filter_proxy.h"

#include <cmath>

#include "variant_table_model.h"

namespace gpnmsa::ui {

using M = VariantTableModel;

VariantFilterProxy::VariantFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(M::RawRole);
  // Rows change while scoring; keep the order and filter current as they do.
  setDynamicSortFilter(true);
}

void VariantFilterProxy::setScoreRange(double lo, double hi) {
  lo_ = lo;
  hi_ = hi;
  invalidateFilter();
}

void VariantFilterProxy::setStatusFilter(const QSet<int>& statuses) {
  statuses_ = statuses;
  invalidateFilter();
}

void VariantFilterProxy::setTextFilter(const QString& text) {
  text_ = text.trimmed();
  invalidateFilter();
}

bool VariantFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& parent) const {
  const auto* m = sourceModel();
  auto raw = [&](int col) { return m->index(sourceRow, col, parent).data(M::RawRole); };
  if (!statuses_.isEmpty() &&
      !statuses_.contains(m->index(sourceRow, 0, parent).data(M::StatusRole).toInt()))
    return false;
  if (std::isfinite(lo_) || std::isfinite(hi_)) {
    const double s = raw(M::Score).toDouble();
    if (std::isnan(s) || s < lo_ || s > hi_) return false;
  }
  if (!text_.isEmpty()) {
    const QString chrom = raw(M::Chrom).toString();
    QStringList fields{chrom + ":" + QString::number(raw(M::Pos).toLongLong()),
                       raw(M::Id).toString(), raw(M::Ref).toString(),
                       raw(M::Alt).toString(), raw(M::Status).toString(),
                       raw(M::Detail).toString()};
    // The review columns as shown: "missense" finds the consequence, "XKR3" the gene.
    for (int col : {M::Gene, M::Transcript, M::Consequence, M::Impact, M::Hgvsc, M::Hgvsp, M::ClinVar,
                    M::ClinVarSignificance, M::ClinVarCondition})
      fields << m->index(sourceRow, col, parent).data(Qt::DisplayRole).toString();
    const QString hay = fields.join('\n');
    if (!hay.contains(text_, Qt::CaseInsensitive)) return false;
  }
  return true;
}

bool VariantFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  const QVariant a = left.data(M::RawRole), b = right.data(M::RawRole);
  if (a.typeId() == QMetaType::Double || b.typeId() == QMetaType::Double) {
    const double x = a.toDouble(), y = b.toDouble();
    const bool xn = std::isnan(x), yn = std::isnan(y);
    // Qt reverses lessThan for descending order; answer so NaN ends last anyway.
    if (xn || yn) return xn != yn && (sortOrder() == Qt::AscendingOrder ? yn : xn);
    return x < y;
  }
  if (a.typeId() == QMetaType::LongLong) return a.toLongLong() < b.toLongLong();
  // Empty text (no annotation, no ClinVar match) ends last in either direction, like NaN.
  const bool ae = a.toString().isEmpty(), be = b.toString().isEmpty();
  if (ae != be) return sortOrder() == Qt::AscendingOrder ? be : ae;
  const int c = QString::compare(a.toString(), b.toString(), Qt::CaseInsensitive);
  if (c != 0) return c < 0;
  return left.row() < right.row();  // stable for equal keys
}

}  // namespace gpnmsa::ui
