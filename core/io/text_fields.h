// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: line reading and field splitting for the text variant formats.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hts_handles.h"

namespace gpnmsa::text {

// Lines of a plain, gzip or bgzip text file (BGZF reads all three), with
// 1-based line numbers for error messages. '\r' before '\n' is dropped.
// The one line reader of core: variant tables, MAF files, conservation tracks.
class Lines {
 public:
  explicit Lines(const std::string& path);  // throws "path: cannot open: why"
  // False at the end; throws "path:LINE: read error" for a corrupt/truncated .gz.
  // The view is valid until the next call.
  bool next(std::string_view* line);
  int64_t lineNo() const { return lineNo_; }
  // "path:LINE" of the line last read, for error messages.
  std::string where() const { return path_ + ":" + std::to_string(lineNo_); }
  // Bytes of the (compressed) file consumed so far, for progress.
  int64_t compressedOffset() const;

 private:
  std::string path_;
  hts::BgzfPtr fp_;
  hts::KString buf_;
  int64_t lineNo_ = 0;
};

// Splits on tabs; at most maxFields fields (the last one keeps the rest), 0 = no limit.
std::vector<std::string_view> splitTabs(std::string_view line, size_t maxFields = 0);
// Splits a CSV line: fields in "..." may hold commas, "" is a literal quote;
// spaces around unquoted fields are trimmed. False on an unterminated quote.
bool splitCsv(std::string_view line, std::vector<std::string>* out);
// A data line of a TSV (csv false) or CSV file into `out`; false on an
// unterminated quote.
bool splitFields(std::string_view line, bool csv, std::vector<std::string>* out);
// A decimal integer, optional sign, nothing else (no spaces, no "1e5").
bool parsePosition(std::string_view s, int64_t* out);

// Where the variant columns are in a header line; -1 = absent.
struct Columns {
  int chrom = -1, pos = -1, id = -1, ref = -1, alt = -1;
  int named() const { return (chrom >= 0) + (pos >= 0) + (ref >= 0) + (alt >= 0); }
};
// Matches column names case-insensitively (chrom/#chrom/chr/chromosome,
// pos/position, id, ref/reference, alt/alternate). Unknown names are ignored.
Columns matchColumns(const std::vector<std::string>& names);

}  // namespace gpnmsa::text
