// SPDX-License-Identifier: GPL-3.0-or-later
// MAF -> Zarr v2 alignment store. Species bases are gathered per chromosome in
// a sparse, memory-mapped scratch matrix (rows x (1+S) bytes, 0 = unset) so
// memory stays bounded whatever the MAF size and block order; the store is
// then written chunk by chunk.
#include "gpnmsa/maf_import.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>
#include <unordered_map>

#include "../io/hts_handles.h"
#include "../io/hts_log_capture.h"
#include "../io/text_fields.h"
#include "gpnmsa/chrom_names.h"
#include "gpnmsa/error.h"
#include "gpnmsa/text.h"
#include "gpnmsa/tokens.h"
#include "zarr_writer.h"

namespace fs = std::filesystem;

namespace gpnmsa {
namespace {

struct SLine {
  std::string src, assembly;
  int64_t start = 0, size = 0, srcSize = 0;
  char strand = '+';
  std::string text;
  int64_t line = 0;
};

// One chromosome's scratch matrix.
struct Scratch {
  std::string mafName, name;
  std::string fastaName;  // the reference FASTA's spelling of it, if any
  int64_t length = 0;
  int columns = 0;
  std::string path;
  int fd = -1;
  char* data = nullptr;
  std::size_t bytes = 0;
  int64_t covered = 0;
  ~Scratch() {
    if (data && bytes) munmap(data, bytes);
    if (fd >= 0) ::close(fd);
    if (!path.empty()) ::unlink(path.c_str());
  }
};


bool parseInt(const std::string& s, int64_t& out) {
  if (s.empty() || s.size() > 18) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

std::vector<std::string> splitWs(const char* s) {
  std::vector<std::string> out;
  const char* p = s;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == '\r') ++p;
    if (!*p) break;
    const char* q = p;
    while (*q && *q != ' ' && *q != '\t' && *q != '\r') ++q;
    out.emplace_back(p, q);
    p = q;
  }
  return out;
}

class Importer {
 public:
  explicit Importer(const MafImportOptions& o) : opt_(o) {}

  MafImportResult run() {
    if (opt_.mafs.empty()) throw Error("import-maf: no MAF file given");
    if (opt_.species.empty()) throw Error("import-maf: the species list is empty");
    if (opt_.refPrefix.empty()) throw Error("import-maf: the reference prefix is empty");
    if (opt_.output.empty()) throw Error("import-maf: no output store given");
    if (opt_.offset < 0 || opt_.length < 0) throw Error("import-maf: negative offset or length");
    for (std::size_t i = 0; i < opt_.species.size(); ++i) {
      if (!speciesIndex_.emplace(opt_.species[i], int(i)).second) {
        throw Error("import-maf: species '" + opt_.species[i] + "' is listed twice");
      }
    }
    columns_ = 1 + int(opt_.species.size());
    chromFilter_ = ChromResolver(opt_.chromosomes);
    for (const auto& f : opt_.mafs) {
      struct stat st {};
      if (::stat(f.c_str(), &st) != 0) throw Error(f + ":0: cannot open MAF: " + std::strerror(errno));
      totalBytes_ += st.st_size;
    }
    // The writer owns the temp dir; scratch matrices (and a FASTA index the
    // FASTA lacks) live inside it.
    writer_ = std::make_unique<store::ZarrStoreWriter>(opt_.output);
    if (!opt_.referenceFasta.empty()) openFasta();
    for (const auto& f : opt_.mafs) readMaf(f);
    requireData();

    std::vector<Scratch*> order;
    for (auto& s : scratch_) order.push_back(s.get());
    std::sort(order.begin(), order.end(), [](const Scratch* a, const Scratch* b) {
      return a->name < b->name;
    });
    for (Scratch* s : order) writeArray(*s);
    scratch_.clear();
    writer_->commit();
    return std::move(result_);
  }

 private:
  // A store with no data is useless: say why instead of writing it.
  void requireData() const {
    if (result_.blocksUsed > 0) return;
    std::string files;
    for (const auto& f : opt_.mafs) files += (files.empty() ? "" : ", ") + f;
    if (result_.blocks == 0) {
      throw Error(files + ": no alignment blocks ('a' lines): nothing to import (empty, or not a MAF file?)");
    }
    const std::string counts = std::to_string(result_.blocks) + " block(s) read";
    if (result_.blocksOtherChromosomes > 0) {
      std::string wanted;
      for (const auto& c : opt_.chromosomes) wanted += (wanted.empty() ? "" : ", ") + c;
      throw Error(files + ": no block on the requested chromosome(s) " + wanted + " (" + counts + ", " +
                  std::to_string(result_.blocksOtherChromosomes) + " on other chromosomes)");
    }
    std::string seen;
    for (const auto& a : assembliesSeen_) seen += (seen.empty() ? "" : ", ") + a;
    if (assembliesSeen_.size() >= kMaxAssembliesListed) seen += ", ...";
    std::string dropped;
    if (result_.blocksMalformedReference > 0) {
      dropped = ", " + std::to_string(result_.blocksMalformedReference) + " dropped for a malformed reference row";
    }
    throw Error(files + ": no block has a reference row '" + opt_.refPrefix + ".<chrom>' (" + counts + dropped +
                "; assemblies seen: " + seen + "): check the reference prefix (--ref-prefix)");
  }

