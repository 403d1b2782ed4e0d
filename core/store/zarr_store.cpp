// SPDX-License-Identifier: GPL-3.0-or-later
// AlignmentStore over the authors' Zarr v2 layout. The pieces: a ChunkSource
// (directory or zip) supplies raw objects, ZarrArrayMeta says how to read an
// array, decodeChunk turns stored bytes into cells, ChunkCache keeps recently
// decoded chunks. This file wires them together and owns the user-facing
// checks (which path is a store, chromosome names, row ranges).
#include <blosc.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "chunk_cache.h"
#include "chunk_codec.h"
#include "chunk_source.h"
#include "gpnmsa/alignment_store.h"
#include "gpnmsa/chrom_names.h"
#include "gpnmsa/error.h"
#include "random_access_file.h"
#include "zarr_array_meta.h"

namespace fs = std::filesystem;

namespace gpnmsa {
namespace {

using store::ChunkSource;
using store::ZarrArrayMeta;

// `.zgroup` and `.zarray` are a few hundred bytes of JSON; 1 MiB is far
// beyond any real one and keeps a hostile file from being read whole.
constexpr uint64_t kMaxMetadataBytes = uint64_t(1) << 20;

bool looksLikeZip(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  // Local file header, or the end record of an empty archive.
  return in.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K' &&
         ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
}

std::unique_ptr<ChunkSource> openSource(const std::string& path, const StoreOptions& options) {
  store::ZipSourceOptions zo;
  zo.cacheDir = options.cacheDir;
  zo.remoteCacheBytes = options.remoteCacheBytes;
  zo.sidecarMinEntries = options.zipIndexMinEntries;
  zo.sidecarBesideZip = options.zipIndexBesideZip;
  // A web server cannot list a directory tree, so a URL must name a zip.
  if (store::isUrl(path)) return std::make_unique<store::ZipChunkSource>(path, zo);
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    throw Error("not a Zarr store: " + path + " (no such file or directory)");
  }
  if (fs::is_directory(st)) {
    if (!fs::is_regular_file(fs::path(path) / ".zgroup", ec)) {
      throw Error("not a Zarr store: " + path + " (no .zgroup)");
    }
    return std::make_unique<store::DirectoryChunkSource>(path);
  }
  if (fs::is_regular_file(st) && looksLikeZip(path)) {
    return std::make_unique<store::ZipChunkSource>(path, zo);
  }
  throw Error("not a Zarr store: " + path + " (no .zgroup; not a directory or a zip archive)");
}

// "1" < "2" < "10" < "X" < "Y": numbers by value, then names alphabetically.
bool chromosomeOrder(const std::string& a, const std::string& b) {
  auto number = [](const std::string& s) -> long {
    if (s.empty() || s.size() > 9) return -1;
    for (char c : s) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
    }
    return std::stol(s);
  };
  const long na = number(a), nb = number(b);
  if ((na >= 0) != (nb >= 0)) return na >= 0;
  if (na >= 0 && na != nb) return na < nb;
  return a < b;
}

class ZarrStore final : public AlignmentStore {
 public:
  ZarrStore(std::string path, std::unique_ptr<ChunkSource> source, const StoreOptions& options)
      : path_(std::move(path)), source_(std::move(source)), cache_(options.cacheBytes) {
    const auto group = source_->read(".zgroup", kMaxMetadataBytes);
    if (!group) throw Error("not a Zarr store: " + path_ + " (no .zgroup)");
    store::validateZarrGroup(std::string_view(group->data(), group->size()),
                             source_->describeKey(".zgroup"));

    std::vector<std::string> names = source_->listArrays();
    if (names.empty()) throw Error(path_ + ": the Zarr group holds no arrays (no chromosomes)");
    std::sort(names.begin(), names.end(), chromosomeOrder);
    for (const std::string& name : names) {
      const std::string key = name + "/.zarray";
      const auto text = source_->read(key, kMaxMetadataBytes);
      if (!text) throw Error(source_->describeKey(key) + ": cannot be read");
      arrays_.push_back(store::parseZarrArrayMeta(
          name, std::string_view(text->data(), text->size()), source_->describeKey(key)));
      infos_.push_back(ChromosomeInfo{name, arrays_.back().rows, arrays_.back().chunkRows});
    }
    names_ = ChromResolver(names);
    // A window mixes rows of one chromosome only, but the model needs the
    // same species columns everywhere; a mismatch means a broken store.
    for (const ZarrArrayMeta& meta : arrays_) {
      if (meta.columns != arrays_.front().columns) {
        throw Error(path_ + ": arrays have different column counts: '" + arrays_.front().name +
                    "' has " + std::to_string(arrays_.front().columns) + ", '" + meta.name +
                    "' has " + std::to_string(meta.columns) +
                    " (every chromosome must have the same species columns)");
      }
    }
  }

