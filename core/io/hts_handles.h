// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: RAII owners for every htslib object core uses. Use these instead
// of declaring deleters locally or holding raw pointers.
#pragma once
#include <htslib/bgzf.h>
#include <htslib/faidx.h>
#include <htslib/hfile.h>
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <memory>

namespace gpnmsa::hts {

// Calls htslib's own free/close function; a result code is ignored (where
// it matters, close explicitly: see closeFile and closeBgzf).
template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    if (p) (void)Free(p);
  }
};

using FilePtr = std::unique_ptr<htsFile, Deleter<hts_close>>;
using BgzfPtr = std::unique_ptr<BGZF, Deleter<bgzf_close>>;
using HFilePtr = std::unique_ptr<hFILE, Deleter<hclose_abruptly>>;  // read-only use
using HeaderPtr = std::unique_ptr<bcf_hdr_t, Deleter<bcf_hdr_destroy>>;
using RecordPtr = std::unique_ptr<bcf1_t, Deleter<bcf_destroy>>;
using TbxPtr = std::unique_ptr<tbx_t, Deleter<tbx_destroy>>;
using IndexPtr = std::unique_ptr<hts_idx_t, Deleter<hts_idx_destroy>>;
using IteratorPtr = std::unique_ptr<hts_itr_t, Deleter<hts_itr_destroy>>;  // also tbx_itr_*
using FaidxPtr = std::unique_ptr<faidx_t, Deleter<fai_destroy>>;

// Writers must see the close result (it flushes the last BGZF block), so
// they close explicitly through these instead of letting the deleter do it.
inline int closeFile(FilePtr& f) { return f ? hts_close(f.release()) : 0; }
inline int closeBgzf(BgzfPtr& f) { return f ? bgzf_close(f.release()) : 0; }

// A kstring_t that frees itself.
struct KString {
  kstring_t s = KS_INITIALIZE;
  KString() = default;
  KString(const KString&) = delete;
  KString& operator=(const KString&) = delete;
  ~KString() { ks_free(&s); }
};

}  // namespace gpnmsa::hts
