// SPDX-License-Identifier: GPL-3.0-or-later
// AUROC / AUPRC of score columns against labels (gpnmsa evaluate).
#include "gpnmsa/evaluation.h"
#include "gpnmsa/text.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <numeric>
#include <set>

#include "gpnmsa/atomic_file.h"
#include "gpnmsa/error.h"

namespace gpnmsa {

namespace {

void checkClasses(const std::vector<double>& scores, const std::vector<char>& positive, int64_t* p,
                  int64_t* n) {
  if (scores.size() != positive.size()) throw Error("scores and labels differ in length");
  *p = std::count_if(positive.begin(), positive.end(), [](char c) { return c != 0; });
  *n = static_cast<int64_t>(positive.size()) - *p;
  if (*p == 0) throw Error("no positives: AUROC and AUPRC need both classes");
  if (*n == 0) throw Error("no negatives: AUROC and AUPRC need both classes");
}

// Indices sorted by score, ascending.
std::vector<size_t> order(const std::vector<double>& scores) {
  std::vector<size_t> idx(scores.size());
  std::iota(idx.begin(), idx.end(), size_t(0));
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  return idx;
}

std::string joined(const std::vector<std::string>& v, const char* sep = ",") {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

// A number, and nothing else; NaN and infinities count as missing.
bool parseNumber(const std::string& s, double* out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  const double x = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(x)) return false;
  *out = x;
  return true;
}

std::string fixed(double x, int decimals) {
  if (std::isnan(x)) return "NA";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

const char* direction(const ScoreMetrics& m) {
  return m.higherIsPositive ? "higher_is_positive" : "lower_is_positive";
}

}  // namespace

double auroc(const std::vector<double>& scores, const std::vector<char>& positive) {
  int64_t p = 0, n = 0;
  checkClasses(scores, positive, &p, &n);
  const std::vector<size_t> idx = order(scores);
  // Ranks 1..N; a run of equal scores shares the average of its ranks.
  double positiveRanks = 0;
  for (size_t i = 0; i < idx.size();) {
    size_t j = i;
    while (j < idx.size() && scores[idx[j]] == scores[idx[i]]) ++j;
    const double rank = (double(i + 1) + double(j)) / 2;  // average of ranks i+1..j
    for (size_t k = i; k < j; ++k)
      if (positive[idx[k]]) positiveRanks += rank;
    i = j;
  }
  const double u = positiveRanks - double(p) * double(p + 1) / 2;
  return u / (double(p) * double(n));
}

double averagePrecision(const std::vector<double>& scores, const std::vector<char>& positive) {
  int64_t p = 0, n = 0;
  checkClasses(scores, positive, &p, &n);
  std::vector<size_t> idx = order(scores);
  std::reverse(idx.begin(), idx.end());  // highest first
  double ap = 0;
  int64_t tp = 0, fp = 0;
  for (size_t i = 0; i < idx.size();) {
    size_t j = i;
    int64_t groupTp = 0;
    while (j < idx.size() && scores[idx[j]] == scores[idx[i]]) {
      if (positive[idx[j]]) ++groupTp;
      else ++fp;
      ++j;
    }
    tp += groupTp;
    if (groupTp) ap += (double(groupTp) / double(p)) * (double(tp) / double(tp + fp));
    i = j;
  }
  return ap;
}

Evaluation evaluate(const LabeledTable& table, const EvaluateOptions& o) {
  const std::string& path = table.path;
  if (o.labelFromId == !o.labelColumn.empty())
    throw OptionError({"label-column", "label-from-id"}, "give the labels either from a column or from the ID prefix (exactly one of the two)");
  if (o.positive.empty())
    throw OptionError({"positive"}, "say which label is the positive (deleterious) class");

  // The columns, in the order asked for; higher-is-positive ones added.
  std::vector<std::string> names = o.scores;
  for (const std::string& h : o.higherIsPositive)
    if (std::find(names.begin(), names.end(), h) == names.end()) names.push_back(h);
  if (names.empty()) {
    const bool vcf = table.format == "VCF" || table.format == "headerless VCF";
    names.push_back(vcf && table.column("score") < 0 && table.column("GPN_MSA") >= 0 ? "GPN_MSA" : "score");
  }
  std::vector<int> scoreCols;
  std::set<int> seen;
  std::vector<std::string> kept;
  for (const std::string& name : names) {
    const int c = table.column(name);
    if (c < 0)
      throw Error(path + ": no score column '" + name + "' (" + table.format + " columns: " +
                  joined(table.columns, ", ") + ")");
    if (!seen.insert(c).second) continue;
    scoreCols.push_back(c);
    kept.push_back(name);
  }
  std::set<int> higher;
  for (const std::string& h : o.higherIsPositive) higher.insert(table.column(h));

  // Labels.
  int labelCol = -1;
  if (o.labelFromId) {
    labelCol = table.column("id");
    if (labelCol < 0)
      throw OptionError({"label-from-id"}, path + ": labels from the ID prefix need an 'id' column (" + table.format + " columns: " +
                  joined(table.columns, ", ") + ")");
  } else {
    labelCol = table.column(o.labelColumn);
    if (labelCol < 0)
      throw Error(path + ": no label column '" + o.labelColumn + "' (" + table.format + " columns: " +
                  joined(table.columns, ", ") + ")");
  }
  std::set<std::string> pos, neg;
  for (const auto& v : o.positive) pos.insert(toLowerAscii(v));
  for (const auto& v : o.negative) neg.insert(toLowerAscii(v));
  for (const auto& v : pos)
    if (neg.count(v)) throw OptionError({"positive", "negative"}, "label '" + v + "' is given as both positive and negative");

  Evaluation e;
  e.path = path;
  e.rows = static_cast<int64_t>(table.rows.size());
  e.labels = (o.labelFromId ? std::string("ID prefix before '_'") : "column '" + o.labelColumn + "'") +
             ", positive = " + joined(o.positive) +
             ", negative = " + (o.negative.empty() ? std::string("all other labels") : joined(o.negative));
  std::vector<signed char> label(table.rows.size(), -1);  // 1 positive, 0 negative, -1 unlabelled
  std::set<std::string> values;  // label values seen, for the error message
  int64_t nPos = 0, nNeg = 0;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    std::string v = table.rows[r][size_t(labelCol)];
    if (o.labelFromId) v = v.substr(0, v.find('_'));
    if (v.empty() || v == ".") continue;
    if (values.size() < 20) values.insert(v);
    const std::string l = toLowerAscii(v);
    if (pos.count(l)) label[r] = 1;
    else if (neg.empty() || neg.count(l)) label[r] = 0;
    else continue;
    (label[r] ? nPos : nNeg) += 1;
  }
  e.unlabelled = e.rows - nPos - nNeg;
  std::vector<std::string> valueList(values.begin(), values.end());
  const std::string seenLabels = valueList.empty() ? "none" : joined(valueList, ", ");
  if (nPos == 0)
    throw Error(path + ": no positive rows: no label matches the positive class " + joined(o.positive) +
                " (labels from the " + (o.labelFromId ? std::string("ID prefix") : "column '" + o.labelColumn + "'") +
                " seen: " + seenLabels + ")");
  if (nNeg == 0)
    throw Error(path + ": no negative rows (every labelled row is positive; labels seen: " + seenLabels + ")");

