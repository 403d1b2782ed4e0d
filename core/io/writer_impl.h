// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: the per-format writers behind writeVariants().
#pragma once
#include <string>
#include <vector>

#include "gpnmsa/variant_writer.h"

namespace gpnmsa::detail {

// Rows of an annotated input (VariantTable::annotations) get the summary
// columns of annotationColumns() appended.
void writeTable(const std::string& path, bool csv, const VariantTable& input,
                const std::vector<ScoredVariant>& rows, const WriteOptions& options);
void writeVcf(const std::string& path, OutputFormat format, const VariantTable& input,
              const std::vector<ScoredVariant>& rows, const WriteOptions& options);
// Throws the "input already has INFO/<field>" error when it applies.
void checkInfoField(const VariantTable& input, const WriteOptions& options);

// One value per line of text: tabs and line breaks become spaces.
std::string oneLine(const std::string& s);

}  // namespace gpnmsa::detail
