// SPDX-License-Identifier: GPL-3.0-or-later
// Where the bytes of a Zarr v2 store come from. The store logic (metadata,
// chunk decoding, caching) only ever asks for "the object under key K", so a
// directory and a zip read in place (on disk or on a web server) plug in
// behind the same small interface.
//
// Keys are Zarr keys relative to the group root, '/'-separated, e.g.
// ".zgroup", "1/.zarray", "1/3.0". Internal to core/ (not installed).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gpnmsa::store {

class ChunkSource {
 public:
  virtual ~ChunkSource() = default;

  // The whole object stored under `key`; nullopt if there is none (Zarr
  // treats an absent chunk as "all fill value", so absence is not an error).
  // Throws gpnmsa::Error when the object exists but cannot be read, is not a
  // regular file, or holds more than `maxBytes` (what the format allows for
  // it: a chunk's largest encoding, a metadata file's cap), so a hostile
  // store cannot make a read allocate without bound.
  // Must be safe to call from several threads at once.
  virtual std::optional<std::vector<char>> read(const std::string& key,
                                                uint64_t maxBytes) const = 0;

  // Whether an object is stored under `key`, without reading it (an index
  // lookup or a stat). Must be safe to call from several threads at once.
  virtual bool contains(const std::string& key) const = 0;

  // Names of the arrays directly under the root (children holding a
  // `.zarray`), in no particular order.
  virtual std::vector<std::string> listArrays() const = 0;

  // The store as the user named it, for error messages.
  virtual std::string describe() const = 0;

  // Where `key` lives, for error messages ("/data/msa.zarr/1/.zarray",
  // "/data/msa.zarr.zip:msa.zarr/1/.zarray").
  virtual std::string describeKey(const std::string& key) const = 0;
};

// A plain directory tree: key K is the file <root>/K.
class DirectoryChunkSource final : public ChunkSource {
 public:
  explicit DirectoryChunkSource(std::string root);
  std::optional<std::vector<char>> read(const std::string& key, uint64_t maxBytes) const override;
  bool contains(const std::string& key) const override;
  std::vector<std::string> listArrays() const override;
  std::string describe() const override { return root_; }
  std::string describeKey(const std::string& key) const override;

 private:
  std::string root_;
};

class RandomAccessFile;
class ZipIndex;
class EntryCache;

struct ZipSourceOptions {
  std::string cacheDir;                         // "" = userCacheDir()
  uint64_t sidecarMinEntries = 10000;           // see ZipIndexOptions
  bool sidecarBesideZip = true;                 // see ZipIndexOptions
  uint64_t remoteCacheBytes = uint64_t(1) << 30;  // on-disk entry cache for URLs
};

// The same tree inside a .zip archive, read in place (never extracted), from
// a local file or an http(s) URL. The tree may sit at the archive root or
// under a folder ("msa.zarr/1/0.0"); the folder is found from where `.zgroup`
// is. Entries are located through a ZipIndex (sidecar-backed for big zips)
// and read with one positioned read each (local header + data); stored and
// deflated entries are accepted and their CRC-32 is checked. Throws
// gpnmsa::Error if the file is not a readable zip or holds no `.zgroup`.
class ZipChunkSource final : public ChunkSource {
 public:
  explicit ZipChunkSource(std::string zipPath, const ZipSourceOptions& options = {});
  ~ZipChunkSource() override;
  std::optional<std::vector<char>> read(const std::string& key, uint64_t maxBytes) const override;
  bool contains(const std::string& key) const override;
  std::vector<std::string> listArrays() const override { return arrays_; }
  std::string describe() const override { return zipPath_; }
  std::string describeKey(const std::string& key) const override;

  // The folder prefix of the tree inside the archive ("" or "msa.zarr/").
  const std::string& prefix() const { return prefix_; }
  const ZipIndex& index() const { return *index_; }
  // The on-disk cache of fetched entries (URLs only), else nullptr.
  const EntryCache* entryCache() const { return cache_.get(); }

 private:
  std::vector<char> readEntry(const std::string& entry, const std::string& key,
                              uint64_t offset, uint64_t compressedSize, uint64_t size,
                              uint32_t crc, uint16_t method, bool encrypted,
                              bool useCache = true) const;

  std::string zipPath_;
  std::string prefix_;
  std::vector<std::string> arrays_;
  std::unique_ptr<RandomAccessFile> file_;
  std::unique_ptr<ZipIndex> index_;
  std::unique_ptr<EntryCache> cache_;
};

}  // namespace gpnmsa::store
