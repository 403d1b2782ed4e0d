// SPDX-License-Identifier: GPL-3.0-or-later
// VariantTableModel's review columns (issue 11): percentile, the input's
// annotation summary, ClinVar-file matches. Kept apart from the score columns.
#include <QRegularExpression>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <iterator>

#include "calibration_note.h"
#include "variant_table_model.h"

namespace gpnmsa::ui {

namespace {
QString text(const std::string& s) { return QString::fromStdString(s); }

// Gold stars as ClinVar draws them: filled for the review level, open up to 4.
QString starsText(int stars) {
  if (stars < 0) return {};
  return QString(stars, QChar(0x2605)) + QString(4 - std::min(stars, 4), QChar(0x2606));
}

// An allele frequency as a number for sorting: the first number of the value
// ("0.0958", "0.01&0.02" -> 0.01); NaN when there is none.
double afNumber(const QString& af) {
  const QString first = af.section(QRegularExpression("[&,|]"), 0, 0);
  bool ok = false;
  const double v = first.toDouble(&ok);
  return ok ? v : double(NAN);
}
}  // namespace

void VariantTableModel::clearAnnotations() {
  summaries_.clear();
  clinvar_.clear();
  clinvarFile_ = false;
  afSource_.clear();
}

void VariantTableModel::setAnnotations(const gpnmsa::VariantAnnotations& a) {
  clearAnnotations();
  if (a.alleles.size() == rows_.size()) {
    summaries_.reserve(a.alleles.size());
    for (const auto& allele : a.alleles) summaries_.push_back(gpnmsa::summarize(allele));
  }
  clinvarFile_ = !a.clinvarFile.empty();
  if (a.clinvarMatches.size() == rows_.size()) clinvar_ = a.clinvarMatches;
  afSource_ = text(a.afSource);
  if (!rows_.empty()) emit dataChanged(index(0, Gene), index(rowCount() - 1, ClinVarCondition));
  emit headerDataChanged(Qt::Horizontal, Af, Af);
}

void VariantTableModel::setDistribution(std::shared_ptr<const gpnmsa::ScoreDistribution> distribution) {
  distribution_ = std::move(distribution);
  if (!rows_.empty()) emit dataChanged(index(0, Percentile), index(rowCount() - 1, Percentile));
}

double VariantTableModel::percentileAt(int row) const {
  if (!distribution_ || row < 0 || row >= rowCount()) return NAN;
  const auto& r = rows_[size_t(row)];
  return gpnmsa::isScored(r.status) ? distribution_->percentile(r.score) : double(NAN);
}

bool VariantTableModel::columnHasData(int column) const {
  if (column < Published || column == Status || column == Detail) return true;
  if (column == Published) return false;
  if (column == Percentile) return distribution_ != nullptr;
  if (column >= ScoreCalibrated && column <= EntropyCalibrated) return first_.star;
  if (column == Score2 || column == Status2) return hasSecondModel();
  if (column >= Score2Calibrated && column <= Entropy2Calibrated) return hasSecondModel() && second_.star;
  if (column >= ClinVarSignificance) return clinvarFile_;
  for (int r = 0; r < int(summaries_.size()); ++r)
    if (!reviewText(r, column).isEmpty()) return true;
  return false;
}

QString VariantTableModel::columnKey(int column) {
  static const char* keys[] = {"chrom", "pos", "id", "ref", "alt", "score", "published", "status", "detail",
                               "percentile", "gene", "transcript", "consequence", "impact", "hgvsc", "hgvsp",
                               "af", "clinvar", "clinvar_significance", "clinvar_stars", "clinvar_condition",
                               "score_calibrated", "entropy", "entropy_calibrated", "model2_score",
                               "model2_score_calibrated", "model2_entropy", "model2_entropy_calibrated",
                               "model2_status"};
  static_assert(std::size(keys) == ColumnCount);
  return column >= 0 && column < ColumnCount ? QString::fromLatin1(keys[column]) : QString();
}

// The text a review cell shows (and the filter searches).
QString VariantTableModel::reviewText(int row, int column) const {
  if (column == Percentile) return text(gpnmsa::formatPercentile(percentileAt(row)));
  if (column >= Gene && column <= ClinVar) {
    if (summaries_.empty()) return {};
    const auto& s = summaries_[size_t(row)];
    const std::string* fields[] = {&s.gene, &s.transcript, &s.consequence, &s.impact,
                                   &s.hgvsc, &s.hgvsp, &s.af, &s.clinvar};
    return text(*fields[column - Gene]);
  }
  if (clinvar_.empty()) return {};
  const auto& m = clinvar_[size_t(row)];
  if (!m.found) return {};
  switch (column) {
    case ClinVarSignificance: return text(m.significance);
    case ClinVarStars: return starsText(m.stars);
    case ClinVarCondition: return text(m.condition);
  }
  return {};
}

QVariant VariantTableModel::reviewData(int row, int column, int role) const {
  switch (role) {
    case RawRole:
      if (column == Percentile) return percentileAt(row);
      if (column == Af) return afNumber(reviewText(row, Af));
      if (column == ClinVarStars) {
        const bool has = !clinvar_.empty() && clinvar_[size_t(row)].found && clinvar_[size_t(row)].stars >= 0;
        return has ? double(clinvar_[size_t(row)].stars) : double(NAN);
      }
      return reviewText(row, column);
    case Qt::DisplayRole: return reviewText(row, column);
    case Qt::TextAlignmentRole:
      if (column == Percentile || column == Af) return int(Qt::AlignRight | Qt::AlignVCenter);
      return {};
    case Qt::ToolTipRole: {
      if (column == Percentile) {
        const double p = percentileAt(row);
        if (std::isnan(p)) return distribution_ ? tr("Not scored") : tr("No reference distribution for this model");
        return tr("Lower than %1% of possible SNVs\n%2").arg(text(gpnmsa::formatPercentile(p)), calibrationText());
      }
      if (column >= ClinVarSignificance) {
        if (!clinvarFile_) return {};
        if (clinvar_.empty()) return tr("Not looked up yet");
        const auto& m = clinvar_[size_t(row)];
        if (!m.found) return tr("No exact match in the ClinVar file");
        return tr("ClinVar Variation ID %1\n%2\nReview status: %3 (%4 stars)\nCondition: %5")
            .arg(text(m.id), text(m.significance), text(m.reviewStatus))
            .arg(m.stars)
            .arg(text(m.condition));
      }
      const QString t = reviewText(row, column);
      return t.isEmpty() ? QVariant() : QVariant(t);
    }
  }
  return {};
}

QVariant VariantTableModel::reviewHeaderTip(int column) const {
  switch (column) {
    case Percentile:
      return tr("Percentile: the share of this model's scores of possible SNVs (its reference distribution)\n"
                "that are higher than the variant's score: \"lower than X% of possible SNVs\".\n") +
             calibrationText();
    case Af:
      return afSource_.isEmpty() ? tr("Allele frequency: this input has none")
                                 : tr("Allele frequency, from %1").arg(afSource_);
    case ClinVar: return tr("ClinVar significance as the input's annotation gives it (CSQ CLIN_SIG or INFO/CLNSIG)");
    case ClinVarSignificance:
    case ClinVarStars:
    case ClinVarCondition:
      return tr("From the ClinVar file set in File ▸ Data Sources (exact allele match):\n"
                "significance, review stars (★, 0-4), condition");
    default:
      return tr("The input's annotation (VEP CSQ, SnpEff ANN or bcftools BCSQ), one transcript per allele\n"
                "picked as VEP's --pick would: PICK, else MANE Select, else canonical, else most severe");
  }
}

}  // namespace gpnmsa::ui
