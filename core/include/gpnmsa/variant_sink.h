// SPDX-License-Identifier: GPL-3.0-or-later
// Writing variant outputs a chunk of rows at a time (issue 17, defect 8), so
// that a streamed run holds one chunk, not the whole input. writeVariants()
// is a sink written once: one writer per format, not two.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "gpnmsa/variant.h"
#include "gpnmsa/variant_reader.h"
#include "gpnmsa/variant_writer.h"

namespace gpnmsa {

class VariantSink {
 public:
  // Starts the output at `path` ("-": stdout) in `format`: a temporary file
  // beside it, renamed over it by commit() and removed if commit() is never
  // reached (error, Ctrl-C). `first` is the first chunk of the input (or the
  // whole input): its format, path and annotation description decide the
  // header (table columns, comment line; a VCF input's header is copied).
  // `contigs`: for a VCF synthesised from a non-VCF input, the input's
  // chromosomes in order of first appearance (its ##contig lines); when null,
  // those of the rows of the first write(). Throws gpnmsa::Error.
  static std::unique_ptr<VariantSink> open(const std::string& path, OutputFormat format,
                                           const VariantTable& first, const WriteOptions& options,
                                           const std::vector<std::string>* contigs = nullptr);
  virtual ~VariantSink() = default;

  // Appends the rows of one chunk (rows refer to its variants by record and
  // ALT index; any order). Chunks come in input order. A VCF output copies
  // the input records up to the chunk's last one, rows or none.
  virtual void write(const VariantTable& chunk, const std::vector<ScoredVariant>& rows) = 0;
  // Finishes (a VCF output copies the input records no chunk reached) and
  // renames the output into place.
  virtual void commit() = 0;
};

}  // namespace gpnmsa
