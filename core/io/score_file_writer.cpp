// SPDX-License-Identifier: GPL-3.0-or-later
// Writing scores in the published scores.tsv.bgz layout, with a tabix index.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <map>

#include "gpnmsa/atomic_file.h"
#include "gpnmsa/chrom_names.h"
#include "gpnmsa/error.h"
#include "gpnmsa/precomputed_scores.h"
#include "hts_handles.h"
#include "hts_log_capture.h"

namespace gpnmsa {

int64_t writeScoreFile(const std::string& path, const std::vector<ScoredVariant>& rows,
                       int decimals) {
  // Sort: chromosomes in order of first appearance, then position (tabix needs it).
  std::map<std::string, size_t> chromOrder;
  std::vector<const ScoredVariant*> kept;
  for (const auto& r : rows) {
    if (!isScored(r.status)) continue;
    chromOrder.emplace(stripChrPrefix(r.variant.chrom), chromOrder.size());
    kept.push_back(&r);
  }
  std::stable_sort(kept.begin(), kept.end(), [&](const ScoredVariant* a, const ScoredVariant* b) {
    const size_t ca = chromOrder[stripChrPrefix(a->variant.chrom)];
    const size_t cb = chromOrder[stripChrPrefix(b->variant.chrom)];
    return ca != cb ? ca < cb : a->variant.pos < b->variant.pos;
  });

  AtomicFile out(path);
  AtomicFile index(path + ".tbi");
  hts::LogCapture log;
  errno = 0;
  hts::BgzfPtr fp(bgzf_open(out.tempPath().c_str(), "w"));
  if (!fp) throw Error("cannot write " + path + ": " + log.reason());
  char buf[512];
  bool ok = true;
  for (const ScoredVariant* r : kept) {
    const int n = std::snprintf(buf, sizeof buf, "%s\t%lld\t%s\t%s\t%.*f\n",
                                stripChrPrefix(r->variant.chrom).c_str(), (long long)r->variant.pos,
                                r->variant.ref.c_str(), r->variant.alt.c_str(), decimals, r->score);
    if (n <= 0 || n >= int(sizeof buf) || bgzf_write(fp.get(), buf, size_t(n)) != n) ok = false;
  }
  if (hts::closeBgzf(fp) != 0 || !ok) throw Error(log.withMessages("writing " + path + " failed (disk full?)"));
  tbx_conf_t conf = tbx_conf_vcf;  // seq col 1, pos col 2; the end is pos too
  conf.preset = TBX_GENERIC;
  conf.sc = 1;
  conf.bc = 2;
  conf.ec = 2;
  conf.meta_char = '#';
  conf.line_skip = 0;
  if (tbx_index_build3(out.tempPath().c_str(), index.tempPath().c_str(), 0, 0, &conf) != 0)
    throw Error(log.withMessages("cannot build the tabix index for " + path));
  out.commit();
  index.commit();
  return static_cast<int64_t>(kept.size());
}

}  // namespace gpnmsa
