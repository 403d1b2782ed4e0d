// SPDX-License-Identifier: GPL-3.0-or-later
// libBigWig is built with curl in Debian; gpnmsa reads and writes local
// files only, so its header is used without the curl types.
#define NOCURL
#include <bigWig.h>

#include "gpnmsa/bigwig_file.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "gpnmsa/atomic_file.h"
#include "gpnmsa/chrom_names.h"
#include "gpnmsa/error.h"

namespace gpnmsa {

namespace {

void initLibBigWig() {
  static std::once_flag once;
  std::call_once(once, [] { bwInit(1 << 17); });
}

struct BwCloser {
  void operator()(bigWigFile_t* f) const {
    if (f) bwClose(f);
  }
};
using BwPtr = std::unique_ptr<bigWigFile_t, BwCloser>;

BwPtr openForReading(const std::string& path) {
  initLibBigWig();
  if (!bwIsBigWig(path.c_str(), nullptr)) throw Error(path + ": not a bigWig file (or unreadable)");
  BwPtr f(bwOpen(path.c_str(), nullptr, "r"));
  if (!f) throw Error("cannot read the bigWig " + path);
  return f;
}

// Values are written in runs of consecutive positions (span 1, step 1).
constexpr size_t kRunValues = 1 << 16;

}  // namespace

std::string ucscChromName(const std::string& chrom) {
  const std::string bare = stripChrPrefix(chrom);
  if (bare == "MT" || bare == "M") return "chrM";
  return "chr" + bare;
}

struct BigWigWriter::Impl {
  std::string path;
  AtomicFile file;
  BwPtr fp;
  std::map<std::string, size_t> order;  // chromosome -> index in the list
  // The run being collected: chromosome, first 0-based position, values.
  std::string runChrom;
  size_t lastChromIndex = 0;
  int64_t runStart = -1, lastPos = -1;
  std::vector<float> run;

  explicit Impl(const std::string& p) : path(p), file(p) {}

