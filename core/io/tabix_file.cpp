// SPDX-License-Identifier: GPL-3.0-or-later
#include "tabix_file.h"

#include <cerrno>
#include <cstdlib>

#include "gpnmsa/error.h"
#include "hts_log_capture.h"
#include "../store/network_deadline.h"

namespace gpnmsa::detail {

TabixFile::TabixFile(std::string p, std::string w, const std::string& notBgzf,
                     const std::string& indexCommand)
    : path(std::move(p)), what(std::move(w)) {
  const DataPtr fp = openData();
  hts::LogCapture log;  // htslib's lines while the index loads go to us, not to stderr
  if (hts_get_format(fp.get())->compression != bgzf)
    throw Error(path + ": not bgzip-compressed (" + notBgzf + ")");
  {
    // The index is read whole: it opens a second URL and transfers it.
    net::Deadline deadline(net::Deadline::Kind::Stall, path);
    index.reset(tbx_index_load3(path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
    if (!index) deadline.throwIfExpired();
  }
  if (!index)
    throw Error(path + ": no tabix index (" + path + ".tbi); make one with: " + indexCommand + " " + path);
  int n = 0;
  const char** seqnames = tbx_seqnames(index.get(), &n);
  for (int i = 0; i < n; ++i) chroms.emplace_back(seqnames[i]);
  std::free(seqnames);
  names = ChromResolver(chroms);
  checkIndexBelongs(fp.get(), indexCommand);
}

// An index made for another file (a .tbi copied or left beside a rebuilt
// file) points its sequences at offsets holding other rows, and htslib then
// silently finds nothing there: half the lookups would say "not in the
// file". An index lists only sequences that have records, so the first
// record of each listed sequence must be found where the index says;
// otherwise (no record, another sequence's rows, an offset past the end)
// the index is not this file's. One seek per sequence: cheap, and it also
// catches an index older than a rewritten file.
void TabixFile::checkIndexBelongs(htsFile* fp, const std::string& indexCommand) const {
  hts::LogCapture log;
  hts::KString line;
  for (std::size_t i = 0; i < chroms.size(); ++i) {
    hts::IteratorPtr it(tbx_itr_queryi(index.get(), int(i), 0, HTS_POS_MAX));
    net::Deadline deadline(net::Deadline::Kind::Stall, path);
    const int ret = it ? tbx_itr_next(fp, index.get(), it.get(), &line.s) : -2;
    if (ret < 0) {
      deadline.throwIfExpired();
      throw Error(path + ".tbi does not index " + path + " (its rows for '" + chroms[i] +
                  "' are not where the index says): rebuild it with " + indexCommand + " " + path);
    }
  }
}

void TimedClose::operator()(htsFile* fp) const noexcept {
  if (fp) net::closeWithin(path, [fp] { hts_close(fp); });
}

DataPtr TabixFile::openData() const {
  hts::LogCapture log;
  errno = 0;
  DataPtr fp(nullptr, TimedClose{path});
  {
    net::Deadline deadline(net::Deadline::Kind::Connect, path);
    fp.reset(hts_open(path.c_str(), "r"));
    if (!fp) deadline.throwIfExpired();
  }
  if (!fp) throw Error(path + ": cannot open the " + what + ": " + log.reason());
  hts_set_cache_size(fp.get(), 32 << 20);
  return fp;
}

void TabixFile::forEachLineAt(htsFile* fp, const std::string& chrom, int64_t pos,
                              const std::function<bool(const char*)>& onLine) const {
  const std::string region = chrom + ":" + std::to_string(pos) + "-" + std::to_string(pos);
  hts::LogCapture log;
  hts::IteratorPtr it(tbx_itr_querys(index.get(), region.c_str()));
  hts::KString line;
  int ret = 0;
  {
    // One lookup reads a few BGZF blocks: one stall deadline for all of it.
    net::Deadline deadline(net::Deadline::Kind::Stall, path);
    while (it && (ret = tbx_itr_next(fp, index.get(), it.get(), &line.s)) >= 0)
      if (!onLine(line.s.s)) return;
    // Interrupted, htslib may report the end rather than an error.
    deadline.throwIfExpired();
  }
  if (ret < -1)
    throw Error(log.withMessages(path + ": read error near " + region + " (truncated or corrupt file?)"));
}

}  // namespace gpnmsa::detail
