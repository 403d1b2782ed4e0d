// SPDX-License-Identifier: GPL-3.0-or-later
#include "cache_dir.h"

#include <cstdio>
#include <cstdlib>

#include "gpnmsa/error.h"

namespace gpnmsa::store {

std::string userCacheDir(const std::string& override) {
  if (!override.empty()) return override;
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  // The XDG spec says a relative value is invalid and must be ignored.
  if (xdg && xdg[0] == '/') return std::string(xdg) + "/gpnmsa";
  const char* home = std::getenv("HOME");
  if (home && home[0]) return std::string(home) + "/.cache/gpnmsa";
  throw Error("no cache directory: neither XDG_CACHE_HOME nor HOME is set");
}

std::string hashName(std::string_view text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

}  // namespace gpnmsa::store
