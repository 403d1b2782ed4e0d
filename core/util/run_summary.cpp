// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/run_summary.h"

#include <algorithm>

namespace gpnmsa {

void StatusTally::add(const std::vector<ScoredVariant>& rows) {
  for (const ScoredVariant& r : rows) {
    ++counts_[r.status];
    if (!r.detail.empty()) example_.emplace(r.status, r.detail);
    if (isScored(r.status)) ++scored_;
  }
  rows_ += static_cast<int64_t>(rows.size());
}

std::string StatusTally::counts() const {
  std::map<std::string, int64_t> byName;
  for (const auto& [status, n] : counts_) byName[statusName(status)] += n;
  std::string out;
  for (const auto& [name, n] : byName) out += (out.empty() ? "" : ", ") + name + " " + std::to_string(n);
  return out;
}

std::string StatusTally::nothingScoredMessage(const std::string& outcome) const {
  if (rows_ == 0) return {};
  const auto pending = counts_.find(VariantStatus::Pending);
  if (scored_ > 0 || pending != counts_.end()) return {};
  // The most common reason, with the first row's detail as an example.
  const auto top = std::max_element(counts_.begin(), counts_.end(),
                                    [](const auto& a, const auto& b) { return a.second < b.second; })->first;
  const auto ex = example_.find(top);
  const std::string example = ex == example_.end() ? std::string() : ": " + ex->second;
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
  const std::string noun = rows_ == 1 ? "variant" : "variants";
  return "none of the " + std::to_string(rows_) + " " + noun + " " + outcome + " (" + counts() + "; e.g. " +
         statusName(top) + example + ")" + hint;
}

std::string statusCounts(const std::vector<ScoredVariant>& rows) {
  StatusTally t;
  t.add(rows);
  return t.counts();
}

std::string nothingScoredMessage(const std::vector<ScoredVariant>& rows, const std::string& outcome) {
  StatusTally t;
  t.add(rows);
  return t.nothingScoredMessage(outcome);
}

}  // namespace gpnmsa
