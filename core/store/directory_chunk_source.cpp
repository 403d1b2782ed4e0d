// SPDX-License-Identifier: GPL-3.0-or-later
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "chunk_source.h"
#include "gpnmsa/error.h"

namespace fs = std::filesystem;

namespace gpnmsa::store {

DirectoryChunkSource::DirectoryChunkSource(std::string root) : root_(std::move(root)) {
  // Keep the user's spelling for messages, minus trailing slashes so that
  // describeKey() does not print "msa.zarr//1/0.0".
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

std::string DirectoryChunkSource::describeKey(const std::string& key) const {
  return root_ + "/" + key;
}

std::optional<std::vector<char>> DirectoryChunkSource::read(const std::string& key,
                                                           uint64_t maxBytes) const {
  const std::string file = describeKey(key);
  // open(2) rather than iostreams: errno tells "absent" (a missing chunk,
  // which is legal in Zarr) apart from "present but unreadable" (an error).
  // O_NONBLOCK so that a FIFO planted as a chunk cannot block the open; the
  // fstat below refuses it anyway.
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    throw Error(file + ": cannot open: " + std::strerror(errno));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw Error(file + ": cannot stat: " + std::strerror(errno));
  // A link to /dev/zero (or any device, FIFO or directory) would read
  // without end: only a regular file can be a chunk.
  if (!S_ISREG(st.st_mode)) throw Error(file + ": not a regular file (corrupt store?)");
  const auto tooBig = [&](uint64_t bytes) {
    return Error(file + ": " + std::to_string(bytes) + " bytes, more than the " +
                 std::to_string(maxBytes) + " this object can take (corrupt store?)");
  };
  if (uint64_t(st.st_size) > maxBytes) throw tooBig(uint64_t(st.st_size));
  // Read at most maxBytes + 1 so a file that grows after the fstat is still
  // caught, without trusting its size for the allocation.
  std::vector<char> bytes(std::size_t(st.st_size));
  std::size_t len = 0;
  for (;;) {
    if (len == bytes.size()) {
      if (len > maxBytes) throw tooBig(len);
      bytes.resize(std::max<std::size_t>(len + 1, std::min<uint64_t>(maxBytes + 1, len * 2 + 4096)));
    }
    const ssize_t n = ::read(fd, bytes.data() + len, bytes.size() - len);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(file + ": read failed: " + std::strerror(errno));
    }
    if (n == 0) break;
    len += std::size_t(n);
  }
  if (len > maxBytes) throw tooBig(len);
  bytes.resize(len);
  return bytes;
}

bool DirectoryChunkSource::contains(const std::string& key) const {
  // An error other than "absent" counts as present: read() then reports it.
  std::error_code ec;
  const fs::file_status st = fs::status(describeKey(key), ec);
  if (ec) return ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory;
  return fs::exists(st);
}

std::vector<std::string> DirectoryChunkSource::listArrays() const {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(root_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code ignored;
    if (it->is_directory(ignored) && fs::is_regular_file(it->path() / ".zarray", ignored)) {
      names.push_back(it->path().filename().string());
    }
  }
  if (ec) throw Error(root_ + ": cannot list the store: " + ec.message());
  return names;
}

}  // namespace gpnmsa::store
