// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>

#include "gpnmsa/variant.h"

namespace gpnmsa {

// What the alleles alone say, before looking at the alignment: Ok for a
// single-nucleotide A/C/G/T substitution, otherwise Indel, Mnv, Symbolic or
// InvalidAllele, with `detail` saying why.
VariantStatus classifyAlleles(const std::string& ref, const std::string& alt, std::string* detail);

}  // namespace gpnmsa
