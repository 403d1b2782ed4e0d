// SPDX-License-Identifier: GPL-3.0-or-later
// Gene and "consequence" for alleles the input left unannotated, taken from
// where they lie on a gene annotation: a statement of position, not a
// consequence prediction (no transcript model, no codon, no splice rules).
#pragma once
#include <string>

#include "gpnmsa/gene_annotation.h"
#include "gpnmsa/variant_reader.h"

namespace gpnmsa {

// The consequence text for an overlap: "overlap:CDS", "overlap:5'UTR",
// "overlap:3'UTR", "overlap:exon" (non-coding transcript), "overlap:intron",
// "overlap:gene" (inside a gene, in none of its listed transcripts), and
// "intergenic" where no gene holds the position.
std::string overlapConsequence(OverlapKind kind);

// For every allele of `table` whose input annotation has no entry (or that
// has no input annotation at all), adds one entry marked `overlap`: gene =
// the names of the genes holding the allele's position, ','-joined; biotype
// likewise; consequence = overlapConsequence(strongest kind). Entries from
// the input's own annotation are never replaced or added to. Sets
// annotations.geneOverlapFile to genes.path(), so tables show the summary
// columns and name the file in their comment line. Returns how many alleles
// were filled. The position looked up is the allele's POS.
int64_t fillGeneOverlap(VariantTable* table, const GeneAnnotation& genes);

// Undoes fillGeneOverlap: removes the entries marked `overlap` (and the
// alleles list again when the input had no annotation of its own) and
// clears geneOverlapFile. For a gene annotation replaced or removed.
void clearGeneOverlap(VariantTable* table);

}  // namespace gpnmsa
