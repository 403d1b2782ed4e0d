// SPDX-License-Identifier: GPL-3.0-or-later
// GeneAnnotation: a plain / gzip file read whole into genes per chromosome;
// a bgzip file with a tabix index read per query (the whole of GENCODE is
// 1.5 million lines; a view needs a few hundred).
#include "gpnmsa/gene_annotation.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <mutex>

#include "gene_records.h"
#include "gpnmsa/chrom_names.h"
#include "gpnmsa/error.h"
#include "gpnmsa/text.h"
#include "hts_handles.h"
#include "hts_log_capture.h"

namespace gpnmsa {

const char* overlapKindName(OverlapKind kind) {
  switch (kind) {
    case OverlapKind::Cds: return "CDS";
    case OverlapKind::Utr5: return "5'UTR";
    case OverlapKind::Utr3: return "3'UTR";
    case OverlapKind::Exon: return "exon";
    case OverlapKind::Intron: return "intron";
    case OverlapKind::Gene: return "gene";
    case OverlapKind::None: break;
  }
  return "none";
}

OverlapKind transcriptOverlap(const Transcript& t, int64_t pos) {
  if (pos < t.start || pos > t.end) return OverlapKind::None;
  for (const Interval& c : t.cds)
    if (c.contains(pos)) return OverlapKind::Cds;
  for (const Interval& e : t.exons) {
    if (!e.contains(pos)) continue;
    if (!t.coding()) return OverlapKind::Exon;
    const bool beforeCds = pos < t.cds.front().start, afterCds = pos > t.cds.back().end;
    if (!beforeCds && !afterCds) return OverlapKind::Exon;  // between CDS parts: not a UTR
    return (beforeCds == (t.strand == '-')) ? OverlapKind::Utr3 : OverlapKind::Utr5;
  }
  return OverlapKind::Intron;
}

namespace {

constexpr int kSepLine = 2;  // htslib's KS_SEP_LINE (kseq.h, not a public header)

struct ChromGenes {
  std::vector<Gene> genes;  // by start
  int64_t longest = 0;      // the longest gene span: how far back a query must look
};

bool nameMatches(const std::string& candidate, std::string_view query) {
  if (candidate.empty()) return false;
  if (equalsIgnoreCase(candidate, query)) return true;
  const size_t dot = candidate.rfind('.');  // ENSG00000172967.7 found as ENSG00000172967
  return dot != std::string::npos && dot > 0 && equalsIgnoreCase(std::string_view(candidate).substr(0, dot), query);
}

int geneMatch(const Gene& g, std::string_view q) {
  if (nameMatches(g.name, q) || nameMatches(g.id, q)) return 1;
  for (const Transcript& t : g.transcripts)
    if (nameMatches(t.name, q) || nameMatches(t.id, q)) return 2;
  return 0;
}

}  // namespace

struct GeneAnnotation::Impl {
  std::string path;
  detail::GeneFileFormat format = detail::GeneFileFormat::Unknown;
  // Whole files: genes per chromosome (the name read, RefSeq accessions mapped).
  std::map<std::string, ChromGenes> byChrom;
  std::vector<const Gene*> fileOrder;
  ChromResolver names;
  // Indexed files.
  hts::TbxPtr index;
  std::vector<std::string> seqids;  // the index's names, as stored; names is over their mapped form
  mutable std::once_flag nameScan;
  mutable std::vector<Gene> scanned;  // indexed: every gene without exons, filled on the first findGene

