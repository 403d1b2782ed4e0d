// SPDX-License-Identifier: GPL-3.0-or-later
// Where the bytes of a Zarr v2 store come from. The store logic (metadata,
// chunk decoding, caching) only ever asks for "the object under key K", so a
// directory, a zip read in place and, later, an HTTP server or a zip with a
// sidecar index all plug in behind the same small interface.
//
// Keys are Zarr keys relative to the group root, '/'-separated, e.g.
// ".zgroup", "1/.zarray", "1/3.0". Internal to core/ (not installed).
#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace gpnmsa::store {

class ChunkSource {
 public:
  virtual ~ChunkSource() = default;

  // The whole object stored under `key`; nullopt if there is none (Zarr
  // treats an absent chunk as "all fill value", so absence is not an error).
  // Throws gpnmsa::Error when the object exists but cannot be read.
  // Must be safe to call from several threads at once.
  virtual std::optional<std::vector<char>> read(const std::string& key) const = 0;

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
  std::optional<std::vector<char>> read(const std::string& key) const override;
  std::vector<std::string> listArrays() const override;
  std::string describe() const override { return root_; }
  std::string describeKey(const std::string& key) const override;

 private:
  std::string root_;
};

// The same tree inside a .zip archive, read in place (never extracted). The
// tree may sit at the archive root or under a folder ("msa.zarr/1/0.0"); the
// folder is found from where `.zgroup` is. Throws gpnmsa::Error if the file
// is not a readable zip or holds no `.zgroup`.
class ZipChunkSource final : public ChunkSource {
 public:
  explicit ZipChunkSource(std::string zipPath);
  ~ZipChunkSource() override;
  std::optional<std::vector<char>> read(const std::string& key) const override;
  std::vector<std::string> listArrays() const override;
  std::string describe() const override { return zipPath_; }
  std::string describeKey(const std::string& key) const override;

  // The folder prefix of the tree inside the archive ("" or "msa.zarr/").
  const std::string& prefix() const { return prefix_; }

 private:
  struct Archive;  // owns the libzip handle
  std::string zipPath_;
  std::string prefix_;
  std::unique_ptr<Archive> archive_;
  // libzip's zip_t is not thread-safe: every access goes through this lock.
  mutable std::mutex mutex_;
};

}  // namespace gpnmsa::store
