// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa evaluate`: how well score columns separate labelled variants
// (AUROC, AUPRC), read from a scored table or VCF.
//
// Convention: the positive class is the deleterious one, and for GPN-MSA a
// LOWER score is more deleterious (negative log-likelihood ratio), so by
// default a column is ranked on -score. Columns where a higher value means
// positive (e.g. phyloP, CADD) are named in higherIsPositive.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace gpnmsa {

// Area under the ROC curve for `scores` (higher = more likely positive) and
// `positive` (non-zero = positive class): the Mann-Whitney statistic with
// average ranks for ties, (sum of the positives' ranks - P(P+1)/2) / (P*N).
// Throws gpnmsa::Error when there are no positives or no negatives, or the
// sizes differ.
double auroc(const std::vector<double>& scores, const std::vector<char>& positive);

// Area under the precision-recall curve as average precision: the sum over
// the distinct score thresholds, from the highest down, of
// (recall_k - recall_{k-1}) * precision_k, rows with equal scores entering
// together (as scikit-learn's average_precision_score). Same errors as auroc.
double averagePrecision(const std::vector<double>& scores, const std::vector<char>& positive);

// Every value of a scored table as text, one row per variant allele.
// TSV/CSV with a header line (comment lines "# ..." before it are skipped):
// the columns as named. VCF/VCF.gz/BCF: chrom pos id ref alt qual filter and
// every INFO field, one row per ALT (Number=A fields give that ALT's value,
// Number=R the ALT's, others their whole value; absent or missing = "").
// A headerless VCF-like file: the same, INFO keys taken from its records.
struct LabeledTable {
  std::string path;
  std::string format;  // "VCF", "TSV", "CSV", "headerless VCF"
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // each of columns.size() values
  std::vector<std::string> where;              // "path:LINE" (or record) per row

  // Index of `name`: exact match first, then case-insensitive, ignoring a
  // leading '#' and an "INFO/" prefix. -1 when absent.
  int column(const std::string& name) const;
};

// Throws gpnmsa::Error naming the file (and line) for an unreadable or
// malformed file.
LabeledTable readLabeledTable(const std::string& path);

struct EvaluateOptions {
  // Columns to evaluate, side by side; empty: "score" (or, in a VCF without
  // a "score" field, GPN_MSA). Columns named in higherIsPositive but not
  // here are evaluated too.
  std::vector<std::string> scores;
  std::vector<std::string> higherIsPositive;
  // Labels from a column, or (labelFromId) from the ID's prefix before the
  // first '_' (Pathogenic_1790 -> Pathogenic). Exactly one of the two.
  std::string labelColumn;
  bool labelFromId = false;
  // Label values of the positive class (case-insensitive). Required.
  std::vector<std::string> positive;
  // Label values of the negative class; empty: every other label. Rows
  // whose label is empty, "." or in neither list are left out (unlabelled).
  std::vector<std::string> negative;
};

struct ScoreMetrics {
  std::string column;  // as named in the table
  bool higherIsPositive = false;
  int64_t positives = 0, negatives = 0;  // labelled rows with a numeric value
  int64_t missing = 0;  // labelled rows without a numeric value: left out
  double auroc = NAN, auprc = NAN;
};

struct Evaluation {
  std::string path;
  std::string labels;  // how the labels were read, for the report
  int64_t rows = 0, unlabelled = 0;
  std::vector<ScoreMetrics> metrics;  // in the order asked for
};

// Throws gpnmsa::Error (with the file and the option) for a missing column,
// no --positive value, or no positives / no negatives (overall or among the
// rows with a value in some column).
Evaluation evaluate(const LabeledTable& table, const EvaluateOptions& options);

// The metrics as an aligned text table, with notes on missing values and
// unlabelled rows.
std::string formatEvaluation(const Evaluation& e);
// The same as TSV: score, direction, positives, negatives, missing, auroc,
// auprc. Written atomically; throws gpnmsa::Error if it cannot be written.
void writeEvaluationTsv(const std::string& path, const Evaluation& e);

}  // namespace gpnmsa
