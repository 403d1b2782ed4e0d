// SPDX-License-Identifier: GPL-3.0-or-later
// An in-memory alignment of random sequence for `gpnmsa bench`: timings need
// no 36 GB download. Species rows copy the human base 70% of the time, are
// gaps 20% of the time, as a crude stand-in for a real alignment (the model's
// cost does not depend on the bases).
#pragma once
#include <memory>

#include "gpnmsa/alignment_store.h"

namespace gpnmsa::cli {

// One chromosome "1" of `length` rows and 1 + `species` columns.
std::unique_ptr<AlignmentStore> makeSyntheticStore(int species, int64_t length, uint32_t seed);

}  // namespace gpnmsa::cli
