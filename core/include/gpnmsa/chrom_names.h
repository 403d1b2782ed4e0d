// SPDX-License-Identifier: GPL-3.0-or-later
// The one rule for chromosome names, used by every file the program reads
// (alignment store, score files, MAF import, gene and ClinVar files): users
// write `chr1`, `Chr1`, `chrx` or `1`; the released store and score file use
// `1`, UCSC-style files `chr1`.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gpnmsa {

// Strips a leading "chr" (any case) when something follows it: "chrM" -> "M",
// "chr" -> "chr".
std::string stripChrPrefix(std::string_view chrom);

// Finds a user's chromosome name among the names a file uses. Tiers, first
// match wins: the exact name; then names equal without a leading "chr" (any
// case); then also ignoring case. So "chrx", "chrX", "X" and "x" all find a
// file's "X" (or "chrX"), while an exact "chrUn_x" still beats "chrUn_X".
class ChromResolver {
 public:
  ChromResolver() = default;
  explicit ChromResolver(std::vector<std::string> names);

  // Index into names(), or nullopt when no tier matches.
  std::optional<std::size_t> find(std::string_view chrom) const;
  // The file's own spelling of `chrom`, or nullopt.
  std::optional<std::string> resolve(std::string_view chrom) const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  // Keys: the exact name, the name without "chr", and that lower-cased. The
  // first name of the file wins where two share a key.
  std::unordered_map<std::string, std::size_t> exact_, bare_, folded_;
};

}  // namespace gpnmsa
