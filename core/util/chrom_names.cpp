// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/chrom_names.h"

#include <cctype>

namespace gpnmsa {

std::string stripChrPrefix(std::string_view chrom) {
  if (chrom.size() > 3 && std::tolower(static_cast<unsigned char>(chrom[0])) == 'c' &&
      std::tolower(static_cast<unsigned char>(chrom[1])) == 'h' &&
      std::tolower(static_cast<unsigned char>(chrom[2])) == 'r') {
    chrom.remove_prefix(3);
  }
  return std::string(chrom);
}

}  // namespace gpnmsa
