// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>
#include <vector>

#include "gpnmsa/variant.h"

namespace gpnmsa {

enum class InputFormat {
  Vcf,            // VCF, VCF.gz or BCF with a header (read through htslib)
  HeaderlessVcf,  // VCF-like text without header: CHROM POS ID REF ALT [...]
  Tsv,            // tab-separated with a header naming chrom, pos, ref, alt
  Csv,            // comma-separated, same columns
};

struct VariantTable {
  InputFormat format = InputFormat::Vcf;
  std::string path;
  std::vector<Variant> variants;  // one per ALT allele, in input order
  int64_t records = 0;            // input records (lines / VCF records)
};

// Detects the format from the content (and the extension for .csv), then
// reads every record, splitting multi-allelic records per ALT. Records with
// indels, symbolic alleles etc. are kept: the scorer gives them a status.
// Throws gpnmsa::Error with "path:line: what" for unreadable or malformed input.
VariantTable readVariants(const std::string& path);

InputFormat detectInputFormat(const std::string& path);

}  // namespace gpnmsa
