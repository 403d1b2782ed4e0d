// SPDX-License-Identifier: GPL-3.0-or-later
// decodeChunk: one stored chunk (Blosc frame or raw cells) into its cells.
// Input: 4 bytes little-endian expected size (capped at 4 MiB, more than any
// real chunk), 1 byte flags (bit 0: Blosc), then the stored bytes.
#include <cstdlib>
#include <vector>

#include "chunk_codec.h"
#include "fuzz_support.h"
#include "gpnmsa/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 5) return 0;
  const std::size_t expected =
      (std::size_t(data[0]) | std::size_t(data[1]) << 8 | std::size_t(data[2]) << 16 |
       std::size_t(data[3]) << 24) % (std::size_t(4) << 20);
  const bool blosc = data[4] & 1;
  const std::vector<char> stored(data + 5, data + size);
  try {
    const std::vector<char> cells = gpnmsa::store::decodeChunk(stored, blosc, expected, "fuzz: chunk 'X/0.0'");
    if (cells.size() != expected) std::abort();  // the contract: exactly the expected bytes
  } catch (const gpnmsa::Error&) {
  }
  return 0;
}
