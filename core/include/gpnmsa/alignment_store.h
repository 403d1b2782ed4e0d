// SPDX-License-Identifier: GPL-3.0-or-later
// The authors' multiple-sequence-alignment store: a Zarr v2 group with one
// 2-D `|S1` array per chromosome (rows = 0-based positions, column 0 = human
// reference, columns 1..S = species), Blosc-compressed chunks of 512 rows.
// Opened from a directory or from the same tree inside a .zip (read in place,
// from a local file or an http(s) URL).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpnmsa {

struct StoreOptions {
  // Upper bound on decompressed chunk bytes kept in memory (LRU).
  std::size_t cacheBytes = std::size_t(256) << 20;
  // Where zip indexes and chunks fetched over http are kept; "" means
  // $XDG_CACHE_HOME/gpnmsa, else ~/.cache/gpnmsa.
  std::string cacheDir;
  // Upper bound on the on-disk cache of chunks fetched over http (per store
  // URL); 0 disables it.
  uint64_t remoteCacheBytes = uint64_t(1) << 30;
  // A local zip with at least this many entries gets a sidecar index file
  // (next to it if that directory is writable, else in cacheDir) so the next
  // open skips its central directory. URLs always get one, in cacheDir.
  uint64_t zipIndexMinEntries = 10000;
  // false: never write beside the zip, only in cacheDir (the user chose where
  // files besides the outputs go: gpnmsa --cache-dir).
  bool zipIndexBesideZip = true;
};

struct ChromosomeInfo {
  std::string name;      // as stored ("1", "X")
  int64_t length = 0;    // rows
  int64_t chunkRows = 0; // rows per chunk (512 in the release)
};

// The `<n>/all.zarr` stores in folder `dir` (GPN-Star's layout), in the
// order their columns join: descending string order of n. Empty when `dir`
// is not such a folder (a Zarr directory itself, a file, a URL).
std::vector<std::string> splitStoreParts(const std::string& dir);

class AlignmentStore {
 public:
  // Opens `path` (a directory holding .zgroup, or a .zip of that tree, or the
  // http(s) URL of such a zip; the server must answer range requests).
  // Throws gpnmsa::Error naming the file and the problem.
  // Also a folder of GPN-Star's `<n>/all.zarr` stores (n = its column
  // count), joined by columns as openColumns in descending string order of
  // the folder names (M447: 243/ then 204/).
  static std::unique_ptr<AlignmentStore> open(const std::string& path,
                                              const StoreOptions& options = {});
  // Several stores read as one, their columns side by side in the order
  // given (the first holds the human column). Throws gpnmsa::Error unless
  // every store holds the same chromosomes at the same lengths. `name` is
  // path() (default: the paths joined with " + ").
  static std::unique_ptr<AlignmentStore> openColumns(const std::vector<std::string>& paths,
                                                     const StoreOptions& options = {},
                                                     const std::string& name = {});
  virtual ~AlignmentStore() = default;

  virtual const std::string& path() const = 0;
  // Total columns (1 + species count); the same for every chromosome.
  virtual int columns() const = 0;
  int speciesCount() const { return columns() - 1; }
  virtual const std::vector<ChromosomeInfo>& chromosomes() const = 0;
  // "chr1", "Chr1" and "1" all resolve to the stored name; nullopt if absent.
  virtual std::optional<std::string> resolve(std::string_view chrom) const = 0;
  // Length of a stored chromosome (stored name); throws if unknown.
  virtual int64_t length(const std::string& chrom) const = 0;

  // Rows [start, end) of chromosome `chrom` (stored or user name), row-major:
  // (end - start) * columns() bytes, exactly as stored (soft-masked human
  // column, '-' in species columns). Missing chunks read as the array's fill
  // value. Throws gpnmsa::Error on out-of-range rows or a corrupt chunk
  // (naming the chunk). Thread-safe.
  virtual std::vector<char> fetch(std::string_view chrom, int64_t start,
                                  int64_t end) const = 0;

  // Whether 0-based row `row` of `chrom` (stored or user name) lies in a
  // chunk that is present in the store. Zarr reads an absent chunk as the fill
  // value; gpnmsa reads it as "no alignment here" (the demo stores hg38 chr22
  // at its full length with only the aligned region's chunks; the released
  // store has every chunk, so every row is aligned there). Cheap: a key lookup
  // in the zip index or one stat(), no chunk is read. Throws gpnmsa::Error for
  // an unknown chromosome or a row out of range. Thread-safe.
  virtual bool isAligned(std::string_view chrom, int64_t row) const = 0;

  // The first row of [start, end) with no alignment, nullopt if every row has
  // one: a row in an absent chunk (isAligned), or a row of a present chunk
  // whose human byte (column 0) is NUL, the fill value: nothing was written
  // there (rows of the demo's edge chunks outside its aligned region). Reads
  // the present chunks of the range (they are cached for a fetch after it).
  // Throws like fetch().
  std::optional<int64_t> firstUnaligned(std::string_view chrom, int64_t start,
                                        int64_t end) const;
  // Whether any chunk overlapping rows [start, end) is present (isAligned for
  // one row of each chunk; reads nothing). Throws like fetch().
  bool anyAligned(std::string_view chrom, int64_t start, int64_t end) const;

  // Cache statistics, for tests and benchmarks.
  virtual std::size_t cachedBytes() const = 0;
};

}  // namespace gpnmsa
