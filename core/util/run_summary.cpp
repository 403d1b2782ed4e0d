// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/run_summary.h"

#include <algorithm>
#include <map>

namespace gpnmsa {

std::string statusCounts(const std::vector<ScoredVariant>& rows) {
  std::map<std::string, int> counts;
  for (const auto& r : rows) ++counts[statusName(r.status)];
  std::string out;
  for (const auto& [name, n] : counts) out += (out.empty() ? "" : ", ") + name + " " + std::to_string(n);
  return out;
}

std::string nothingScoredMessage(const std::vector<ScoredVariant>& rows, const std::string& outcome) {
  if (rows.empty()) return {};
  const bool anyScored = std::any_of(rows.begin(), rows.end(), [](const ScoredVariant& r) { return isScored(r.status); });
  const bool anyPending = std::any_of(rows.begin(), rows.end(), [](const ScoredVariant& r) {
    return r.status == VariantStatus::Pending;
  });
  if (anyScored || anyPending) return {};
  // The most common reason, with the first row's detail as an example.
  std::map<VariantStatus, int> counts;
  for (const auto& r : rows) ++counts[r.status];
  const auto top = std::max_element(counts.begin(), counts.end(),
                                    [](const auto& a, const auto& b) { return a.second < b.second; })->first;
  std::string example;
  for (const auto& r : rows)
    if (r.status == top && !r.detail.empty()) {
      example = ": " + r.detail;
      break;
    }
  std::string hint;
  switch (top) {
    case VariantStatus::UnknownChromosome:
    case VariantStatus::OutOfRange:
    case VariantStatus::NotAligned:
      hint = " (outside the alignment: wrong genome build or region?)";
      break;
    case VariantStatus::RefMismatch:
      hint = " (REF differs from the alignment's reference: wrong genome build?)";
      break;
    case VariantStatus::Indel:
    case VariantStatus::Mnv:
    case VariantStatus::Symbolic:
      hint = " (GPN-MSA scores single-nucleotide variants only)";
      break;
    default:
      break;
  }
  const std::string noun = rows.size() == 1 ? "variant" : "variants";
  return "none of the " + std::to_string(rows.size()) + " " + noun + " " + outcome + " (" + statusCounts(rows) +
         "; e.g. " + statusName(top) + example + ")" + hint;
}

}  // namespace gpnmsa
