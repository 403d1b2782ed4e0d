// SPDX-License-Identifier: GPL-3.0-or-later
// Consequence severity, the --pick choice and VEP's allele spelling: the parts
// of annotation handling that need no htslib (the reader is core/io/annotation_reader.cpp).
#include "gpnmsa/annotations.h"

#include <algorithm>
#include <iterator>

#include "gpnmsa/text.h"

namespace gpnmsa {
namespace {

struct Term {
  const char* so;
  const char* impact;
};

// Ensembl's table of calculated consequences, in its published order of
// severity (most severe first), with VEP's IMPACT of each term:
// https://www.ensembl.org/info/genome/variation/prediction/predicted_data.html
constexpr Term kTerms[] = {
    {"transcript_ablation", "HIGH"},
    {"splice_acceptor_variant", "HIGH"},
    {"splice_donor_variant", "HIGH"},
    {"stop_gained", "HIGH"},
    {"frameshift_variant", "HIGH"},
    {"stop_lost", "HIGH"},
    {"start_lost", "HIGH"},
    {"transcript_amplification", "HIGH"},
    {"feature_elongation", "HIGH"},
    {"feature_truncation", "HIGH"},
    {"inframe_insertion", "MODERATE"},
    {"inframe_deletion", "MODERATE"},
    {"missense_variant", "MODERATE"},
    {"protein_altering_variant", "MODERATE"},
    {"splice_donor_5th_base_variant", "LOW"},
    {"splice_region_variant", "LOW"},
    {"splice_donor_region_variant", "LOW"},
    {"splice_polypyrimidine_tract_variant", "LOW"},
    {"incomplete_terminal_codon_variant", "LOW"},
    {"start_retained_variant", "LOW"},
    {"stop_retained_variant", "LOW"},
    {"synonymous_variant", "LOW"},
    {"coding_sequence_variant", "MODIFIER"},
    {"mature_miRNA_variant", "MODIFIER"},
    {"5_prime_UTR_variant", "MODIFIER"},
    {"3_prime_UTR_variant", "MODIFIER"},
    {"non_coding_transcript_exon_variant", "MODIFIER"},
    {"intron_variant", "MODIFIER"},
    {"NMD_transcript_variant", "MODIFIER"},
    {"non_coding_transcript_variant", "MODIFIER"},
    {"coding_transcript_variant", "MODIFIER"},
    {"upstream_gene_variant", "MODIFIER"},
    {"downstream_gene_variant", "MODIFIER"},
    {"TFBS_ablation", "MODIFIER"},
    {"TFBS_amplification", "MODIFIER"},
    {"TF_binding_site_variant", "MODIFIER"},
    {"regulatory_region_ablation", "MODERATE"},
    {"regulatory_region_amplification", "MODIFIER"},
    {"regulatory_region_variant", "MODIFIER"},
    {"intergenic_variant", "MODIFIER"},
    {"sequence_variant", "MODIFIER"},
};
constexpr int kUnknown = static_cast<int>(std::size(kTerms));

// Other tools' names for the same terms (bcftools csq, older SnpEff).
constexpr std::pair<const char*, const char*> kAliases[] = {
    {"non_coding", "non_coding_transcript_variant"},
    {"non_coding_exon_variant", "non_coding_transcript_exon_variant"},
    {"inframe_altering", "protein_altering_variant"},
    {"initiator_codon_variant", "start_retained_variant"},
};

int rankOf(std::string_view term) {
  for (int i = 0; i < kUnknown; ++i)
    if (equalsIgnoreCase(term, kTerms[i].so)) return i;
  return kUnknown;
}

}  // namespace

int consequenceSeverity(std::string_view term) {
  if (!term.empty() && term.front() == '*') term.remove_prefix(1);
  int rank = rankOf(term);
  if (rank != kUnknown) return rank;
  for (const auto& [alias, so] : kAliases)
    if (equalsIgnoreCase(term, alias)) return rankOf(so);
  return rankOf(std::string(term) + "_variant");  // bcftools: "missense", "5_prime_utr", ...
}

const char* consequenceImpact(std::string_view term) {
  const int rank = consequenceSeverity(term);
  return rank < kUnknown ? kTerms[rank].impact : "";
}

int entrySeverity(const TranscriptConsequence& entry) {
  int best = kUnknown;
  for (const std::string& c : entry.consequences) best = std::min(best, consequenceSeverity(c));
  return best;
}

int pickSummary(const std::vector<TranscriptConsequence>& entries) {
  const int n = static_cast<int>(entries.size());
  for (int i = 0; i < n; ++i)
    if (entries[i].pick) return i;
  for (int i = 0; i < n; ++i)
    if (entries[i].mane) return i;
  for (int i = 0; i < n; ++i)
    if (entries[i].canonical) return i;
  int best = -1, bestRank = kUnknown + 1;
  for (int i = 0; i < n; ++i) {
    const int rank = entrySeverity(entries[i]);
    if (rank < bestRank) best = i, bestRank = rank;
  }
  return best;
}

const std::vector<std::string>& annotationColumns() {
  static const std::vector<std::string> kColumns = {"gene",  "transcript", "consequence", "impact",
                                                    "hgvsc", "hgvsp",      "af",          "clinvar"};
  return kColumns;
}

AnnotationSummary summarize(const AlleleAnnotation& a) {
  AnnotationSummary s;
  s.af = a.af;
  s.clinvar = a.clinvar;
  if (a.picked < 0 || a.picked >= static_cast<int>(a.entries.size())) return s;
  const TranscriptConsequence& e = a.entries[a.picked];
  s.gene = e.gene;
  s.transcript = e.transcript;
  for (const std::string& c : e.consequences) s.consequence += (s.consequence.empty() ? "" : "&") + c;
  s.impact = e.impact;
  s.hgvsc = e.hgvsc;
  s.hgvsp = e.hgvsp;
  return s;
}

std::vector<std::string> vepAlleles(const std::string& ref, const std::vector<std::string>& alts) {
  std::vector<std::string> out = alts;
  bool lengthChanges = false;
  for (const std::string& alt : alts) lengthChanges |= alt.size() != ref.size();
  if (!lengthChanges || ref.empty()) return out;
  // One ALT: trimmed if it shares REF's first base. Several: only if all
  // alleles other than "*" share it.
  bool shared = true;
  for (const std::string& alt : alts)
    if (alt.find('*') == std::string::npos && (alt.empty() || alt[0] != ref[0])) shared = false;
  if (!shared) return out;
  for (std::string& alt : out) {
    if (alt.find('*') != std::string::npos) continue;
    alt.erase(0, 1);
    if (alt.empty()) alt = "-";
  }
  return out;
}

std::string vepMinimalAllele(const std::string& ref, const std::string& alt) {
  size_t begin = 0;
  while (begin < ref.size() && begin < alt.size() && ref[begin] == alt[begin]) ++begin;
  size_t r = ref.size(), a = alt.size();
  while (r > begin && a > begin && ref[r - 1] == alt[a - 1]) --r, --a;
  const std::string out = alt.substr(begin, a - begin);
  return out.empty() ? "-" : out;
}

}  // namespace gpnmsa
