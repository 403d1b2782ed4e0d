// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: the per-format readers behind readVariants().
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <htslib/hts.h>

#include "gpnmsa/variant_reader.h"
#include "text_fields.h"

namespace gpnmsa::detail {

VariantTable readVcfVariants(const std::string& path, const AnnotationOptions& annotations);
// format: HeaderlessVcf, Tsv or Csv.
VariantTable readTextVariants(const std::string& path, InputFormat format);

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
