// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/score_distribution.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>

#include "gpnmsa/atomic_file.h"
#include "gpnmsa/error.h"
#include "gpnmsa/variant_writer.h"

namespace gpnmsa {
namespace {

constexpr const char* kTitle = "# gpnmsa score distribution";
constexpr const char* kDefinition =
    "# percentile(score) = % of these reference scores strictly greater than score "
    "(linear between quantiles): 'lower than X% of possible SNVs'. Not calibrated against "
    "clinical benchmarks, no ACMG evidence strength, no published cut-off.";

double level(int i) { return i / double(ScoreDistribution::kQuantiles - 1); }

bool parseDouble(const std::string& s, double* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  *out = std::strtod(s.c_str(), &end);
  return errno == 0 && end == s.c_str() + s.size() && std::isfinite(*out);
}

struct FileCloser {
  void operator()(FILE* f) const {
    if (f) std::fclose(f);
  }
};

}  // namespace

ScoreDistribution ScoreDistribution::fromScores(std::vector<float> scores,
                                                std::vector<std::pair<std::string, std::string>> header) {
  scores.erase(std::remove_if(scores.begin(), scores.end(), [](float x) { return !std::isfinite(x); }),
               scores.end());
  if (scores.empty()) throw Error("no scores to build a distribution from");
  std::sort(scores.begin(), scores.end());
  ScoreDistribution d;
  d.header_ = std::move(header);
  d.header_.emplace_back("count", std::to_string(scores.size()));
  const size_t n = scores.size();
  d.scores_.resize(kQuantiles);
  for (int i = 0; i < kQuantiles; ++i) {
    const double h = double(n - 1) * level(i);
    const size_t lo = std::min(n - 1, static_cast<size_t>(std::floor(h)));
    const size_t hi = std::min(n - 1, lo + 1);
    d.scores_[size_t(i)] = double(scores[lo]) + (h - double(lo)) * (double(scores[hi]) - double(scores[lo]));
  }
  // Rounding as written, so a distribution in memory equals the one read back.
  for (double& x : d.scores_) x = std::strtod(formatScore(float(x)).c_str(), nullptr);
  return d;
}

std::string ScoreDistribution::value(const std::string& key) const {
  for (const auto& [k, v] : header_)
    if (k == key) return v;
  return {};
}

void ScoreDistribution::write(const std::string& path) const {
  AtomicFile file(path);
  std::unique_ptr<FILE, FileCloser> out(std::fopen(file.tempPath().c_str(), "w"));
  if (!out) throw Error("cannot write " + path + ": " + std::strerror(errno));
  std::string text = std::string(kTitle) + "\n";
  for (const auto& [k, v] : header_) {
    std::string clean = v;
    std::replace(clean.begin(), clean.end(), '\n', ' ');
    text += "# " + k + "=" + clean + "\n";
  }
  text += std::string(kDefinition) + "\nquantile\tscore\n";
  char buf[64];
  for (int i = 0; i < kQuantiles; ++i) {
    std::snprintf(buf, sizeof buf, "%.3f\t", level(i));
    text += buf + formatScore(float(scores_[size_t(i)])) + "\n";
  }
  const bool ok = std::fwrite(text.data(), 1, text.size(), out.get()) == text.size();
  if (std::fclose(out.release()) != 0 || !ok) throw Error("cannot write " + path + ": " + std::strerror(errno));
  file.commit();
}

ScoreDistribution ScoreDistribution::read(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read the score distribution " + path + ": " + std::strerror(errno));
  ScoreDistribution d;
  std::string line;
  int lineNo = 0;
  auto fail = [&](const std::string& what) -> Error {
    return Error(path + ", line " + std::to_string(lineNo) + ": " + what);
  };
  bool titled = false, columns = false;
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (lineNo == 1) {
      if (line != kTitle) throw fail("not a score distribution (expected '" + std::string(kTitle) + "')");
      titled = true;
      continue;
    }
    if (!columns) {
      if (line == "quantile\tscore") {
        columns = true;
        continue;
      }
      if (line.rfind("# ", 0) != 0) throw fail("expected a '# key=value' line or the header 'quantile\\tscore'");
      const size_t eq = line.find('=');
      if (line.rfind("# percentile(", 0) == 0 || eq == std::string::npos) continue;  // the definition, notes
      d.header_.emplace_back(line.substr(2, eq - 2), line.substr(eq + 1));
      continue;
    }
    const size_t tab = line.find('\t');
    double q = 0, s = 0;
    if (tab == std::string::npos || !parseDouble(line.substr(0, tab), &q) || !parseDouble(line.substr(tab + 1), &s))
      throw fail("expected 'quantile<TAB>score' (two numbers)");
    const int i = int(d.scores_.size());
    if (i >= kQuantiles) throw fail("more than " + std::to_string(kQuantiles) + " quantiles");
    if (std::fabs(q - level(i)) > 1e-9) throw fail("quantile " + line.substr(0, tab) + " where " +
                                                   std::to_string(level(i)) + " was expected");
    if (!d.scores_.empty() && s < d.scores_.back()) throw fail("scores must not decrease");
    d.scores_.push_back(s);
  }
  if (!titled) throw Error(path + ": empty file, not a score distribution");
  if (d.scores_.size() != size_t(kQuantiles))
    throw Error(path + ", line " + std::to_string(lineNo) + ": " + std::to_string(d.scores_.size()) +
                " quantiles, expected " + std::to_string(kQuantiles));
  return d;
}

double ScoreDistribution::percentile(float score) const {
  if (std::isnan(score) || scores_.empty()) return NAN;
  const double s = score;
  const auto it = std::upper_bound(scores_.begin(), scores_.end(), s);  // first quantile > s
  if (it == scores_.begin()) return 100.0;
  if (it == scores_.end()) return 0.0;
  const size_t i = size_t(it - scores_.begin());
  const double lo = scores_[i - 1], hi = scores_[i];
  const double q = level(int(i - 1)) + (s - lo) / (hi - lo) * (level(int(i)) - level(int(i - 1)));
  return 100.0 * (1.0 - q);
}

const char* calibrationStatement() {
  return "GPN-MSA scores are not calibrated against clinical benchmarks, carry no ACMG evidence strength, "
         "and have no published cut-off; the percentile only says where a score lies among this model's "
         "scores of possible SNVs.";
}

std::string formatPercentile(double percentile) {
  if (std::isnan(percentile)) return {};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", percentile);
  return buf;
}

std::string defaultDistributionPath(const std::string& modelDir) {
  if (modelDir.empty()) return "score_distribution.tsv";
  return modelDir + (modelDir.back() == '/' ? "" : "/") + "score_distribution.tsv";
}

}  // namespace gpnmsa
