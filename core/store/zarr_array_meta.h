// SPDX-License-Identifier: GPL-3.0-or-later
// The `.zarray` metadata of one chromosome array, parsed and validated
// against the only layout this program reads (see the "Alignment store"
// section of the spec): 2-D `|S1`, C order, one chunk across all columns,
// Blosc or no compressor, no filters. Anything else is rejected up front with
// a message naming the file and the field, instead of producing garbage later.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace gpnmsa::store {

struct ZarrArrayMeta {
  std::string name;        // array name inside the group ("1", "X")
  int64_t rows = 0;        // shape[0]
  int64_t columns = 0;     // shape[1] (1 + species)
  int64_t chunkRows = 0;   // chunks[0]; chunks[1] == columns
  bool blosc = false;      // compressor: Blosc, or none (raw bytes)
  char fillValue = 0;      // byte used for rows of absent chunks
  char separator = '.';    // dimension_separator: "<r>.0" or "<r>/0"

  int64_t chunkCount() const { return chunkRows ? (rows + chunkRows - 1) / chunkRows : 0; }
  // Bytes of one decoded chunk (zarr stores the last chunk padded to full size).
  std::size_t chunkBytes() const { return std::size_t(chunkRows) * std::size_t(columns); }
  // The store key of row-chunk `index`, e.g. "1/3.0".
  std::string chunkKey(int64_t index) const;
};

// Parses `.zarray` text of array `name`; `where` names the file in messages
// ("msa.zarr/1/.zarray: dtype '<f4' is not supported (expected |S1)").
// Throws gpnmsa::Error on anything invalid or unsupported.
ZarrArrayMeta parseZarrArrayMeta(const std::string& name, std::string_view text,
                                 const std::string& where);

// Checks the group's `.zgroup` text (zarr_format 2). Throws gpnmsa::Error.
void validateZarrGroup(std::string_view text, const std::string& where);

}  // namespace gpnmsa::store
