// SPDX-License-Identifier: GPL-3.0-or-later
#include "hts_log_capture.h"

#include <htslib/hts_log.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <vector>

namespace gpnmsa::hts {

namespace {
thread_local LogCapture* t_current = nullptr;

// Enough to explain a failure; a long-lived capture must not grow unbounded.
constexpr std::size_t kMaxCaptured = 2000;

void append(std::string* to, const std::string& text) {
  if (to->size() >= kMaxCaptured) return;
  if (!to->empty()) *to += "; ";
  *to += text;
}
}  // namespace

LogCapture::LogCapture() : outer_(t_current) { t_current = this; }
LogCapture::~LogCapture() { t_current = outer_; }

void LogCapture::add(int severity, std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.empty()) return;
  append(severity <= HTS_LOG_ERROR ? &errors_ : &warnings_, text);
}

std::string LogCapture::messages() const { return errors_.empty() ? warnings_ : errors_; }

std::string LogCapture::withMessages(std::string what) const {
  if (const std::string m = messages(); !m.empty()) what += ": " + m;
  return what;
}

std::string LogCapture::reason() const {
  const int err = errno;
  if (std::string m = messages(); !m.empty()) return m;
  return err ? std::strerror(err) : "unknown error";
}

}  // namespace gpnmsa::hts

// Replaces libhts's hts_log (see hts_log_capture.h). Like the original, it
// keeps errno and prints only what the log level lets through; a capture
// takes errors and warnings whatever the level, since they explain failures.
extern "C" __attribute__((visibility("default"))) void hts_log(enum htsLogLevel severity,
                                                              const char* context,
                                                              const char* format, ...) {
  const int savedErrno = errno;
  gpnmsa::hts::LogCapture* capture = gpnmsa::hts::t_current;
  if (capture ? severity > HTS_LOG_WARNING : severity > hts_get_log_level()) {
    errno = savedErrno;
    return;
  }
  va_list args;
  va_start(args, format);
  try {  // nothing may propagate into htslib's C frames
    va_list copy;
    va_copy(copy, args);
    const int n = std::vsnprintf(nullptr, 0, format, copy);
    va_end(copy);
    std::vector<char> buf(n > 0 ? std::size_t(n) + 1 : 1, '\0');
    std::vsnprintf(buf.data(), buf.size(), format, args);
    std::string text(buf.data());
    if (capture) {
      capture->add(severity, std::move(text));
    } else {
      const char tag = severity <= HTS_LOG_ERROR     ? 'E'
                       : severity <= HTS_LOG_WARNING ? 'W'
                       : severity <= HTS_LOG_INFO    ? 'I'
                       : severity <= HTS_LOG_DEBUG   ? 'D'
                                                     : 'T';
      std::fprintf(stderr, "[%c::%s] %s\n", tag, context ? context : "", text.c_str());
    }
  } catch (...) {
    // Out of memory: the message is lost, the caller's error still reported.
  }
  va_end(args);
  errno = savedErrno;
}
