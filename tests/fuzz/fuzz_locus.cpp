// SPDX-License-Identifier: GPL-3.0-or-later
// parseLocus: the text of a locus box or --region. Any text gets a Locus or an
// error message; a Locus always has start <= end and start >= 1.
#include <cstdlib>

#include "fuzz_support.h"
#include "gpnmsa/locus.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string error;
  const auto locus = gpnmsa::parseLocus(fuzz::asText(data, size), &error);
  if (locus) {
    if (locus->start < 1 || locus->end < locus->start) std::abort();
  } else if (error.empty()) {
    std::abort();  // a refusal always says why
  }
  return 0;
}
