// SPDX-License-Identifier: GPL-3.0-or-later
// VCF / VCF.gz / BCF input through htslib: one Variant per ALT allele.
#include "annotation_reader.h"
#include "gpnmsa/error.h"
#include "reader_impl.h"
#include "vcf_records.h"

namespace gpnmsa::detail {

VariantTable readVcfVariants(const std::string& path, const AnnotationOptions& annotations) {
  VariantTable table;
  table.format = InputFormat::Vcf;
  table.path = path;
  VcfRecordSource source(path);
  hts::RecordPtr rec(bcf_init());
  if (!rec) throw Error(path + ": out of memory");
  bcf_hdr_t* hdr = source.header();
  AnnotationReader annotationReader(hdr, annotations, path);
  annotationReader.describe(&table.annotations);
  const bool annotated = table.annotations.present();
  while (source.next(rec.get())) {
    Variant v;
    const char* chrom = bcf_hdr_id2name(hdr, rec->rid);
    if (!chrom || !*chrom) throw Error(source.where() + ": record has no chromosome");
    if (rec->n_allele < 1) throw Error(source.where() + ": record has no REF allele");
    v.chrom = chrom;
    v.pos = source.position(rec.get());
    v.id = rec->d.id ? rec->d.id : ".";
    v.ref = rec->d.allele[0];
    v.record = source.recordIndex();
    if (rec->n_allele == 1) {
      // ALT "." (no alternative allele): kept so that every record has a row;
      // the scorer reports it as symbolic.
      v.alt = ".";
      v.altIndex = 0;
      table.variants.push_back(v);
    } else {
      for (int i = 1; i < rec->n_allele; ++i) {
        v.alt = rec->d.allele[i];
        v.altIndex = i - 1;
        table.variants.push_back(v);
      }
    }
    if (annotated) annotationReader.read(hdr, rec.get(), &table.annotations);
    ++table.records;
  }
  return table;
}

}  // namespace gpnmsa::detail
