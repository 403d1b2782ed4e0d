// SPDX-License-Identifier: GPL-3.0-or-later
// ASCII string helpers. File formats here (VCF, MAF, FASTA, Zarr keys, URLs)
// are ASCII; std::tolower/std::toupper on a plain `char` is undefined for
// negative values and depends on the locale, so every case change goes
// through these.
#pragma once
#include <string>
#include <string_view>

namespace gpnmsa {

constexpr char toLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
constexpr char toUpperAscii(char c) { return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c; }

std::string toLowerAscii(std::string_view s);
std::string toUpperAscii(std::string_view s);
bool equalsIgnoreCase(std::string_view a, std::string_view b);
bool startsWithIgnoreCase(std::string_view s, std::string_view prefix);

}  // namespace gpnmsa
