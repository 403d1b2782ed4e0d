// SPDX-License-Identifier: GPL-3.0-or-later
// A Zarr tree inside a .zip, read in place. The released alignment is a
// 36-GB zip with ~6 million entries: the central directory is read once into
// a ZipIndex (kept as a sidecar), and each chunk costs one positioned read
// of its local header and data (over http: one range request, or none when
// the entry is in the on-disk cache).
#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "cache_dir.h"
#include "chunk_source.h"
#include "entry_cache.h"
#include "gpnmsa/error.h"
#include "little_endian.h"
#include "random_access_file.h"
#include "zip_index.h"

namespace gpnmsa::store {
namespace {

constexpr std::string_view kGroupFile = ".zgroup";
constexpr std::string_view kArrayFile = "/.zarray";
constexpr uint32_t kLocalSig = 0x04034b50;
constexpr std::size_t kLocalSize = 30;
// Read this much beyond the local header's fixed part in the first read, so
// that name + extra field + data usually arrive in one read (one request).
constexpr std::size_t kHeaderSlack = 256;
// No legitimate store object comes near this; a bigger size means a corrupt
// central directory and must not turn into a huge allocation.
constexpr uint64_t kMaxEntryBytes = uint64_t(1) << 30;

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}


uint32_t crcOf(const std::vector<char>& bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  std::size_t done = 0;
  while (done < bytes.size()) {  // zlib takes uInt lengths
    const uInt n = uInt(std::min<std::size_t>(bytes.size() - done, 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + done), n);
    done += n;
  }
  return uint32_t(crc);
}

// Raw deflate (no zlib header), as zip stores it. Empty string on success.
std::string inflateRaw(const char* in, std::size_t inBytes, std::vector<char>* out) {
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return "cannot initialise zlib";
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
  z.avail_in = uInt(inBytes);
  z.next_out = reinterpret_cast<Bytef*>(out->data());
  z.avail_out = uInt(out->size());
  const int rc = inflate(&z, Z_FINISH);
  const std::size_t produced = out->size() - z.avail_out;
  inflateEnd(&z);
  if (rc == Z_STREAM_END && produced == out->size()) return {};
  if (rc == Z_STREAM_END || rc == Z_BUF_ERROR) {
    return "deflate data gives " + std::string(rc == Z_STREAM_END ? "" : "more than ") +
           std::to_string(produced) + " bytes, expected " + std::to_string(out->size());
  }
  return std::string("invalid deflate data (") + (z.msg ? z.msg : "zlib error") + ")";
}

}  // namespace

ZipChunkSource::ZipChunkSource(std::string zipPath, const ZipSourceOptions& options)
    : zipPath_(std::move(zipPath)) {
  file_ = openRandomAccessFile(zipPath_);
  ZipIndexOptions io;
  io.cacheDir = options.cacheDir;
  io.besideZip = options.sidecarBesideZip;
  // Over http every open would otherwise download the whole central
  // directory again: always keep a sidecar for URLs.
  io.sidecarMinEntries = file_->isRemote() ? 0 : options.sidecarMinEntries;
  index_ = ZipIndex::open(*file_, io);
  if (file_->isRemote() && options.remoteCacheBytes > 0) {
    const ZipEndRecords end = readZipEndRecords(*file_);
    cache_ = std::make_unique<EntryCache>(
        userCacheDir(options.cacheDir) + "/chunks/" +
            hashName(zipPath_ + "\n" + std::to_string(file_->size()) + "\n" +
                     std::to_string(end.cdOffset)),
        options.remoteCacheBytes);
  }

  // Find the root `.zgroup` (the shallowest one; sub-groups sit deeper) and
  // every `<x>/.zarray`. Metadata entries are never chunk records, so the
  // index's "other" names hold them all.
  std::vector<std::string> groups, arrayFiles;
  for (const std::string& name : index_->otherNames()) {
    if (name == kGroupFile || endsWith(name, "/.zgroup")) {
      groups.push_back(name);
    } else if (endsWith(name, kArrayFile)) {
      arrayFiles.push_back(name);
    }
  }
  if (groups.empty()) {
    throw Error("not a Zarr store: " + zipPath_ + " (no .zgroup in the zip archive)");
  }
  auto depth = [](const std::string& s) { return std::count(s.begin(), s.end(), '/'); };
  std::sort(groups.begin(), groups.end(), [&](const std::string& a, const std::string& b) {
    return depth(a) != depth(b) ? depth(a) < depth(b) : a < b;
  });
  if (groups.size() > 1 && depth(groups[0]) == depth(groups[1])) {
    throw Error(zipPath_ + ": ambiguous Zarr store: both '" + groups[0] + "' and '" + groups[1] +
                "' could be the root group");
  }
  prefix_ = groups[0].substr(0, groups[0].size() - kGroupFile.size());
  for (const std::string& file : arrayFiles) {
    if (file.compare(0, prefix_.size(), prefix_) != 0) continue;
    std::string name = file.substr(prefix_.size(), file.size() - prefix_.size() - kArrayFile.size());
    if (!name.empty() && name.find('/') == std::string::npos) arrays_.push_back(name);
  }
}

