// SPDX-License-Identifier: GPL-3.0-or-later
#include "allele_check.h"

#include "gpnmsa/tokens.h"

namespace gpnmsa {
namespace {
bool isSymbolic(const std::string& a) {
  return a.empty() || a == "." || a == "*" || a.find_first_of("<>[]") != std::string::npos;
}
}  // namespace

VariantStatus classifyAlleles(const std::string& ref, const std::string& alt, std::string* detail) {
  if (isSymbolic(alt) || isSymbolic(ref)) {
    *detail = "symbolic or missing allele '" + (isSymbolic(alt) ? alt : ref) + "'";
    return VariantStatus::Symbolic;
  }
  if (ref.size() != alt.size()) {
    *detail = "indel (" + std::to_string(ref.size()) + " bp REF, " + std::to_string(alt.size()) +
              " bp ALT): GPN-MSA scores single-nucleotide variants";
    return VariantStatus::Indel;
  }
  if (ref.size() > 1) {
    *detail = "multi-nucleotide variant: GPN-MSA scores single-nucleotide variants";
    return VariantStatus::Mnv;
  }
  if (baseToken(ref[0]) == 0 || baseToken(alt[0]) == 0) {
    *detail = "allele is not A, C, G or T";
    return VariantStatus::InvalidAllele;
  }
  if (baseToken(ref[0]) == baseToken(alt[0])) {
    *detail = "ALT equals REF";
    return VariantStatus::InvalidAllele;
  }
  detail->clear();
  return VariantStatus::Ok;
}

}  // namespace gpnmsa
