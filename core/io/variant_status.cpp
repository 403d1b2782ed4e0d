// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstring>

#include "gpnmsa/variant.h"

namespace gpnmsa {

namespace {
struct StatusEntry {
  VariantStatus status;
  const char* name;
};
// The names are part of the output format: never rename one.
constexpr StatusEntry kStatuses[] = {
    {VariantStatus::Pending, "pending"},
    {VariantStatus::Ok, "ok"},
    {VariantStatus::OkWindowShifted, "ok_window_shifted"},
    {VariantStatus::OkEdgePadded, "edge_padded"},
    {VariantStatus::OkNoCalibration, "no_calibration"},
    {VariantStatus::Indel, "indel"},
    {VariantStatus::Mnv, "mnv"},
    {VariantStatus::Symbolic, "symbolic_allele"},
    {VariantStatus::InvalidAllele, "invalid_allele"},
    {VariantStatus::UnknownChromosome, "unknown_chromosome"},
    {VariantStatus::OutOfRange, "out_of_range"},
    {VariantStatus::NotAligned, "not_aligned"},
    {VariantStatus::RefMismatch, "ref_mismatch"},
    {VariantStatus::RefIsN, "ref_is_n"},
    {VariantStatus::ChromosomeTooShort, "chromosome_too_short"},
    {VariantStatus::Error, "error"},
    {VariantStatus::NotInScoreFile, "not_in_score_file"},
};
}  // namespace

const char* statusName(VariantStatus s) {
  for (const auto& e : kStatuses)
    if (e.status == s) return e.name;
  return "error";  // unreachable for valid enum values
}

bool parseStatusName(const std::string& name, VariantStatus* out) {
  for (const auto& e : kStatuses) {
    if (name == e.name) {
      if (out) *out = e.status;
      return true;
    }
  }
  return false;
}

}  // namespace gpnmsa
