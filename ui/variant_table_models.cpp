// SPDX-License-Identifier: GPL-3.0-or-later
// VariantTableModel's model columns: GPN-Star's calibrated score and entropy
// of the first model, and the second model's group (two models side by
// side, issue 16): score, score_calibrated, entropy, entropy_calibrated,
// status, headed by the model's kind.
#include <algorithm>
#include <cmath>

#include "gpnmsa/variant_writer.h"
#include "variant_table_model.h"

namespace gpnmsa::ui {

namespace {
QString number(float x) { return QString::fromStdString(gpnmsa::formatScore(x)); }
}  // namespace

void VariantTableModel::setModels(const ModelHeading& first, const ModelHeading& second) {
  first_ = first;
  second_ = second;
  emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
  if (!rows_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void VariantTableModel::updateSecondRows(const QVector<int>& indices, const QVector<gpnmsa::ScoredVariant>& rows) {
  int lo = rowCount(), hi = -1;
  for (int k = 0; k < indices.size() && k < rows.size(); ++k) {
    const int i = indices[k];
    if (i < 0 || i >= rowCount()) continue;  // a stale job's rows after a reset
    rows2_[size_t(i)] = rows[k];
    lo = std::min(lo, i);
    hi = std::max(hi, i);
  }
  if (hi >= lo) emit dataChanged(index(lo, Score2), index(hi, Status2));
}

void VariantTableModel::clearSecondRows() {
  for (size_t i = 0; i < rows2_.size(); ++i) {
    rows2_[i] = gpnmsa::ScoredVariant{};
    rows2_[i].variant = rows_[i].variant;
  }
  if (!rows_.empty()) emit dataChanged(index(0, Score2), index(rowCount() - 1, Status2));
}

QVariant VariantTableModel::modelData(int row, int column, int role) const {
  const bool second = column >= Score2;
  const gpnmsa::ScoredVariant& r = second ? rows2_[size_t(row)] : rows_[size_t(row)];
  const bool scored = gpnmsa::isScored(r.status);
  if (column == Status2) {
    switch (role) {
      case RawRole:
      case Qt::DisplayRole: return QString::fromLatin1(gpnmsa::statusName(r.status));
      case Qt::ToolTipRole:
        return r.detail.empty() ? QVariant() : QVariant(QString::fromStdString(r.detail));
    }
    return {};
  }
  float value = NAN;
  switch (column) {
    case Score2: value = r.score; break;
    case ScoreCalibrated:
    case Score2Calibrated: value = r.scoreCalibrated; break;
    case Entropy:
    case Entropy2: value = r.entropy; break;
    case EntropyCalibrated:
    case Entropy2Calibrated: value = r.entropyCalibrated; break;
  }
  if (!scored) value = NAN;
  const bool isScore = column == Score2 || column == ScoreCalibrated || column == Score2Calibrated;
  switch (role) {
    case RawRole: return double(value);
    case Qt::DisplayRole:
      if (r.status == gpnmsa::VariantStatus::Pending) return (second && !hasSecondModel()) ? QString() : QStringLiteral("…");
      return number(value);
    case Qt::TextAlignmentRole: return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole:
      if (isScore) {
        const QColor c = scoreColor(double(value));
        return c.isValid() ? QVariant(c) : QVariant();
      }
      return {};
    case Qt::ForegroundRole:
      if (isScore && !std::isnan(value)) return QColor(scoreColor(double(value)).lightnessF() < 0.5 ? Qt::white : Qt::black);
      return {};
    case Qt::ToolTipRole: {
      const ModelHeading& m = second ? second_ : first_;
      QString tip = m.label.isEmpty() ? QString() : m.label + "\n";
      tip += tr("status: %1").arg(QString::fromLatin1(gpnmsa::statusName(r.status)));
      if (!r.detail.empty()) tip += "\n" + QString::fromStdString(r.detail);
      return tip;
    }
  }
  return {};
}

// Two lines (kind, then what the column holds) keep the columns narrow.
QVariant VariantTableModel::modelHeader(int column, int role) const {
  const bool second = column >= Score2;
  const ModelHeading& m = second ? second_ : first_;
  const QString kind = m.kind.isEmpty() ? (second ? tr("Model 2") : tr("Model 1")) : m.kind;
  QString what;
  switch (column) {
    case Score:
    case Score2: what = tr("score"); break;
    case Status:
    case Status2: what = tr("status"); break;
    case ScoreCalibrated:
    case Score2Calibrated: what = tr("calibrated"); break;
    case Entropy:
    case Entropy2: what = tr("entropy"); break;
    case EntropyCalibrated:
    case Entropy2Calibrated: what = tr("entropy cal."); break;
  }
  if (role == Qt::DisplayRole) return kind + "\n" + what;
  QString tip = m.label.isEmpty() ? tr("No second model loaded (File ▸ Data Sources).") : m.label;
  if (!m.summary.isEmpty()) tip += "\n" + m.summary;
  switch (column) {
    case Score:
    case Score2: tip += tr("\nLog-likelihood ratio log P(alt) − log P(ref), strand-averaged; negative = more likely deleterious."); break;
    case ScoreCalibrated:
    case Score2Calibrated: tip += tr("\nGPN-Star calibrated score: the score minus the neutral mean of its 5-mer context."); break;
    case Entropy:
    case Entropy2: tip += tr("\nEntropy (nats) of the predicted A,C,G,T at the site."); break;
    case EntropyCalibrated:
    case Entropy2Calibrated: tip += tr("\nEntropy divided by the neutral mean of its 5-mer context."); break;
  }
  return tip;
}

}  // namespace gpnmsa::ui
