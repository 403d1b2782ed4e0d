// SPDX-License-Identifier: GPL-3.0-or-later
// GFF3 / GTF gene annotation. Byte 0: bit 0 set = bgzip + tabix (read per
// query), else plain; bit 1 picks the name (.gtf / .gff3: the reader goes by
// content, the name should not matter). Then every chromosome's genes are
// listed and a few positions and names looked up.
#include <algorithm>

#include "fuzz_tabix.h"
#include "gpnmsa/error.h"
#include "gpnmsa/gene_annotation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view text = fuzz::asText(data + 1, size - 1);
  std::string path;
  if (data[0] & 1) {
    const std::string name = data[0] & 2 ? "genes.gff3.gz" : "genes.gtf.gz";
    if (!fuzz::writeIndexed(name, text, tbx_conf_gff)) return 0;
    path = fuzz::scratchDir() + "/" + name;
  } else {
    path = fuzz::writeFile(data[0] & 2 ? "genes.gff3" : "genes.gtf", text);
  }
  try {
    const auto genes = gpnmsa::GeneAnnotation::open(path);
    (void)genes->format();
    std::vector<std::string> chroms = genes->chromosomes();
    chroms.resize(std::min<std::size_t>(chroms.size(), 4));
    chroms.push_back("chr22");
    for (const std::string& chrom : chroms) {
      const std::vector<gpnmsa::Gene> found = genes->genesIn(chrom, 1, int64_t(1) << 40);
      for (std::size_t i = 0; i < std::min<std::size_t>(found.size(), 3); ++i) {
        const gpnmsa::Gene& g = found[i];
        for (int64_t pos : {g.start, g.start / 2 + g.end / 2, g.end})
          (void)gpnmsa::overlapKindName(genes->overlap(chrom, pos).kind);
        (void)genes->findGene(g.name);
        (void)genes->findGene(g.id);
      }
    }
    (void)genes->findGene("ENSG00000000000");
  } catch (const gpnmsa::Error&) {
  }
  return 0;
}
