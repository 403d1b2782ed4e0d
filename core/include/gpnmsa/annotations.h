// SPDX-License-Identifier: GPL-3.0-or-later
// Annotations already in an input VCF (VEP INFO/CSQ, SnpEff INFO/ANN,
// bcftools csq INFO/BCSQ): parsed once per record into, per ALT, a list of
// transcript consequences, and one summary entry picked per ALT the way VEP's
// --pick does. The table writer, the app and reports read these; none parses.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gpnmsa/clinvar.h"

namespace gpnmsa {

// The layouts, told apart by the INFO header's description (not by the key:
// VEP can write its layout under ANN with --vcf_info_field ANN).
enum class AnnotationLayout {
  None,
  Vep,      // "... Format: Allele|Consequence|IMPACT|..." (any order, any extra fields)
  SnpEff,   // "Functional annotations: 'Allele | Annotation | Annotation_Impact | ...'"
  Bcftools, // "... Format: Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change"
};

// One entry of the annotation: one allele on one transcript (or feature).
struct TranscriptConsequence {
  std::string allele;  // as the annotation writes it (VEP: "-" for a deleted allele); empty for BCSQ
  std::string gene, geneId, transcript, biotype;
  std::vector<std::string> consequences;  // terms as written, '&'-separated in the file
  std::string impact;  // HIGH / MODERATE / LOW / MODIFIER; empty for BCSQ (it has none)
  std::string hgvsc, hgvsp;  // BCSQ: dna_change and amino_acid_change
  bool pick = false;       // VEP PICK=1
  bool mane = false;       // VEP MANE_SELECT (or the older MANE) not empty
  bool canonical = false;  // VEP CANONICAL=YES
  // Not from the input: the gene track's overlap at the allele's position
  // (gene_overlap.h); `consequences` then holds "overlap:CDS", "intergenic"
  // etc., a statement of position, never a consequence prediction.
  bool overlap = false;
  // BCSQ entry that names no allele of this record (no dna_change, e.g.
  // "intron|GENE||protein_coding"): attached to every ALT of a multi-allelic record.
  bool allAlts = false;
  // The other non-empty fields of the entry by their header name ("CLIN_SIG", "gnomAD_AF", ...).
  std::map<std::string, std::string> extra;
};

// Rank of a consequence term in Ensembl's published severity order
// (https://www.ensembl.org/info/genome/variation/prediction/predicted_data.html):
// 0 = transcript_ablation (most severe) ... intergenic_variant, sequence_variant.
// Case is ignored; bcftools' short names count as their SO term ("missense" as
// missense_variant, "5_prime_utr" as 5_prime_UTR_variant, "non_coding" as
// non_coding_transcript_variant; a leading '*' is ignored). Unknown terms rank
// after every known one.
int consequenceSeverity(std::string_view term);
// The most severe (lowest) rank among an entry's consequences.
int entrySeverity(const TranscriptConsequence& entry);
// VEP's published IMPACT of an SO term ("HIGH", ...), "" if unknown.
const char* consequenceImpact(std::string_view term);

// The summary entry as VEP's --pick would choose it: the entry flagged PICK;
// else the MANE Select transcript; else the canonical one; else the most
// severe consequence (first in file order on a tie). -1 for an empty list.
int pickSummary(const std::vector<TranscriptConsequence>& entries);

// Everything the annotation says about one ALT allele.
struct AlleleAnnotation {
  std::vector<TranscriptConsequence> entries;  // in file order
  int picked = -1;      // pickSummary(entries)
  std::string af;       // see VariantAnnotations::afSource; "" if none
  std::string clinvar;  // CLIN_SIG of the picked entry, else INFO/CLNSIG; "" if none
};

// The eight summary columns of one allele (all empty without annotation).
struct AnnotationSummary {
  std::string gene, transcript, consequence, impact, hgvsc, hgvsp, af, clinvar;
  // The values in the order of annotationColumns().
  std::vector<std::string> values() const { return {gene, transcript, consequence, impact, hgvsc, hgvsp, af, clinvar}; }
};
// consequence: the picked entry's terms joined with '&' as the file writes them.
AnnotationSummary summarize(const AlleleAnnotation& a);
// "gene", "transcript", ..., "clinvar": the column names, in order.
const std::vector<std::string>& annotationColumns();

struct AnnotationOptions {
  // INFO key whose value is the allele frequency ("" = take it from the
  // annotation's gnomAD-style fields). Number=A / R values are split per ALT.
  std::string afField;
  // A ClinVar VCF (bgzip + tabix) to look every allele up in by exact match
  // (VariantAnnotations::clinvarMatches); "" = none. Any input format.
  std::string clinvarFile;
};

// The annotations of a whole input, parallel to VariantTable::variants.
struct VariantAnnotations {
  std::string infoKey;  // "CSQ", "ANN" or "BCSQ"; empty: the input has none
  AnnotationLayout layout = AnnotationLayout::None;
  // Where `af` comes from: "CSQ/gnomADe_AF" (an annotation field: the first of
  // gnomAD_AF, gnomADe_AF, gnomADg_AF, MAX_AF that the layout declares) or
  // "INFO/KEY" (AnnotationOptions::afField); empty if neither.
  std::string afSource;
  // BCSQ entries that name another record ("@123": a compound variant
  // annotated at position 123) are skipped; entries whose allele matches no
  // ALT of a multi-allelic record are dropped. Counts for reports.
  int64_t linkedEntries = 0, unmatchedEntries = 0;
  std::vector<AlleleAnnotation> alleles;  // one per variant when present(), else empty
  // Exact matches in a ClinVar VCF (ClinVarFile::lookup), one per variant when
  // clinvarFile is set: tables add clinVarColumns() and name the file in the
  // comment line ("clinvar=FILE"). Independent of present() and of `clinvar`
  // above (what the input's own annotation says).
  std::string clinvarFile;
  std::vector<ClinVarMatch> clinvarMatches;

  // The gene annotation whose overlap filled alleles the input left
  // unannotated (fillGeneOverlap in gene_overlap.h); "" if none.
  std::string geneOverlapFile;

  // The input has an annotation, an allele frequency was asked for, or
  // gene overlap filled the summary columns.
  bool present() const { return !infoKey.empty() || !afSource.empty() || !geneOverlapFile.empty(); }
};

// VEP's spelling of each ALT of a record as its CSQ Allele field writes it
// (Parser/VCF.pm): when some allele changes the length, the first base is
// dropped from REF and every ALT if they all share it ("*" alleles are not
// considered and kept), an emptied allele becoming "-". Otherwise unchanged.
std::vector<std::string> vepAlleles(const std::string& ref, const std::vector<std::string>& alts);
// The same for VEP --minimal: each REF/ALT pair reduced on its own to what
// differs (common prefix, then common suffix, removed; empty -> "-").
std::string vepMinimalAllele(const std::string& ref, const std::string& alt);

}  // namespace gpnmsa
