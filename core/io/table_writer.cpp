// SPDX-License-Identifier: GPL-3.0-or-later
// TSV / CSV output: a provenance comment, a header, one row per input allele.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>
#include <optional>

#include "gpnmsa/atomic_file.h"
#include "gpnmsa/error.h"
#include "gpnmsa/score_distribution.h"
#include "writer_impl.h"

namespace gpnmsa::detail {

std::string oneLine(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return out;
}

namespace {

void appendField(std::string* line, const std::string& value, bool csv) {
  const std::string v = oneLine(value);
  if (csv && v.find_first_of(",\"") != std::string::npos) {
    *line += '"';
    for (char c : v) {
      if (c == '"') *line += '"';
      *line += c;
    }
    *line += '"';
  } else {
    *line += v;
  }
}

struct FileCloser {
  void operator()(FILE* f) const {
    if (f) std::fclose(f);
  }
};

// The index of a row's allele among input.variants, found by its record and
// ALT index; npos if none.
size_t inputIndexOf(const VariantTable& input, const Variant& v) {
  const auto& vs = input.variants;
  const auto it = std::lower_bound(vs.begin(), vs.end(), v, [](const Variant& a, const Variant& b) {
    return a.record != b.record ? a.record < b.record : a.altIndex < b.altIndex;
  });
  if (it == vs.end() || it->record != v.record || it->altIndex != v.altIndex) return std::string::npos;
  return static_cast<size_t>(it - vs.begin());
}

// The annotation of a row's allele; null if none.
const AlleleAnnotation* annotationOf(const VariantTable& input, const Variant& v) {
  const size_t i = inputIndexOf(input, v);
  return i < input.annotations.alleles.size() ? &input.annotations.alleles[i] : nullptr;
}

void writeHeader(FILE* out, bool csv, const VariantAnnotations& ann, const WriteOptions& o) {
  const Provenance& p = o.provenance;
  const char sep = csv ? ',' : '\t';
  std::string line = "# " + oneLine(p.tool) + (p.version.empty() ? "" : " " + oneLine(p.version)) +
                     " method=" + oneLine(p.method) + " model=" + oneLine(p.model) +
                     (p.modelInfo.empty() ? std::string() : " " + oneLine(p.modelInfo)) +
                     " alignment=" + oneLine(p.alignment) +
                     (o.second ? " model2=" + oneLine(o.second->model) +
                                     (o.second->info.empty() ? std::string() : " " + oneLine(o.second->info))
                               : std::string()) +
                     (o.published ? " published=" + oneLine(o.publishedSource) : std::string()) +
                     (o.distribution ? " distribution=" + oneLine(o.distributionSource) : std::string()) +
                     (ann.infoKey.empty() ? std::string() : " annotations=INFO/" + ann.infoKey) +
                     (ann.afSource.empty() ? std::string() : " af=" + oneLine(ann.afSource)) +
                     (ann.clinvarFile.empty() ? std::string() : " clinvar=" + oneLine(ann.clinvarFile)) +
                     (ann.geneOverlapFile.empty()
                          ? std::string()
                          : " gene_overlap=" + oneLine(ann.geneOverlapFile) +
                                " (gene/consequence of unannotated alleles: gene-track overlap, not a consequence"
                                " prediction)") +
                     "\n";
  static const char* const kHeader[] = {"chrom", "pos", "id", "ref", "alt", "score",
                                        "score_fwd", "score_rev", "status", "detail"};
  constexpr size_t kBaselineAt = 8;  // af_baseline goes after score_rev
  for (size_t i = 0; i < std::size(kHeader); ++i) {
    if (i) line += sep;
    if (i == kBaselineAt && o.star)
      line += std::string("score_calibrated") + sep + "entropy" + sep + "entropy_calibrated" + sep;
    if (i == kBaselineAt && o.baseline) line += std::string("af_baseline") + sep;
    line += kHeader[i];
  }
  if (o.distribution) line += std::string(1, sep) + "percentile";  // after detail
  if (o.second)
    for (const char* c : {"score", "score_calibrated", "entropy", "entropy_calibrated", "status"})
      if (o.second->star || (std::strcmp(c, "score") == 0 || std::strcmp(c, "status") == 0))
        line += sep + o.second->prefix + c;
  if (o.published) line += std::string(1, sep) + "published_score";
  if (ann.present())
    for (const std::string& column : annotationColumns()) line += sep + column;
  if (!ann.clinvarFile.empty())
    for (const std::string& column : clinVarColumns()) line += sep + column;
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), out);
}

// The second model's rows by (record, altIndex).
using SecondIndex = std::map<std::pair<int64_t, int>, size_t>;
SecondIndex indexSecond(const WriteOptions& o) {
  SecondIndex out;
  if (o.second)
    for (size_t i = 0; i < o.second->rows.size(); ++i)
      out.emplace(std::make_pair(o.second->rows[i].variant.record, o.second->rows[i].variant.altIndex), i);
  return out;
}

