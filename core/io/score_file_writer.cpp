// SPDX-License-Identifier: GPL-3.0-or-later
// Writing scores in the published scores.tsv.bgz layout, with a tabix index.
// Tabix needs the rows sorted; to keep memory bounded whatever the number of
// rows (issue 17, defect 8), rows are sorted in runs of bounded size, runs
// past the first are spilled to unlinked temporary files beside the output,
// and the runs are merged at the end (a k-way merge; a stable one, so the
// result is the one a single stable sort of all rows would give).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <queue>
#include <stdexcept>

#include "gpnmsa/atomic_file.h"
#include "gpnmsa/chrom_names.h"
#include "gpnmsa/error.h"
#include "gpnmsa/precomputed_scores.h"
#include "hts_handles.h"
#include "hts_log_capture.h"

namespace gpnmsa {

namespace {

struct Row {
  size_t chrom = 0;  // order of first appearance
  int64_t pos = 0;
  std::string line;  // the output line, '\n' included
};

bool before(const Row& a, const Row& b) { return a.chrom != b.chrom ? a.chrom < b.chrom : a.pos < b.pos; }

struct FileCloser {
  void operator()(FILE* f) const {
    if (f) std::fclose(f);
  }
};
using FilePtr = std::unique_ptr<FILE, FileCloser>;

// Rows per sorted run: 131072 (~10 MB), or GPNMSA_SORT_RUN_ROWS (tests).
size_t runRows() {
  const char* env = std::getenv("GPNMSA_SORT_RUN_ROWS");
  if (env && *env) {
    const long long n = std::atoll(env);
    if (n >= 1) return static_cast<size_t>(n);
  }
  return 131072;
}

// Runs merged at once; more are merged in groups first (file descriptors).
constexpr size_t kMergeWidth = 128;

}  // namespace

struct ScoreFileWriter::Impl {
  std::string path;
  int decimals = 3;
  AtomicFile out, index;
  std::map<std::string, size_t> chromOrder;
  std::vector<Row> buffer;
  std::vector<FilePtr> runs;  // sorted runs, in input order
  size_t runLimit = runRows();
  int64_t count = 0;
  // Order::Sorted: the open output and the last row's place.
  hts::BgzfPtr sortedOut;
  bool sortedOk = true;
  size_t lastChrom = 0;
  int64_t lastPos = 0;

  Impl(const std::string& p, int d) : path(p), decimals(d), out(p), index(p + ".tbi") {}

  void openSorted() {
    hts::LogCapture log;
    sortedOut.reset(bgzf_open(out.tempPath().c_str(), "w"));
    if (!sortedOut) throw Error("cannot write " + path + ": " + log.reason());
  }

  void addSorted(const Row& r) {
    if (count > 1 && (r.chrom < lastChrom || (r.chrom == lastChrom && r.pos < lastPos)))
      throw std::logic_error("ScoreFileWriter(Order::Sorted): a row of " + path + " out of order");
    lastChrom = r.chrom;
    lastPos = r.pos;
    if (bgzf_write(sortedOut.get(), r.line.data(), r.line.size()) != ssize_t(r.line.size())) sortedOk = false;
  }

