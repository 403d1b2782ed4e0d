// SPDX-License-Identifier: GPL-3.0-or-later
// The VCF reader (htslib, then the project's record handling and CSQ/ANN/BCSQ
// annotations declared by the header): readVariants on a `.vcf` file.
#include "fuzz_support.h"
#include "gpnmsa/error.h"
#include "gpnmsa/variant_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string path = fuzz::writeFile("input.vcf", fuzz::asText(data, size));
  try {
    (void)gpnmsa::readVariants(path);
  } catch (const gpnmsa::Error&) {
  }
  return 0;
}
