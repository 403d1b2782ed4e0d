// SPDX-License-Identifier: GPL-3.0-or-later
// What a run that scored nothing tells its user, the same words in the CLI
// and the app: how many rows, why (counts per status), and the likely cause.
#pragma once
#include <string>
#include <vector>

#include "gpnmsa/variant.h"

namespace gpnmsa {

// "indel 2, unknown_chromosome 3": rows per status, by status name.
std::string statusCounts(const std::vector<ScoredVariant>& rows);

// Empty when at least one row is scored (or there are no rows). Otherwise one
// sentence: "none of the 5 variants could be scored (unknown_chromosome 5:
// chromosome 'chr7' is not in the alignment store ...) — outside the
// alignment: wrong genome build or region?". Pending rows (a cancelled run)
// count as not scored yet, not as a failure: the message is empty then.
// `outcome` names what no row got ("could be scored", "have a precomputed score").
std::string nothingScoredMessage(const std::vector<ScoredVariant>& rows,
                                 const std::string& outcome = "could be scored");

}  // namespace gpnmsa
