// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/precomputed_scores.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <numeric>
#include <random>
#include <set>

#include "../util/allele_check.h"
#include "gpnmsa/error.h"
#include "gpnmsa/text.h"
#include "hts_log_capture.h"
#include "gpnmsa/chrom_names.h"
#include "score_shards.h"
#include "tabix_file.h"
#include "../store/network_deadline.h"

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

std::string nonFiniteText(float x) {
  if (std::isnan(x)) return "nan";
  return x > 0 ? "inf" : "-inf";
}

}  // namespace

// One of the two layouts: the GPN-MSA file (bgzip + tabix) or GPN-Star's
// Parquet shards.
struct PrecomputedScores::Impl {
  std::unique_ptr<detail::TabixFile> tabix;
  std::unique_ptr<detail::ScoreShards> shards;
  std::vector<std::string> chroms;
};

PrecomputedScores::PrecomputedScores(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PrecomputedScores::~PrecomputedScores() = default;
const std::string& PrecomputedScores::path() const { return impl_->tabix ? impl_->tabix->path : impl_->shards->path(); }
const std::vector<std::string>& PrecomputedScores::chromosomes() const { return impl_->chroms; }
PrecomputedScores::Layout PrecomputedScores::layout() const {
  return impl_->shards ? Layout::GpnStarShards : Layout::TabixText;
}

std::unique_ptr<PrecomputedScores> PrecomputedScores::open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  if (detail::isScoreShardPath(path)) {
    impl->shards = std::make_unique<detail::ScoreShards>(path);
    impl->chroms = impl->shards->chromosomes();
  } else {
    impl->tabix = std::make_unique<detail::TabixFile>(
        path, "score file",
        "expected the published scores.tsv.bgz layout (compress with bgzip and index with tabix -s1 -b2 -e2), "
        "or GPN-Star's Parquet score shards (a folder or a .parquet file)",
        "tabix -s1 -b2 -e2");
    impl->chroms = impl->tabix->chroms;
  }
  return std::unique_ptr<PrecomputedScores>(new PrecomputedScores(std::move(impl)));
}

namespace {

// The GPN-Star shards' answer for one SNV (ref, alt upper-case).
void lookupShard(const detail::ScoreShards& shards, detail::ScoreShards::Cursor& cursor, const std::string& ref,
                 const std::string& alt, ScoredVariant& r) {
  const Variant& v = r.variant;
  const auto hit = shards.lookup(cursor, v.chrom, v.pos, ref, alt);
  const std::string site = stripChrPrefix(v.chrom) + ":" + std::to_string(v.pos);
  using Kind = detail::ScoreShards::Hit::Kind;
  switch (hit.kind) {
    case Kind::Found:
      if (std::isfinite(hit.llrCalibrated)) {
        r.status = VariantStatus::Ok;
        r.score = hit.llrCalibrated;
      } else if (std::isnan(hit.llrCalibrated)) {  // a null (or NaN): no score there
        r.status = VariantStatus::NotInScoreFile;
        r.detail = hit.shardPath + " has no llr_calibrated value (null) at " + site + " (" + ref + ">" + alt + ")";
      } else {  // as for the text layout: a stored infinity is not a usable score
        r.status = VariantStatus::Error;
        r.detail = hit.shardPath + " says " + nonFiniteText(hit.llrCalibrated) + " at " + site + " (" + ref + ">" +
                   alt + "): not a usable score";
      }
      break;
    case Kind::NoShard:
      // A score set without this chromosome (e.g. no Y shard): no score, not a failure.
      r.status = VariantStatus::NotInScoreFile;
      r.detail = "no score shard for chromosome " + stripChrPrefix(v.chrom) + " (" + hit.shardPath + ")";
      break;
    case Kind::RefMismatch:
      r.status = VariantStatus::RefMismatch;
      r.detail = "REF is " + ref + " but the score shard has " + hit.fileRef + " at " + site;
      break;
    case Kind::NoRow:
      r.status = VariantStatus::NotInScoreFile;
      r.detail = "no precomputed score at " + site +
                 " (the released shards leave out positions near chromosome ends and non-ACGT runs)";
      break;
  }
}

}  // namespace

