// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace gpnmsa::cli {

// "scoring: 1200/5000 (24.0%), 31.2 variants/s, ETA 2m02s" on stderr.
// On a terminal the line is rewritten in place several times a second; into a
// file or pipe a line is written every 10 s, so logs stay readable.
class ProgressReporter {
 public:
  ProgressReporter(std::string what, std::string unit, bool enabled);
  void update(int64_t done, int64_t total);
  void finish();  // final line with the overall rate

 private:
  std::string what_, unit_;
  bool enabled_, tty_;
  std::chrono::steady_clock::time_point start_, last_;
  int64_t done_ = 0, total_ = 0;
  bool printed_ = false;
};

std::string formatDuration(double seconds);

}  // namespace gpnmsa::cli
