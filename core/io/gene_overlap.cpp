// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/gene_overlap.h"

#include <algorithm>

namespace gpnmsa {

std::string overlapConsequence(OverlapKind kind) {
  if (kind == OverlapKind::None) return "intergenic";
  return std::string("overlap:") + overlapKindName(kind);
}

int64_t fillGeneOverlap(VariantTable* table, const GeneAnnotation& genes) {
  VariantAnnotations& ann = table->annotations;
  ann.alleles.resize(table->variants.size());
  ann.geneOverlapFile = genes.path();
  int64_t filled = 0;
  for (size_t i = 0; i < table->variants.size(); ++i) {
    AlleleAnnotation& a = ann.alleles[i];
    if (!a.entries.empty()) continue;  // the input's own annotation stands
    const Variant& v = table->variants[i];
    const GeneOverlap o = genes.overlap(v.chrom, v.pos);
    TranscriptConsequence e;
    e.overlap = true;
    for (const Gene& g : o.genes) {
      e.gene += (e.gene.empty() ? "" : ",") + g.name;
      e.geneId += (e.geneId.empty() ? "" : ",") + g.id;
      e.biotype += (e.biotype.empty() ? "" : ",") + g.biotype;
    }
    e.consequences = {overlapConsequence(o.kind)};
    a.entries.push_back(std::move(e));
    a.picked = 0;
    ++filled;
  }
  return filled;
}

void clearGeneOverlap(VariantTable* table) {
  VariantAnnotations& ann = table->annotations;
  if (ann.geneOverlapFile.empty()) return;
  ann.geneOverlapFile.clear();
  bool any = false;
  for (AlleleAnnotation& a : ann.alleles) {
    const auto from = std::remove_if(a.entries.begin(), a.entries.end(),
                                     [](const TranscriptConsequence& e) { return e.overlap; });
    if (from != a.entries.end()) {
      a.entries.erase(from, a.entries.end());
      a.picked = pickSummary(a.entries);
    }
    any = any || !a.entries.empty() || !a.af.empty() || !a.clinvar.empty();
  }
  if (!any && ann.infoKey.empty() && ann.afSource.empty()) ann.alleles.clear();
}

}  // namespace gpnmsa
