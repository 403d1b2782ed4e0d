// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: reads the annotation of each VCF record (VEP CSQ, SnpEff ANN,
// bcftools BCSQ) into per-ALT entries. readVcfVariants calls it for every
// record, so annotations are parsed once, while the variants are read.
#pragma once
#include <string>
#include <vector>

#include "gpnmsa/annotations.h"
#include "hts_handles.h"

namespace gpnmsa::detail {

class AnnotationReader {
 public:
  // Looks for INFO/CSQ, then ANN, then BCSQ in the header and reads its
  // layout. Throws OptionError({"af-field"}) when options.afField is given but
  // the header declares no such INFO key.
  AnnotationReader(bcf_hdr_t* hdr, const AnnotationOptions& options, const std::string& path);

  // Fills infoKey, layout and afSource of `out`.
  void describe(VariantAnnotations* out) const;
  // Appends one AlleleAnnotation per row readVcfVariants makes of `rec` (one
  // per ALT; one for a record without ALT) to out->alleles.
  void read(bcf_hdr_t* hdr, bcf1_t* rec, VariantAnnotations* out);

  enum class Role {
    Extra, Allele, AlleleNum, Consequence, Impact, Gene, GeneId, Transcript, Biotype,
    Hgvsc, Hgvsp, Pick, Mane, Canonical,
  };

 private:
  std::string infoValue(bcf_hdr_t* hdr, bcf1_t* rec, const std::string& key, int alt, int nAlt);

  std::string key_;
  AnnotationLayout layout_ = AnnotationLayout::None;
  std::vector<std::string> names_;  // field names, in the header's order
  std::vector<Role> roles_;
  std::string afAnnotationField_, afInfoKey_;
  bool clnsig_ = false;  // INFO/CLNSIG declared
  hts::KString buf_;
  void* values_ = nullptr;
  int nValues_ = 0;        // htslib's count: elements of valuesType_, not bytes
  int valuesType_ = -1;    // BCF_HT_* last read into values_
  // &nValues_ for a read of `type` into values_: reset to 0 (htslib then
  // reallocates) when the type changes, since a count of 1-byte characters
  // would pass for as many 4-byte floats (a heap overflow found by fuzzing).
  int* valuesCount(int type);

 public:
  AnnotationReader(const AnnotationReader&) = delete;
  AnnotationReader& operator=(const AnnotationReader&) = delete;
  ~AnnotationReader();
};

}  // namespace gpnmsa::detail
