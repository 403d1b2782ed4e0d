// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: RAII owners for htslib objects, shared by the variant reader and writer.
#pragma once
#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <htslib/vcf.h>

#include <memory>

namespace gpnmsa::hts {

struct FileCloser {
  void operator()(htsFile* f) const {
    if (f) (void)hts_close(f);
  }
};
struct BgzfCloser {
  void operator()(BGZF* f) const {
    if (f) (void)bgzf_close(f);
  }
};
struct HeaderDeleter {
  void operator()(bcf_hdr_t* h) const {
    if (h) bcf_hdr_destroy(h);
  }
};
struct RecordDeleter {
  void operator()(bcf1_t* r) const {
    if (r) bcf_destroy(r);
  }
};

using FilePtr = std::unique_ptr<htsFile, FileCloser>;
using BgzfPtr = std::unique_ptr<BGZF, BgzfCloser>;
using HeaderPtr = std::unique_ptr<bcf_hdr_t, HeaderDeleter>;
using RecordPtr = std::unique_ptr<bcf1_t, RecordDeleter>;

// Writers must see hts_close's result (it flushes the last BGZF block), so
// they close explicitly through this instead of letting the deleter do it.
inline int closeFile(FilePtr& f) { return f ? hts_close(f.release()) : 0; }

// A kstring_t that frees itself.
struct KString {
  kstring_t s = KS_INITIALIZE;
  KString() = default;
  KString(const KString&) = delete;
  KString& operator=(const KString&) = delete;
  ~KString() { ks_free(&s); }
};

}  // namespace gpnmsa::hts
