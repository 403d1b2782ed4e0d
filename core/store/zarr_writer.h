// SPDX-License-Identifier: GPL-3.0-or-later
// Writes the authors' alignment-store layout (Zarr v2 group, one |S1 array per
// chromosome, chunks of 512 rows x all columns, Blosc lz4 clevel 5 byte
// shuffle), chunk by chunk, into a temporary directory that commit() renames
// into place. Nothing is left behind if the writer is destroyed uncommitted.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace gpnmsa::store {

class ZarrStoreWriter {
 public:
  // Creates a temporary sibling directory of `finalPath`. Throws gpnmsa::Error.
  explicit ZarrStoreWriter(std::string finalPath);
  ~ZarrStoreWriter();
  ZarrStoreWriter(const ZarrStoreWriter&) = delete;
  ZarrStoreWriter& operator=(const ZarrStoreWriter&) = delete;

  // Starts array `name` of shape (rows, columns). Chunks then follow in order.
  void beginArray(const std::string& name, int64_t rows, int columns, int64_t chunkRows = 512);
  // Writes the next chunk: `rowCount` rows (chunkRows, or fewer for the last
  // chunk) of `columns` bytes each, row-major. The stored chunk is padded to
  // full size with the fill byte 0.
  void writeChunk(const char* cells, int64_t rowCount);
  void endArray();

  // Renames the temporary directory to the final path (replacing an existing
  // store there). Throws gpnmsa::Error.
  void commit();

  const std::string& tempPath() const { return tempPath_; }

 private:
  void writeFile(const std::string& path, const char* data, std::size_t size);

  std::string finalPath_;
  std::string tempPath_;
  bool committed_ = false;
  std::string array_;
  int64_t rows_ = 0, chunkRows_ = 0, nextChunk_ = 0, rowsWritten_ = 0;
  int columns_ = 0;
};

}  // namespace gpnmsa::store
