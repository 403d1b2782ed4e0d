// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/posix_io.h"

#include <unistd.h>

#include <cerrno>

namespace gpnmsa {

bool writeAll(int fd, const void* data, std::size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= std::size_t(w);
  }
  return true;
}

long long preadAll(int fd, void* out, std::size_t n, uint64_t offset) {
  char* p = static_cast<char*>(out);
  std::size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(fd, p + done, n - done, off_t(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (got == 0) break;  // end of file
    done += std::size_t(got);
  }
  return (long long)done;
}

}  // namespace gpnmsa