  const std::string& path() const override { return path_; }
  int columns() const override { return int(arrays_.front().columns); }
  const std::vector<ChromosomeInfo>& chromosomes() const override { return infos_; }

  std::optional<std::string> resolve(std::string_view chrom) const override {
    const int i = find(chrom);
    if (i < 0) return std::nullopt;
    return arrays_[std::size_t(i)].name;
  }

  int64_t length(const std::string& chrom) const override {
    return arrays_[std::size_t(require(chrom))].rows;
  }

  std::vector<char> fetch(std::string_view chrom, int64_t start, int64_t end) const override {
    const int a = require(chrom);
    const ZarrArrayMeta& meta = arrays_[std::size_t(a)];
    if (start < 0 || end < start || end > meta.rows) {
      throw Error(path_ + ": rows [" + std::to_string(start) + ", " + std::to_string(end) +
                  ") are out of range for chromosome '" + meta.name + "' (length " +
                  std::to_string(meta.rows) + ")");
    }
    const std::size_t cols = std::size_t(meta.columns);
    std::vector<char> out(std::size_t(end - start) * cols);
    for (int64_t row = start; row < end;) {
      const int64_t index = row / meta.chunkRows;
      const int64_t chunkStart = index * meta.chunkRows;
      const int64_t stop = std::min(end, chunkStart + meta.chunkRows);
      const store::Chunk chunk = chunkAt(a, index);
      std::memcpy(out.data() + std::size_t(row - start) * cols,
                  chunk->data() + std::size_t(row - chunkStart) * cols,
                  std::size_t(stop - row) * cols);
      row = stop;
    }
    return out;
  }

  bool isAligned(std::string_view chrom, int64_t row) const override {
    const int a = require(chrom);
    const ZarrArrayMeta& meta = arrays_[std::size_t(a)];
    if (row < 0 || row >= meta.rows) {
      throw Error(path_ + ": row " + std::to_string(row) + " is out of range for chromosome '" +
                  meta.name + "' (length " + std::to_string(meta.rows) + ")");
    }
    // Not the chunk cache: it also holds the fill-value stand-ins of absent chunks.
    return source_->contains(meta.chunkKey(row / meta.chunkRows));
  }

  std::size_t cachedBytes() const override { return cache_.bytes(); }

 private:
  // Index of the array for a stored or user name, -1 if none (the project's
  // one naming rule, ChromResolver).
  int find(std::string_view chrom) const {
    const auto i = names_.find(chrom);
    return i ? int(*i) : -1;
  }

  int require(std::string_view chrom) const {
    const int i = find(chrom);
    if (i >= 0) return i;
    std::string stored;
    for (const ZarrArrayMeta& meta : arrays_) stored += (stored.empty() ? "" : ", ") + meta.name;
    throw Error(path_ + ": unknown chromosome '" + std::string(chrom) + "' (the store has " +
                stored + ")");
  }

