// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/locus.h"
#include "gpnmsa/text.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace gpnmsa {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "12,345" -> 12345; positions are 1-based so 0 and negatives are rejected.
std::optional<int64_t> parsePosition(std::string_view s) {
  std::string digits;
  for (char c : s) {
    if (c == ',' || c == '_') continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    digits.push_back(c);
  }
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  const int64_t v = std::stoll(digits);
  if (v < 1) return std::nullopt;
  return v;
}

bool isAllele(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::string_view("ACGTNacgtn").find(c) != std::string_view::npos;
  });
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t from = 0;
  while (true) {
    const size_t at = s.find(sep, from);
    parts.push_back(s.substr(from, at == std::string_view::npos ? at : at - from));
    if (at == std::string_view::npos) break;
    from = at + 1;
  }
  return parts;
}

std::optional<Locus> fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return std::nullopt;
}

std::optional<Locus> variantFrom(std::string_view chrom, std::string_view pos, std::string_view ref,
                                 std::string_view alt, std::string* error) {
  const auto p = parsePosition(pos);
  if (chrom.empty()) return fail(error, "missing chromosome");
  if (!p) return fail(error, "'" + std::string(pos) + "' is not a position (1-based integer)");
  if (!isAllele(ref)) return fail(error, "'" + std::string(ref) + "' is not a REF allele (A, C, G, T)");
  if (!isAllele(alt)) return fail(error, "'" + std::string(alt) + "' is not an ALT allele (A, C, G, T)");
  Locus l;
  l.kind = Locus::Kind::Variant;
  l.chrom = std::string(chrom);
  l.start = l.end = *p;
  l.ref = toUpperAscii(ref);
  l.alt = toUpperAscii(alt);
  return l;
}

}  // namespace

std::optional<Locus> parseLocus(std::string_view text, std::string* error) {
  text = trim(text);
  if (text.empty()) return fail(error, "empty locus");
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    // chr-pos-ref-alt (the gnomAD style)
    const auto parts = split(text, '-');
    if (parts.size() == 4) return variantFrom(parts[0], parts[1], parts[2], parts[3], error);
    return fail(error, "expected chrom:pos, chrom:start-end, chrom-pos-ref-alt or chrom:pos:ref:alt");
  }
  const auto parts = split(text, ':');
  if (parts.size() == 4) return variantFrom(parts[0], parts[1], parts[2], parts[3], error);
  if (parts.size() != 2)
    return fail(error, "expected chrom:pos, chrom:start-end, chrom-pos-ref-alt or chrom:pos:ref:alt");
  const std::string_view chrom = trim(parts[0]);
  if (chrom.empty()) return fail(error, "missing chromosome before ':'");
  const std::string_view range = trim(parts[1]);
  Locus l;
  l.chrom = std::string(chrom);
  const size_t dash = range.find('-');
  if (dash == std::string_view::npos) {
    const auto p = parsePosition(range);
    if (!p) return fail(error, "'" + std::string(range) + "' is not a position (1-based integer)");
    l.kind = Locus::Kind::Position;
    l.start = l.end = *p;
    return l;
  }
  const auto s = parsePosition(trim(range.substr(0, dash)));
  const auto e = parsePosition(trim(range.substr(dash + 1)));
  if (!s || !e) return fail(error, "'" + std::string(range) + "' is not a range start-end (1-based)");
  if (*e < *s) return fail(error, "region end " + std::to_string(*e) + " is before its start " + std::to_string(*s));
  l.kind = Locus::Kind::Region;
  l.start = *s;
  l.end = *e;
  return l;
}

}  // namespace gpnmsa
