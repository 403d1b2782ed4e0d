// SPDX-License-Identifier: GPL-3.0-or-later
#include "score_shards.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <random>
#include <set>

#include "../store/random_access_file.h"
#include "gpnmsa/error.h"
#include "gpnmsa/text.h"

namespace gpnmsa::detail {
namespace fs = std::filesystem;

namespace {

const std::string kPrefix = "llr_chr", kSuffix = ".parquet";

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// "llr_chr22.parquet" -> "22"; "" for any other name.
std::string chromOfShardName(const std::string& name) {
  if (name.size() <= kPrefix.size() + kSuffix.size() || name.compare(0, kPrefix.size(), kPrefix) != 0 ||
      !endsWith(name, kSuffix))
    return {};
  return name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
}

std::string fileName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool hasShards(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (!chromOfShardName(e.path().filename().string()).empty()) return true;
  return false;
}

// The folder holding llr_chr*.parquet for a folder the user named (see the
// constructor's comment); "" with `why` set when there is none.
fs::path llrFolder(const fs::path& dir, std::string* why) {
  std::error_code ec;
  if (fs::is_directory(dir / "llr", ec) && hasShards(dir / "llr")) return dir / "llr";
  if (hasShards(dir)) return dir;
  if (fs::is_directory(dir / "data", ec)) {
    std::vector<fs::path> sets;
    for (const auto& e : fs::directory_iterator(dir / "data", ec))
      if (e.is_directory() && hasShards(e.path() / "llr")) sets.push_back(e.path());
    std::sort(sets.begin(), sets.end());
    if (sets.size() == 1) return sets[0] / "llr";
    if (sets.size() > 1) {
      *why = "it holds several score sets; choose one of";
      for (const fs::path& s : sets) *why += " " + s.string();
      return {};
    }
  }
  *why = "no llr_chr<chrom>.parquet files in it, nor in its llr/ folder (the released layout is "
         "data/<score-set>/llr/llr_chr1.parquet ...)";
  return {};
}

}  // namespace

bool isScoreShardPath(const std::string& path) {
  if (endsWith(toLowerAscii(path), kSuffix)) return true;
  if (store::isUrl(path)) return endsWith(path, "/");
  std::error_code ec;
  return fs::is_directory(path, ec);
}

ScoreShards::ScoreShards(const std::string& path) : path_(path) {
  if (store::isUrl(path) && endsWith(path, "/")) {
    remoteFolder_ = true;
    remoteBase_ = path.substr(0, path.size() - 1);
    return;
  }
  std::vector<std::unique_ptr<Shard>> found;
  if (store::isUrl(path) || !fs::is_directory(path)) {
    // One shard: its chromosome from the file name, else from its first row.
    if (fileName(path).compare(0, 11, "entropy_chr") == 0)
      throw Error(path + ": an entropy shard; give the LLR shard (llr/llr_chr<C>.parquet) or the score-set folder");
    auto shard = std::make_unique<Shard>();
    shard->path = path;
    shard->chrom = chromOfShardName(fileName(path));
    openShard(*shard);
    if (shard->chrom.empty()) {
      if (shard->file->rowCount() == 0) throw Error(path + ": the shard has no rows (and its name says no chromosome)");
      int g = 0;
      while (shard->file->rowGroupRows(g) == 0) ++g;
      const auto c = shard->file->readStrings(g, shard->chrom_);
      shard->chrom = stripChrPrefix(c.values.at(0));
    }
    found.push_back(std::move(shard));
  } else {
    std::string why;
    const fs::path dir = llrFolder(path, &why);
    if (dir.empty()) throw Error(path + ": not a folder of GPN-Star score shards: " + why);
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string chrom = chromOfShardName(e.path().filename().string());
      if (chrom.empty()) continue;
      auto shard = std::make_unique<Shard>();
      shard->path = e.path().string();
      shard->chrom = chrom;
      found.push_back(std::move(shard));
    }
    // Footers are read on first use: a VCF of one chromosome opens one file.
  }
  std::vector<std::string> names;
  for (auto& s : found) {
    names.push_back(s->chrom);
    shards_[s->chrom] = std::move(s);
  }
  names_ = ChromResolver(std::move(names));
}

std::vector<std::string> ScoreShards::chromosomes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [chrom, shard] : shards_)
    if (shard) out.push_back(chrom);
  return out;
}

