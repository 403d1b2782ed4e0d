// SPDX-License-Identifier: GPL-3.0-or-later
#include "progress_reporter.h"

#include "gpnmsa/run_summary.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>

#include "cli_common.h"
#include "commands.h"

namespace gpnmsa::cli {

std::string formatDuration(double s) {
  char buf[32];
  if (s < 60) std::snprintf(buf, sizeof buf, "%.0fs", s);
  else if (s < 3600) std::snprintf(buf, sizeof buf, "%dm%02ds", int(s) / 60, int(s) % 60);
  else std::snprintf(buf, sizeof buf, "%dh%02dm", int(s) / 3600, (int(s) % 3600) / 60);
  return buf;
}

ProgressReporter::ProgressReporter(std::string what, std::string unit, bool enabled)
    : what_(std::move(what)), unit_(std::move(unit)), enabled_(enabled),
      tty_(::isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()), last_(start_) {}

void ProgressReporter::update(int64_t done, int64_t total) {
  done_ = done;
  total_ = total;
  if (!enabled_ || done >= total) return;  // the end is finish()'s line
  const auto now = std::chrono::steady_clock::now();
  const double sinceLast = std::chrono::duration<double>(now - last_).count();
  if (sinceLast < (tty_ ? 0.25 : 10.0)) return;
  last_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? done / elapsed : 0;
  std::string eta = rate > 0 ? formatDuration((total - done) / rate) : "?";
  std::fprintf(stderr, "%s%s: %lld/%lld (%.1f%%), %.1f %s/s, ETA %s%s", tty_ ? "\r" : "",
               what_.c_str(), (long long)done, (long long)total,
               total ? 100.0 * done / total : 100.0, rate, unit_.c_str(), eta.c_str(),
               tty_ ? "\033[K" : "\n");
  std::fflush(stderr);
  printed_ = true;
}

void ProgressReporter::finish(int64_t worked, const std::string& workedWord) {
  if (!enabled_) return;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stderr, "%s%s: %lld %s in %s", (tty_ && printed_) ? "\r\033[K" : "", what_.c_str(),
               (long long)done_, unit_.c_str(), formatDuration(elapsed).c_str());
  if (worked == 0 || done_ == 0) std::fprintf(stderr, ", none %s\n", workedWord.c_str());
  else std::fprintf(stderr, " (%.2f %s/s)\n", elapsed > 0 ? done_ / elapsed : 0.0, unit_.c_str());
}

bool reportInterrupted(const std::string& consequence) {
  if (!g_interrupted) return false;
  std::cerr << "\ngpnmsa: interrupted; " << consequence << "\n";
  return true;
}

int exitStatusFor(const StatusTally& tally, const std::string& outcome) {
  const std::string why = tally.nothingScoredMessage(outcome);
  if (why.empty()) return kExitOk;
  std::cerr << "gpnmsa: error: " << why << "\n";
  return kExitError;
}

void reportWrittenRows(const StatusTally& tally, const std::string& path) {
  std::cerr << "wrote " << tally.rows() << " rows to " << path << " (" << tally.counts() << ")\n";
}

}  // namespace gpnmsa::cli