  for (size_t k = 0; k < scoreCols.size(); ++k) {
    const int c = scoreCols[k];
    ScoreMetrics m;
    m.column = table.columns[size_t(c)];
    m.higherIsPositive = higher.count(c) > 0;
    std::vector<double> s;
    std::vector<char> y;
    for (size_t r = 0; r < table.rows.size(); ++r) {
      if (label[r] < 0) continue;
      double x = 0;
      if (!parseNumber(table.rows[r][size_t(c)], &x)) {
        ++m.missing;
        continue;
      }
      s.push_back(m.higherIsPositive ? x : -x);
      y.push_back(static_cast<char>(label[r]));
      (label[r] ? m.positives : m.negatives) += 1;
    }
    if (m.positives == 0 || m.negatives == 0)
      throw Error(path + ": column '" + m.column + "' has a numeric value for " +
                  std::to_string(m.positives) + " positive and " + std::to_string(m.negatives) +
                  " negative rows (" + std::to_string(m.missing) +
                  " labelled rows without one): both classes are needed");
    m.auroc = auroc(s, y);
    m.auprc = averagePrecision(s, y);
    e.metrics.push_back(m);
  }
  return e;
}

std::string formatEvaluation(const Evaluation& e) {
  const std::vector<std::string> header{"score", "direction", "positives", "negatives", "missing", "AUROC", "AUPRC"};
  std::vector<std::vector<std::string>> cells{header};
  for (const ScoreMetrics& m : e.metrics)
    cells.push_back({m.column, direction(m), std::to_string(m.positives), std::to_string(m.negatives),
                     std::to_string(m.missing), fixed(m.auroc, 4), fixed(m.auprc, 4)});
  std::vector<size_t> width(header.size(), 0);
  for (const auto& row : cells)
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  std::string out = e.path + ": " + std::to_string(e.rows) + " rows; labels: " + e.labels + "\n";
  for (const auto& row : cells) {
    for (size_t i = 0; i < row.size(); ++i) {
      const size_t pad = width[i] - row[i].size();
      if (i) out += "  ";
      // Text left-aligned, numbers right-aligned.
      if (i < 2) out += row[i] + (i + 1 < row.size() ? std::string(pad, ' ') : "");
      else out += std::string(pad, ' ') + row[i];
    }
    out += '\n';
  }
  if (e.unlabelled > 0)
    out += "note: " + std::to_string(e.unlabelled) + " rows without a positive or negative label were left out\n";
  for (const ScoreMetrics& m : e.metrics)
    if (m.missing > 0)
      out += "note: " + m.column + ": " + std::to_string(m.missing) +
             " labelled rows without a numeric value were left out of its metrics\n";
  out += "(lower_is_positive: ranked on -value, as GPN-MSA scores, where lower = more deleterious)\n";
  return out;
}

void writeEvaluationTsv(const std::string& path, const Evaluation& e) {
  std::string text = "score\tdirection\tpositives\tnegatives\tmissing\tauroc\tauprc\n";
  for (const ScoreMetrics& m : e.metrics)
    text += m.column + "\t" + direction(m) + "\t" + std::to_string(m.positives) + "\t" +
            std::to_string(m.negatives) + "\t" + std::to_string(m.missing) + "\t" + fixed(m.auroc, 6) +
            "\t" + fixed(m.auprc, 6) + "\n";
  AtomicFile file(path);
  FILE* out = std::fopen(file.tempPath().c_str(), "w");
  if (!out) throw Error("cannot write " + path + ": " + std::strerror(errno));
  const bool ok = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  const int err = errno;
  if (std::fclose(out) != 0 || !ok) throw Error("cannot write " + path + ": " + std::strerror(ok ? errno : err));
  file.commit();
}

}  // namespace gpnmsa
