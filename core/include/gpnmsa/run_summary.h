// SPDX-License-Identifier: GPL-3.0-or-later
// What a run that scored nothing tells its user, the same words in the CLI
// and the app: how many rows, why (counts per status), and the likely cause.
#pragma once
#include <cstdint>
#include <map>
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

// The same counts kept as a running tally, for a run that sees its rows a
// chunk at a time (statusCounts and nothingScoredMessage are this tally of
// one vector, so the words are the same).
class StatusTally {
 public:
  void add(const std::vector<ScoredVariant>& rows);
  int64_t rows() const { return rows_; }
  int64_t scored() const { return scored_; }
  std::string counts() const;
  std::string nothingScoredMessage(const std::string& outcome = "could be scored") const;

 private:
  std::map<VariantStatus, int64_t> counts_;
  std::map<VariantStatus, std::string> example_;  // the first non-empty detail per status
  int64_t rows_ = 0, scored_ = 0;
};

}  // namespace gpnmsa
