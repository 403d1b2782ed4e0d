// SPDX-License-Identifier: GPL-3.0-or-later
// The stretches of a region that have an alignment: rows in a present chunk
// whose human byte is not the fill value. Scorer::regionLogits refuses the
// rest, so the browser's scheduler and the figures compute only these (and
// draw the others empty) — one rule, so both show the same positions.
#pragma once
#include <QtGlobal>
#include <string>
#include <utility>
#include <vector>

#include "gpnmsa/alignment_store.h"

namespace gpnmsa::ui {

// [first, last] 1-based inclusive, inside the chromosome `stored` (as stored).
std::vector<std::pair<qint64, qint64>> alignedRuns(const gpnmsa::AlignmentStore& store, const std::string& stored,
                                                   qint64 first, qint64 last);

}  // namespace gpnmsa::ui
