// SPDX-License-Identifier: GPL-3.0-or-later
#include "vcf_records.h"

#include <cerrno>
#include <string_view>

#include <htslib/bgzf.h>
#include <htslib/hfile.h>

#include "gpnmsa/error.h"
#include "hts_log_capture.h"
#include "text_fields.h"

namespace gpnmsa {

namespace {
// KS_SEP_LINE of htslib/kseq.h (not included: it defines many macros): ends
// lines at '\n' and drops a preceding '\r', as vcf_read does.
constexpr int kSepLine = 2;
}  // namespace

VcfRecordSource::VcfRecordSource(const std::string& path) : path_(path) { open(false); }

void VcfRecordSource::open(bool keepHeader) {
  hts::LogCapture log;
  errno = 0;
  fp_.reset(hts_open(path_.c_str(), "r"));
  if (!fp_) throw Error(path_ + ": cannot open: " + log.reason());
  const htsExactFormat format = hts_get_format(fp_.get())->format;
  if (format != vcf && format != bcf) throw Error(path_ + ": not a VCF or BCF file");
  text_ = format == vcf;
  hts::HeaderPtr hdr(bcf_hdr_read(fp_.get()));
  if (!hdr) {
    throw Error(log.withMessages(path_ + ": cannot read the VCF header (truncated file, or no #CHROM line?)"));
  }
  if (!keepHeader) hdr_ = std::move(hdr);
  record_ = 0;
}

void VcfRecordSource::rewind() { open(true); }

int64_t VcfRecordSource::bytesRead() const {
  if (!fp_) return 0;
  if (fp_->is_bgzf) return static_cast<int64_t>(bgzf_tell(fp_->fp.bgzf) >> 16);
  return fp_->fp.hfile ? static_cast<int64_t>(htell(fp_->fp.hfile)) : 0;
}

std::string VcfRecordSource::where() const {
  if (text_) return path_ + ":" + std::to_string(fp_ ? fp_->lineno : 0);
  return path_ + ": record " + std::to_string(record_);
}

bool VcfRecordSource::next(bcf1_t* rec) {
  hts::LogCapture log;
  if (!text_) {
    const int ret = bcf_read(fp_.get(), hdr_.get(), rec);
    if (ret == -1) return false;
    ++record_;
    if (ret < -1 || (rec->errcode & (BCF_ERR_CTG_INVALID | BCF_ERR_TAG_INVALID | BCF_ERR_CHAR))) {
      throw Error(log.withMessages(where() + ": cannot read the BCF record (corrupt or truncated file?)"));
    }
    if (bcf_unpack(rec, BCF_UN_STR) < 0) throw Error(log.withMessages(where() + ": cannot unpack the BCF record"));
    return true;
  }
  for (;;) {
    kstring_t* s = &line_.s;
    const int ret = hts_getline(fp_.get(), kSepLine, s);
    if (ret == -1) return false;
    if (ret < -1) throw Error(log.withMessages(path_ + ":" + std::to_string(fp_->lineno) +
                                               ": read error (truncated or corrupt compressed file?)"));
    if (s->l > 0 && s->s[s->l - 1] == '\r') s->s[--s->l] = '\0';
    if (s->l == 0 || s->s[0] == '#') continue;
    ++record_;
    const std::string_view line(s->s, s->l);
    const auto fields = text::splitTabs(line, 6);
    if (fields.size() < 5) {
      throw Error(where() + ": too few fields (" + std::to_string(fields.size()) +
                  "; a VCF record needs at least CHROM POS ID REF ALT)");
    }
    int64_t pos = 0;
    if (!text::parsePosition(fields[1], &pos)) {
      throw Error(where() + ": bad position '" + std::string(fields[1]) + "'");
    }
    textPos_ = pos;
    rec->errcode = 0;
    // Undeclared contigs and tags are fine (htslib declares them, as bcftools
    // does); malformed names are not.
    if (vcf_parse(s, hdr_.get(), rec) < 0 ||
        (rec->errcode & (BCF_ERR_CTG_INVALID | BCF_ERR_TAG_INVALID | BCF_ERR_CHAR))) {
      throw Error(log.withMessages(where() + ": cannot parse the VCF record"));
    }
    if (bcf_unpack(rec, BCF_UN_STR) < 0) throw Error(log.withMessages(where() + ": cannot parse the VCF record"));
    return true;
  }
}

}  // namespace gpnmsa