ZipChunkSource::~ZipChunkSource() = default;

std::string ZipChunkSource::describeKey(const std::string& key) const {
  return zipPath_ + ":" + prefix_ + key;
}

std::optional<std::vector<char>> ZipChunkSource::read(const std::string& key,
                                                     uint64_t maxBytes) const {
  const std::string entry = prefix_ + key;
  const std::optional<ZipEntryInfo> info = index_->find(entry);
  if (!info) return std::nullopt;
  if (info->uncompressedSize > maxBytes) {
    throw Error(describeKey(key) + ": zip entry holds " + std::to_string(info->uncompressedSize) +
                " bytes, more than the " + std::to_string(maxBytes) +
                " this object can take (corrupt store?)");
  }
  return readEntry(entry, key, info->localHeaderOffset, info->compressedSize,
                   info->uncompressedSize, info->crc32, info->method, info->encrypted);
}

bool ZipChunkSource::contains(const std::string& key) const {
  return index_->find(prefix_ + key).has_value();
}

std::vector<char> ZipChunkSource::readEntry(const std::string& entry, const std::string& key,
                                            uint64_t offset, uint64_t compressedSize,
                                            uint64_t size, uint32_t crc, uint16_t method,
                                            bool encrypted, bool useCache) const {
  const std::string where = describeKey(key);
  if (encrypted) throw Error(where + ": encrypted zip entries are not supported");
  if (method != 0 && method != 8) {
    throw Error(where + ": zip compression method " + std::to_string(method) +
                " is not supported (only stored and deflate)");
  }
  if (size > kMaxEntryBytes || compressedSize > kMaxEntryBytes) {
    throw Error(where + ": zip entry claims " + std::to_string(std::max(size, compressedSize)) +
                " bytes (corrupt archive?)");
  }
  if (method == 0 && compressedSize != size) {
    throw Error(where + ": corrupt zip entry: stored with " + std::to_string(compressedSize) +
                " bytes but " + std::to_string(size) + " bytes uncompressed");
  }

  std::vector<char> data;
  bool cached = false;
  if (cache_ && useCache) {
    if (auto hit = cache_->get(offset, compressedSize)) {
      data = std::move(*hit);
      cached = true;
    }
  }
  if (!cached) {
    // Local header, name, extra field and data in one read when the extra
    // field is short (it always is for Zarr stores), else a second read.
    std::vector<char> buf(std::size_t(kLocalSize + entry.size() + kHeaderSlack + compressedSize));
    const std::size_t got = file_->readAt(offset, buf.size(), buf.data());
    if (got < kLocalSize || le32(buf.data()) != kLocalSig) {
      throw Error(where + ": corrupt or truncated zip archive: no local file header at byte " +
                  std::to_string(offset));
    }
    const uint16_t nameLen = le16(&buf[26]), extraLen = le16(&buf[28]);
    if (nameLen != entry.size() || got < kLocalSize + nameLen ||
        std::memcmp(&buf[kLocalSize], entry.data(), nameLen) != 0) {
      throw Error(where + ": corrupt zip archive: the local header at byte " +
                  std::to_string(offset) + " is not this entry's");
    }
    const uint64_t dataStart = kLocalSize + nameLen + extraLen;
    if (offset + dataStart + compressedSize > file_->size()) {
      throw Error(where + ": truncated zip archive: entry data (" + std::to_string(compressedSize) +
                  " bytes at byte " + std::to_string(offset + dataStart) + ") runs past the end (" +
                  std::to_string(file_->size()) + " bytes)");
    }
    if (dataStart + compressedSize <= got) {
      data.assign(buf.begin() + std::ptrdiff_t(dataStart),
                  buf.begin() + std::ptrdiff_t(dataStart + compressedSize));
    } else {
      data.resize(std::size_t(compressedSize));
      if (file_->readAt(offset + dataStart, data.size(), data.data()) != data.size()) {
        throw Error(where + ": truncated zip archive: short read of entry data at byte " +
                    std::to_string(offset + dataStart));
      }
    }
  }

  std::vector<char> out;
  if (method == 0) {
    out = std::move(data);
  } else {
    out.resize(std::size_t(size));
    if (const std::string problem = inflateRaw(data.data(), data.size(), &out); !problem.empty()) {
      if (cached) {  // a damaged cache file: forget it and fetch again
        cache_->drop(offset);
        return readEntry(entry, key, offset, compressedSize, size, crc, method, encrypted, false);
      }
      throw Error(where + ": corrupt zip entry: " + problem);
    }
  }
  if (crcOf(out) != crc) {
    if (cached) {
      cache_->drop(offset);
      return readEntry(entry, key, offset, compressedSize, size, crc, method, encrypted, false);
    }
    throw Error(where + ": corrupt zip entry: CRC-32 mismatch (the data does not match the "
                "central directory)");
  }
  if (cache_ && !cached) cache_->put(offset, method == 0 ? out : data);
  return out;
}

}  // namespace gpnmsa::store
