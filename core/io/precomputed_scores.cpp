// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/precomputed_scores.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "../util/allele_check.h"
#include "gpnmsa/error.h"
#include "gpnmsa/text.h"
#include "tabix_file.h"

namespace gpnmsa {

namespace {
// One row of the file: chrom pos ref alt score.
struct ScoreRow {
  std::string ref, alt;
  float score = NAN;
};

bool parseRow(const char* line, ScoreRow* row) {
  // Fields are tab-separated; skip chrom and pos (the index matched them).
  const char* p = line;
  for (int skip = 0; skip < 2; ++skip) {
    p = std::strchr(p, '\t');
    if (!p) return false;
    ++p;
  }
  const char* t = std::strchr(p, '\t');
  if (!t) return false;
  row->ref.assign(p, t);
  p = t + 1;
  t = std::strchr(p, '\t');
  if (!t) return false;
  row->alt.assign(p, t);
  char* end = nullptr;
  row->score = std::strtof(t + 1, &end);
  return end != t + 1;
}

}  // namespace

struct PrecomputedScores::Impl {
  detail::TabixFile file;
};

PrecomputedScores::PrecomputedScores(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PrecomputedScores::~PrecomputedScores() = default;
const std::string& PrecomputedScores::path() const { return impl_->file.path; }
const std::vector<std::string>& PrecomputedScores::chromosomes() const { return impl_->file.chroms; }

std::unique_ptr<PrecomputedScores> PrecomputedScores::open(const std::string& path) {
  auto impl = std::make_unique<Impl>(Impl{detail::TabixFile(
      path, "score file",
      "expected the published scores.tsv.bgz layout; compress with bgzip and index with tabix -s1 -b2 -e2",
      "tabix -s1 -b2 -e2")});
  return std::unique_ptr<PrecomputedScores>(new PrecomputedScores(std::move(impl)));
}

std::vector<ScoredVariant> PrecomputedScores::annotate(
    const std::vector<Variant>& variants, const std::function<void(int64_t, int64_t)>& progress,
    const std::atomic<bool>* stop) const {
  const detail::TabixFile& file = impl_->file;
  hts::FilePtr fp = file.openData();  // a handle per call (see tabix_file.h)
  std::vector<ScoredVariant> out(variants.size());
  const int64_t total = static_cast<int64_t>(variants.size());
  for (size_t i = 0; i < variants.size(); ++i) {
    if (stop && stop->load()) break;
    const Variant& v = variants[i];
    ScoredVariant& r = out[i];
    r.variant = v;
    std::string detail;
    const VariantStatus shape = classifyAlleles(v.ref, v.alt, &detail);
    if (shape != VariantStatus::Ok) {
      r.status = shape;
      r.detail = detail;
    } else if (const auto stored = file.names.resolve(v.chrom); !stored) {
      r.status = VariantStatus::UnknownChromosome;
      r.detail = "chromosome '" + v.chrom + "' is not in the score file";
    } else {
      const std::string& chrom = *stored;
      const std::string region = chrom + ":" + std::to_string(v.pos) + "-" + std::to_string(v.pos);
      const std::string ref = toUpperAscii(v.ref), alt = toUpperAscii(v.alt);
      std::string fileRef;
      bool found = false;
      file.forEachLineAt(fp.get(), chrom, v.pos, [&](const char* line) {
        ScoreRow row;
        if (!parseRow(line, &row))
          throw Error(file.path + ": malformed row near " + region + ": '" + std::string(line).substr(0, 80) + "'");
        fileRef = toUpperAscii(row.ref);
        if (fileRef == ref && toUpperAscii(row.alt) == alt) {
          r.score = row.score;
          found = true;
        }
        return !found;
      });
      if (found) {
        r.status = VariantStatus::Ok;
      } else if (!fileRef.empty() && fileRef != ref) {
        r.status = VariantStatus::RefMismatch;
        r.detail = "REF is " + ref + " but the score file has " + fileRef + " at " + region;
      } else {
        r.status = VariantStatus::NotInScoreFile;
        r.detail = "no precomputed score at " + chrom + ":" + std::to_string(v.pos) +
                   " (the published file leaves out positions near chromosome ends and N stretches)";
      }
    }
    if (progress && (i % 1024 == 1023 || i + 1 == variants.size())) progress(int64_t(i) + 1, total);
  }
  return out;
}

}  // namespace gpnmsa
