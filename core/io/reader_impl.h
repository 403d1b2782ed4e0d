// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: the per-format record readers behind VariantStream (and so
// behind readVariants, which is a stream read in one chunk).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <htslib/hts.h>

#include "gpnmsa/variant_reader.h"
#include "text_fields.h"

namespace gpnmsa::detail {

// Reads one input record at a time into a chunk.
class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // Appends the next record's Variants (one per ALT; their `record` is the
  // record's 0-based index in the whole input) and, for an annotated VCF,
  // their annotations to `chunk`. False at the end of the input. Throws
  // "path:LINE: what" for malformed input.
  virtual bool readRecord(VariantTable* chunk) = 0;
  // Bytes of the (compressed) file consumed so far, for progress.
  virtual int64_t bytesRead() const = 0;
};

// VCF / VCF.gz / BCF; fills `described` with the annotation layout (infoKey,
// afSource, ...). Throws OptionError({"af-field"}) as AnnotationReader does.
std::unique_ptr<RecordReader> openVcfReader(const std::string& path, const AnnotationOptions& annotations,
                                            VariantAnnotations* described);
// format: HeaderlessVcf, Tsv or Csv.
std::unique_ptr<RecordReader> openTextReader(const std::string& path, InputFormat format);

// If `line` is a header naming at least two of chrom/pos/ref/alt, in either
// delimiter, sets *format (Tsv or Csv), *columns and *width (number of
// columns) and returns true. On a tie (e.g. one column) preferCsv decides.
bool parseHeaderLine(std::string_view line, bool preferCsv, InputFormat* format,
                     text::Columns* columns, size_t* width);

bool pathSuggestsCsv(const std::string& path);

// htslib's look at the first bytes of `path` (format and compression);
// throws gpnmsa::Error if it cannot be opened or read.
htsFormat sniffFormat(const std::string& path);

}  // namespace gpnmsa::detail
