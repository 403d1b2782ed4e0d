// SPDX-License-Identifier: GPL-3.0-or-later
// Reading variants a bounded chunk at a time, so that memory does not grow
// with the input (issue 17, defect 8). readVariants() is this stream read in
// one chunk: there is one reader, not two.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "gpnmsa/annotations.h"
#include "gpnmsa/variant_reader.h"

namespace gpnmsa {

class VariantStream {
 public:
  // The checks and the opening readVariants() does, in the same order: the
  // input must be re-readable, the ClinVar file (if any) is opened first, the
  // format is detected, an --af-field needs a VCF. Throws gpnmsa::Error.
  VariantStream(const std::string& path, const AnnotationOptions& annotations = {});
  ~VariantStream();
  VariantStream(const VariantStream&) = delete;
  VariantStream& operator=(const VariantStream&) = delete;

  InputFormat format() const;
  const std::string& path() const;

  // The next at most `maxRecords` whole input records (all ALTs of a record
  // stay together): `variants` carry their record's index in the whole input,
  // `records` counts this chunk's records, `annotations` describes the input
  // (infoKey, afSource, clinvarFile: the same in every chunk) and holds this
  // chunk's alleles and ClinVar matches. At the end: a table with no records
  // (still with format, path and the annotation description).
  VariantTable next(int64_t maxRecords);
  bool atEnd() const;

  int64_t recordsRead() const;
  // Share of the file read so far, 0..1 (bytes consumed / file size, of the
  // compressed file when compressed): for a progress estimate.
  double fractionRead() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Records per chunk for the streaming commands: 4096, or the environment's
// GPNMSA_CHUNK_RECORDS (1..10^7; for tests that want chunk boundaries).
int64_t streamChunkRecords();

}  // namespace gpnmsa
