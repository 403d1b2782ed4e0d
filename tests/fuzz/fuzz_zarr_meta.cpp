// SPDX-License-Identifier: GPL-3.0-or-later
// `.zarray` / `.zgroup` metadata of an alignment store (the first byte picks
// which): parsed or refused with gpnmsa::Error, never anything else.
#include <cstdlib>

#include "fuzz_support.h"
#include "gpnmsa/error.h"
#include "zarr_array_meta.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view text = fuzz::asText(data + 1, size - 1);
  try {
    if (data[0] & 1) {
      gpnmsa::store::validateZarrGroup(text, "fuzz/.zgroup");
    } else {
      const auto meta = gpnmsa::store::parseZarrArrayMeta("X", text, "fuzz/X/.zarray");
      // What the store then relies on.
      if (meta.rows < 0 || meta.columns < 0 || meta.chunkRows < 1) std::abort();
      for (int64_t i : {int64_t(0), meta.chunkCount() - 1}) (void)meta.chunkKey(i);
    }
  } catch (const gpnmsa::Error&) {
  }
  return 0;
}
