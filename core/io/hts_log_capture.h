// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: htslib's log messages ("[E::hts_open_format] Failed to open file
// ...") become part of our error messages instead of separate stderr lines.
//
// htslib 1.16 writes every message through hts_log(), straight to stderr; it
// has no callback. hts_log_capture.cpp therefore defines hts_log() itself.
// libhts.so calls hts_log through its PLT (Debian's libhts3: a JUMP_SLOT
// relocation), so the dynamic linker binds those calls to the definition in
// our executable, as it does for a malloc replacement. A message goes to the
// capture active on the calling thread, if any, and otherwise to stderr
// exactly as htslib would print it ("[E::func] text", same log-level filter).
// A libhts built with -Bsymbolic would keep its own hts_log and print again;
// test_variant_io, test_cli and test_precomputed_scores fail if it does.
//
// Why not the alternatives:
// - redirecting fd 2 to a file around htslib calls: fd 2 belongs to the whole
//   process, so while one thread captured, every other thread's stderr (the
//   app's workers, progress lines, Qt warnings) would vanish into it, or htslib
//   calls would have to be serialised behind a global mutex;
// - hts_set_log_level(HTS_LOG_OFF) plus errno: errno is not set for most
//   format errors, is often stale (fai_load on a malformed FASTA leaves ENOENT
//   behind) and says nothing like "Format error, unexpected 'h' at line 1".
// Captures are per thread: several threads may use htslib at once, each
// getting its own messages, with no lock and no effect on other output.
#pragma once
#include <string>

namespace gpnmsa::hts {

// While alive, htslib's messages on this thread are collected here instead
// of printed (nested captures: the innermost one collects; keep them on the
// stack, like lock guards). Collected messages are dropped unless the caller
// puts them into an error.
class LogCapture {
 public:
  LogCapture();
  ~LogCapture();
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // htslib's errors since the capture began (its warnings if there were no
  // errors), without the "[E::func]" prefix, joined by "; "; empty if none.
  std::string messages() const;
  // `what`, plus ": " and messages() if htslib said anything.
  std::string withMessages(std::string what) const;
  // Why an htslib call failed: messages(), or else strerror(errno), or else
  // "unknown error". Call it right after the failing call (errno).
  std::string reason() const;

  // Called by our hts_log for each message on this thread.
  void add(int severity, std::string text);

 private:
  LogCapture* outer_;
  std::string errors_, warnings_;
};

}  // namespace gpnmsa::hts
