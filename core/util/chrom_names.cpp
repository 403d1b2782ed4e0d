// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/chrom_names.h"

#include "gpnmsa/text.h"

namespace gpnmsa {

std::string stripChrPrefix(std::string_view chrom) {
  if (chrom.size() > 3 && startsWithIgnoreCase(chrom, "chr")) chrom.remove_prefix(3);
  return std::string(chrom);
}

ChromResolver::ChromResolver(std::vector<std::string> names) : names_(std::move(names)) {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const std::string bare = stripChrPrefix(names_[i]);
    exact_.emplace(names_[i], i);
    bare_.emplace(bare, i);
    folded_.emplace(toLowerAscii(bare), i);
  }
}

std::optional<std::size_t> ChromResolver::find(std::string_view chrom) const {
  if (const auto it = exact_.find(std::string(chrom)); it != exact_.end()) return it->second;
  const std::string bare = stripChrPrefix(chrom);
  if (const auto it = bare_.find(bare); it != bare_.end()) return it->second;
  if (const auto it = folded_.find(toLowerAscii(bare)); it != folded_.end()) return it->second;
  return std::nullopt;
}

std::optional<std::string> ChromResolver::resolve(std::string_view chrom) const {
  const auto i = find(chrom);
  if (!i) return std::nullopt;
  return names_[*i];
}

}  // namespace gpnmsa
