// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>
#include <string_view>

namespace gpnmsa {

// Users write `chr1`, `Chr1` or `1`; the released store and score file use `1`.
// Strips a leading "chr" (any case). "chrM" becomes "M".
std::string stripChrPrefix(std::string_view chrom);

}  // namespace gpnmsa
