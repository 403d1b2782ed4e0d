// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <cmath>
#include <cstdint>
#include <string>

namespace gpnmsa {

// One input allele. A VCF record with ALT "A,T" gives two Variants with the
// same `record` and altIndex 0 and 1.
struct Variant {
  std::string chrom;  // as written in the input ("chr1" or "1")
  int64_t pos = 0;    // 1-based
  std::string id;     // "." or empty when absent
  std::string ref;
  std::string alt;
  int64_t record = 0;  // 0-based index of the input record it came from
  int altIndex = 0;    // 0-based index among that record's ALT alleles
};

// Positions are 1-based; an input may still hold 0 or a negative POS, which
// readers keep as written (never rewritten) so that the row can say so.
// Returns "" for pos >= 1, else "POS <pos>: positions are 1-based (input
// record <n>)", the detail of that row's out_of_range status.
inline std::string positionProblem(const Variant& v) {
  if (v.pos >= 1) return {};
  return "POS " + std::to_string(v.pos) + ": positions are 1-based (input record " +
         std::to_string(v.record + 1) + ")";
}

// Why a row was or was not scored. Every input allele ends up with one.
enum class VariantStatus {
  Pending,            // not yet scored (or the run was cancelled)
  Ok,                 // scored with the window centred on the variant
  OkWindowShifted,    // scored; window shifted to stay inside the chromosome
  Indel,              // REF and ALT differ in length
  Mnv,                // same length > 1 (multi-nucleotide)
  Symbolic,           // <DEL>, *, ., breakends
  InvalidAllele,      // REF/ALT not A/C/G/T (e.g. N), or REF == ALT
  UnknownChromosome,  // chromosome not in the alignment store
  OutOfRange,         // position beyond the chromosome's end (or < 1)
  NotAligned,         // inside the chromosome, but the store has no alignment there
  RefMismatch,        // REF differs from the store's reference base
  RefIsN,             // the reference base there is N / gap: no prediction
  ChromosomeTooShort, // chromosome shorter than one 128-bp window
  Error,              // a read error (e.g. a corrupt chunk); detail says which
  NotInScoreFile,     // a precomputed-score file has no row for this SNV
  // Added last so the values above keep their numbers.
  OkEdgePadded,       // scored (GPN-Star); window passes a chromosome end, padded with '-'
  OkNoCalibration,    // scored (GPN-Star); the 5-mer context has no calibration entry (N)
};

// Stable lower-case names used in output files ("ok", "ref_mismatch", ...).
const char* statusName(VariantStatus s);
// Parses a name written by statusName; returns false if unknown.
bool parseStatusName(const std::string& name, VariantStatus* out);
inline bool isScored(VariantStatus s) {
  return s == VariantStatus::Ok || s == VariantStatus::OkWindowShifted ||
         s == VariantStatus::OkEdgePadded || s == VariantStatus::OkNoCalibration;
}

struct ScoredVariant {
  Variant variant;
  VariantStatus status = VariantStatus::Pending;
  float score = NAN;     // (llr_fwd + llr_rev) / 2; NaN unless scored
  float scoreFwd = NAN;  // logit[alt] - logit[ref], forward strand
  float scoreRev = NAN;  // the same on the reverse strand
  // Alignment-frequency baseline log((alt+1)/(ref+1)) over the species rows at
  // the site (no model); NaN unless the allele passed the reference check.
  float baseline = NAN;
  // A precomputed score for this allele looked up in a score file (e.g. the
  // authors' published scores), independent of `status` (it is there without a
  // model run too); NaN where the file has none or nothing was looked up.
  float published = NAN;
  // GPN-Star (shared/docs/gpn-star-spec.md "Calibrated scores"): the site's
  // entropy in nats (softmax of the strand-averaged A,C,G,T logits), and with
  // a calibration table score - llr_neutral_mean[5-mer_alt] and entropy /
  // entropy_neutral_mean[5-mer]; NaN where not computed or not in the table.
  float entropy = NAN;
  float scoreCalibrated = NAN;
  float entropyCalibrated = NAN;
  std::string detail;    // human-readable reason for non-ok statuses
};

}  // namespace gpnmsa
