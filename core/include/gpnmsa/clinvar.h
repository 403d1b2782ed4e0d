// SPDX-License-Identifier: GPL-3.0-or-later
// A ClinVar VCF (NCBI's clinvar.vcf.gz: bgzip + tabix, INFO CLNSIG,
// CLNREVSTAT, CLNDN, the Variation ID in the ID column) looked up by exact
// allele: same chromosome (through ChromResolver: `chr1` finds `1`), position,
// REF and ALT (case ignored); a multi-allelic record matches each of its ALTs.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gpnmsa/variant.h"

namespace gpnmsa {

// What ClinVar says about one allele; found == false: no exact match.
struct ClinVarMatch {
  bool found = false;
  std::string id;            // the Variation ID (VCF ID column)
  std::string significance;  // CLNSIG, readable: "Likely benign", "Pathogenic|risk factor"
  std::string reviewStatus;  // CLNREVSTAT, readable: "criteria provided, single submitter"
  int stars = -1;            // clinVarStars(raw CLNREVSTAT); -1 if unknown or absent
  std::string condition;     // CLNDN, readable: "Inborn genetic diseases|not provided"
};

// ClinVar's gold stars for a review status as the VCF writes it
// (https://www.ncbi.nlm.nih.gov/clinvar/docs/review_status/): practice_guideline
// 4; reviewed_by_expert_panel 3; criteria_provided,_multiple_submitters,_no_conflicts
// 2; criteria_provided,_conflicting_interpretations / _conflicting_classifications
// and criteria_provided,_single_submitter 1; no_assertion_criteria_provided,
// no_assertion_provided, no_classification_provided, no_interpretation_for_the_single_variant,
// no_classification_for_the_single_variant 0; -1 for anything else.
int clinVarStars(std::string_view reviewStatus);
// The table columns "clinvar_significance clinvar_stars clinvar_condition
// clinvar_id" and one allele's values for them (all empty without a match).
const std::vector<std::string>& clinVarColumns();
std::vector<std::string> clinVarValues(const ClinVarMatch& m);
// A ClinVar INFO value made readable: '_' -> ' ', no spaces next to '|'.
std::string clinVarText(std::string_view value);

class ClinVarFile {
 public:
  // Opens the VCF and its tabix index. Throws gpnmsa::Error naming the file
  // and the fix when it is not bgzip-compressed or has no index.
  static std::unique_ptr<ClinVarFile> open(const std::string& path);
  ~ClinVarFile();
  const std::string& path() const;

  // One entry per variant, in order (the first exact match in the file).
  // Opens its own htslib handle: calls from several threads are safe.
  std::vector<ClinVarMatch> lookup(const std::vector<Variant>& variants) const;

  struct Impl;

 private:
  explicit ClinVarFile(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpnmsa
