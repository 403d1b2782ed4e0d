// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: GPN-Star's released precomputed scores, one Parquet file per
// chromosome (`songlab/gpn-star-scores`: data/<score-set>/llr/llr_chr<C>.parquet,
// columns chrom, pos (1-based, sorted), ref, alt, llr_calibrated,
// abs_llr_calibrated; three rows per covered position). Looked up by
// (chrom, pos): the row groups whose pos statistics cover the position are
// decoded, nothing else, and the last two decoded row groups are kept (a
// Cursor per caller), so a sorted VCF reads each row group once and memory
// stays at a row group whatever the chromosome's size. Local folders and
// files, and http(s) URLs read in place (range requests). Used by
// PrecomputedScores (precomputed_scores.h); not installed.
#pragma once
#include <atomic>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gpnmsa/chrom_names.h"
#include "parquet_file.h"

namespace gpnmsa::detail {

// True when `path` names shards rather than a bgzip + tabix score file: a
// local folder, a file or URL ending in ".parquet", or a URL ending in "/".
bool isScoreShardPath(const std::string& path);

class ScoreShards {
 public:
  // One LLR shard, opened (footer read) on first use.
  struct Shard {
    std::string path;
    std::string chrom;  // as in the file name (no "chr")
    std::unique_ptr<parquet::ParquetFile> file;
    int pos = -1, chrom_ = -1, ref = -1, alt = -1, llr = -1, absLlr = -1;  // column indices (-1: absent)
    std::vector<std::pair<int64_t, int64_t>> groupPos;  // each row group's pos min/max (full range without statistics)
  };

  // What a lookup found. Scores are NaN where the file has a null.
  struct Hit {
    enum class Kind { Found, NoShard, NoRow, RefMismatch };
    Kind kind = Kind::NoRow;
    float llrCalibrated = NAN;
    float absLlrCalibrated = NAN;
    std::string fileRef;     // the shard's REF at the position (RefMismatch)
    std::string shardPath;   // the file looked in (or that would be, for NoShard)
  };

  // Keeps the last decoded row groups of one caller (not thread-safe; one
  // per thread or per annotate call).
  class Cursor {
   public:
    struct Group {
      const Shard* shard = nullptr;
      int index = -1;
      std::vector<int64_t> pos;
      std::string ref, alt;  // one base per row ('?' where the shard has more or less)
      std::vector<float> llr, absLlr;  // NaN for nulls
    };
    const Group& load(const Shard& shard, int group);
    int64_t groupsDecoded() const { return decoded_; }

   private:
    Group slots_[2];
    int next_ = 0;
    int64_t decoded_ = 0;
  };

  // Opens a folder (data/<set>/, its llr/ folder, a folder of llr_chr*.parquet
  // files, or a gpn-star-scores checkout with one score set under data/), one
  // shard file, or a URL (a shard, or a folder ending in "/" whose shards are
  // found by name). Throws gpnmsa::Error saying what was expected.
  explicit ScoreShards(const std::string& path);

  const std::string& path() const { return path_; }
  // Chromosomes with a shard, as in the file names (a URL folder: those found so far).
  std::vector<std::string> chromosomes() const;

  // A cursor kept from an earlier call (its row groups still decoded), or a
  // new one; give it back with release() for the next caller.
  std::unique_ptr<Cursor> acquireCursor() const;
  void releaseCursor(std::unique_ptr<Cursor> cursor) const;

  // `records` llr_calibrated values of distinct rows drawn uniformly (seeded
  // std::mt19937_64) over every shard's rows, nulls skipped: a reference
  // score distribution. Needs the list of shards (a local folder or file, or
  // one shard's URL). Throws gpnmsa::Error when the shards hold fewer values.
  std::vector<float> sample(int64_t records, uint64_t seed, const std::atomic<bool>* stop) const;

  // (chrom as the user wrote it, 1-based pos, upper-case single-base ref and alt).
  // Throws gpnmsa::Error naming the file and column on a corrupt shard.
  Hit lookup(Cursor& cursor, const std::string& chrom, int64_t pos, const std::string& ref,
             const std::string& alt) const;

 private:
  // The shard for a user's chromosome name, opened; nullptr when there is none.
  const Shard* shardFor(const std::string& chrom, std::string* expectedPath) const;
  void openShard(Shard& shard) const;

  std::string path_;
  bool remoteFolder_ = false;
  std::string remoteBase_;  // URL without the trailing "/"
  mutable std::mutex mutex_;
  // Local: every shard found when opening, keyed by chromosome (no "chr").
  // URL folder: filled as chromosomes are looked up (nullptr = 404).
  mutable std::map<std::string, std::unique_ptr<Shard>> shards_;
  ChromResolver names_;  // over the local shards' chromosomes
  mutable std::vector<std::unique_ptr<Cursor>> idleCursors_;  // under mutex_
};

}  // namespace gpnmsa::detail
