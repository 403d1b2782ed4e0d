// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: a bgzip-compressed, tabix-indexed text file read by position (the
// precomputed score file, a ClinVar VCF). Opening checks the compression and
// the index and words what is missing; chromosome names go through
// ChromResolver over the index's sequence names, so `chr1` and `1` both find
// the file's spelling. Lookups open their own htsFile (openData): htslib
// handles must not be shared across threads, the index may.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gpnmsa/chrom_names.h"
#include "hts_handles.h"

namespace gpnmsa::detail {

// Closes an htsFile on `path` under a stall deadline: htslib's close waits
// on a stalled server forever (see store/network_deadline.h).
struct TimedClose {
  std::string path;
  void operator()(htsFile* fp) const noexcept;
};
using DataPtr = std::unique_ptr<htsFile, TimedClose>;

struct TabixFile {
  std::string path;
  std::string what;  // "score file", "ClinVar file": used in messages
  hts::TbxPtr index;
  std::vector<std::string> chroms;  // the index's sequence names, as stored
  ChromResolver names;              // over chroms

  // Throws gpnmsa::Error: cannot open (htslib's reason), not bgzip-compressed
  // ("PATH: not bgzip-compressed (<notBgzf>)"), no index ("PATH: no tabix
  // index (PATH.tbi); make one with: <indexCommand> PATH"), an index made
  // for another file ("PATH.tbi does not index PATH: rebuild it with ...").
  TabixFile(std::string path, std::string what, const std::string& notBgzf,
            const std::string& indexCommand);

  // A new handle on the data, with a block cache (neighbouring lookups share
  // BGZF blocks; over http each re-read would be another range request).
  DataPtr openData() const;

  // Calls onLine with each line of `chrom` (the file's spelling) overlapping
  // `pos` (1-based) until it returns false. Throws on read errors.
  void forEachLineAt(htsFile* fp, const std::string& chrom, int64_t pos,
                     const std::function<bool(const char* line)>& onLine) const;

 private:
  // Throws "PATH.tbi does not index PATH: rebuild it with <indexCommand> PATH"
  // when the index was made for another file (see tabix_file.cpp).
  void checkIndexBelongs(htsFile* fp, const std::string& indexCommand) const;
};

}  // namespace gpnmsa::detail
