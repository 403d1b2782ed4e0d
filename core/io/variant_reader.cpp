// SPDX-License-Identifier: GPL-3.0-or-later
// readVariants / detectInputFormat: decide the format, then hand over to
// vcf_input.cpp or text_input.cpp.
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "gpnmsa/error.h"
#include "gpnmsa/file_checks.h"
#include "gpnmsa/variant_reader.h"
#include "gpnmsa/variant_stream.h"
#include "hts_handles.h"
#include "hts_log_capture.h"
#include "reader_impl.h"

namespace gpnmsa {

namespace detail {

bool pathSuggestsCsv(const std::string& path) {
  std::string lower;
  for (char c : path) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  auto endsWith = [&](const char* suffix) {
    const size_t n = std::strlen(suffix);
    return lower.size() >= n && lower.compare(lower.size() - n, n, suffix) == 0;
  };
  return endsWith(".csv") || endsWith(".csv.gz") || endsWith(".csv.bgz");
}

bool parseHeaderLine(std::string_view line, bool preferCsv, InputFormat* format,
                     text::Columns* columns, size_t* width) {
  std::vector<std::string> tabNames;
  for (auto f : text::splitTabs(line)) tabNames.emplace_back(f);
  std::vector<std::string> csvNames;
  if (!text::splitCsv(line, &csvNames)) csvNames.clear();
  const text::Columns tab = text::matchColumns(tabNames);
  const text::Columns csv = text::matchColumns(csvNames);
  if (tab.named() < 2 && csv.named() < 2) return false;
  const bool useCsv = csv.named() > tab.named() || (csv.named() == tab.named() && preferCsv);
  *format = useCsv ? InputFormat::Csv : InputFormat::Tsv;
  *columns = useCsv ? csv : tab;
  *width = useCsv ? csvNames.size() : tabNames.size();
  return true;
}

htsFormat sniffFormat(const std::string& path) {
  hts::LogCapture log;
  errno = 0;
  const hts::HFilePtr h(hopen(path.c_str(), "r"));
  if (!h) throw Error(path + ": cannot open: " + log.reason());
  htsFormat fmt;
  if (hts_detect_format2(h.get(), path.c_str(), &fmt) < 0)
    throw Error(path + ": cannot read the file: " + log.reason());
  return fmt;
}

}  // namespace detail

namespace {

const char* kCannotTell =
    ": cannot tell the format (expected VCF, BCF, or a TSV/CSV with columns chrom,pos,ref,alt)";

// htslib's look at the first bytes: VCF/BCF (plain or compressed) are certain;
// anything it calls text is looked at line by line below; the rest is not ours.
InputFormat detectWithHtslib(const std::string& path, bool* isText) {
  const htsFormat fmt = detail::sniffFormat(path);
  *isText = false;
  if (fmt.format == vcf || fmt.format == bcf) return InputFormat::Vcf;
  if (fmt.compression != no_compression && fmt.compression != gzip && fmt.compression != bgzf) {
    char* desc = hts_format_description(&fmt);
    const std::string what = desc ? desc : "compressed data";
    std::free(desc);
    throw Error(path + ": cannot read " + what + " (use bgzip, gzip or no compression)");
  }
  switch (fmt.format) {
    case text_format: case sam: case bed: case fasta_format: case fastq_format: case empty_format:
      *isText = true;
      return InputFormat::Tsv;
    default:
      throw Error(path + kCannotTell);
  }
}

InputFormat detectText(const std::string& path) {
  text::Lines lines(path);
  std::string_view line;
  const bool preferCsv = detail::pathSuggestsCsv(path);
  bool any = false;
  while (lines.next(&line)) {
    if (line.empty()) continue;
    any = true;
    InputFormat format;
    text::Columns columns;
    size_t width = 0;
    // A header may itself start with '#' ("#chrom pos ..."), so try it first.
    if (detail::parseHeaderLine(line, preferCsv, &format, &columns, &width)) return format;
    if (line[0] == '#') continue;
    const auto fields = text::splitTabs(line, 6);
    int64_t pos = 0;
    if (fields.size() >= 5 && text::parsePosition(fields[1], &pos)) return InputFormat::HeaderlessVcf;
    throw Error(path + kCannotTell);
  }
  throw Error(path + (any ? kCannotTell : ": the file is empty (expected VCF, BCF, or a TSV/CSV "
                                          "with columns chrom,pos,ref,alt)"));
}

}  // namespace

InputFormat detectInputFormat(const std::string& path) {
  requireRereadableInput(path);  // each step below opens the file anew
  bool isText = false;
  const InputFormat format = detectWithHtslib(path, &isText);
  return isText ? detectText(path) : format;
}

VariantTable readVariants(const std::string& path, const AnnotationOptions& annotations) {
  VariantStream stream(path, annotations);
  return stream.next(INT64_MAX);
}

}  // namespace gpnmsa
