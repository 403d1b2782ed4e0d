// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: record-by-record reading of VCF / VCF.gz / BCF through htslib.
// Both readVariants and the VCF writer go through this class, so that they
// agree on what "record i" is (the writer maps rows back by Variant::record).
#pragma once
#include <cstdint>
#include <string>

#include "hts_handles.h"

namespace gpnmsa {

class VcfRecordSource {
 public:
  // Opens the file and reads its header. Throws gpnmsa::Error.
  explicit VcfRecordSource(const std::string& path);

  bcf_hdr_t* header() { return hdr_.get(); }
  bool isText() const { return text_; }

  // Reads the next record into `rec`; false at the end of the file.
  // Text VCF: empty lines and stray '#' lines after the header are skipped,
  // and CHROM..ALT are checked before htslib parses the line (htslib reads a
  // POS of "abc" as 0 without complaint). Throws "path:LINE: what".
  bool next(bcf1_t* rec);

  // Reopens the file and skips its header, keeping the current header object:
  // header lines that htslib added while parsing (undeclared contigs, INFO and
  // FORMAT tags) stay declared for the second pass.
  void rewind();

  // POS of the record last returned by next(), 1-based, as written: htslib
  // turns a negative text POS into 0, which would hide the input's mistake.
  int64_t position(const bcf1_t* rec) const { return text_ ? textPos_ : static_cast<int64_t>(rec->pos) + 1; }

  // 0-based index of the record last returned by next().
  int64_t recordIndex() const { return record_ - 1; }
  // Bytes of the (compressed) file consumed so far, for progress.
  int64_t bytesRead() const;
  // "path:LINE" for text, "path: record N" for BCF; for error messages.
  std::string where() const;

 private:
  void open(bool keepHeader);

  std::string path_;
  hts::FilePtr fp_;
  hts::HeaderPtr hdr_;
  hts::KString line_;
  int64_t record_ = 0;
  int64_t textPos_ = 0;
  bool text_ = true;
};

}  // namespace gpnmsa
