// SPDX-License-Identifier: GPL-3.0-or-later
// For the targets whose readers need bgzip + tabix (score files, ClinVar,
// indexed gene annotation): the input is compressed and indexed the way
// `bgzip` and `tabix` would do it. Inputs tabix refuses (unsorted, bad
// coordinates) are skipped: they are tabix's business, not the reader's.
#pragma once
#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/tbx.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "gpnmsa/variant.h"

namespace fuzz {

// Writes `text` bgzip-compressed to scratchDir()/name with its .tbi; false if
// tabix cannot index it.
inline bool writeIndexed(const std::string& name, std::string_view text, const tbx_conf_t& conf) {
  hts_set_log_level(HTS_LOG_OFF);  // tabix complaining about an unsorted input is noise here
  const std::string path = scratchDir() + "/" + name;
  BGZF* out = bgzf_open(path.c_str(), "w");
  if (!out) return false;
  const bool written = text.empty() || bgzf_write(out, text.data(), text.size()) == ssize_t(text.size());
  if (bgzf_close(out) != 0 || !written) return false;
  return tbx_index_build(path.c_str(), 0, &conf) == 0;
}

// Up to `max` variants read loosely from tab-separated lines "chrom pos x ref
// alt" (VCF) or "chrom pos ref alt" (score file): what a lookup should find.
inline std::vector<gpnmsa::Variant> variantsFrom(std::string_view text, bool vcf, std::size_t max) {
  std::vector<gpnmsa::Variant> out;
  while (!text.empty() && out.size() < max) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> f;
    while (f.size() < 5) {
      const std::size_t tab = line.find('\t');
      f.push_back(line.substr(0, tab));
      if (tab == std::string_view::npos) break;
      line = line.substr(tab + 1);
    }
    if (f.size() < (vcf ? 5u : 4u)) continue;
    gpnmsa::Variant v;
    v.chrom = std::string(f[0]);
    v.pos = std::strtoll(std::string(f[1]).c_str(), nullptr, 10);
    v.ref = std::string(f[vcf ? 3 : 2]);
    v.alt = std::string(f[vcf ? 4 : 3]);
    v.record = int64_t(out.size());
    out.push_back(v);
    gpnmsa::Variant chr = out.back();  // the other spelling of the chromosome
    chr.chrom = "chr" + chr.chrom;
    out.push_back(chr);
  }
  return out;
}

}  // namespace fuzz
