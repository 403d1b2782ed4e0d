// SPDX-License-Identifier: GPL-3.0-or-later
#include "random_access_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <mutex>

#include "../io/hts_handles.h"
#include "../io/hts_log_capture.h"
#include "gpnmsa/error.h"
#include "gpnmsa/posix_io.h"
#include "gpnmsa/text.h"
#include "network_deadline.h"

namespace gpnmsa::store {
namespace {

class LocalFile final : public RandomAccessFile {
 public:
  explicit LocalFile(std::string path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw Error(path_ + ": cannot open: " + std::strerror(errno));
    struct stat st;
    if (::fstat(fd_, &st) != 0) {
      const int err = errno;
      ::close(fd_);
      throw Error(path_ + ": cannot stat: " + std::strerror(err));
    }
    size_ = uint64_t(st.st_size);
    mtimeNs_ = int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  }
  ~LocalFile() override { ::close(fd_); }

  uint64_t size() const override { return size_; }
  int64_t mtimeNs() const override { return mtimeNs_; }
  const std::string& name() const override { return path_; }
  bool isRemote() const override { return false; }

  // pread needs no shared file position, so concurrent readers need no lock.
  std::size_t readAt(uint64_t offset, std::size_t n, char* out) const override {
    const long long got = preadAll(fd_, out, n, offset);
    if (got < 0)
      throw Error(path_ + ": read failed at byte " + std::to_string(offset) + ": " + std::strerror(errno));
    return std::size_t(got);
  }

 private:
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
  int64_t mtimeNs_ = 0;
};

class RemoteFile final : public RandomAccessFile {
 public:
  explicit RemoteFile(std::string url) : url_(std::move(url)) {
    hts::LogCapture log;
    errno = 0;
    {
      net::Deadline deadline(net::Deadline::Kind::Connect, url_);
      fp_.reset(hopen(url_.c_str(), "r"));
      if (!fp_) deadline.throwIfExpired();
    }
    if (!fp_) {
      if (errno == ENOENT)
        throw RemoteFileNotFound(url_ + ": cannot open: " + log.reason() + " (HTTP 404: no such file on the server)");
      throw Error(url_ + ": cannot open: " + log.reason());
    }
    // The libcurl backend learns the size from a ranged response's
    // Content-Range (htslib 1.16 does not keep the first response's
    // Content-Length), so make one ranged request before asking for the end.
    // A server that refuses ranges cannot serve a zip read in place.
    off_t end = -1;
    {
      net::Deadline deadline(net::Deadline::Kind::Connect, url_);
      end = hseek(fp_.get(), 1, SEEK_SET);
      if (end >= 0) end = hseek(fp_.get(), 0, SEEK_END);
      if (end < 0) deadline.throwIfExpired();
    }
    if (end < 0) {
      throw Error(url_ + ": the server does not report the file size or refuses seeking (" +
                  log.reason() + "); range requests are needed to read a zip in place");
    }
    size_ = uint64_t(end);
  }

  ~RemoteFile() override { net::closeWithin(url_, [this] { fp_.reset(); }); }

  uint64_t size() const override { return size_; }
  int64_t mtimeNs() const override { return 0; }
  const std::string& name() const override { return url_; }
  bool isRemote() const override { return true; }

  // One hFILE, one position: readers take turns.
  std::size_t readAt(uint64_t offset, std::size_t n, char* out) const override {
    if (offset >= size_) return 0;
    n = std::size_t(std::min<uint64_t>(n, size_ - offset));
    std::lock_guard<std::mutex> lock(mutex_);
    hts::LogCapture log;
    if (hseek(fp_.get(), off_t(offset), SEEK_SET) < 0) {
      throw Error(url_ + ": cannot seek to byte " + std::to_string(offset) + ": " + log.reason());
    }
    std::size_t done = 0;
    while (done < n) {
      // Each piece under its own deadline: a slow but moving transfer goes
      // on, a server that stops sending is given up on (network_deadline.h).
      net::Deadline deadline(net::Deadline::Kind::Stall, url_);
      const ssize_t got = hread(fp_.get(), out + done, std::min(n - done, net::kStallPiece));
      if (got < 0) {
        deadline.throwIfExpired();
        throw Error(url_ + ": read failed at byte " + std::to_string(offset + done) + ": " +
                    log.reason());
      }
      if (got == 0) {
        deadline.throwIfExpired();  // interrupted, htslib may report the end
        break;
      }
      done += std::size_t(got);
    }
    return done;
  }

 private:
  std::string url_;
  hts::HFilePtr fp_;
  uint64_t size_ = 0;
  mutable std::mutex mutex_;
};

}  // namespace

bool isUrl(const std::string& path) {
  return startsWithIgnoreCase(path, "http://") || startsWithIgnoreCase(path, "https://");
}

std::unique_ptr<RandomAccessFile> openRandomAccessFile(const std::string& path) {
  if (isUrl(path)) return std::make_unique<RemoteFile>(path);
  return std::make_unique<LocalFile>(path);
}

}  // namespace gpnmsa::store
