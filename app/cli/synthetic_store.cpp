// SPDX-License-Identifier: GPL-3.0-or-later
#include "synthetic_store.h"

#include <random>

#include "gpnmsa/error.h"

namespace gpnmsa::cli {
namespace {

class SyntheticStore : public AlignmentStore {
 public:
  SyntheticStore(int species, int64_t length, uint32_t seed)
      : columns_(species + 1), rows_(size_t(length) * size_t(species + 1)) {
    chroms_.push_back({"1", length, 512});
    std::mt19937 rng(seed);
    const char* bases = "ACGT";
    for (int64_t r = 0; r < length; ++r) {
      char* row = rows_.data() + size_t(r) * columns_;
      const char h = bases[rng() % 4];
      row[0] = (r / 300) % 5 == 0 ? char(h + ('a' - 'A')) : h;  // some soft-masking
      for (int s = 1; s < columns_; ++s) {
        const unsigned u = rng() % 10;
        row[s] = u < 2 ? '-' : (u < 9 ? h : bases[rng() % 4]);
      }
    }
  }
  const std::string& path() const override { return path_; }
  int columns() const override { return columns_; }
  const std::vector<ChromosomeInfo>& chromosomes() const override { return chroms_; }
  std::optional<std::string> resolve(std::string_view chrom) const override {
    if (chrom == "1" || chrom == "chr1" || chrom == "Chr1" || chrom == "CHR1") return "1";
    return std::nullopt;
  }
  int64_t length(const std::string& chrom) const override {
    if (!resolve(chrom)) throw Error("synthetic store: no chromosome '" + chrom + "'");
    return chroms_[0].length;
  }
  std::vector<char> fetch(std::string_view chrom, int64_t start, int64_t end) const override {
    if (!resolve(chrom) || start < 0 || end < start || end > chroms_[0].length)
      throw Error("synthetic store: rows " + std::to_string(start) + "-" + std::to_string(end) +
                  " of '" + std::string(chrom) + "' are outside it");
    return std::vector<char>(rows_.begin() + start * columns_, rows_.begin() + end * columns_);
  }
  bool isAligned(std::string_view chrom, int64_t row) const override {
    if (!resolve(chrom) || row < 0 || row >= chroms_[0].length)
      throw Error("synthetic store: row " + std::to_string(row) + " of '" + std::string(chrom) +
                  "' is outside it");
    return true;
  }
  std::size_t cachedBytes() const override { return rows_.size(); }

 private:
  std::string path_ = "(synthetic alignment)";
  int columns_;
  std::vector<char> rows_;
  std::vector<ChromosomeInfo> chroms_;
};

}  // namespace

std::unique_ptr<AlignmentStore> makeSyntheticStore(int species, int64_t length, uint32_t seed) {
  return std::make_unique<SyntheticStore>(species, length, seed);
}

}  // namespace gpnmsa::cli
