// SPDX-License-Identifier: GPL-3.0-or-later
// writeVariants: picks the table or VCF writer.
#include "gpnmsa/variant_writer.h"

#include <cmath>
#include <cstdio>

#include "gpnmsa/atomic_file.h"
#include "gpnmsa/error.h"
#include "gpnmsa/variant_sink.h"
#include "writer_impl.h"

namespace gpnmsa {

OutputFormat outputFormatFromPath(const std::string& path) {
  if (path == "-") return OutputFormat::Tsv;
  std::string lower;
  for (char c : path) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  auto endsWith = [&](const std::string& suffix) {
    return lower.size() > suffix.size() && lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (endsWith(".tsv")) return OutputFormat::Tsv;
  if (endsWith(".csv")) return OutputFormat::Csv;
  if (endsWith(".vcf")) return OutputFormat::Vcf;
  if (endsWith(".vcf.gz") || endsWith(".vcf.bgz")) return OutputFormat::VcfGz;
  if (endsWith(".bcf")) return OutputFormat::Bcf;
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  const bool hasExtension = dot != std::string::npos && (slash == std::string::npos || dot > slash + 1);
  throw Error(path + ": unknown output format " +
              (hasExtension ? "'" + path.substr(dot) + "'" : std::string("(no extension)")) +
              "; known extensions: .tsv, .csv, .vcf, .vcf.gz, .vcf.bgz, .bcf ('-' writes TSV to standard output)");
}

std::string formatScore(float score) {
  if (std::isnan(score)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", static_cast<double>(score));
  return buf;
}

// htslib cannot store a negative POS (it writes 0): refuse rather than
// rewrite the input's position. POS 0 round-trips and is left to the rows.
void checkVcfPositions(const VariantTable& input) {
  for (const Variant& v : input.variants) {
    if (v.pos < 0) {
      throw Error(input.path + ": input record " + std::to_string(v.record + 1) + " has POS " +
                  std::to_string(v.pos) + ", which a VCF/BCF output cannot hold (it would become 0); "
                  "write .tsv or .csv, or correct the input");
    }
  }
}

void preflightWrite(const std::string& path, OutputFormat format, const VariantTable& input,
                    const WriteOptions& options) {
  if (format != OutputFormat::Tsv && format != OutputFormat::Csv) {
    checkVcfPositions(input);
    detail::checkInfoField(input, options);
  }
  if (path != "-") AtomicFile probe(path);  // created and removed again
}

std::unique_ptr<VariantSink> VariantSink::open(const std::string& path, OutputFormat format,
                                               const VariantTable& first, const WriteOptions& options,
                                               const std::vector<std::string>* contigs) {
  switch (format) {
    case OutputFormat::Tsv:
    case OutputFormat::Csv:
      return detail::openTableSink(path, format == OutputFormat::Csv, first, options);
    case OutputFormat::Vcf:
    case OutputFormat::VcfGz:
    case OutputFormat::Bcf:
      return detail::openVcfSink(path, format, first, options, contigs);
  }
  throw Error("unknown output format");
}

void writeVariants(const std::string& path, OutputFormat format, const VariantTable& input,
                   const std::vector<ScoredVariant>& rows, const WriteOptions& options) {
  if (format != OutputFormat::Tsv && format != OutputFormat::Csv) checkVcfPositions(input);
  const auto sink = VariantSink::open(path, format, input, options);
  sink->write(input, rows);
  sink->commit();
}

}  // namespace gpnmsa
