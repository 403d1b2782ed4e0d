// SPDX-License-Identifier: GPL-3.0-or-later
// VariantStream: a per-format RecordReader read a chunk of records at a time.
#include "gpnmsa/variant_stream.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>

#include "gpnmsa/clinvar.h"
#include "gpnmsa/error.h"
#include "gpnmsa/file_checks.h"
#include "reader_impl.h"

namespace gpnmsa {

struct VariantStream::Impl {
  std::string path;
  InputFormat format = InputFormat::Vcf;
  std::unique_ptr<const ClinVarFile> clinvar;
  std::string clinvarFile;
  VariantAnnotations described;  // infoKey, layout, afSource
  std::unique_ptr<detail::RecordReader> reader;
  int64_t records = 0;
  int64_t fileSize = 0;
  bool atEnd = false;
};

VariantStream::VariantStream(const std::string& path, const AnnotationOptions& annotations)
    : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  s.path = path;
  requireRereadableInput(path);
  // Opened first: a wrong ClinVar file is reported before a long read.
  if (!annotations.clinvarFile.empty()) {
    s.clinvar = ClinVarFile::open(annotations.clinvarFile);
    s.clinvarFile = annotations.clinvarFile;
  }
  s.format = detectInputFormat(path);
  if (s.format != InputFormat::Vcf && !annotations.afField.empty())
    throw OptionError({"af-field"}, path + ": allele frequencies from an INFO key need a VCF input with a header");
  s.reader = s.format == InputFormat::Vcf ? detail::openVcfReader(path, annotations, &s.described)
                                          : detail::openTextReader(path, s.format);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) s.fileSize = static_cast<int64_t>(st.st_size);
}

VariantStream::~VariantStream() = default;

InputFormat VariantStream::format() const { return impl_->format; }
const std::string& VariantStream::path() const { return impl_->path; }
bool VariantStream::atEnd() const { return impl_->atEnd; }
int64_t VariantStream::recordsRead() const { return impl_->records; }

double VariantStream::fractionRead() const {
  if (impl_->atEnd) return 1.0;
  if (impl_->fileSize <= 0) return 0.0;
  return std::min(1.0, static_cast<double>(impl_->reader->bytesRead()) / static_cast<double>(impl_->fileSize));
}

VariantTable VariantStream::next(int64_t maxRecords) {
  Impl& s = *impl_;
  VariantTable table;
  table.format = s.format;
  table.path = s.path;
  table.annotations = s.described;
  while (!s.atEnd && table.records < maxRecords) {
    if (!s.reader->readRecord(&table)) s.atEnd = true;
  }
  s.records += table.records;
  if (s.clinvar) {
    table.annotations.clinvarFile = s.clinvarFile;
    table.annotations.clinvarMatches = s.clinvar->lookup(table.variants);
  }
  return table;
}

int64_t streamChunkRecords() {
  constexpr int64_t kDefault = 4096;
  const char* env = std::getenv("GPNMSA_CHUNK_RECORDS");
  if (!env || !*env) return kDefault;
  char* end = nullptr;
  const long long n = std::strtoll(env, &end, 10);
  if (*end != '\0' || n < 1 || n > 10000000)
    throw Error(std::string("GPNMSA_CHUNK_RECORDS='") + env + "': expected a whole number of records, 1-10000000");
  return n;
}

}  // namespace gpnmsa