void writeRows(FILE* out, bool csv, const VariantTable& input, const std::vector<ScoredVariant>& rows,
               const WriteOptions& o, const SecondIndex& second) {
  const VariantAnnotations& ann = input.annotations;
  const char sep = csv ? ',' : '\t';
  constexpr size_t kBaselineAt = 8;  // af_baseline goes after score_rev
  std::string line;
  for (const ScoredVariant& row : rows) {
    const Variant& v = row.variant;
    line.clear();
    const std::string fields[] = {v.chrom, std::to_string(v.pos), v.id.empty() ? "." : v.id, v.ref, v.alt,
                                  formatScore(row.score), formatScore(row.scoreFwd),
                                  formatScore(row.scoreRev), statusName(row.status), row.detail};
    for (size_t i = 0; i < std::size(fields); ++i) {
      if (i) line += sep;
      if (i == kBaselineAt && o.star)
        for (float x : {row.scoreCalibrated, row.entropy, row.entropyCalibrated})
          line += (isScored(row.status) ? formatScore(x) : std::string()) + sep;
      if (i == kBaselineAt && o.baseline)
        line += (isScored(row.status) ? formatScore(row.baseline) : std::string()) + sep;
      appendField(&line, fields[i], csv);
    }
    if (o.distribution)
      line += sep + (isScored(row.status) ? formatPercentile(o.distribution->percentile(row.score)) : std::string());
    if (o.second) {
      const auto it = second.find({v.record, v.altIndex});
      const ScoredVariant* r2 = it == second.end() ? nullptr : &o.second->rows[it->second];
      const bool scored = r2 && isScored(r2->status);
      line += sep + (scored ? formatScore(r2->score) : std::string());
      if (o.second->star)
        for (float x : {r2 ? r2->scoreCalibrated : NAN, r2 ? r2->entropy : NAN, r2 ? r2->entropyCalibrated : NAN})
          line += sep + (scored ? formatScore(x) : std::string());
      line += sep + std::string(r2 ? statusName(r2->status) : "");
    }
    if (o.published) line += sep + formatScore(row.published);  // whatever the status
    if (ann.present()) {  // whatever the status too
      const AlleleAnnotation* a = annotationOf(input, v);
      for (const std::string& value : (a ? summarize(*a) : AnnotationSummary()).values()) {
        line += sep;
        appendField(&line, value, csv);
      }
    }
    if (!ann.clinvarFile.empty()) {  // ClinVar file matches, whatever the status
      const size_t i = inputIndexOf(input, v);
      for (const std::string& value :
           clinVarValues(i < ann.clinvarMatches.size() ? ann.clinvarMatches[i] : ClinVarMatch())) {
        line += sep;
        appendField(&line, value, csv);
      }
    }
    line += '\n';
    if (std::fwrite(line.data(), 1, line.size(), out) != line.size()) return;  // ferror reports it
  }
}

class TableSink : public VariantSink {
 public:
  TableSink(const std::string& path, bool csv, const VariantTable& first, const WriteOptions& o)
      : path_(path), csv_(csv), o_(o), second_(indexSecond(o)) {
    if (path == "-") {
      out_ = stdout;
    } else {
      file_.emplace(path);
      owned_.reset(std::fopen(file_->tempPath().c_str(), "w"));
      if (!owned_) throw Error("cannot write " + path + ": " + std::strerror(errno));
      out_ = owned_.get();
    }
    writeHeader(out_, csv_, first.annotations, o_);
    check();
  }

  void write(const VariantTable& chunk, const std::vector<ScoredVariant>& rows) override {
    writeRows(out_, csv_, chunk, rows, o_, second_);
    check();
  }

  void commit() override {
    if (!file_) {
      if (std::fflush(stdout) != 0 || std::ferror(stdout)) throw Error("cannot write to standard output");
      return;
    }
    const bool failed = std::ferror(out_) != 0;
    const int err = errno;
    if (std::fclose(owned_.release()) != 0 || failed)
      throw Error("cannot write " + path_ + ": " + std::strerror(failed ? err : errno));
    file_->commit();
  }

 private:
  // A full disk ends the run at the chunk it happened in, not at the end.
  void check() {
    if (!std::ferror(out_)) return;
    if (!file_) throw Error("cannot write to standard output");
    throw Error("cannot write " + path_ + ": " + std::strerror(errno));
  }

  std::string path_;
  bool csv_;
  WriteOptions o_;
  SecondIndex second_;
  std::optional<AtomicFile> file_;
  std::unique_ptr<FILE, FileCloser> owned_;
  FILE* out_ = nullptr;
};

}  // namespace

std::unique_ptr<VariantSink> openTableSink(const std::string& path, bool csv, const VariantTable& first,
                                           const WriteOptions& options) {
  return std::make_unique<TableSink>(path, csv, first, options);
}

}  // namespace gpnmsa::detail
