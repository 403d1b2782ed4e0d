// SPDX-License-Identifier: GPL-3.0-or-later
// "Every SNV of a region": the variants a locus, a region browser or a
// benchmark scores when no variant list is given.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/variant.h"

namespace gpnmsa {

// The substitutions at every position of chrom:start-end (1-based inclusive)
// whose reference base (the store's human column, any case) is A/C/G/T; N and
// gaps are skipped. Per position up to `altsPerSite` ALTs in A,C,G,T order;
// REF upper-cased. Variants keep `chrom` as given, id ".", and `record` counts
// them in order. Throws gpnmsa::Error for an unknown chromosome, a region
// outside it (naming the chromosome's extent) or a region with no alignment at
// all (only absent chunks); unaligned positions of a partly aligned region
// give no SNVs.
std::vector<Variant> regionSnvs(const AlignmentStore& store, const std::string& chrom,
                                int64_t start, int64_t end, int altsPerSite = 3);

}  // namespace gpnmsa