  void flush() {
    if (run.empty()) return;
    if (bwAddIntervalSpanSteps(fp.get(), runChrom.c_str(), uint32_t(runStart), 1, 1, run.data(),
                               uint32_t(run.size())) != 0)
      throw Error("writing " + path + " failed (disk full?)");
    runStart += int64_t(run.size());
    run.clear();
  }
};

BigWigWriter::BigWigWriter(const std::string& path,
                           const std::vector<std::pair<std::string, uint32_t>>& chromosomes)
    : impl_(std::make_unique<Impl>(path)) {
  initLibBigWig();
  Impl& s = *impl_;
  for (size_t i = 0; i < chromosomes.size(); ++i) {
    if (i > 0 && !(chromosomes[i - 1].first < chromosomes[i].first))
      throw std::logic_error("BigWigWriter: chromosomes not in name order");
    s.order[chromosomes[i].first] = i;
  }
  s.fp.reset(bwOpen(s.file.tempPath().c_str(), nullptr, "w"));
  if (!s.fp) throw Error("cannot write " + path);
  std::vector<const char*> names;
  std::vector<uint32_t> lengths;
  for (const auto& [name, length] : chromosomes) {
    names.push_back(name.c_str());
    lengths.push_back(length);
  }
  if (bwCreateHdr(s.fp.get(), 10) != 0) throw Error("cannot write " + path + ": bigWig header");
  s.fp->cl = bwCreateChromList(names.data(), lengths.data(), int64_t(names.size()));
  if (!s.fp->cl || bwWriteHdr(s.fp.get()) != 0) throw Error("cannot write " + path + " (disk full?)");
}

BigWigWriter::~BigWigWriter() = default;

void BigWigWriter::add(const std::string& chrom, int64_t pos, float value) {
  Impl& s = *impl_;
  const int64_t p0 = pos - 1;
  if (chrom != s.runChrom || p0 != s.runStart + int64_t(s.run.size()) || s.run.size() >= kRunValues) {
    s.flush();
    if (chrom != s.runChrom) {
      const auto it = s.order.find(chrom);
      if (it == s.order.end() || (!s.runChrom.empty() && it->second < s.lastChromIndex))
        throw std::logic_error("BigWigWriter: chromosome " + chrom + " unlisted or out of order");
      s.lastChromIndex = it->second;
      s.lastPos = -1;
    }
    if (p0 <= s.lastPos) throw std::logic_error("BigWigWriter: positions out of order");
    s.runChrom = chrom;
    s.runStart = p0;
  }
  s.run.push_back(value);
  s.lastPos = p0;
}

void BigWigWriter::commit() {
  Impl& s = *impl_;
  s.flush();
  bigWigFile_t* f = s.fp.release();
  bwClose(f);  // writes the index and zoom levels; reports nothing
  // Read the result back: a full disk shows here, not in bwClose.
  try {
    (void)openForReading(s.file.tempPath());
  } catch (const Error&) {
    throw Error("writing " + s.path + " failed (disk full?)");
  }
  s.file.commit();
}

std::vector<std::pair<int64_t, float>> readBigWigValues(const std::string& path, const std::string& chrom) {
  BwPtr f = openForReading(path);
  std::vector<std::pair<int64_t, float>> out;
  const chromList_t* cl = f->cl;
  for (int64_t i = 0; i < cl->nKeys; ++i) {
    if (chrom != cl->chrom[i]) continue;
    bwOverlappingIntervals_t* iv = bwGetValues(f.get(), cl->chrom[i], 0, cl->len[i], 0);
    if (!iv) throw Error("cannot read " + chrom + " of the bigWig " + path);
    for (uint32_t k = 0; k < iv->l; ++k) out.emplace_back(int64_t(iv->start[k]) + 1, iv->value[k]);
    bwDestroyOverlappingIntervals(iv);
  }
  return out;
}

void mergeBigWigs(const std::vector<std::string>& inputs, const std::string& output) {
  std::vector<BwPtr> files;
  std::map<std::string, uint32_t> lengths;  // name order, as the writer wants
  for (const std::string& path : inputs) {
    files.push_back(openForReading(path));
    const chromList_t* cl = files.back()->cl;
    for (int64_t i = 0; i < cl->nKeys; ++i) {
      const auto [it, added] = lengths.emplace(cl->chrom[i], cl->len[i]);
      if (!added && it->second != cl->len[i])
        throw Error(path + ": chromosome " + it->first + " has length " + std::to_string(cl->len[i]) +
                    ", not " + std::to_string(it->second) + " as in an earlier input");
    }
  }
  BigWigWriter out(output, std::vector<std::pair<std::string, uint32_t>>(lengths.begin(), lengths.end()));
  for (const auto& [chrom, length] : lengths) {
    int64_t last = 0;  // last 1-based position written
    for (size_t i = 0; i < files.size(); ++i) {
      if (bwGetTid(files[i].get(), chrom.c_str()) == uint32_t(-1)) continue;
      bwOverlappingIntervals_t* iv = bwGetOverlappingIntervals(files[i].get(), chrom.c_str(), 0, length);
      if (!iv) continue;  // listed without values
      for (uint32_t k = 0; k < iv->l; ++k) {
        for (uint32_t p = iv->start[k]; p < iv->end[k]; ++p) {
          if (int64_t(p) + 1 <= last) {
            bwDestroyOverlappingIntervals(iv);
            throw Error(inputs[i] + ": " + chrom + ":" + std::to_string(p + 1) +
                        " overlaps or comes before the earlier inputs' values (give the chunks in position order)");
          }
          out.add(chrom, int64_t(p) + 1, iv->value[k]);
          last = int64_t(p) + 1;
        }
      }
      bwDestroyOverlappingIntervals(iv);
    }
  }
  out.commit();
}

}  // namespace gpnmsa
