// SPDX-License-Identifier: GPL-3.0-or-later
// A gene annotation (GFF3 or GTF; plain, gzip, or bgzip + tabix) read into
// genes and transcripts for the gene track, the locus box (gene names) and
// gene overlap of unannotated variants (gene_overlap.h).
//
// The format is told apart by content: GTF attributes read `key "value";`,
// GFF3 `key=value;` (values percent-decoded). GENCODE (`chr22`, gene_name,
// transcript_name, tag), Ensembl (`22`, gene_name, gene_biotype) and RefSeq
// (GFF3 Name= / gene=, seqids NC_0000NN.x read as chromosome NN, X, Y or MT)
// naming all work. Coordinates are 1-based inclusive, as the files write them.
// CDS intervals include the stop codon: GTF's stop_codon lines are merged into
// CDS, so GTF and GFF3 of one release give the same intervals.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpnmsa {

struct Interval {
  int64_t start = 0, end = 0;  // 1-based inclusive
  bool contains(int64_t pos) const { return pos >= start && pos <= end; }
  bool operator==(const Interval& o) const { return start == o.start && end == o.end; }
};

struct Transcript {
  std::string id, name, biotype;
  char strand = '.';  // '+', '-' or '.'
  int64_t start = 0, end = 0;
  std::vector<Interval> exons;  // sorted by position, merged where they touch
  std::vector<Interval> cds;    // sorted; includes the stop codon
  std::vector<Interval> utrs;   // exon parts outside the CDS (coding transcripts only), sorted
  std::vector<std::string> tags;  // as the file writes them ("basic", "CCDS", "MANE_Select", ...)
  bool canonical = false;       // tag Ensembl_canonical (or RefSeq's "RefSeq Select")
  bool mane = false;            // tag MANE_Select
  bool coding() const { return !cds.empty(); }
};

struct Gene {
  std::string chrom;  // the file's name (RefSeq accessions read as "22", "X", ...)
  int64_t start = 0, end = 0;  // 1-based inclusive: the gene line, else its transcripts' union
  char strand = '.';
  std::string id, name, biotype;
  std::vector<Transcript> transcripts;  // in file order
};

// What lies under one position, in order of precedence when several
// transcripts or genes overlap it (the enum's order): CDS, 5'UTR, 3'UTR,
// exon (of a non-coding transcript), intron, then Gene: inside a gene's span
// but in none of its transcripts (a subset file such as GENCODE basic lists
// fewer transcripts than the gene spans).
enum class OverlapKind { Cds, Utr5, Utr3, Exon, Intron, Gene, None };
// "CDS", "5'UTR", "3'UTR", "exon", "intron", "gene", "none".
const char* overlapKindName(OverlapKind kind);

struct GeneOverlap {
  OverlapKind kind = OverlapKind::None;  // the strongest over all genes at the position
  std::vector<Gene> genes;               // every gene whose span holds the position, by start
};

// The kind one transcript gives a position: CDS; 5'/3' UTR by strand (a
// coding transcript's exon part before / after its CDS in transcription
// order); Exon (non-coding transcript); Intron (inside the transcript span,
// outside its exons); None outside the transcript.
OverlapKind transcriptOverlap(const Transcript& t, int64_t pos);

class GeneAnnotation {
 public:
  // Reads a plain or gzip file whole, or opens a bgzip file that has a tabix
  // index (.tbi / .csi) for region queries. Throws gpnmsa::Error naming the
  // file and line for malformed content: a column count other than 9,
  // non-numeric coordinates, end < start, a strand other than + - . ?
  // (An indexed file is read per query: its lines are checked then, and
  // errors name the region, "FILE near chr22:100-200: ...".)
  static std::unique_ptr<GeneAnnotation> open(const std::string& path);
  ~GeneAnnotation();

  const std::string& path() const;
  // "GFF3" or "GTF" (what the content was read as); "" for an empty file.
  std::string format() const;
  bool indexed() const;  // bgzip + tabix, read per query

  // Genes whose span overlaps chrom:start-end (1-based inclusive), by start.
  // chrom goes through ChromResolver: `chr22` finds `22` and back.
  std::vector<Gene> genesIn(std::string_view chrom, int64_t start, int64_t end) const;
  // A gene by name or id (case ignored; an id also matches without its
  // ".version"), else the gene of a transcript with that name or id. The
  // first match in file order; nullopt if none. A tabix file is read through
  // once, on the first call, for its names.
  std::optional<Gene> findGene(std::string_view nameOrId) const;
  // The genes at one position and what the position is in them.
  GeneOverlap overlap(std::string_view chrom, int64_t pos) const;
  // Every chromosome name the file uses (RefSeq accessions as read).
  std::vector<std::string> chromosomes() const;

  struct Impl;

 private:
  explicit GeneAnnotation(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpnmsa
