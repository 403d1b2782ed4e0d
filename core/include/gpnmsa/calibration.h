// SPDX-License-Identifier: GPL-3.0-or-later
// GPN-Star's calibration tables (shared/docs/gpn-star-spec.md "Calibrated
// scores"): the mean raw LLR of neutral mutations per 5-mer context and alt
// (calibration_table/llr.parquet: pentanuc_mut "CCATG_T", llr_neutral_mean)
// and the mean entropy per 5-mer (entropy.parquet: pentanuc,
// entropy_neutral_mean). Calibrated LLR = llr - mean; calibrated entropy =
// entropy / mean. Each checkpoint ships its own.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gpnmsa {

class CalibrationTable {
 public:
  // <modelDir>/calibration_table/{llr,entropy}.parquet: null when neither
  // file is there; either alone gives half a table. Throws gpnmsa::Error
  // naming the file and the row for a missing column, a malformed context,
  // a non-finite or non-positive (entropy) mean, or a context listed twice.
  static std::shared_ptr<const CalibrationTable> fromModelDir(const std::string& modelDir);
  // Either path may be empty (that half absent).
  static std::shared_ptr<const CalibrationTable> read(const std::string& llrPath,
                                                      const std::string& entropyPath);

  // NaN when the context is not in the table (e.g. it holds N) or that half is absent.
  double llrNeutralMean(std::string_view pentanuc, char alt) const;
  double entropyNeutralMean(std::string_view pentanuc) const;

  bool hasLlr() const { return !llrPath_.empty(); }
  bool hasEntropy() const { return !entropyPath_.empty(); }
  const std::string& llrPath() const { return llrPath_; }
  const std::string& entropyPath() const { return entropyPath_; }
  size_t llrRows() const { return llr_.size(); }
  size_t entropyRows() const { return entropy_.size(); }

 private:
  std::string llrPath_, entropyPath_;
  std::unordered_map<std::string, double> llr_, entropy_;
};

// Sequence-logo heights (bits) of one position as the released BigWig
// tracks A/C/G/T.bw have them: logits 0 for the reference base and the
// calibrated LLR (logit difference minus the neutral mean) for each alt,
// softmax, p * (2 - H). nullopt when `ref` is not A/C/G/T (any case) or an
// alt's context is not in the table.
std::optional<std::array<double, 4>> calibratedLogoHeights(const std::array<float, 4>& acgt, char ref,
                                                           const std::string& pentanuc,
                                                           const CalibrationTable& table);

// The 5-mer context of 0-based row `p` of `chrom` in the store: the human
// column at p-2..p+2, upper-cased, 'N' beyond the chromosome ends and for
// every byte other than A,C,G,T (gaps, absent chunks' fill value).
class AlignmentStore;
std::string pentanucleotide(const AlignmentStore& store, const std::string& chrom, int64_t p);

}  // namespace gpnmsa