void ScoreShards::openShard(Shard& s) const {
  s.file = parquet::ParquetFile::open(s.path);
  const parquet::ParquetFile& f = *s.file;
  // columnIndex throws "PATH: no column 'pos' (columns: ...)".
  s.pos = f.columnIndex("pos");
  s.chrom_ = f.columnIndex("chrom");
  s.ref = f.columnIndex("ref");
  s.alt = f.columnIndex("alt");
  s.llr = f.columnIndex("llr_calibrated");
  for (size_t c = 0; c < f.columns().size(); ++c)
    if (f.columns()[c].name == "abs_llr_calibrated") s.absLlr = int(c);
  using parquet::PhysicalType;
  const auto type = [&](int c) { return f.columns()[size_t(c)].type; };
  const auto require = [&](int c, bool ok, const char* what) {
    if (!ok)
      throw Error(s.path + ": column '" + f.columns()[size_t(c)].name + "' is " + parquet::typeName(type(c)) +
                  ", expected " + what + " (the GPN-Star score shard layout)");
  };
  require(s.pos, type(s.pos) == PhysicalType::Int64 || type(s.pos) == PhysicalType::Int32, "an integer");
  for (int c : {s.chrom_, s.ref, s.alt}) require(c, type(c) == PhysicalType::ByteArray, "a string");
  for (int c : {s.llr, s.absLlr})
    if (c >= 0) require(c, type(c) == PhysicalType::Float || type(c) == PhysicalType::Double, "a float");
  for (int g = 0; g < f.rowGroupCount(); ++g) {
    const parquet::ChunkStatistics st = f.statistics(g, s.pos);
    if (st.minInt && st.maxInt) s.groupPos.emplace_back(*st.minInt, *st.maxInt);
    else s.groupPos.emplace_back(std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
  }
}

const ScoreShards::Shard* ScoreShards::shardFor(const std::string& chrom, std::string* expected) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (remoteFolder_) {
    const std::string key = stripChrPrefix(chrom);
    auto it = shards_.find(key);
    if (it == shards_.end()) {
      // The release's layout first (base = data/<set>/), then a flat folder.
      std::unique_ptr<Shard> shard;
      for (const std::string& candidate : {remoteBase_ + "/llr/" + kPrefix + key + kSuffix,
                                           remoteBase_ + "/" + kPrefix + key + kSuffix}) {
        try {
          auto s = std::make_unique<Shard>();
          s->path = candidate;
          s->chrom = key;
          openShard(*s);
          shard = std::move(s);
          break;
        } catch (const store::RemoteFileNotFound&) {
        }
      }
      it = shards_.emplace(key, std::move(shard)).first;
    }
    if (!it->second) *expected = remoteBase_ + "/llr/" + kPrefix + key + kSuffix;
    return it->second.get();
  }
  const auto stored = names_.resolve(chrom);
  if (!stored) {
    *expected = kPrefix + stripChrPrefix(chrom) + kSuffix;
    return nullptr;
  }
  Shard& shard = *shards_.at(*stored);
  if (!shard.file) openShard(shard);
  return &shard;
}

std::unique_ptr<ScoreShards::Cursor> ScoreShards::acquireCursor() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (idleCursors_.empty()) return std::make_unique<Cursor>();
  auto c = std::move(idleCursors_.back());
  idleCursors_.pop_back();
  return c;
}

void ScoreShards::releaseCursor(std::unique_ptr<Cursor> cursor) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (cursor && idleCursors_.size() < 4) idleCursors_.push_back(std::move(cursor));
}

const ScoreShards::Cursor::Group& ScoreShards::Cursor::load(const Shard& shard, int group) {
  for (const Group& g : slots_)
    if (g.shard == &shard && g.index == group) return g;
  Group& g = slots_[next_];
  next_ = 1 - next_;
  g = Group{};
  const parquet::ParquetFile& f = *shard.file;
  const auto where = [&](int column) {
    return shard.path + ": row group " + std::to_string(group) + ", column '" +
           f.columns()[size_t(column)].name + "'";
  };
  auto pos = f.readInts(group, shard.pos);
  for (size_t i = 0; i < pos.values.size(); ++i) {
    if (!pos.valid[i]) throw Error(where(shard.pos) + ": null position in row " + std::to_string(i));
    if (i && pos.values[i] < pos.values[i - 1])
      throw Error(where(shard.pos) + ": rows not sorted by position (" + std::to_string(pos.values[i - 1]) +
                  " before " + std::to_string(pos.values[i]) + ")");
  }
  // The chromosome column holds one value: its statistics say which, else
  // (a writer without them) the values are read.
  const parquet::ChunkStatistics cs = f.statistics(group, shard.chrom_);
  const bool oneChrom = cs.minString && cs.maxString && *cs.minString == *cs.maxString &&
                        cs.nullCount.value_or(-1) == 0 && stripChrPrefix(*cs.minString) == shard.chrom;
  if (!oneChrom) {
    const auto chrom = f.readStrings(group, shard.chrom_);
    for (size_t i = 0; i < chrom.values.size(); ++i)
      if (!chrom.valid[i] || stripChrPrefix(chrom.values[i]) != shard.chrom)
        throw Error(where(shard.chrom_) + ": chromosome '" + (chrom.valid[i] ? chrom.values[i] : "null") +
                    "' in the shard of chromosome " + shard.chrom);
  }
  const auto bases = [&](int column, std::string* out) {
    const auto v = f.readStrings(group, column);
    out->resize(v.values.size());
    for (size_t i = 0; i < v.values.size(); ++i)
      (*out)[i] = v.valid[i] && v.values[i].size() == 1 ? toUpperAscii(v.values[i][0]) : '?';
  };
  bases(shard.ref, &g.ref);
  bases(shard.alt, &g.alt);
  const auto llr = f.readDoubles(group, shard.llr);
  g.pos = std::move(pos.values);
  g.llr.resize(llr.values.size());
  for (size_t i = 0; i < llr.values.size(); ++i) g.llr[i] = llr.valid[i] ? float(llr.values[i]) : NAN;
  g.absLlr.assign(g.llr.size(), NAN);
  if (shard.absLlr >= 0) {
    const auto abs = f.readDoubles(group, shard.absLlr);
    for (size_t i = 0; i < abs.values.size(); ++i)
      if (abs.valid[i]) g.absLlr[i] = float(abs.values[i]);
  }
  g.shard = &shard;
  g.index = group;
  ++decoded_;
  return g;
}

