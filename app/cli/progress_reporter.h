// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "gpnmsa/run_summary.h"
#include "gpnmsa/variant.h"

namespace gpnmsa::cli {

// "scoring: 1200/5000 (24.0%), 31.2 variants/s, ETA 2m02s" on stderr.
// On a terminal the line is rewritten in place several times a second; into a
// file or pipe a line is written every 10 s, so logs stay readable. The end
// of the run is finish()'s line, not update()'s.
class ProgressReporter {
 public:
  ProgressReporter(std::string what, std::string unit, bool enabled);
  void update(int64_t done, int64_t total);
  // Final line: "scoring: 1200 variants in 38s (31.58 variants/s)". `worked`
  // says how many of them needed the real work (-1: all); when none did there
  // is no rate to speak of, and the line says "..., none <workedWord>".
  void finish(int64_t worked = -1, const std::string& workedWord = "processed");

 private:
  std::string what_, unit_;
  bool enabled_, tty_;
  std::chrono::steady_clock::time_point start_, last_;
  int64_t done_ = 0, total_ = 0;
  bool printed_ = false;
};

std::string formatDuration(double seconds);

// After a long step: if Ctrl-C or SIGTERM stopped it, says so on stderr
// ("gpnmsa: interrupted; no output written") and returns true.
bool reportInterrupted(const std::string& consequence = "no output written");

// The exit status of a run whose rows `tally` counted: kExitOk, or, when not
// a single row got a score, kExitError after saying why on stderr
// (StatusTally::nothingScoredMessage).
int exitStatusFor(const StatusTally& tally, const std::string& outcome = "could be scored");

// "wrote 25 rows to out.tsv (ok 24, ref_mismatch 1)" on stderr.
void reportWrittenRows(const StatusTally& tally, const std::string& path);

}  // namespace gpnmsa::cli
