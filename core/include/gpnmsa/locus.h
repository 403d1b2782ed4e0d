// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gpnmsa {

// What a user typed in a locus box or a --region option.
struct Locus {
  enum class Kind { Position, Region, Variant };
  Kind kind = Kind::Position;
  std::string chrom;      // as typed, "chr" kept (resolve against the store)
  int64_t start = 0;      // 1-based inclusive
  int64_t end = 0;        // == start for Position and Variant
  std::string ref, alt;   // Variant only, upper-cased
};

// Accepts "chr1:12345", "1:12,345-12,400", "chr1-12345-A-G", "1:12345:A:G"
// (whitespace around the text ignored, commas in numbers allowed). On failure
// returns nullopt and, if `error` is given, says what is wrong.
std::optional<Locus> parseLocus(std::string_view text, std::string* error = nullptr);

}  // namespace gpnmsa
