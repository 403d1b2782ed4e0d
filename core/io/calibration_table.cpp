// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/calibration.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "gpnmsa/logo_heights.h"
#include "gpnmsa/tokens.h"
#include "parquet_file.h"

namespace gpnmsa {

namespace {

bool isContext(std::string_view s) {
  return s.size() == 5 && std::all_of(s.begin(), s.end(), [](char c) {
           return c == 'A' || c == 'C' || c == 'G' || c == 'T' || c == 'N';
         });
}

// Reads (key, value) rows of `path`; `valid` checks a key.
std::unordered_map<std::string, double> readTable(const std::string& path, const char* keyName,
                                                  const char* valueName, bool positive,
                                                  bool (*valid)(std::string_view)) {
  const auto file = parquet::ParquetFile::open(path);
  const auto keys = file->readStrings(file->columnIndex(keyName));
  const auto values = file->readDoubles(file->columnIndex(valueName));
  std::unordered_map<std::string, double> out;
  for (size_t i = 0; i < keys.values.size(); ++i) {
    const std::string where = path + " row " + std::to_string(i + 1) + ": ";
    if (!keys.valid[i] || !valid(keys.values[i]))
      throw Error(where + keyName + " '" + keys.values[i] + "' is not a 5-mer context" +
                  (std::string(keyName) == "pentanuc_mut" ? " with an alt (e.g. CCATG_T)" : " (e.g. CCATG)"));
    // A null mean: the context has no calibration (as if absent).
    if (!values.valid[i]) continue;
    const double v = values.values[i];
    if (!std::isfinite(v) || (positive && v <= 0))
      throw Error(where + valueName + " " + std::to_string(v) + " for " + keys.values[i] + " is not " +
                  (positive ? "a positive number" : "a finite number"));
    if (!out.emplace(keys.values[i], v).second)
      throw Error(where + keyName + " " + keys.values[i] + " is listed twice");
  }
  return out;
}

}  // namespace

std::shared_ptr<const CalibrationTable> CalibrationTable::read(const std::string& llrPath,
                                                               const std::string& entropyPath) {
  auto t = std::make_shared<CalibrationTable>();
  if (!llrPath.empty()) {
    t->llr_ = readTable(llrPath, "pentanuc_mut", "llr_neutral_mean", false, [](std::string_view k) {
      return k.size() == 7 && isContext(k.substr(0, 5)) && k[5] == '_' &&
             (k[6] == 'A' || k[6] == 'C' || k[6] == 'G' || k[6] == 'T');
    });
    t->llrPath_ = llrPath;
  }
  if (!entropyPath.empty()) {
    t->entropy_ = readTable(entropyPath, "pentanuc", "entropy_neutral_mean", true, isContext);
    t->entropyPath_ = entropyPath;
  }
  return t;
}

std::shared_ptr<const CalibrationTable> CalibrationTable::fromModelDir(const std::string& modelDir) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(modelDir) / "calibration_table";
  std::error_code ec;
  const std::string llr = (dir / "llr.parquet").string(), entropy = (dir / "entropy.parquet").string();
  const bool haveLlr = fs::exists(llr, ec), haveEntropy = fs::exists(entropy, ec);
  if (!haveLlr && !haveEntropy) return nullptr;
  return read(haveLlr ? llr : "", haveEntropy ? entropy : "");
}

double CalibrationTable::llrNeutralMean(std::string_view pentanuc, char alt) const {
  std::string key(pentanuc);
  key += '_';
  key += alt;
  const auto it = llr_.find(key);
  return it == llr_.end() ? NAN : it->second;
}

double CalibrationTable::entropyNeutralMean(std::string_view pentanuc) const {
  const auto it = entropy_.find(std::string(pentanuc));
  return it == entropy_.end() ? NAN : it->second;
}

std::optional<std::array<double, 4>> calibratedLogoHeights(const std::array<float, 4>& acgt, char ref,
                                                           const std::string& pentanuc,
                                                           const CalibrationTable& table) {
  const int r = baseToken(ref) - 1;
  if (r < 0) return std::nullopt;
  std::array<float, 4> logits{};
  for (int b = 0; b < 4; ++b) {
    if (b == r) continue;
    const double mean = table.llrNeutralMean(pentanuc, "ACGT"[b]);
    if (std::isnan(mean)) return std::nullopt;
    logits[size_t(b)] = float(double(acgt[size_t(b)]) - double(acgt[size_t(r)]) - mean);
  }
  return logoHeights(logits);
}

std::string pentanucleotide(const AlignmentStore& store, const std::string& chrom, int64_t p) {
  const int64_t length = store.length(chrom);
  const int64_t from = std::max<int64_t>(p - 2, 0), to = std::min<int64_t>(p + 3, length);
  std::string out(5, 'N');
  if (to <= from) return out;
  const std::vector<char> rows = store.fetch(chrom, from, to);
  const size_t columns = size_t(store.columns());
  for (int64_t r = from; r < to; ++r) {
    char c = rows[size_t(r - from) * columns];
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    out[size_t(r - (p - 2))] = (c == 'A' || c == 'C' || c == 'G' || c == 'T') ? c : 'N';
  }
  return out;
}

}  // namespace gpnmsa
