// SPDX-License-Identifier: GPL-3.0-or-later
// Where gpnmsa keeps files it can always rebuild (zip indexes, chunks fetched
// over http): $XDG_CACHE_HOME/gpnmsa, else ~/.cache/gpnmsa. Internal to core/.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace gpnmsa::store {

// The cache root (not created here). `override` wins when not empty. Throws
// gpnmsa::Error if neither XDG_CACHE_HOME nor HOME is set.
std::string userCacheDir(const std::string& override = {});

// A stable 64-bit FNV-1a hash as 16 hex digits: names cache files after a
// path or URL (std::hash is not stable across builds).
std::string hashName(std::string_view text);

}  // namespace gpnmsa::store