  // Uses the FASTA's own index if it has one; otherwise builds one in the
  // output's temporary directory — never beside the input, which may be
  // read-only or shared — and deletes it once it is loaded into memory.
  void openFasta() {
    const std::string& fa = opt_.referenceFasta;
    {
      hts::LogCapture quiet;  // a missing index is not an error here
      fai_.reset(fai_load3(fa.c_str(), nullptr, nullptr, 0));
    }
    if (!fai_) {
      hts::LogCapture log;
      const std::string fai = writer_->tempPath() + "/.reference.fai";
      const std::string gzi = writer_->tempPath() + "/.reference.gzi";
      fai_.reset(fai_load3(fa.c_str(), fai.c_str(), gzi.c_str(), FAI_CREATE));
      ::unlink(fai.c_str());
      ::unlink(gzi.c_str());
      if (!fai_) {
        throw Error(fa + ": cannot open or index the reference FASTA: " + log.reason() +
                    " (plain or bgzip FASTA expected)");
      }
    }
    std::vector<std::string> names;
    for (int i = 0; i < faidx_nseq(fai_.get()); ++i) names.emplace_back(faidx_iseq(fai_.get(), i));
    fastaNames_ = ChromResolver(std::move(names));
  }

  void checkStop() {
    if (opt_.stop && opt_.stop->load()) throw Error("import-maf: cancelled");
  }

  [[noreturn]] void fail(const std::string& file, int64_t line, const std::string& msg) {
    throw Error(file + ":" + std::to_string(line) + ": " + msg);
  }

  // The summary's names for the three ways a row can contradict itself.
  static constexpr const char* kReasonSize = "size differs from the text's bases";
  static constexpr const char* kReasonStrand = "unknown strand";
  static constexpr const char* kReasonSrcSize = "start + size beyond srcSize";

  bool isReferenceRow(const SLine& l) const {
    return l.src.compare(0, opt_.refPrefix.size() + 1, opt_.refPrefix + ".") == 0;
  }

  // Records a malformed row and returns true (skip it), or, with strict,
  // throws naming the file and line.
  bool malformedRow(const std::string& file, int64_t line, const SLine& l, const char* reason,
                    const std::string& detail) {
    if (opt_.strict) fail(file, line, "malformed 's' row for " + l.src + ": " + detail + " (--strict)");
    auto& m = result_.malformed;
    ++m.total;
    ++m.byReason[reason];
    ++m.bySpecies[l.assembly];
    if (m.first.size() < m.kMaxListed) m.first.push_back(file + ":" + std::to_string(line) + ": " + detail);
    return true;
  }