  store::Chunk chunkAt(int a, int64_t index) const {
    if (store::Chunk hit = cache_.get(a, index)) return hit;
    const ZarrArrayMeta& meta = arrays_[std::size_t(a)];
    const std::string key = meta.chunkKey(index);
    // The largest a chunk can be stored: its cells plus Blosc's header, or
    // exactly its cells when uncompressed. Anything bigger is refused before
    // it is read (decodeChunk then checks the exact size).
    const uint64_t maxStored = meta.chunkBytes() + (meta.blosc ? BLOSC_MAX_OVERHEAD : 0);
    const auto stored = source_->read(key, maxStored);
    // Zarr writes no file for a chunk that is entirely fill value.
    auto chunk = std::make_shared<const std::vector<char>>(
        stored ? store::decodeChunk(*stored, meta.blosc, meta.chunkBytes(),
                                    path_ + ": chunk '" + key + "'")
               : std::vector<char>(meta.chunkBytes(), meta.fillValue));
    cache_.put(a, index, chunk);
    return chunk;
  }

  std::string path_;
  std::unique_ptr<ChunkSource> source_;
  std::vector<ZarrArrayMeta> arrays_;
  std::vector<ChromosomeInfo> infos_;
  ChromResolver names_;  // same order as arrays_
  mutable store::ChunkCache cache_;
};

}  // namespace

namespace {

// The stored name and rows per chunk of `chrom`, after checking [start, end).
std::pair<std::string, int64_t> checkedRange(const AlignmentStore& store, std::string_view chrom,
                                             int64_t start, int64_t end) {
  const auto stored = store.resolve(chrom);
  if (!stored) throw Error(store.path() + ": unknown chromosome '" + std::string(chrom) + "'");
  int64_t chunkRows = 0;
  for (const ChromosomeInfo& c : store.chromosomes())
    if (c.name == *stored) chunkRows = c.chunkRows;
  if (chunkRows <= 0) chunkRows = 512;
  const int64_t length = store.length(*stored);
  if (start < 0 || end < start || end > length) {
    throw Error(store.path() + ": rows [" + std::to_string(start) + ", " + std::to_string(end) +
                ") are out of range for chromosome '" + *stored + "' (length " +
                std::to_string(length) + ")");
  }
  return {*stored, chunkRows};
}

}  // namespace

bool AlignmentStore::anyAligned(std::string_view chrom, int64_t start, int64_t end) const {
  const auto [stored, chunkRows] = checkedRange(*this, chrom, start, end);
  for (int64_t row = start; row < end; row = (row / chunkRows + 1) * chunkRows)
    if (isAligned(stored, row)) return true;
  return false;
}

std::optional<int64_t> AlignmentStore::firstUnaligned(std::string_view chrom, int64_t start,
                                                      int64_t end) const {
  const auto [name, chunkRows] = checkedRange(*this, chrom, start, end);
  const std::string& stored = name;
  const int cols = columns();
  for (int64_t row = start; row < end;) {
    const int64_t stop = std::min(end, (row / chunkRows + 1) * chunkRows);
    if (!isAligned(stored, row)) return row;
    const std::vector<char> rows = fetch(stored, row, stop);
    for (int64_t r = row; r < stop; ++r)
      if (rows[std::size_t(r - row) * std::size_t(cols)] == '\0') return r;
    row = stop;
  }
  return std::nullopt;
}

std::unique_ptr<AlignmentStore> AlignmentStore::open(const std::string& path,
                                                     const StoreOptions& options) {
  if (!store::isUrl(path)) {
    const std::vector<std::string> parts = splitStoreParts(path);
    if (!parts.empty()) {
      auto joined = openColumns(parts, options, path);
      // n names the store's column count: a renamed or swapped folder
      // would put the species in another order, silently.
      for (const std::string& part : parts) {
        const std::string n = fs::path(part).parent_path().filename().string();
        const auto one = open(part, options);
        if (std::to_string(one->columns()) != n)
          throw Error(part + " has " + std::to_string(one->columns()) + " columns but its folder is named " + n +
                      " (in the <n>/all.zarr layout n is the store's column count)");
      }
      return joined;
    }
  }
  auto source = openSource(path, options);
  return std::make_unique<ZarrStore>(path, std::move(source), options);
}

}  // namespace gpnmsa
