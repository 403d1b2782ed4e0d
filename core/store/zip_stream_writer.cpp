// SPDX-License-Identifier: GPL-3.0-or-later
#include "zip_stream_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "gpnmsa/error.h"

namespace gpnmsa::store {
namespace {

constexpr uint64_t kMax32 = 0xffffffffu;
constexpr std::size_t kWriteBuffer = std::size_t(1) << 20;
// Entries up to this size are held whole, so their header is written once
// with its CRC; larger ones are streamed and patched.
constexpr uint64_t kBufferedEntry = uint64_t(8) << 20;

void put16(std::vector<uint8_t>& b, uint16_t v) {
  b.push_back(uint8_t(v));
  b.push_back(uint8_t(v >> 8));
}
void put32(std::vector<uint8_t>& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
}
void put64(std::vector<uint8_t>& b, uint64_t v) {
  for (int i = 0; i < 8; ++i) b.push_back(uint8_t(v >> (8 * i)));
}

void dosDateTime(int64_t mtime, uint16_t& time, uint16_t& date) {
  const std::time_t t = std::time_t(mtime);
  std::tm tm{};
  if (mtime <= 315532800 || !::gmtime_r(&t, &tm)) {  // before 1980: the DOS epoch
    time = 0;
    date = (0 << 9) | (1 << 5) | 1;
    return;
  }
  time = uint16_t((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  date = uint16_t(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

}  // namespace

ZipStreamWriter::ZipStreamWriter(const std::string& path, bool forceZip64) : path_(path), forceZip64_(forceZip64) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd_ < 0) fail(std::strerror(errno));
  const auto slash = path.rfind('/');
  std::string scratch = (slash == std::string::npos ? std::string(".") : path.substr(0, slash)) +
                        "/.gpnmsa-zip-central.XXXXXX";
  const int cfd = ::mkstemp(scratch.data());
  if (cfd < 0) {
    ::close(fd_);
    fail(std::string("cannot create a scratch file beside it: ") + std::strerror(errno));
  }
  ::unlink(scratch.c_str());  // gone when closed, whatever happens
  central_ = ::fdopen(cfd, "w+b");
  if (!central_) {
    ::close(cfd);
    ::close(fd_);
    fail(std::strerror(errno));
  }
  out_.reserve(kWriteBuffer);
}

ZipStreamWriter::~ZipStreamWriter() {
  if (central_) std::fclose(central_);
  if (fd_ >= 0) ::close(fd_);
}

void ZipStreamWriter::fail(const std::string& what) const { throw Error("cannot write " + path_ + ": " + what); }

void ZipStreamWriter::flushBuffer() {
  std::size_t done = 0;
  while (done < out_.size()) {
    const ssize_t k = ::write(fd_, out_.data() + done, out_.size() - done);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) fail(std::strerror(errno));
    done += std::size_t(k);
  }
  out_.clear();
}

void ZipStreamWriter::write(const void* data, std::size_t n) {
  const uint8_t* p = static_cast<const uint8_t*>(data);
  if (out_.size() + n > kWriteBuffer) flushBuffer();
  if (n >= kWriteBuffer) {
    out_.assign(p, p + n);
    flushBuffer();
  } else {
    out_.insert(out_.end(), p, p + n);
  }
  offset_ += n;
}

void ZipStreamWriter::beginEntry(const std::string& name, uint64_t size, int64_t mtime) {
  if (open_) fail("internal: entry '" + name_ + "' not ended");
  if (name.empty() || name.size() > 0xffff) fail("entry name of " + std::to_string(name.size()) + " bytes");
  name_ = name;
  size_ = size;
  received_ = 0;
  crc_ = uint32_t(crc32(0L, Z_NULL, 0));
  dosDateTime(mtime, dosTime_, dosDate_);
  headerOffset_ = offset_;
  open_ = true;
  buffered_ = size <= kBufferedEntry;
  entryData_.clear();
  if (buffered_) {
    entryData_.reserve(std::size_t(size));
    return;
  }
  // Streamed: the header goes out now with a zero CRC, patched in endEntry().
  std::vector<uint8_t> h;
  put32(h, 0x04034b50);
  put16(h, 45);
  put16(h, 0x0800);  // names are UTF-8
  put16(h, 0);
  put16(h, dosTime_);
  put16(h, dosDate_);
  put32(h, 0);
  put32(h, uint32_t(kMax32));
  put32(h, uint32_t(kMax32));
  put16(h, uint16_t(name.size()));
  put16(h, 20);
  h.insert(h.end(), name.begin(), name.end());
  put16(h, 0x0001);
  put16(h, 16);
  put64(h, size);
  put64(h, size);
  write(h.data(), h.size());
}

void ZipStreamWriter::append(const void* data, std::size_t n) {
  if (!open_) fail("internal: no entry open");
  if (n > size_ - received_) fail("entry '" + name_ + "' longer than announced");
  crc_ = uint32_t(crc32(crc_, static_cast<const Bytef*>(data), uInt(n)));
  received_ += n;
  if (buffered_) {
    const uint8_t* p = static_cast<const uint8_t*>(data);
    entryData_.insert(entryData_.end(), p, p + n);
  } else {
    write(data, n);
  }
}

void ZipStreamWriter::endEntry() {
  if (!open_) fail("internal: no entry open");
  if (received_ != size_) fail("entry '" + name_ + "' has " + std::to_string(received_) + " of " +
                               std::to_string(size_) + " bytes");
  const bool bigSize = size_ >= kMax32 || forceZip64_;
  if (buffered_) {
    std::vector<uint8_t> h;
    put32(h, 0x04034b50);
    put16(h, bigSize ? 45 : 20);
    put16(h, 0x0800);
    put16(h, 0);
    put16(h, dosTime_);
    put16(h, dosDate_);
    put32(h, crc_);
    put32(h, bigSize ? uint32_t(kMax32) : uint32_t(size_));
    put32(h, bigSize ? uint32_t(kMax32) : uint32_t(size_));
    put16(h, uint16_t(name_.size()));
    put16(h, bigSize ? 20 : 0);
    h.insert(h.end(), name_.begin(), name_.end());
    if (bigSize) {
      put16(h, 0x0001);
      put16(h, 16);
      put64(h, size_);
      put64(h, size_);
    }
    write(h.data(), h.size());
    if (!entryData_.empty()) write(entryData_.data(), entryData_.size());
  } else {
    flushBuffer();
    uint8_t crc[4] = {uint8_t(crc_), uint8_t(crc_ >> 8), uint8_t(crc_ >> 16), uint8_t(crc_ >> 24)};
    if (::pwrite(fd_, crc, 4, off_t(headerOffset_ + 14)) != 4) fail(std::strerror(errno));
  }
  // Central directory record, to the scratch file.
  const bool bigOffset = headerOffset_ >= kMax32 || forceZip64_;
  const bool streamed = !buffered_;
  const bool sizes64 = bigSize || streamed;
  std::vector<uint8_t> c;
  put32(c, 0x02014b50);
  put16(c, (3 << 8) | 45);  // made by: Unix, spec 4.5
  put16(c, (sizes64 || bigOffset) ? 45 : 20);
  put16(c, 0x0800);
  put16(c, 0);
  put16(c, dosTime_);
  put16(c, dosDate_);
  put32(c, crc_);
  put32(c, sizes64 ? uint32_t(kMax32) : uint32_t(size_));
  put32(c, sizes64 ? uint32_t(kMax32) : uint32_t(size_));
  put16(c, uint16_t(name_.size()));
  put16(c, uint16_t((sizes64 ? 16 : 0) + (bigOffset ? 8 : 0) + ((sizes64 || bigOffset) ? 4 : 0)));
  put16(c, 0);
  put16(c, 0);
  put16(c, 0);
  put32(c, uint32_t(0100644) << 16);
  put32(c, bigOffset ? uint32_t(kMax32) : uint32_t(headerOffset_));
  c.insert(c.end(), name_.begin(), name_.end());
  if (sizes64 || bigOffset) {
    put16(c, 0x0001);
    put16(c, uint16_t((sizes64 ? 16 : 0) + (bigOffset ? 8 : 0)));
    if (sizes64) {
      put64(c, size_);
      put64(c, size_);
    }
    if (bigOffset) put64(c, headerOffset_);
  }
  if (std::fwrite(c.data(), 1, c.size(), central_) != c.size()) fail("scratch file: " + std::string(std::strerror(errno)));
  centralSize_ += c.size();
  ++entries_;
  open_ = false;
  entryData_.clear();
  entryData_.shrink_to_fit();
}

void ZipStreamWriter::finish() {
  if (open_) fail("internal: entry '" + name_ + "' not ended");
  const uint64_t cdOffset = offset_;
  if (std::fflush(central_) != 0 || std::fseek(central_, 0, SEEK_SET) != 0)
    fail("scratch file: " + std::string(std::strerror(errno)));
  std::vector<uint8_t> buf(kWriteBuffer);
  for (std::size_t k; (k = std::fread(buf.data(), 1, buf.size(), central_)) > 0;) write(buf.data(), k);
  if (std::ferror(central_)) fail("scratch file: " + std::string(std::strerror(errno)));
  const bool zip64 = forceZip64_ || entries_ >= 0xffff || cdOffset >= kMax32 || centralSize_ >= kMax32;
  std::vector<uint8_t> e;
  if (zip64) {
    const uint64_t recordOffset = offset_;
    put32(e, 0x06064b50);
    put64(e, 44);
    put16(e, (3 << 8) | 45);
    put16(e, 45);
    put32(e, 0);
    put32(e, 0);
    put64(e, entries_);
    put64(e, entries_);
    put64(e, centralSize_);
    put64(e, cdOffset);
    put32(e, 0x07064b50);
    put32(e, 0);
    put64(e, recordOffset);
    put32(e, 1);
  }
  put32(e, 0x06054b50);
  put16(e, 0);
  put16(e, 0);
  put16(e, zip64 ? 0xffff : uint16_t(entries_));
  put16(e, zip64 ? 0xffff : uint16_t(entries_));
  put32(e, zip64 ? uint32_t(kMax32) : uint32_t(centralSize_));
  put32(e, zip64 ? uint32_t(kMax32) : uint32_t(cdOffset));
  put16(e, 0);
  write(e.data(), e.size());
  flushBuffer();
  if (::fsync(fd_) != 0) fail(std::strerror(errno));
  if (::close(fd_) != 0) {
    fd_ = -1;
    fail(std::strerror(errno));
  }
  fd_ = -1;
}

}  // namespace gpnmsa::store
