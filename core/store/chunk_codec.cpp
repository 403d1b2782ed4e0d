// SPDX-License-Identifier: GPL-3.0-or-later
#include "chunk_codec.h"

#include <blosc.h>

#include "gpnmsa/error.h"

namespace gpnmsa::store {

std::vector<char> decodeChunk(const std::vector<char>& stored, bool blosc,
                              std::size_t expectedBytes, const std::string& where) {
  const std::string expected = std::to_string(expectedBytes) + " bytes";
  if (!blosc) {
    // Zarr always writes full chunks, so an uncompressed one has a fixed size.
    if (stored.size() != expectedBytes) {
      throw Error(where + " is corrupt: " + std::to_string(stored.size()) +
                  " bytes stored, expected " + expected);
    }
    return stored;
  }

  // Validate the header against the buffer length before anything trusts it:
  // a truncated or garbage chunk must become an error, not an overread.
  std::size_t nbytes = 0;
  if (stored.size() < BLOSC_MIN_HEADER_LENGTH ||
      blosc_cbuffer_validate(stored.data(), stored.size(), &nbytes) != 0) {
    throw Error(where + " is corrupt: not a valid Blosc frame (" +
                std::to_string(stored.size()) + " bytes stored)");
  }
  std::size_t cbytes = 0, blocksize = 0;
  blosc_cbuffer_sizes(stored.data(), &nbytes, &cbytes, &blocksize);
  if (nbytes != expectedBytes) {
    throw Error(where + " is corrupt: decompresses to " + std::to_string(nbytes) +
                " bytes, expected " + expected);
  }
  std::vector<char> cells(expectedBytes);
  if (expectedBytes == 0) return cells;
  // The _ctx variant uses no global state or lock, so fetches on several
  // threads decode in parallel; one internal thread each is enough for
  // chunks of a few kilobytes.
  const int n = blosc_decompress_ctx(stored.data(), cells.data(), cells.size(), 1);
  if (n < 0 || std::size_t(n) != expectedBytes) {
    throw Error(where + " is corrupt: Blosc decompression failed (code " + std::to_string(n) + ")");
  }
  return cells;
}

}  // namespace gpnmsa::store
