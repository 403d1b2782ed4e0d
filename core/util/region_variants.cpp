// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/region_variants.h"

#include "gpnmsa/error.h"
#include "gpnmsa/text.h"
#include "gpnmsa/tokens.h"

namespace gpnmsa {

std::vector<Variant> regionSnvs(const AlignmentStore& store, const std::string& chrom,
                                int64_t start, int64_t end, int altsPerSite) {
  const auto stored = store.resolve(chrom);
  if (!stored) throw Error("chromosome '" + chrom + "' is not in the alignment store " + store.path());
  const int64_t length = store.length(*stored);
  if (start < 1 || end > length || end < start)
    throw Error(chrom + ":" + std::to_string(start) + "-" + std::to_string(end) +
                " is outside chromosome " + *stored + " (1-" + std::to_string(length) + ")");
  if (!store.anyAligned(*stored, start - 1, end))
    throw Error("no alignment at " + chrom + ":" + std::to_string(start) + "-" + std::to_string(end) +
                " (the store has no data there: outside the aligned region, or wrong genome build?)");
  const std::vector<char> rows = store.fetch(*stored, start - 1, end);
  const int columns = store.columns();
  std::vector<Variant> out;
  for (int64_t p = start; p <= end; ++p) {
    const char ref = toUpperAscii(rows[std::size_t((p - start) * columns)]);
    if (baseToken(ref) == kGapToken) continue;
    int added = 0;
    for (char alt : {'A', 'C', 'G', 'T'}) {
      if (alt == ref || added == altsPerSite) continue;
      Variant v;
      v.chrom = chrom;
      v.pos = p;
      v.id = ".";
      v.ref = std::string(1, ref);
      v.alt = std::string(1, alt);
      v.record = int64_t(out.size());
      out.push_back(std::move(v));
      ++added;
    }
  }
  return out;
}

}  // namespace gpnmsa
