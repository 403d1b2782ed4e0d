// SPDX-License-Identifier: GPL-3.0-or-later
// Downloads one file over http(s) into place, resumably and verified: bytes
// go to DEST.part (its validator, ETag or Last-Modified, in DEST.part.meta),
// an interrupted download (cancel, dropped connection, timeout) keeps them
// and the next call asks only for the rest (Range + If-Range); DEST appears
// only once the whole file's SHA-256 matches. Redirects are followed (the
// model hub answers 302 to its CDN). No Qt; progress and cancel are plain
// callbacks for each front end to wrap.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "gpnmsa/error.h"

namespace gpnmsa {

struct DownloadRequest {
  std::string url;
  std::string dest;            // the final path; DEST.part and DEST.part.meta beside it
  std::string expectedSha256;  // lower-case hex; empty: take the server's (X-Linked-Etag)
  int64_t expectedSize = -1;   // -1: unknown
  // Accept a file for which neither the request nor the server gives a
  // digest (only the size is then checked). Off: such a file is refused
  // before its body is read.
  bool allowUnverified = false;
};

struct DownloadResult {
  int64_t bytes = 0;
  int64_t resumedFrom = 0;   // bytes kept from an earlier attempt (0: from the start)
  std::string sha256;        // of the file as written
  std::string verifiedBy;    // "manifest", "server X-Linked-Etag", "server ETag (git blob SHA-1)" or "not verified"
};

// done, total (-1 unknown), both counting the whole file (kept bytes included).
// The first call, before any new byte, gives the bytes kept from an earlier attempt.
using DownloadProgress = std::function<void(int64_t done, int64_t total)>;

// Why a download failed. kind() lets front ends word the remedy; what() names
// the URL and the cause.
class DownloadError : public Error {
 public:
  enum class Kind { Network, Http, Digest, NoDigest, Cancelled, Local };
  DownloadError(Kind kind, std::string url, const std::string& message)
      : Error(message), kind_(kind), url_(std::move(url)) {}
  Kind kind() const { return kind_; }
  const std::string& url() const { return url_; }

 private:
  Kind kind_;
  std::string url_;
};

// Throws DownloadError. `stop` (may be null) cancels: the partial file is
// kept for the next call. Timeouts: GPNMSA_CONNECT_TIMEOUT for connecting,
// GPNMSA_STALL_TIMEOUT seconds without a byte (network_deadline.h).
DownloadResult downloadFile(const DownloadRequest& request, const DownloadProgress& progress = {},
                            const std::atomic<bool>* stop = nullptr);

// SHA-256 of a whole file as lower-case hex; throws gpnmsa::Error if unreadable.
std::string sha256OfFile(const std::string& path);

}  // namespace gpnmsa