  // A temporary file beside the output, unlinked at once: nothing is left
  // behind whatever ends the run.
  FilePtr tempFile() {
    const size_t slash = path.find_last_of('/');
    std::string name = (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "." +
                       path.substr(slash == std::string::npos ? 0 : slash + 1) + ".run-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw Error("cannot write " + path + ": a sort run beside it: " + std::strerror(errno));
    ::unlink(name.c_str());
    FilePtr f(::fdopen(fd, "w+"));
    if (!f) {
      ::close(fd);
      throw Error("cannot write " + path + ": " + std::strerror(errno));
    }
    return f;
  }

  void writeRun(FILE* f, const Row& r) {
    if (std::fprintf(f, "%zu\t%lld\t", r.chrom, static_cast<long long>(r.pos)) < 0 ||
        std::fwrite(r.line.data(), 1, r.line.size(), f) != r.line.size())
      throw Error("cannot write " + path + ": a sort run beside it: " + std::strerror(errno) + " (disk full?)");
  }

  void spill() {
    std::stable_sort(buffer.begin(), buffer.end(), before);
    FilePtr f = tempFile();
    for (const Row& r : buffer) writeRun(f.get(), r);
    if (std::fflush(f.get()) != 0) throw Error("cannot write " + path + ": a sort run beside it (disk full?)");
    runs.push_back(std::move(f));
    buffer.clear();
    buffer.shrink_to_fit();
  }

  // Merges `inputs` (rewound) in order, stably, into `emit`.
  template <typename Emit>
  void merge(std::vector<FilePtr>& inputs, Emit emit) {
    struct Head {
      Row row;
      size_t run;
    };
    auto later = [](const Head& a, const Head& b) {
      if (before(b.row, a.row)) return true;
      if (before(a.row, b.row)) return false;
      return a.run > b.run;  // ties: the earlier run first (stability)
    };
    std::priority_queue<Head, std::vector<Head>, decltype(later)> heap(later);
    char* buf = nullptr;
    size_t cap = 0;
    auto readRow = [&](size_t run, Row* r) {
      const ssize_t n = ::getline(&buf, &cap, inputs[run].get());
      if (n <= 0) return false;
      char* end = nullptr;
      r->chrom = std::strtoull(buf, &end, 10);
      r->pos = std::strtoll(end + 1, &end, 10);
      r->line.assign(end + 1, buf + n);
      return true;
    };
    for (size_t i = 0; i < inputs.size(); ++i) {
      std::rewind(inputs[i].get());
      Head h{{}, i};
      if (readRow(i, &h.row)) heap.push(std::move(h));
    }
    while (!heap.empty()) {
      Head h = heap.top();
      heap.pop();
      emit(h.row);
      if (readRow(h.run, &h.row)) heap.push(std::move(h));
    }
    std::free(buf);
    for (const FilePtr& f : inputs)
      if (std::ferror(f.get())) throw Error("cannot write " + path + ": reading a sort run back failed");
  }
};

ScoreFileWriter::ScoreFileWriter(const std::string& path, int decimals, Order order)
    : impl_(std::make_unique<Impl>(path, decimals)) {
  if (order == Order::Sorted) impl_->openSorted();
}

ScoreFileWriter::~ScoreFileWriter() = default;

void ScoreFileWriter::add(const std::vector<ScoredVariant>& rows) {
  Impl& s = *impl_;
  char buf[512];
  for (const ScoredVariant& r : rows) {
    if (!isScored(r.status)) continue;
    const std::string chrom = stripChrPrefix(r.variant.chrom);
    const size_t order = s.chromOrder.emplace(chrom, s.chromOrder.size()).first->second;
    const int n = std::snprintf(buf, sizeof buf, "%s\t%lld\t%s\t%s\t%.*f\n", chrom.c_str(),
                                (long long)r.variant.pos, r.variant.ref.c_str(), r.variant.alt.c_str(),
                                s.decimals, r.score);
    if (n <= 0 || n >= int(sizeof buf)) throw Error("writing " + s.path + " failed: a row too long for the layout");
    ++s.count;
    if (s.sortedOut) {
      s.addSorted(Row{order, r.variant.pos, std::string(buf, size_t(n))});
      continue;
    }
    s.buffer.push_back(Row{order, r.variant.pos, std::string(buf, size_t(n))});
    if (s.buffer.size() >= s.runLimit) s.spill();
  }
}

int64_t ScoreFileWriter::commit() {
  Impl& s = *impl_;
  hts::LogCapture log;
  errno = 0;
  hts::BgzfPtr fp(s.sortedOut ? s.sortedOut.release() : bgzf_open(s.out.tempPath().c_str(), "w"));
  if (!fp) throw Error("cannot write " + s.path + ": " + log.reason());
  bool ok = s.sortedOk;
  auto emit = [&](const Row& r) {
    if (bgzf_write(fp.get(), r.line.data(), r.line.size()) != ssize_t(r.line.size())) ok = false;
  };
  if (s.runs.empty()) {  // (Order::Sorted: the buffer is empty)
    std::stable_sort(s.buffer.begin(), s.buffer.end(), before);
    for (const Row& r : s.buffer) emit(r);
  } else {
    if (!s.buffer.empty()) s.spill();
    while (s.runs.size() > kMergeWidth) {  // merge the oldest runs into one, keeping run order
      std::vector<FilePtr> group;
      for (size_t i = 0; i < kMergeWidth; ++i) group.push_back(std::move(s.runs[i]));
      FilePtr merged = s.tempFile();
      s.merge(group, [&](const Row& r) { s.writeRun(merged.get(), r); });
      if (std::fflush(merged.get()) != 0) throw Error("cannot write " + s.path + ": a sort run (disk full?)");
      s.runs.erase(s.runs.begin(), s.runs.begin() + kMergeWidth);
      s.runs.insert(s.runs.begin(), std::move(merged));
    }
    s.merge(s.runs, emit);
  }
  if (hts::closeBgzf(fp) != 0 || !ok) throw Error(log.withMessages("writing " + s.path + " failed (disk full?)"));
  tbx_conf_t conf = tbx_conf_vcf;  // seq col 1, pos col 2; the end is pos too
  conf.preset = TBX_GENERIC;
  conf.sc = 1;
  conf.bc = 2;
  conf.ec = 2;
  conf.meta_char = '#';
  conf.line_skip = 0;
  if (tbx_index_build3(s.out.tempPath().c_str(), s.index.tempPath().c_str(), 0, 0, &conf) != 0)
    throw Error(log.withMessages("cannot build the tabix index for " + s.path));
  s.out.commit();
  s.index.commit();
  return s.count;
}

int64_t writeScoreFile(const std::string& path, const std::vector<ScoredVariant>& rows, int decimals) {
  ScoreFileWriter writer(path, decimals);
  writer.add(rows);
  return writer.commit();
}

}  // namespace gpnmsa
