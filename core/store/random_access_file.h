// SPDX-License-Identifier: GPL-3.0-or-later
// A read-only file read at arbitrary offsets: a local file (pread) or an
// http(s) URL (htslib's hFILE, which turns seeks into range requests). The
// zip reader only needs "size" and "bytes [offset, offset + n)", so the
// released 36-GB zip is read the same way on disk and on a web server.
// Internal to core/ (not installed).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "gpnmsa/error.h"

namespace gpnmsa::store {

class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;

  // Total size in bytes.
  virtual uint64_t size() const = 0;
  // Modification time in nanoseconds since the epoch; 0 where unknown (URLs).
  virtual int64_t mtimeNs() const = 0;
  // Reads up to `n` bytes at `offset` into `out`; returns the count, which is
  // smaller than `n` only at the end of the file. Throws gpnmsa::Error on an
  // I/O failure. Safe to call from several threads at once.
  virtual std::size_t readAt(uint64_t offset, std::size_t n, char* out) const = 0;
  // The file as the user named it (path or URL), for messages.
  virtual const std::string& name() const = 0;
  virtual bool isRemote() const = 0;
};

// A URL the server answered with 404 (no such file): callers probing for a
// file that may be absent (a score shard per chromosome) tell it from a
// failure.
class RemoteFileNotFound : public Error {
 public:
  using Error::Error;
};

// "http://", "https://" (any case): handled by htslib's libcurl backend.
bool isUrl(const std::string& path);

// Opens a local file or, for isUrl(path), a URL. Throws gpnmsa::Error naming
// `path` if it cannot be opened (absent file, HTTP error, unreachable host;
// RemoteFileNotFound for an HTTP 404).
std::unique_ptr<RandomAccessFile> openRandomAccessFile(const std::string& path);

}  // namespace gpnmsa::store
