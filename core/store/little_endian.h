// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: little-endian integers from raw bytes (zip headers, sidecar index).
#pragma once
#include <cstdint>

namespace gpnmsa::store {

inline uint16_t le16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return uint16_t(u[0] | (u[1] << 8));
}
inline uint32_t le32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return uint32_t(u[0]) | (uint32_t(u[1]) << 8) | (uint32_t(u[2]) << 16) | (uint32_t(u[3]) << 24);
}
inline uint64_t le64(const char* p) { return uint64_t(le32(p)) | (uint64_t(le32(p + 4)) << 32); }

}  // namespace gpnmsa::store