  void readMaf(const std::string& file) {
    text::Lines in(file);
    std::vector<SLine> block;
    int64_t blockLine = 0;
    bool inBlock = false;
    bool blockHadMalformedReference = false;
    auto flush = [&]() {
      if (inBlock) processBlock(file, blockLine, block, blockHadMalformedReference);
      block.clear();
      inBlock = false;
      blockHadMalformedReference = false;
    };
    std::string_view line;
    while (in.next(&line)) {
      const int64_t lineNo = in.lineNo();
      if ((lineNo & 0xFFF) == 0) {
        checkStop();
        if (opt_.progress) opt_.progress(doneBytes_ + in.compressedOffset(), totalBytes_);
      }
      const char* s = line.data();
      std::size_t len = line.size();
      while (len && (s[len - 1] == '\r')) --len;
      if (len == 0 || std::all_of(s, s + len, [](char c) { return c == ' ' || c == '\t' || c == '\r'; })) {
        flush();
        continue;
      }
      if (s[0] == '#') continue;
      if (len >= 5 && std::strncmp(s, "track", 5) == 0 && (len == 5 || s[5] == ' ' || s[5] == '\t')) continue;
      const char kind = s[0];
      if (len > 1 && s[1] != ' ' && s[1] != '\t') fail(file, lineNo, "unknown MAF line '" + std::string(s, std::min<std::size_t>(len, 40)) + "'");
      if (kind == 'a') {
        flush();
        inBlock = true;
        blockLine = lineNo;
        continue;
      }
      if (kind == 'i' || kind == 'e' || kind == 'q') {
        if (!inBlock) fail(file, lineNo, std::string("'") + kind + "' line outside an 'a' block");
        continue;
      }
      if (kind != 's') fail(file, lineNo, std::string("unknown MAF line type '") + kind + "'");
      if (!inBlock) fail(file, lineNo, "'s' line outside an 'a' block");
      auto f = splitWs(std::string(s, len).c_str() + 1);
      if (f.size() != 6) {
        fail(file, lineNo, "malformed 's' line: expected 6 fields after 's' "
                           "(src start size strand srcSize text), found " + std::to_string(f.size()));
      }
      SLine l;
      l.line = lineNo;
      l.src = f[0];
      if (!parseInt(f[1], l.start)) fail(file, lineNo, "bad start '" + f[1] + "'");
      if (!parseInt(f[2], l.size)) fail(file, lineNo, "bad size '" + f[2] + "'");
      if (!parseInt(f[4], l.srcSize)) fail(file, lineNo, "bad srcSize '" + f[4] + "'");
      l.text = std::move(f[5]);
      const auto dot = l.src.find('.');
      l.assembly = dot == std::string::npos ? l.src : l.src.substr(0, dot);
      if (assembliesSeen_.size() < kMaxAssembliesListed) assembliesSeen_.insert(l.assembly);
      // Rows that parse but contradict themselves: skipped (or fatal with strict).
      if (f[3] != "+" && f[3] != "-") {
        if (malformedRow(file, lineNo, l, kReasonStrand, "bad strand '" + f[3] + "' (expected + or -)")) {
          blockHadMalformedReference |= isReferenceRow(l);
          continue;
        }
      }
      l.strand = f[3][0];
      if (l.start + l.size > l.srcSize) {
        if (malformedRow(file, lineNo, l, kReasonSrcSize,
                         "start + size (" + std::to_string(l.start + l.size) + ") exceeds srcSize " +
                             std::to_string(l.srcSize))) {
          blockHadMalformedReference |= isReferenceRow(l);
          continue;
        }
      }
      int64_t bases = 0;
      for (char c : l.text) bases += (c != '-' && c != '.');
      if (bases != l.size) {
        if (malformedRow(file, lineNo, l, kReasonSize,
                         "text has " + std::to_string(bases) + " bases but size is " + std::to_string(l.size))) {
          blockHadMalformedReference |= isReferenceRow(l);
          continue;
        }
      }
      if (!block.empty() && block.front().text.size() != l.text.size()) {
        fail(file, lineNo, "text length " + std::to_string(l.text.size()) +
                               " differs from the block's first row (" +
                               std::to_string(block.front().text.size()) + ")");
      }
      block.push_back(std::move(l));
    }
    flush();
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0) doneBytes_ += st.st_size;
    if (opt_.progress) opt_.progress(doneBytes_, totalBytes_);
  }

