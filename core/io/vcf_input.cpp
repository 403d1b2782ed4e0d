// SPDX-License-Identifier: GPL-3.0-or-later
// VCF / VCF.gz / BCF input through htslib: one Variant per ALT allele.
#include "annotation_reader.h"
#include "gpnmsa/error.h"
#include "reader_impl.h"
#include "vcf_records.h"

namespace gpnmsa::detail {

namespace {

class VcfReader : public RecordReader {
 public:
  VcfReader(const std::string& path, const AnnotationOptions& annotations, VariantAnnotations* described)
      : source_(path), rec_(bcf_init()), annotationReader_(source_.header(), annotations, path) {
    if (!rec_) throw Error(path + ": out of memory");
    VariantAnnotations ann;
    annotationReader_.describe(&ann);
    annotated_ = ann.present();
    annotationReader_.describe(described);
  }

  bool readRecord(VariantTable* table) override {
    bcf1_t* rec = rec_.get();
    if (!source_.next(rec)) return false;
    bcf_hdr_t* hdr = source_.header();
    Variant v;
    const char* chrom = bcf_hdr_id2name(hdr, rec->rid);
    if (!chrom || !*chrom) throw Error(source_.where() + ": record has no chromosome");
    if (rec->n_allele < 1) throw Error(source_.where() + ": record has no REF allele");
    v.chrom = chrom;
    v.pos = source_.position(rec);
    v.id = rec->d.id ? rec->d.id : ".";
    v.ref = rec->d.allele[0];
    v.record = source_.recordIndex();
    if (rec->n_allele == 1) {
      // ALT "." (no alternative allele): kept so that every record has a row;
      // the scorer reports it as symbolic.
      v.alt = ".";
      v.altIndex = 0;
      table->variants.push_back(v);
    } else {
      for (int i = 1; i < rec->n_allele; ++i) {
        v.alt = rec->d.allele[i];
        v.altIndex = i - 1;
        table->variants.push_back(v);
      }
    }
    if (annotated_) annotationReader_.read(hdr, rec, &table->annotations);
    ++table->records;
    return true;
  }

  int64_t bytesRead() const override { return source_.bytesRead(); }

 private:
  VcfRecordSource source_;
  hts::RecordPtr rec_;
  AnnotationReader annotationReader_;
  bool annotated_ = false;
};

}  // namespace

std::unique_ptr<RecordReader> openVcfReader(const std::string& path, const AnnotationOptions& annotations,
                                            VariantAnnotations* described) {
  return std::make_unique<VcfReader>(path, annotations, described);
}

}  // namespace gpnmsa::detail
