// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: GFF3 / GTF lines parsed into one neutral record each, and records
// assembled into genes. The format only matters while parsing a line; the
// assembler sees IDs and parents whichever format they came from.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gpnmsa/gene_annotation.h"

namespace gpnmsa::detail {

enum class GeneFileFormat { Unknown, Gff3, Gtf };

// Told apart by the first attribute: `key=value` (GFF3) or `key "value"` (GTF).
// Unknown for an empty or "." attribute column.
GeneFileFormat detectGeneFormat(std::string_view attributes);

struct GeneRecord {
  std::string chrom, type;
  int64_t start = 0, end = 0;
  char strand = '.';
  // key: GFF3 ID (GTF: gene_id for gene lines, transcript_id for transcripts).
  std::string key;
  std::vector<std::string> parents;  // GFF3 Parent (GTF: transcript_id, else gene_id)
  std::string geneId, geneName, geneBiotype;
  std::string transcriptId, transcriptName, transcriptBiotype;
  std::string name;     // GFF3 Name
  std::string biotype;  // Ensembl GFF3's biotype= (of whichever feature the line is)
  std::vector<std::string> tags;
};

// Parses one data line (not a comment). `format` Unknown: detected from this
// line and stored. Throws gpnmsa::Error "<where>: what" (where = "FILE:LINE"
// or "FILE near chr:pos") for a column count other than 9, non-numeric
// coordinates, end < start, a strand other than + - . ?.
GeneRecord parseGeneLine(std::string_view line, GeneFileFormat* format, const std::string& where);

// The chromosome a seqid names: RefSeq's NC_0000NN.v -> "NN" (23 -> X, 24 ->
// Y), NC_012920.v -> "MT"; anything else unchanged.
std::string refSeqChromosome(std::string_view seqid);

// Genes from records in file order: gene lines (GFF3: a type ending in
// "gene"; GTF: "gene"), transcripts (GFF3: a child of a gene; GTF:
// "transcript"), exon / CDS / stop_codon parts of transcripts. A part or
// transcript whose gene or transcript has no line of its own creates it, its
// span the union of its parts. Parts whose parent is unknown are dropped.
std::vector<Gene> assembleGenes(const std::vector<GeneRecord>& records);

}  // namespace gpnmsa::detail
