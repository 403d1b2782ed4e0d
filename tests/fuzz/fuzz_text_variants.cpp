// SPDX-License-Identifier: GPL-3.0-or-later
// The headerless VCF, TSV and CSV readers: readVariants on text that is not a
// VCF. Byte 0 picks the file name's extension (.txt, .tsv, .csv: the reader
// looks at the extension for CSV), the rest is the file.
#include "fuzz_support.h"
#include "gpnmsa/error.h"
#include "gpnmsa/variant_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const char* const kNames[] = {"input.txt", "input.tsv", "input.csv"};
  const std::string path = fuzz::writeFile(kNames[data[0] % 3], fuzz::asText(data + 1, size - 1));
  try {
    (void)gpnmsa::readVariants(path);
  } catch (const gpnmsa::Error&) {
  }
  return 0;
}
