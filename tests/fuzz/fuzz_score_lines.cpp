// SPDX-License-Identifier: GPL-3.0-or-later
// Precomputed score lines (`chrom pos ref alt score`, bgzip + tabix): the
// input is the file's text; it is indexed, opened, every variant its lines
// name is looked up, and a sample is drawn (method "sample" of a reference
// distribution reads through the index too).
#include <atomic>

#include "fuzz_tabix.h"
#include "gpnmsa/error.h"
#include "gpnmsa/precomputed_scores.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::asText(data, size);
  // tabix -s1 -b2 -e2: what the README tells users to index a score file with.
  const tbx_conf_t conf = {TBX_GENERIC, 1, 2, 2, '#', 0};
  if (!fuzz::writeIndexed("scores.tsv.bgz", text, conf)) return 0;
  try {
    const auto scores = gpnmsa::PrecomputedScores::open(fuzz::scratchDir() + "/scores.tsv.bgz");
    (void)scores->annotate(fuzz::variantsFrom(text, false, 16));
    (void)scores->sample(20, 7);
  } catch (const gpnmsa::Error&) {
  }
  return 0;
}
