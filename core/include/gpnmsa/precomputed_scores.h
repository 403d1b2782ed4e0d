// SPDX-License-Identifier: GPL-3.0-or-later
// The authors' precomputed scores, in either released layout:
// - GPN-MSA (`scores.tsv.bgz` + `.tbi`): headerless, bgzip-compressed,
//   tabix-indexed rows `chrom pos ref alt score`, chrom without "chr",
//   1-based pos, three rows per site; the score is the raw LLR.
// - GPN-Star (`songlab/gpn-star-scores`): one Parquet file per chromosome,
//   data/<score-set>/llr/llr_chr<C>.parquet (chrom, pos, ref, alt,
//   llr_calibrated, abs_llr_calibrated); the score is llr_calibrated (the
//   release holds no raw LLR). A folder, one shard, or an http(s) URL (a
//   shard, or a folder ending in "/") read in place.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gpnmsa/variant.h"

namespace gpnmsa {

class PrecomputedScores {
 public:
  enum class Layout { TabixText, GpnStarShards };

  // Opens the file and its tabix index, or (a folder, a path or URL ending
  // in ".parquet", a URL ending in "/") GPN-Star's score shards. Throws
  // gpnmsa::Error naming what is missing (file, index, shards) or wrong.
  static std::unique_ptr<PrecomputedScores> open(const std::string& path);
  ~PrecomputedScores();

  const std::string& path() const;
  Layout layout() const;
  // The file's chromosome names, as stored (shards: the chromosomes of the
  // shards found when opening; none for a URL folder).
  const std::vector<std::string>& chromosomes() const;

  // One row per input allele, in input order: status Ok with the published
  // score, or a status saying why there is none (not an SNV, unknown
  // chromosome, not_in_score_file, ref_mismatch when the file's REF differs).
  // Shards: a chromosome without a shard is not_in_score_file, a null score
  // too; a corrupt shard throws gpnmsa::Error naming the file and column.
  // Safe to call from several threads at once (each call keeps its own
  // cache of decoded row groups).
  std::vector<ScoredVariant> annotate(
      const std::vector<Variant>& variants,
      const std::function<void(int64_t, int64_t)>& progress = {},
      const std::atomic<bool>* stop = nullptr) const;

  // Method "sample" of a reference score distribution (score_distribution.h):
  // about `records` records read through the index. Repeatedly: a chromosome
  // by its span (first to last record), a uniform random position in it
  // (seeded std::mt19937_64), and every record (its SNVs) at the first
  // position at or after it that was not taken before; until `records` scores
  // (the last site may be cut). Returns the scores. Throws gpnmsa::Error when
  // the file runs out of positions or a row is malformed. Shards: distinct
  // rows drawn uniformly over all shards (ScoreShards::sample), their
  // llr_calibrated values.
  std::vector<float> sample(int64_t records, uint64_t seed, const std::atomic<bool>* stop = nullptr) const;

  struct Impl;

 private:
  explicit PrecomputedScores(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Writes scored SNVs in the same layout (chrom without "chr", sorted by
// chromosome in order of first appearance then position, `decimals` digits)
// with a tabix index beside it (`path`.tbi), atomically. Unscored rows are left
// out, as in the published file. Returns the number of rows written.
int64_t writeScoreFile(const std::string& path, const std::vector<ScoredVariant>& rows,
                       int decimals = 3);

// The same a chunk of rows at a time, in bounded memory: rows are sorted in
// runs of at most 131072 (GPNMSA_SORT_RUN_ROWS), runs beyond the first spill
// to unlinked temporary files beside `path` (".NAME.run-XXXXXX", gone at
// once from the directory) and are merged by commit(). The output is
// byte-identical to writeScoreFile() of all the rows. Without commit()
// nothing is left at `path` (an existing file keeps its content).
// Order::Sorted: the rows come sorted already (each chromosome's rows
// together, positions ascending: `gpnmsa score-region`), so they go straight
// into the bgzip stream as they come, no runs; a row out of order throws.
class ScoreFileWriter {
 public:
  enum class Order { Any, Sorted };
  explicit ScoreFileWriter(const std::string& path, int decimals = 3,
                           Order order = Order::Any);  // creates the temporary files now
  ~ScoreFileWriter();
  ScoreFileWriter(const ScoreFileWriter&) = delete;
  ScoreFileWriter& operator=(const ScoreFileWriter&) = delete;
  void add(const std::vector<ScoredVariant>& rows);  // keeps the scored ones
  int64_t commit();  // returns the number of rows written

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpnmsa
