// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#include "gpnmsa/error.h"
#include "gpnmsa/file_checks.h"

namespace gpnmsa {

namespace {

std::string failure(const std::string& path, int err) {
  return "cannot write " + path + ": " + std::strerror(err);
}

// The process umask without changing it (umask() itself is set-and-return,
// which would race with other threads creating files).
mode_t currentUmask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
  }
  return 022;
}

void splitPath(const std::string& path, std::string* dir, std::string* base) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) {
    *dir = ".";
    *base = path;
  } else {
    *dir = slash == 0 ? "/" : path.substr(0, slash);
    *base = path.substr(slash + 1);
  }
}

}  // namespace

AtomicFile::AtomicFile(const std::string& target) : target_(target) {
  std::string dir, base;
  splitPath(target, &dir, &base);
  if (base.empty()) throw Error(failure(target, EISDIR));
  struct stat st;
  const bool exists = ::stat(target.c_str(), &st) == 0;
  // rename() would replace a FIFO or device node (or fail on a directory)
  // with a regular file: refuse them, whatever the caller checked before.
  if (exists && !S_ISREG(st.st_mode)) {
    throw Error(target + ": not a regular file (" + describeFileKind(st.st_mode) +
                "); the output must be a file path, which is replaced when the run ends");
  }

  // Same directory as the target, so that rename() stays on one file system;
  // hidden, so a crash leaves no file that looks like real output.
  std::string pattern = (dir == "/" ? "" : dir) + "/." + base + ".tmp.XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  const int fd = ::mkstemp(buf.data());
  if (fd < 0) throw Error(failure(target, errno));
  temp_ = buf.data();
  // mkstemp creates 0600; give the result the mode a normal create (or the
  // file being replaced) would have.
  const mode_t mode = exists ? (st.st_mode & 07777) : (0666 & ~currentUmask());
  (void)::fchmod(fd, mode);
  ::close(fd);
}

AtomicFile::~AtomicFile() {
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::commit() {
  if (committed_) return;
  // Data first on disk, then the rename: after a crash the target holds
  // either the old content or the complete new one.
  const int fd = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(failure(target_, errno));
  const int syncErr = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  // EINVAL: the file system does not support fsync (e.g. some FUSE/pipes); not fatal.
  if (syncErr != 0 && syncErr != EINVAL) throw Error(failure(target_, syncErr));
  if (::rename(temp_.c_str(), target_.c_str()) != 0) throw Error(failure(target_, errno));
  committed_ = true;
  // Make the rename itself durable; failures here cannot undo it, so ignore them.
  std::string dir, base;
  splitPath(target_, &dir, &base);
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace gpnmsa
