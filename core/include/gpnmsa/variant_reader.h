// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>
#include <vector>

#include "gpnmsa/annotations.h"
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
  // VCF inputs annotated by VEP / SnpEff / bcftools csq: per allele, parallel
  // to `variants` (see annotations.h); empty for other inputs.
  VariantAnnotations annotations;
};

// Detects the format from the content (and the extension for .csv), then
// reads every record, splitting multi-allelic records per ALT. Records with
// indels, symbolic alleles etc. are kept: the scorer gives them a status.
// Throws gpnmsa::Error with "path:line: what" for unreadable or malformed input.
// A VCF's CSQ / ANN / BCSQ annotations are read into VariantTable::annotations
// (`annotations` says where allele frequencies come from; an afField the
// header does not declare throws OptionError; annotations.clinvarFile, when
// set, is opened first and every allele looked up in it, see clinvar.h).
VariantTable readVariants(const std::string& path, const AnnotationOptions& annotations = {});

InputFormat detectInputFormat(const std::string& path);

}  // namespace gpnmsa
