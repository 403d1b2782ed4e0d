// SPDX-License-Identifier: GPL-3.0-or-later
#include "gene_records.h"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

#include "gpnmsa/error.h"
#include "gpnmsa/text.h"

namespace gpnmsa::detail {

namespace {

std::vector<std::string_view> splitTabs(std::string_view line) {
  std::vector<std::string_view> f;
  while (true) {
    const size_t tab = line.find('\t');
    f.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) return f;
    line.remove_prefix(tab + 1);
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// GFF3 escapes (%3B, %2C, ...); a '%' not followed by two hex digits stays.
std::string percentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hexDigit(s[i + 1]), lo = hexDigit(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += char(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

int64_t coordinate(std::string_view text, const char* which, const std::string& where) {
  const std::string s(text);
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || v < 1)
    throw Error(where + ": " + which + " '" + s + "' is not a positive whole number");
  return v;
}

// Calls onPair(key, value) for every attribute; GFF3 values still encoded.
template <typename F>
void forEachAttribute(std::string_view attrs, GeneFileFormat format, F onPair) {
  if (format == GeneFileFormat::Gff3) {
    while (!attrs.empty()) {
      const size_t semi = attrs.find(';');
      const std::string_view entry = trim(attrs.substr(0, semi));
      const size_t eq = entry.find('=');
      if (eq != std::string_view::npos) onPair(entry.substr(0, eq), entry.substr(eq + 1));
      if (semi == std::string_view::npos) break;
      attrs.remove_prefix(semi + 1);
    }
    return;
  }
  // GTF: key "value"; key value; (';' inside quotes is data).
  size_t i = 0;
  while (i < attrs.size()) {
    while (i < attrs.size() && (attrs[i] == ' ' || attrs[i] == ';')) ++i;
    const size_t keyStart = i;
    while (i < attrs.size() && attrs[i] != ' ' && attrs[i] != ';') ++i;
    const std::string_view key = attrs.substr(keyStart, i - keyStart);
    while (i < attrs.size() && attrs[i] == ' ') ++i;
    std::string_view value;
    if (i < attrs.size() && attrs[i] == '"') {
      const size_t close = attrs.find('"', i + 1);
      const size_t stop = close == std::string_view::npos ? attrs.size() : close;
      value = attrs.substr(i + 1, stop - i - 1);
      i = stop + 1;
    } else {
      const size_t valueStart = i;
      while (i < attrs.size() && attrs[i] != ';') ++i;
      value = trim(attrs.substr(valueStart, i - valueStart));
    }
    if (!key.empty()) onPair(key, value);
  }
}

std::vector<std::string> splitCommas(std::string_view s) {
  std::vector<std::string> out;
  while (true) {
    const size_t comma = s.find(',');
    const std::string item = percentDecode(s.substr(0, comma));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string_view::npos) return out;
    s.remove_prefix(comma + 1);
  }
}

// GFF3 gene features: "gene", "ncRNA_gene", "pseudogene", ... without a parent.
bool isGeneType(const GeneRecord& r) {
  const std::string t = toLowerAscii(r.type);
  return r.parents.empty() && t.size() >= 4 && t.compare(t.size() - 4, 4, "gene") == 0;
}

}  // namespace

GeneFileFormat detectGeneFormat(std::string_view attributes) {
  attributes = trim(attributes);
  if (attributes.empty() || attributes == ".") return GeneFileFormat::Unknown;
  const size_t eq = attributes.find('='), space = attributes.find_first_of(" \"");
  if (eq != std::string_view::npos && (space == std::string_view::npos || eq < space)) return GeneFileFormat::Gff3;
  return GeneFileFormat::Gtf;
}

std::string refSeqChromosome(std::string_view seqid) {
  if (seqid.size() > 10 && seqid.substr(0, 7) == "NC_0000" && seqid[9] == '.') {
    const int n = (seqid[7] - '0') * 10 + (seqid[8] - '0');
    if (n >= 1 && n <= 22) return std::to_string(n);
    if (n == 23) return "X";
    if (n == 24) return "Y";
  }
  if (seqid.size() > 10 && seqid.substr(0, 10) == "NC_012920.") return "MT";
  return std::string(seqid);
}

GeneRecord parseGeneLine(std::string_view line, GeneFileFormat* format, const std::string& where) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  const std::vector<std::string_view> f = splitTabs(line);
  if (f.size() != 9)
    throw Error(where + ": expected 9 tab-separated columns (GFF3 / GTF), found " + std::to_string(f.size()));
  GeneRecord r;
  r.chrom = refSeqChromosome(f[0]);
  r.type = std::string(f[2]);
  r.start = coordinate(f[3], "start", where);
  r.end = coordinate(f[4], "end", where);
  if (r.end < r.start)
    throw Error(where + ": end " + std::to_string(r.end) + " is before start " + std::to_string(r.start));
  if (f[6].size() != 1 || std::string_view("+-.?").find(f[6][0]) == std::string_view::npos)
    throw Error(where + ": strand '" + std::string(f[6]) + "' is not one of + - . ?");
  r.strand = f[6][0] == '?' ? '.' : f[6][0];
  if (*format == GeneFileFormat::Unknown) *format = detectGeneFormat(f[8]);
  const GeneFileFormat fmt = *format == GeneFileFormat::Unknown ? GeneFileFormat::Gff3 : *format;
  const bool gff = fmt == GeneFileFormat::Gff3;
  std::string refseqGene;
  forEachAttribute(f[8], fmt, [&](std::string_view key, std::string_view raw) {
    const auto value = [&] { return gff ? percentDecode(raw) : std::string(raw); };
    if (key == "ID") r.key = value();
    else if (key == "Parent") r.parents = splitCommas(raw);
    else if (key == "Name") r.name = value();
    else if (key == "gene") refseqGene = value();  // RefSeq's gene symbol
    else if (key == "gene_id") r.geneId = value();
    else if (key == "gene_name") r.geneName = value();
    else if (key == "gene_type" || key == "gene_biotype") r.geneBiotype = value();
    else if (key == "transcript_id") r.transcriptId = value();
    else if (key == "transcript_name") r.transcriptName = value();
    else if (key == "transcript_type" || key == "transcript_biotype") r.transcriptBiotype = value();
    else if (key == "biotype") r.biotype = value();
    else if (key == "tag") {
      if (gff) {
        for (std::string& t : splitCommas(raw)) r.tags.push_back(std::move(t));
      } else {
        r.tags.push_back(value());
      }
    }
  });
  if (r.geneName.empty()) r.geneName = refseqGene;
  if (!gff) {  // GTF: the same keys as GFF3 would give them
    if (r.type == "gene") {
      r.key = r.geneId;
    } else if (r.type == "transcript") {
      r.key = r.transcriptId;
      r.parents = {r.geneId};
    } else {
      r.parents = {r.transcriptId.empty() ? r.geneId : r.transcriptId};
    }
  }
  return r;
}

namespace {

void sortAndMerge(std::vector<Interval>* v) {
  std::sort(v->begin(), v->end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
  std::vector<Interval> out;
  for (const Interval& i : *v) {
    if (!out.empty() && i.start <= out.back().end + 1) out.back().end = std::max(out.back().end, i.end);
    else out.push_back(i);
  }
  *v = std::move(out);
}

// Exon parts outside [first CDS start, last CDS end].
std::vector<Interval> utrsOf(const Transcript& t) {
  std::vector<Interval> out;
  if (t.cds.empty()) return out;
  const int64_t cdsStart = t.cds.front().start, cdsEnd = t.cds.back().end;
  for (const Interval& e : t.exons) {
    if (e.start < cdsStart) out.push_back({e.start, std::min(e.end, cdsStart - 1)});
    if (e.end > cdsEnd) out.push_back({std::max(e.start, cdsEnd + 1), e.end});
  }
  return out;
}

struct Builder {
  std::vector<Gene> genes;
  std::vector<bool> geneHasLine;
  std::unordered_map<std::string, size_t> geneByKey;
  struct TxRef {
    size_t gene, tx;
    bool hasLine;
  };
  std::unordered_map<std::string, TxRef> txByKey;

  size_t gene(const GeneRecord& r, const std::string& key, bool fromLine) {
    auto it = geneByKey.find(key);
    if (it != geneByKey.end()) {
      Gene& g = genes[it->second];
      if (fromLine && !geneHasLine[it->second]) {  // a line after an implicit one: its span wins
        g.start = r.start;
        g.end = r.end;
        geneHasLine[it->second] = true;
      }
      return it->second;
    }
    Gene g;
    g.chrom = r.chrom;
    g.start = r.start;
    g.end = r.end;
    g.strand = r.strand;
    g.id = !r.geneId.empty() ? r.geneId : key;
    g.name = !r.geneName.empty() ? r.geneName : (!r.name.empty() && fromLine ? r.name : g.id);
    g.biotype = !r.geneBiotype.empty() ? r.geneBiotype : fromLine ? r.biotype : std::string();
    genes.push_back(std::move(g));
    geneHasLine.push_back(fromLine);
    geneByKey.emplace(key, genes.size() - 1);
    return genes.size() - 1;
  }

  TxRef* transcript(const GeneRecord& r, const std::string& key, size_t geneIndex, bool fromLine) {
    auto it = txByKey.find(key);
    if (it != txByKey.end()) {
      if (fromLine && !it->second.hasLine) {
        Transcript& t = genes[it->second.gene].transcripts[it->second.tx];
        t.start = r.start;
        t.end = r.end;
        it->second.hasLine = true;
      }
      return &it->second;
    }
    Transcript t;
    t.id = !r.transcriptId.empty() ? r.transcriptId : key;
    t.name = !r.transcriptName.empty() ? r.transcriptName : (!r.name.empty() && fromLine ? r.name : t.id);
    t.biotype = !r.transcriptBiotype.empty()           ? r.transcriptBiotype
                : fromLine && !r.biotype.empty()         ? r.biotype  // Ensembl GFF3
                : fromLine && r.type != "transcript"     ? r.type     // RefSeq: mRNA, lnc_RNA, ...
                                                         : r.geneBiotype;
    t.strand = r.strand;
    t.start = r.start;
    t.end = r.end;
    t.tags = r.tags;
    genes[geneIndex].transcripts.push_back(std::move(t));
    return &txByKey.emplace(key, TxRef{geneIndex, genes[geneIndex].transcripts.size() - 1, fromLine})
                .first->second;
  }
};

bool isPart(const std::string& type) {
  return type == "exon" || type == "CDS" || type == "stop_codon" || type == "start_codon" ||
         type == "UTR" || type == "five_prime_UTR" || type == "three_prime_UTR" || type == "five_prime_utr" ||
         type == "three_prime_utr" || type == "Selenocysteine" || type == "intron";
}

}  // namespace

std::vector<Gene> assembleGenes(const std::vector<GeneRecord>& records) {
  Builder b;
  // Pass 1: genes with lines of their own (GTF types never end in "gene"
  // except "gene" itself, so the GFF3 rule serves both).
  for (const GeneRecord& r : records)
    if (!r.key.empty() && (r.type == "gene" || isGeneType(r))) b.gene(r, r.key, true);
  // Pass 2: transcripts (GFF3: any non-part child of a gene; GTF: "transcript").
  for (const GeneRecord& r : records) {
    if (isPart(r.type) || r.parents.empty() || r.key.empty()) continue;
    const auto g = b.geneByKey.find(r.parents.front());
    if (g == b.geneByKey.end()) {
      if (r.type == "transcript" && !r.geneId.empty()) b.transcript(r, r.key, b.gene(r, r.geneId, false), true);
      continue;
    }
    b.transcript(r, r.key, g->second, true);
  }
  // Pass 3: exons and CDS (stop codons merged into the CDS, as GFF3 writes it).
  for (const GeneRecord& r : records) {
    if (r.type != "exon" && r.type != "CDS" && r.type != "stop_codon") continue;
    for (const std::string& parent : r.parents) {
      Builder::TxRef* tx = nullptr;
      if (auto t = b.txByKey.find(parent); t != b.txByKey.end()) {
        tx = &t->second;
      } else if (auto g = b.geneByKey.find(parent); g != b.geneByKey.end()) {
        tx = b.transcript(r, parent, g->second, false);  // GFF3 exon directly under a gene
      } else if (!r.transcriptId.empty() && !r.geneId.empty()) {  // GTF without transcript lines
        tx = b.transcript(r, parent, b.gene(r, r.geneId, false), false);
      } else {
        continue;
      }
      Transcript& t = b.genes[tx->gene].transcripts[tx->tx];
      (r.type == "exon" ? t.exons : t.cds).push_back({r.start, r.end});
      if (!tx->hasLine) {
        t.start = std::min(t.start, r.start);
        t.end = std::max(t.end, r.end);
      }
    }
  }
  for (size_t i = 0; i < b.genes.size(); ++i) {
    Gene& g = b.genes[i];
    for (Transcript& t : g.transcripts) {
      sortAndMerge(&t.exons);
      sortAndMerge(&t.cds);
      t.utrs = utrsOf(t);
      for (const std::string& tag : t.tags) {
        if (tag == "Ensembl_canonical" || tag == "RefSeq Select") t.canonical = true;
        if (tag == "MANE_Select" || tag == "MANE Select") t.mane = true;
      }
      if (!b.geneHasLine[i]) {
        g.start = std::min(g.start, t.start);
        g.end = std::max(g.end, t.end);
      }
    }
  }
  return std::move(b.genes);
}

}  // namespace gpnmsa::detail
