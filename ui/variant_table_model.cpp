// SPDX-License-Identifier: GPL-3.0-or-later
#include "variant_table_model.h"

#include <QFont>
#include <QLocale>
#include <algorithm>
#include <cmath>
#include <iterator>

#include "calibration_note.h"
#include "gpnmsa/variant_writer.h"

namespace gpnmsa::ui {

namespace {
// ColorBrewer RdBu end points (colour-blind safe diverging scale).
const QColor kNegative(0xb2, 0x18, 0x2b);
const QColor kNeutral(0xf7, 0xf7, 0xf7);
const QColor kPositive(0x21, 0x66, 0xac);

QColor mix(const QColor& a, const QColor& b, double t) {
  return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                          float(a.greenF() + (b.greenF() - a.greenF()) * t),
                          float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

// The same text as the CLI's tables and the exported files.
QString scoreText(float s) { return QString::fromStdString(gpnmsa::formatScore(s)); }
}  // namespace

VariantTableModel::VariantTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void VariantTableModel::setVariants(const std::vector<gpnmsa::Variant>& variants) {
  std::vector<gpnmsa::ScoredVariant> rows(variants.size());
  for (size_t i = 0; i < variants.size(); ++i) rows[i].variant = variants[i];
  setRows(std::move(rows));
}

void VariantTableModel::setRows(std::vector<gpnmsa::ScoredVariant> rows) {
  beginResetModel();
  rows_ = std::move(rows);
  published_.assign(rows_.size(), gpnmsa::ScoredVariant{});
  rows2_.assign(rows_.size(), gpnmsa::ScoredVariant{});
  for (size_t i = 0; i < rows_.size(); ++i) rows2_[i].variant = rows_[i].variant;
  clearAnnotations();
  endResetModel();
}

void VariantTableModel::appendRow(const gpnmsa::ScoredVariant& row) {
  const int at = rowCount();
  beginInsertRows({}, at, at);
  rows_.push_back(row);
  published_.emplace_back();
  rows2_.emplace_back();
  rows2_.back().variant = row.variant;
  if (!summaries_.empty()) summaries_.emplace_back();
  if (!clinvar_.empty()) clinvar_.emplace_back();
  endInsertRows();
}

void VariantTableModel::setWhatIfFrom(int64_t record) {
  whatIfFrom_ = record;
  if (!rows_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

bool VariantTableModel::isWhatIf(int row) const {
  return row >= 0 && row < rowCount() && rows_[size_t(row)].variant.record >= whatIfFrom_;
}

int VariantTableModel::whatIfCount() const {
  return int(std::count_if(rows_.begin(), rows_.end(),
                           [this](const gpnmsa::ScoredVariant& r) { return r.variant.record >= whatIfFrom_; }));
}

void VariantTableModel::updatePublished(const QVector<int>& indices,
                                        const QVector<gpnmsa::ScoredVariant>& rows) {
  int lo = rowCount(), hi = -1;
  for (int k = 0; k < indices.size() && k < rows.size(); ++k) {
    const int i = indices[k];
    if (i < 0 || i >= rowCount()) continue;
    published_[size_t(i)] = rows[k];
    lo = std::min(lo, i);
    hi = std::max(hi, i);
  }
  if (hi >= lo) emit dataChanged(index(lo, Published), index(hi, Published));
}

void VariantTableModel::clearPublished(bool pending) {
  publishedPending_ = pending;
  published_.assign(rows_.size(), gpnmsa::ScoredVariant{});
  if (!rows_.empty()) emit dataChanged(index(0, Published), index(rowCount() - 1, Published));
}

std::vector<float> VariantTableModel::publishedScores() const {
  std::vector<float> out(published_.size(), NAN);
  for (size_t i = 0; i < published_.size(); ++i)
    if (gpnmsa::isScored(published_[i].status)) out[i] = published_[i].score;
  return out;
}

void VariantTableModel::updateRows(const QVector<int>& indices,
                                   const QVector<gpnmsa::ScoredVariant>& rows) {
  if (indices.isEmpty()) return;
  int lo = rowCount(), hi = -1;
  for (int k = 0; k < indices.size() && k < rows.size(); ++k) {
    const int i = indices[k];
    if (i < 0 || i >= rowCount()) continue;  // a stale job's rows after a reset
    rows_[size_t(i)] = rows[k];
    lo = std::min(lo, i);
    hi = std::max(hi, i);
  }
  // One signal for the span: results arrive roughly in order, so it is tight.
  if (hi >= lo) emit dataChanged(index(lo, 0), index(hi, ColumnCount - 1));
}

int VariantTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(rows_.size());
}
int VariantTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant VariantTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const auto& r = rows_[size_t(index.row())];
  const auto& v = r.variant;
  const int col = index.column();
  if (role == StatusRole) return int(r.status);
  // What-if rows are marked on their ID cell (colour swatch, italics) and
  // say in every tooltip that they are not from the loaded input.
  const bool whatIf = r.variant.record >= whatIfFrom_;
  if (whatIf && col == Id) {
    if (role == Qt::DecorationRole) return whatIfColor();
    if (role == Qt::ForegroundRole) return whatIfColor();
    if (role == Qt::FontRole) {
      QFont f;
      f.setItalic(true);
      return f;
    }
  }
  if (col == Published) return publishedData(index.row(), role);
  if (isModelColumn(col)) return modelData(index.row(), col, role);
  if (col >= Percentile) return reviewData(index.row(), col, role);
  if (role == RawRole) {
    switch (col) {
      case Chrom: return QString::fromStdString(v.chrom);
      case Pos: return qlonglong(v.pos);
      case Id: return QString::fromStdString(v.id);
      case Ref: return QString::fromStdString(v.ref);
      case Alt: return QString::fromStdString(v.alt);
      case Score: return double(r.score);
      case Status: return QString::fromLatin1(gpnmsa::statusName(r.status));
      case Detail: return QString::fromStdString(r.detail);
    }
    return {};
  }
  if (role == Qt::DisplayRole) {
    switch (col) {
      case Pos: return QLocale().toString(qlonglong(v.pos));
      case Score:
        return r.status == gpnmsa::VariantStatus::Pending ? QStringLiteral("…") : scoreText(r.score);
      default: return data(index, RawRole);
    }
  }
  if (role == Qt::TextAlignmentRole && (col == Pos || col == Score))
    return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::BackgroundRole && col == Score) {
    const QColor c = scoreColor(double(r.score));
    return c.isValid() ? QVariant(c) : QVariant();
  }
  if (role == Qt::ForegroundRole && col == Score) {
    const QColor c = scoreColor(double(r.score));
    if (c.isValid()) return QColor(c.lightnessF() < 0.5 ? Qt::white : Qt::black);
  }
  if (role == Qt::ToolTipRole) {
    QString tip = whatIf ? tr("What-if: added from the mutagenesis map, not a record of the loaded input.\n")
                         : QString();
    tip += tr("%1:%2 %3>%4").arg(QString::fromStdString(v.chrom)).arg(v.pos)
                      .arg(QString::fromStdString(v.ref), QString::fromStdString(v.alt));
    if (gpnmsa::isScored(r.status))
      tip += tr("\nscore %1 (forward %2, reverse %3)\nnegative = alternative allele less likely "
                "= more likely deleterious")
                 .arg(scoreText(r.score), scoreText(r.scoreFwd), scoreText(r.scoreRev));
    tip += tr("\nstatus: %1").arg(QString::fromLatin1(gpnmsa::statusName(r.status)));
    if (!r.detail.empty()) tip += "\n" + QString::fromStdString(r.detail);
    return tip;
  }
  return {};
}

QVariant VariantTableModel::publishedData(int row, int role) const {
  const auto& p = published_[size_t(row)];
  const bool has = gpnmsa::isScored(p.status);
  switch (role) {
    case RawRole: return has ? double(p.score) : double(NAN);
    case Qt::DisplayRole:
      if (p.status == gpnmsa::VariantStatus::Pending) return publishedPending_ ? QStringLiteral("…") : QString();
      return has ? scoreText(p.score) : QString::fromLatin1(gpnmsa::statusName(p.status));
    case Qt::TextAlignmentRole: return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole: {
      const QColor c = has ? scoreColor(double(p.score)) : QColor();
      return c.isValid() ? QVariant(c) : QVariant();
    }
    case Qt::ForegroundRole:
      if (has) return QColor(scoreColor(double(p.score)).lightnessF() < 0.5 ? Qt::white : Qt::black);
      return QColor(Qt::gray);  // a status, not a number
    case Qt::FontRole:
      if (!has && p.status != gpnmsa::VariantStatus::Pending) {
        QFont f;
        f.setItalic(true);
        return f;
      }
      return {};
    case Qt::ToolTipRole:
      if (p.status == gpnmsa::VariantStatus::Pending) return tr("Not looked up yet");
      if (has) return tr("Published (precomputed) score %1").arg(scoreText(p.score));
      return tr("No published score: %1\n%2").arg(QString::fromLatin1(gpnmsa::statusName(p.status)),
                                                   QString::fromStdString(p.detail));
  }
  return {};
}

QVariant VariantTableModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal) return QAbstractTableModel::headerData(section, o, role);
  if (role == Qt::DisplayRole) {
    static const char* names[] = {"Chrom", "Pos", "ID", "Ref", "Alt", "Score", "Published", "Status", "Detail",
                                  "Percentile", "Gene", "Transcript", "Consequence", "Impact", "HGVSc",
                                  "HGVSp", "AF", "ClinVar (input)", "ClinVar", "Stars", "Condition"};
    static_assert(std::size(names) == ClinVarCondition + 1);
    if (isModelColumn(section) || ((section == Score || section == Status) && hasSecondModel()))
      return modelHeader(section, role);
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
  }
  if (role == Qt::ToolTipRole && isModelColumn(section)) return modelHeader(section, role);
  if (role == Qt::ToolTipRole && section >= Percentile) return reviewHeaderTip(section);
  if (role == Qt::ToolTipRole && section == Score)
    return tr("GPN-MSA log-likelihood ratio, log P(alt) − log P(ref), strand-averaged.\n"
              "Negative = more likely deleterious.\n") + calibrationText();
  if (role == Qt::ToolTipRole && section == Published)
    return tr("The score in the configured precomputed score file (e.g. the authors' scores.tsv.bgz,\n"
              "raw LLR; or GPN-Star's Parquet score shards, calibrated LLR), looked up, not computed.\n"
              "A status where the file has none.");
  return {};
}

QColor VariantTableModel::scoreColor(double score) {
  if (std::isnan(score)) return {};
  const double t = std::clamp(score / scoreScaleLimit(), -1.0, 1.0);
  return t < 0 ? mix(kNeutral, kNegative, -t) : mix(kNeutral, kPositive, t);
}

QLinearGradient VariantTableModel::scoreLegendGradient() {
  QLinearGradient g(0, 0, 1, 0);
  g.setCoordinateMode(QGradient::ObjectBoundingMode);
  g.setColorAt(0.0, kNegative);
  g.setColorAt(0.5, kNeutral);
  g.setColorAt(1.0, kPositive);
  return g;
}

}  // namespace gpnmsa::ui