  Scratch& scratchFor(const std::string& file, const SLine& ref, const std::string& chrom) {
    auto it = byMafName_.find(chrom);
    if (it != byMafName_.end()) return *it->second;
    auto s = std::make_unique<Scratch>();
    s->mafName = chrom;
    s->name = stripChrPrefix(chrom);
    if (fai_) {
      const auto fastaName = fastaNames_.resolve(chrom);
      if (!fastaName)
        fail(file, ref.line, "reference FASTA " + opt_.referenceFasta + " has no sequence '" + chrom + "'");
      s->fastaName = *fastaName;
    }
    for (const auto& other : scratch_) {
      if (other->name == s->name) {
        fail(file, ref.line, "chromosomes '" + other->mafName + "' and '" + chrom +
                                 "' would both be stored as '" + s->name + "'");
      }
    }
    if (opt_.length > 0) {
      s->length = opt_.length;
    } else if (fai_) {
      const int64_t n = faidx_seq_len(fai_.get(), s->fastaName.c_str());
      s->length = n - opt_.offset;
    } else {
      s->length = ref.srcSize - opt_.offset;
    }
    if (s->length <= 0) fail(file, ref.line, "chromosome '" + chrom + "' is empty after offset");
    s->columns = columns_;
    s->path = writer_->tempPath() + "/.scratch-" + std::to_string(scratch_.size());
    s->fd = ::open(s->path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (s->fd < 0) throw Error("cannot create scratch file " + s->path + ": " + std::strerror(errno));
    s->bytes = std::size_t(s->length) * std::size_t(columns_);
    if (::ftruncate(s->fd, off_t(s->bytes)) != 0) {
      throw Error("cannot size scratch file " + s->path + ": " + std::strerror(errno));
    }
    // Reserve the blocks now: a sparse file on a filesystem that fills up
    // would kill the process with SIGBUS at the first store into an
    // unbacked page of the mapping, instead of giving an error here.
    int rc;
    do rc = ::posix_fallocate(s->fd, 0, off_t(s->bytes));
    while (rc == EINTR);
    if (rc != 0) {
      throw Error("cannot reserve " + std::to_string(s->bytes) + " bytes for the scratch matrix of chromosome " +
                  chrom + " (" + std::to_string(s->length) + " rows x " + std::to_string(columns_) +
                  " columns) in " + s->path + ": " + std::strerror(rc) +
                  " (import-maf needs that much free space beside the output while it runs)");
    }
    void* p = mmap(nullptr, s->bytes, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd, 0);
    if (p == MAP_FAILED) throw Error("cannot map scratch file " + s->path + ": " + std::strerror(errno));
    s->data = static_cast<char*>(p);
    Scratch& ref2 = *s;
    byMafName_[chrom] = s.get();
    scratch_.push_back(std::move(s));
    result_.chromosomes.push_back({ref2.name, chrom, ref2.length, 0});
    return ref2;
  }

  void processBlock(const std::string& file, int64_t blockLine, std::vector<SLine>& block,
                    bool malformedReference) {
    ++result_.blocks;
    const std::string prefix = opt_.refPrefix + ".";
    std::size_t refIdx = block.size();
    for (std::size_t i = 0; i < block.size(); ++i) {
      if (block[i].src.compare(0, prefix.size(), prefix) == 0) {
        refIdx = i;
        break;
      }
    }
    if (refIdx == block.size()) {
      ++(malformedReference ? result_.blocksMalformedReference : result_.blocksWithoutReference);
      return;
    }
    SLine& ref = block[refIdx];
    const std::string chrom = ref.src.substr(prefix.size());
    if (chrom.empty()) fail(file, ref.line, "reference src '" + ref.src + "' has no chromosome");
    if (!opt_.chromosomes.empty() &&
        !chromFilter_.find(chrom)) {
      ++result_.blocksOtherChromosomes;
      return;
    }
    if (ref.strand == '-') {
      ++result_.blocksReverseStrand;
      for (auto& l : block) {
        std::reverse(l.text.begin(), l.text.end());
        for (char& c : l.text) c = complementBase(c);
      }
      ref.start = ref.srcSize - ref.start - ref.size;
      ref.strand = '+';
    }
    Scratch& sc = scratchFor(file, ref, chrom);
    ++result_.blocksUsed;
    (void)blockLine;

    // Species rows -> column index (first row of a species wins).
    std::vector<std::pair<const SLine*, int>> rows;
    std::vector<bool> seen(opt_.species.size(), false);
    for (std::size_t i = 0; i < block.size(); ++i) {
      const auto it = speciesIndex_.find(block[i].assembly);
      if (it == speciesIndex_.end()) {
        if (i != refIdx) ++result_.skippedSpecies[block[i].assembly];
        continue;
      }
      if (seen[it->second]) {
        ++result_.duplicateRows;
        continue;
      }
      seen[it->second] = true;
      rows.emplace_back(&block[i], 1 + it->second);
    }

    // Reference bases from the FASTA, for the check.
    std::string fasta;
    if (fai_ && ref.size > 0) {
      hts::LogCapture log;
      hts_pos_t got = 0;
      char* seq = faidx_fetch_seq64(fai_.get(), sc.fastaName.c_str(), ref.start, ref.start + ref.size - 1, &got);
      if (!seq || got != ref.size) {
        std::free(seq);
        fail(file, ref.line,
             log.withMessages("reference FASTA " + opt_.referenceFasta + " lacks " + chrom + ":" +
                              std::to_string(ref.start) + "-" + std::to_string(ref.start + ref.size) +
                              " (0-based; sequence length " +
                              std::to_string(faidx_seq_len(fai_.get(), sc.fastaName.c_str())) + ")"));
      }
      fasta.assign(seq, std::size_t(got));
      std::free(seq);
    }

    const std::string& rt = ref.text;
    int64_t pos = ref.start;
    for (std::size_t c = 0; c < rt.size(); ++c) {
      const char rb = rt[c];
      if (rb == '-' || rb == '.') {
        ++result_.columnsDroppedReferenceGap;
        continue;
      }
      const int64_t k = pos - ref.start;
      if (!fasta.empty()) {
        const char fu = toUpperAscii(fasta[std::size_t(k)]);
        const char mu = toUpperAscii(rb);
        if (fu != mu && fu != 'N' && mu != 'N') {
          fail(file, ref.line, "reference base '" + std::string(1, rb) + "' at " + chrom + ":" +
                                   std::to_string(pos + 1) + " (1-based) disagrees with the FASTA ('" +
                                   std::string(1, fasta[std::size_t(k)]) + "')");
        }
      }
      const int64_t row = pos - opt_.offset;
      ++pos;
      if (row < 0 || row >= sc.length) {
        ++result_.basesOutsideRange;
        continue;
      }
      char* cell = sc.data + std::size_t(row) * std::size_t(columns_);
      if (cell[0] == 0) ++sc.covered;
      cell[0] = rb;  // marks the row covered; the MAF's own reference base
      for (const auto& [line, col] : rows) {
        char b = toUpperAscii(line->text[c]);
        if (b != 'A' && b != 'C' && b != 'G' && b != 'T') b = '-';
        cell[col] = b;
      }
      // Species absent from this block: '-' (later blocks override earlier).
      for (std::size_t s = 0; s < seen.size(); ++s) {
        if (!seen[s]) cell[1 + s] = '-';
      }
    }
  }

  void writeArray(Scratch& sc) {
    for (auto& c : result_.chromosomes) {
      if (c.mafName == sc.mafName) c.coveredRows = sc.covered;
    }
    constexpr int64_t kChunk = 512;
    writer_->beginArray(sc.name, sc.length, columns_, kChunk);
    std::vector<char> buf(std::size_t(kChunk) * columns_);
    for (int64_t start = 0; start < sc.length; start += kChunk) {
      if (((start / kChunk) & 0xFF) == 0) checkStop();
      const int64_t n = std::min(kChunk, sc.length - start);
      const char* src = sc.data + std::size_t(start) * columns_;
      std::string refSeq;
      if (fai_) {
        const int64_t first = start + opt_.offset;
        hts::LogCapture log;
        hts_pos_t got = 0;
        char* seq = faidx_fetch_seq64(fai_.get(), sc.fastaName.c_str(), first, first + n - 1, &got);
        if (!seq) {
          throw Error(opt_.referenceFasta + ": cannot read " + sc.fastaName + ":" + std::to_string(first + 1) +
                      "-" + std::to_string(first + n) + ": " + log.reason());
        }
        refSeq.assign(seq, std::size_t(std::max<hts_pos_t>(got, 0)));
        std::free(seq);
      }
      for (int64_t r = 0; r < n; ++r) {
        char* out = buf.data() + std::size_t(r) * columns_;
        const char* in = src + std::size_t(r) * columns_;
        if (fai_) {
          out[0] = r < int64_t(refSeq.size()) ? refSeq[std::size_t(r)] : 'N';
        } else {
          out[0] = in[0] ? in[0] : 'N';
        }
        for (int c = 1; c < columns_; ++c) out[c] = in[c] ? in[c] : '-';
      }
      writer_->writeChunk(buf.data(), n);
      // Let the kernel drop the written part of the scratch matrix.
      const std::size_t page = std::size_t(sysconf(_SC_PAGESIZE));
      const std::size_t endByte = std::size_t(start + n) * columns_;
      const std::size_t aligned = endByte / page * page;
      if (aligned > 0 && ((start / kChunk) & 0x3F) == 0x3F) madvise(sc.data, aligned, MADV_DONTNEED);
    }
    writer_->endArray();
    sc.data ? (void)munmap(sc.data, sc.bytes) : (void)0;
    sc.data = nullptr;
  }

  const MafImportOptions& opt_;
  std::unordered_map<std::string, int> speciesIndex_;
  int columns_ = 0;
  hts::FaidxPtr fai_;
  ChromResolver fastaNames_;  // the FASTA's sequences
  ChromResolver chromFilter_;  // the options' chromosomes (the same naming rule)
  std::unique_ptr<store::ZarrStoreWriter> writer_;
  std::vector<std::unique_ptr<Scratch>> scratch_;
  std::unordered_map<std::string, Scratch*> byMafName_;
  MafImportResult result_;
  static constexpr std::size_t kMaxAssembliesListed = 10;
  std::set<std::string> assembliesSeen_;  // the first few, for an error message
  int64_t totalBytes_ = 0, doneBytes_ = 0;
};

}  // namespace

MafImportResult importMaf(const MafImportOptions& options) {
  Importer importer(options);
  return importer.run();
}

}  // namespace gpnmsa