std::vector<ScoredVariant> PrecomputedScores::annotate(
    const std::vector<Variant>& variants, const std::function<void(int64_t, int64_t)>& progress,
    const std::atomic<bool>* stop) const {
  const detail::TabixFile* tabix = impl_->tabix.get();
  detail::DataPtr fp;
  if (tabix) fp = tabix->openData();  // a handle per call (see tabix_file.h)
  // Shards: the variants in chromosome and position order, so that each row
  // group is decoded once per call whatever the input's order; the cursor
  // (the row groups decoded last) is kept for the next call.
  std::vector<size_t> order(variants.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::unique_ptr<detail::ScoreShards::Cursor> cursor;
  if (impl_->shards) {
    std::vector<std::string> chrom(variants.size());
    for (size_t i = 0; i < variants.size(); ++i) chrom[i] = stripChrPrefix(variants[i].chrom);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return chrom[a] != chrom[b] ? chrom[a] < chrom[b] : variants[a].pos < variants[b].pos;
    });
    cursor = impl_->shards->acquireCursor();
  }
  std::vector<ScoredVariant> out(variants.size());
  const int64_t total = static_cast<int64_t>(variants.size());
  for (size_t k = 0; k < variants.size(); ++k) {
    if (stop && stop->load()) break;
    const size_t i = order[k];
    const Variant& v = variants[i];
    ScoredVariant& r = out[i];
    r.variant = v;
    std::string detail;
    const VariantStatus shape = classifyAlleles(v.ref, v.alt, &detail);
    // First: a lookup at POS < 1 would find the chromosome's first record.
    if (std::string bad = positionProblem(v); !bad.empty()) {
      r.status = VariantStatus::OutOfRange;
      r.detail = std::move(bad);
    } else if (shape != VariantStatus::Ok) {
      r.status = shape;
      r.detail = detail;
    } else if (impl_->shards) {
      lookupShard(*impl_->shards, *cursor, toUpperAscii(v.ref), toUpperAscii(v.alt), r);
    } else if (const auto stored = tabix->names.resolve(v.chrom); !stored) {
      r.status = VariantStatus::UnknownChromosome;
      r.detail = "chromosome '" + v.chrom + "' is not in the score file";
    } else {
      const std::string& chrom = *stored;
      const std::string region = chrom + ":" + std::to_string(v.pos) + "-" + std::to_string(v.pos);
      const std::string ref = toUpperAscii(v.ref), alt = toUpperAscii(v.alt);
      std::string fileRef;
      bool found = false;
      tabix->forEachLineAt(fp.get(), chrom, v.pos, [&](const char* line) {
        ScoreRow row;
        if (!parseRow(line, &row))
          throw Error(tabix->path + ": malformed row near " + region + ": '" + std::string(line).substr(0, 80) + "'");
        fileRef = toUpperAscii(row.ref);
        if (fileRef == ref && toUpperAscii(row.alt) == alt) {
          r.score = row.score;
          found = true;
        }
        return !found;
      });
      if (found && !std::isfinite(r.score)) {
        // A row saying nan/inf is not a score; reporting it as ok would
        // leave an empty score column counted among the ok rows.
        r.status = VariantStatus::Error;
        r.detail = "the score file says " + nonFiniteText(r.score) + " at " + region + " (" + ref +
                   ">" + alt + "): not a usable score";
        r.score = NAN;
      } else if (found) {
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
    if (progress && (k % 1024 == 1023 || k + 1 == variants.size())) progress(int64_t(k) + 1, total);
  }
  if (cursor) impl_->shards->releaseCursor(std::move(cursor));
  return out;
}

namespace {

constexpr int64_t kMaxPos = int64_t(1) << 29;  // beyond any tabix (TBI) index

// The position (1-based) of the first record of sequence `tid` at or after
// 0-based `from`, and the scores of every record at that position; 0 if none.
int64_t recordsAtOrAfter(htsFile* fp, tbx_t* index, int tid, int64_t from, const std::string& path,
                         std::vector<float>* scores) {
  hts::LogCapture log;
  hts::IteratorPtr it(tbx_itr_queryi(index, tid, from, kMaxPos));
  hts::KString line;
  int64_t at = 0;
  int ret = 0;
  net::Deadline deadline(net::Deadline::Kind::Stall, path);
  while (it && (ret = tbx_itr_next(fp, index, it.get(), &line.s)) >= 0) {
    const char* tab = std::strchr(line.s.s, '\t');
    const int64_t pos = tab ? std::strtoll(tab + 1, nullptr, 10) : 0;
    if (pos <= from) continue;  // a record before `from` (overlap query)
    if (at && pos != at) break;
    at = pos;
    ScoreRow row;
    if (!parseRow(line.s.s, &row))
      throw Error(path + ": malformed row '" + std::string(line.s.s).substr(0, 80) + "'");
    if (scores && !std::isfinite(row.score))
      throw Error(path + ": the score file says " + nonFiniteText(row.score) + " in row '" +
                  std::string(line.s.s).substr(0, 80) + "': not a usable score");
    if (scores) scores->push_back(row.score);
  }
  deadline.throwIfExpired();  // interrupted, htslib may report the end
  if (ret < -1) throw Error(log.withMessages(path + ": read error (truncated or corrupt file?)"));
  return at;
}

}  // namespace

std::vector<float> PrecomputedScores::sample(int64_t records, uint64_t seed, const std::atomic<bool>* stop) const {
  if (records < 1) throw Error("the number of records to sample must be at least 1");
  if (impl_->shards) return impl_->shards->sample(records, seed, stop);
  const detail::TabixFile& file = *impl_->tabix;
  auto fp = file.openData();  // a handle per call (see tabix_file.h)
  tbx_t* index = file.index.get();
  // Each chromosome's span: its first record, and its last found by bisection.
  struct Span { int tid; int64_t first, last; const std::string* chrom; };
  std::vector<Span> spans;
  int64_t total = 0;
  for (const std::string& chrom : file.chroms) {
    const int tid = tbx_name2id(index, chrom.c_str());
    const int64_t first = recordsAtOrAfter(fp.get(), index, tid, 0, file.path, nullptr);
    if (!first) continue;
    int64_t lo = first, hi = kMaxPos;  // a record at or after lo; none at or after hi
    while (hi - lo > 1) {
      const int64_t mid = lo + (hi - lo) / 2;
      if (recordsAtOrAfter(fp.get(), index, tid, mid - 1, file.path, nullptr)) lo = mid;
      else hi = mid;
    }
    spans.push_back({tid, first, lo, &chrom});
    total += lo - first + 1;
  }
  if (spans.empty()) throw Error(file.path + ": the score file has no records");
  std::mt19937_64 rng(seed);  // raw engine output: the same draws with every standard library
  std::set<std::pair<int, int64_t>> taken;
  // What earlier queries showed: per sequence, site -> the lowest `from` whose
  // query found it (no site lies between). A draw landing there on a taken
  // site is skipped without a query: the same outcome, but a file with fewer
  // sites than asked for fails after about sites x log(gap) queries, not after
  // maxDraws of them (minutes for a large `records`; found by fuzzing).
  std::map<int, std::map<int64_t, int64_t>> known;
  std::vector<float> scores;
  const int64_t maxDraws = std::max<int64_t>(10000, records * 50);
  for (int64_t draw = 0; int64_t(scores.size()) < records && draw < maxDraws; ++draw) {
    if (stop && stop->load()) break;
    int64_t x = int64_t(rng() % uint64_t(total));
    size_t c = 0;
    while (x > spans[c].last - spans[c].first) {
      x -= spans[c].last - spans[c].first + 1;
      ++c;
    }
    const int64_t from = spans[c].first - 1 + x;
    std::map<int64_t, int64_t>& sites = known[spans[c].tid];
    const auto next = sites.upper_bound(from);  // the first known site after `from`
    if (next != sites.end() && next->second <= from) continue;  // taken, nothing between
    std::vector<float> site;
    const int64_t at = recordsAtOrAfter(fp.get(), index, spans[c].tid, from, file.path, &site);
    // The span's first and last records bound every draw, so a query that
    // finds nothing means the index and the rows disagree (e.g. a POS written
    // "0510072", which tabix reads as octal): an error, not a draw to retry
    // up to maxDraws times (found by fuzzing).
    if (!at)
      throw Error(file.path + ": the tabix index and the rows disagree near " + *spans[c].chrom + ":" +
                  std::to_string(from + 1) + " (a position with leading zeros?); write positions as "
                  "plain numbers and rebuild the index with tabix -s1 -b2 -e2");
    const auto seen = sites.emplace(at, from).first;
    seen->second = std::min(seen->second, from);
    if (!taken.insert({spans[c].tid, at}).second) continue;
    for (float v : site) scores.push_back(v);
  }
  if (int64_t(scores.size()) < records && !(stop && stop->load()))
    throw Error(file.path + ": found only " + std::to_string(scores.size()) + " records in " +
                std::to_string(maxDraws) + " random draws; ask for fewer");
  if (int64_t(scores.size()) > records) scores.resize(size_t(records));
  return scores;
}

}  // namespace gpnmsa
