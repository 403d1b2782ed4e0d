// SPDX-License-Identifier: GPL-3.0-or-later
// Turns the stored bytes of one chunk into its decoded cells.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace gpnmsa::store {

// Decodes `stored` (a Blosc frame if `blosc`, else raw cells) into exactly
// `expectedBytes` bytes. `where` names the chunk and store in messages
// ("/data/msa.zarr: chunk '1/3.0' ..."). Throws gpnmsa::Error on a corrupt,
// truncated or wrong-sized chunk; never reads or writes out of bounds.
// Thread-safe (no global Blosc state is used).
std::vector<char> decodeChunk(const std::vector<char>& stored, bool blosc,
                              std::size_t expectedBytes, const std::string& where);

}  // namespace gpnmsa::store
