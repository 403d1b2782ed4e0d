// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: the per-format sinks behind VariantSink::open and writeVariants().
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "gpnmsa/variant_sink.h"
#include "gpnmsa/variant_writer.h"

namespace gpnmsa::detail {

// Rows of an annotated input (VariantTable::annotations) get the summary
// columns of annotationColumns() appended.
std::unique_ptr<VariantSink> openTableSink(const std::string& path, bool csv, const VariantTable& first,
                                           const WriteOptions& options);
std::unique_ptr<VariantSink> openVcfSink(const std::string& path, OutputFormat format, const VariantTable& first,
                                         const WriteOptions& options, const std::vector<std::string>* contigs);
// Throws the "input already has INFO/<field>" error when it applies.
void checkInfoField(const VariantTable& input, const WriteOptions& options);

// One value per line of text: tabs and line breaks become spaces.
std::string oneLine(const std::string& s);

}  // namespace gpnmsa::detail
