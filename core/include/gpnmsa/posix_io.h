// SPDX-License-Identifier: GPL-3.0-or-later
// Whole-buffer reads and writes on POSIX file descriptors: retried on EINTR
// and short transfers, so callers never loop themselves.
#pragma once
#include <cstddef>
#include <cstdint>

namespace gpnmsa {

// Writes all `n` bytes. False with errno set on failure.
bool writeAll(int fd, const void* data, std::size_t n);

// Reads up to `n` bytes at `offset`; stops early only at end of file. Returns
// the byte count, or -1 with errno set on failure.
long long preadAll(int fd, void* out, std::size_t n, uint64_t offset);

}  // namespace gpnmsa