std::vector<float> ScoreShards::sample(int64_t records, uint64_t seed, const std::atomic<bool>* stop) const {
  if (remoteFolder_)
    throw Error(path_ + ": a folder URL does not list its shards; sample from a local folder or one shard's URL");
  // Every (shard, row group) with the index of its first row over all shards.
  std::vector<std::pair<const Shard*, int>> groups;
  std::vector<int64_t> firstRow;
  int64_t total = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [chrom, shard] : shards_) {
      if (!shard->file) openShard(*shard);
      for (int g = 0; g < shard->file->rowGroupCount(); ++g) {
        groups.emplace_back(shard.get(), g);
        firstRow.push_back(total);
        total += shard->file->rowGroupRows(g);
      }
    }
  }
  std::mt19937_64 rng(seed);  // raw engine output: the same draws with every standard library
  std::set<int64_t> drawn;
  std::vector<float> values;
  Cursor cursor;
  while (int64_t(values.size()) < records && int64_t(drawn.size()) < total) {
    if (stop && stop->load()) break;
    // A batch of new rows, visited in file order: each row group decoded once.
    std::vector<int64_t> batch;
    const int64_t want = std::min(records - int64_t(values.size()), total - int64_t(drawn.size()));
    while (int64_t(batch.size()) < want) {
      const int64_t row = int64_t(rng() % uint64_t(total));
      if (drawn.insert(row).second) batch.push_back(row);
    }
    std::sort(batch.begin(), batch.end());
    for (int64_t row : batch) {
      const size_t k = size_t(std::upper_bound(firstRow.begin(), firstRow.end(), row) - firstRow.begin() - 1);
      const Cursor::Group& g = cursor.load(*groups[k].first, groups[k].second);
      const float v = g.llr.at(size_t(row - firstRow[k]));
      if (std::isfinite(v)) values.push_back(v);
    }
  }
  if (int64_t(values.size()) < records && !(stop && stop->load()))
    throw Error(path_ + ": the score shards hold only " + std::to_string(values.size()) +
                " scores; ask for fewer");
  if (int64_t(values.size()) > records) values.resize(size_t(records));
  return values;
}

ScoreShards::Hit ScoreShards::lookup(Cursor& cursor, const std::string& chrom, int64_t pos, const std::string& ref,
                                     const std::string& alt) const {
  Hit hit;
  const Shard* shard = shardFor(chrom, &hit.shardPath);
  if (!shard) {
    hit.kind = Hit::Kind::NoShard;
    return hit;
  }
  hit.shardPath = shard->path;
  // A position's three rows may straddle two row groups: look in each that
  // covers it (by statistics; a group without them is always read).
  for (int g = 0; g < int(shard->groupPos.size()); ++g) {
    if (pos < shard->groupPos[size_t(g)].first || pos > shard->groupPos[size_t(g)].second) continue;
    const Cursor::Group& rows = cursor.load(*shard, g);
    const auto range = std::equal_range(rows.pos.begin(), rows.pos.end(), pos);
    for (auto it = range.first; it != range.second; ++it) {
      const size_t i = size_t(it - rows.pos.begin());
      hit.fileRef = std::string(1, rows.ref[i]);
      if (ref.size() == 1 && alt.size() == 1 && rows.ref[i] == ref[0] && rows.alt[i] == alt[0]) {
        hit.kind = Hit::Kind::Found;
        hit.llrCalibrated = rows.llr[i];
        hit.absLlrCalibrated = rows.absLlr[i];
        return hit;
      }
    }
  }
  hit.kind = !hit.fileRef.empty() && hit.fileRef != ref ? Hit::Kind::RefMismatch : Hit::Kind::NoRow;
  return hit;
}

}  // namespace gpnmsa::detail
