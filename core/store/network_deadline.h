// SPDX-License-Identifier: GPL-3.0-or-later
// Connect and stall timeouts for network reads. htslib's libcurl backend
// (hopen, hts_open, tabix over http(s)) sets no timeout of its own: a server
// that accepts the connection and never answers would hang a read forever.
// It waits for the server in select(), which fails on a signal; so a
// watchdog thread signals the thread whose Deadline has passed, the htslib
// call fails, and the caller throws the message saying which URL and which
// timeout. Internal to core/ (not installed); Linux/POSIX only.
#pragma once
#include <memory>
#include <string>

namespace gpnmsa::net {

// Seconds a network operation may take: opening a URL (connect, request and
// the first answer), and each read of at most kStallPiece bytes. From the
// environment: GPNMSA_CONNECT_TIMEOUT (default 30) and GPNMSA_STALL_TIMEOUT
// (default 60), whole seconds > 0. Throws gpnmsa::Error naming the variable
// for a value that is not such a number.
struct Timeouts {
  int connectSeconds = 30;
  int stallSeconds = 60;
};
Timeouts timeouts();

// The most bytes read under one stall deadline: a read of more is split.
constexpr std::size_t kStallPiece = std::size_t(1) << 20;

// While alive, the calling thread's network call must finish within the
// timeout of its kind; past it, the call is interrupted (it fails) and
// expired() is true. Not copyable; one per thread at a time.
class Deadline {
 public:
  enum class Kind { Connect, Stall };
  Deadline(Kind kind, std::string url);
  ~Deadline();
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  bool expired() const;
  // Throws gpnmsa::Error "URL: no answer from the server within N s
  // (connect timeout; set GPNMSA_CONNECT_TIMEOUT=SECONDS to wait longer)"
  // (or the stall one) if the deadline passed; else returns.
  void throwIfExpired() const;

  struct Entry;

 private:
  Kind kind_;
  int seconds_;
  std::string url_;
  std::shared_ptr<Entry> entry_;
};

// Runs `close` (an hclose/hts_close of a handle on `url`) under a stall
// deadline: htslib's close waits for the transfer in progress to pause or
// end, which a stalled server never lets happen. Never throws.
template <typename Close>
void closeWithin(const std::string& url, Close&& close) noexcept {
  std::unique_ptr<Deadline> deadline;
  try {
    deadline = std::make_unique<Deadline>(Deadline::Kind::Stall, url);
  } catch (...) {
    // A bad timeout setting was reported when the handle was opened.
  }
  close();
}

}  // namespace gpnmsa::net