  std::vector<Gene> query(const std::string& seqid, int64_t start, int64_t end) const;
  std::vector<detail::GeneRecord> readRegion(htsFile* fp, const std::string& seqid, int64_t start,
                                             int64_t end) const;
};

std::vector<detail::GeneRecord> GeneAnnotation::Impl::readRegion(htsFile* fp, const std::string& seqid,
                                                                 int64_t start, int64_t end) const {
  std::vector<detail::GeneRecord> records;
  const std::string region = seqid + ":" + std::to_string(start) + "-" + std::to_string(end);
  hts::LogCapture log;
  hts::IteratorPtr it(tbx_itr_querys(index.get(), region.c_str()));
  hts::KString line;
  int ret = 0;
  detail::GeneFileFormat fmt = format;
  while (it && (ret = tbx_itr_next(fp, index.get(), it.get(), &line.s)) >= 0) {
    if (line.s.l == 0 || line.s.s[0] == '#') continue;
    records.push_back(detail::parseGeneLine(line.s.s, &fmt, path + " near " + region));
  }
  if (ret < -1)
    throw Error(log.withMessages(path + ": read error near " + region + " (truncated or corrupt file?)"));
  return records;
}

std::vector<Gene> GeneAnnotation::Impl::query(const std::string& seqid, int64_t start, int64_t end) const {
  hts::LogCapture log;
  errno = 0;
  hts::FilePtr fp(hts_open(path.c_str(), "r"));  // a handle per query: callers may be on any thread
  if (!fp) throw Error(path + ": cannot open the gene annotation: " + log.reason());
  // Lines overlapping the region miss the exons of its genes that lie
  // outside it: read again over the genes' whole spans.
  std::vector<detail::GeneRecord> records = readRegion(fp.get(), seqid, start, end);
  int64_t lo = start, hi = end;
  for (const detail::GeneRecord& r : records) {
    lo = std::min(lo, r.start);
    hi = std::max(hi, r.end);
  }
  if (lo < start || hi > end) records = readRegion(fp.get(), seqid, lo, hi);
  std::vector<Gene> genes = detail::assembleGenes(records);
  genes.erase(std::remove_if(genes.begin(), genes.end(),
                             [&](const Gene& g) { return g.end < start || g.start > end; }),
              genes.end());
  std::stable_sort(genes.begin(), genes.end(), [](const Gene& a, const Gene& b) { return a.start < b.start; });
  return genes;
}

GeneAnnotation::GeneAnnotation(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GeneAnnotation::~GeneAnnotation() = default;
const std::string& GeneAnnotation::path() const { return impl_->path; }
bool GeneAnnotation::indexed() const { return impl_->index != nullptr; }

std::string GeneAnnotation::format() const {
  switch (impl_->format) {
    case detail::GeneFileFormat::Gff3: return "GFF3";
    case detail::GeneFileFormat::Gtf: return "GTF";
    case detail::GeneFileFormat::Unknown: break;
  }
  return "";
}

std::unique_ptr<GeneAnnotation> GeneAnnotation::open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  hts::LogCapture log;
  errno = 0;
  hts::FilePtr fp(hts_open(path.c_str(), "r"));
  if (!fp) throw Error(path + ": cannot open the gene annotation: " + log.reason());
  if (hts_get_format(fp.get())->compression == bgzf)
    impl->index.reset(tbx_index_load3(path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));

  hts::KString line;
  int64_t lineNo = 0;
  std::vector<detail::GeneRecord> records;
  int ret = 0;
  while ((ret = hts_getline(fp.get(), kSepLine, &line.s)) >= 0) {
    ++lineNo;
    const std::string_view text(line.s.s, line.s.l);
    if (text.empty() || text == "\r") continue;
    if (text.front() == '#') {
      if (text.substr(0, 7) == "##FASTA") break;  // GFF3: sequences follow, no more features
      continue;
    }
    const std::string where = path + ":" + std::to_string(lineNo);
    if (impl->index) {  // indexed: the first feature line tells the format; queries read the rest
      detail::parseGeneLine(text, &impl->format, where);
      if (impl->format != detail::GeneFileFormat::Unknown) break;
      continue;
    }
    records.push_back(detail::parseGeneLine(text, &impl->format, where));
  }
  if (ret < -1)
    throw Error(log.withMessages(path + ": read error after line " + std::to_string(lineNo) +
                                 " (truncated or corrupt file?)"));

  std::vector<std::string> names;
  if (impl->index) {
    int n = 0;
    const char** seqnames = tbx_seqnames(impl->index.get(), &n);
    for (int i = 0; i < n; ++i) {
      impl->seqids.emplace_back(seqnames[i]);
      names.push_back(detail::refSeqChromosome(seqnames[i]));
    }
    std::free(seqnames);
  } else {
    for (Gene& g : detail::assembleGenes(records)) {
      ChromGenes& c = impl->byChrom[g.chrom];
      if (c.genes.empty()) names.push_back(g.chrom);
      c.longest = std::max(c.longest, g.end - g.start + 1);
      c.genes.push_back(std::move(g));
    }
    for (auto& [chrom, c] : impl->byChrom) {
      std::stable_sort(c.genes.begin(), c.genes.end(), [](const Gene& a, const Gene& b) { return a.start < b.start; });
      for (const Gene& g : c.genes) impl->fileOrder.push_back(&g);
    }
    // findGene wants file order: chromosomes in order of appearance, genes by start within one.
    std::stable_sort(impl->fileOrder.begin(), impl->fileOrder.end(), [&](const Gene* a, const Gene* b) {
      return std::find(names.begin(), names.end(), a->chrom) < std::find(names.begin(), names.end(), b->chrom);
    });
  }
  impl->names = ChromResolver(names);
  return std::unique_ptr<GeneAnnotation>(new GeneAnnotation(std::move(impl)));
}

std::vector<std::string> GeneAnnotation::chromosomes() const { return impl_->names.names(); }

std::vector<Gene> GeneAnnotation::genesIn(std::string_view chrom, int64_t start, int64_t end) const {
  const auto i = impl_->names.find(chrom);
  if (!i || end < start) return {};
  if (impl_->index) return impl_->query(impl_->seqids[*i], start, end);
  const ChromGenes& c = impl_->byChrom.at(impl_->names.names()[*i]);
  // Genes start in [start - longest + 1, end] if they overlap at all.
  auto it = std::lower_bound(c.genes.begin(), c.genes.end(), start - c.longest + 1,
                             [](const Gene& g, int64_t s) { return g.start < s; });
  std::vector<Gene> out;
  for (; it != c.genes.end() && it->start <= end; ++it)
    if (it->end >= start) out.push_back(*it);
  return out;
}

std::optional<Gene> GeneAnnotation::findGene(std::string_view nameOrId) const {
  if (nameOrId.empty()) return std::nullopt;
  if (!impl_->index) {
    for (int pass = 1; pass <= 2; ++pass)  // genes by name or id first, then transcripts
      for (const Gene* g : impl_->fileOrder)
        if (geneMatch(*g, nameOrId) == pass) return *g;
    return std::nullopt;
  }
  std::call_once(impl_->nameScan, [this] {
    // Gene and transcript lines only (exons make most of a file and carry no new names).
    hts::LogCapture log;
    errno = 0;
    hts::FilePtr fp(hts_open(impl_->path.c_str(), "r"));
    if (!fp) throw Error(impl_->path + ": cannot open the gene annotation: " + log.reason());
    hts::KString line;
    int64_t lineNo = 0;
    detail::GeneFileFormat fmt = impl_->format;
    std::vector<detail::GeneRecord> records;
    while (hts_getline(fp.get(), kSepLine, &line.s) >= 0) {
      ++lineNo;
      if (line.s.l == 0 || line.s.s[0] == '#') continue;
      detail::GeneRecord r = detail::parseGeneLine(line.s.s, &fmt, impl_->path + ":" + std::to_string(lineNo));
      if (r.type == "exon" || r.type == "CDS" || r.type == "stop_codon") continue;
      records.push_back(std::move(r));
    }
    impl_->scanned = detail::assembleGenes(records);
  });
  for (int pass = 1; pass <= 2; ++pass)
    for (const Gene& g : impl_->scanned)
      if (geneMatch(g, nameOrId) == pass)
        for (Gene& full : genesIn(g.chrom, g.start, g.end))
          if (full.id == g.id) return full;
  return std::nullopt;
}

GeneOverlap GeneAnnotation::overlap(std::string_view chrom, int64_t pos) const {
  GeneOverlap out;
  out.genes = genesIn(chrom, pos, pos);
  for (const Gene& g : out.genes) {
    OverlapKind best = OverlapKind::Gene;
    for (const Transcript& t : g.transcripts) best = std::min(best, transcriptOverlap(t, pos));
    out.kind = std::min(out.kind, best);
  }
  return out;
}

}  // namespace gpnmsa
