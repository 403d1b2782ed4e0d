// SPDX-License-Identifier: GPL-3.0-or-later
// A ClinVar VCF (bgzip + tabix): the input is the VCF text; it is indexed,
// opened, and every allele its records name is looked up (CLNSIG, CLNREVSTAT,
// CLNDN made readable).
#include "fuzz_tabix.h"
#include "gpnmsa/clinvar.h"
#include "gpnmsa/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::asText(data, size);
  if (!fuzz::writeIndexed("clinvar.vcf.gz", text, tbx_conf_vcf)) return 0;
  try {
    const auto clinvar = gpnmsa::ClinVarFile::open(fuzz::scratchDir() + "/clinvar.vcf.gz");
    for (const gpnmsa::ClinVarMatch& m : clinvar->lookup(fuzz::variantsFrom(text, true, 16)))
      (void)gpnmsa::clinVarValues(m);
  } catch (const gpnmsa::Error&) {
  }
  return 0;
}
