// SPDX-License-Identifier: GPL-3.0-or-later
// CSQ / ANN / BCSQ annotation parsing (annotation_reader.cpp) through
// readVariants. The header is fixed so that the mutations go into the records:
// byte 0 picks the annotation (bits 0-1: VEP CSQ, SnpEff ANN, bcftools BCSQ,
// VEP layout under ANN) and whether allele frequencies come from INFO/AF
// (bit 2); the rest is the records, after the header line `#CHROM ...`.
// The INFO lines are those of tests/data/annotations (vep_csq_pick.vcf,
// snpeff_ann_multiallelic.vcf, bcftools_bcsq.vcf).
#include "fuzz_support.h"
#include "gpnmsa/error.h"
#include "gpnmsa/variant_reader.h"

namespace {
const char* const kVep = "##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|Existing_variation|ALLELE_NUM|DISTANCE|STRAND|FLAGS|PICK|SYMBOL_SOURCE|HGNC_ID|REFSEQ_MATCH|REFSEQ_OFFSET|SOURCE|SIFT|PolyPhen|HGVS_OFFSET|CLIN_SIG|SOMATIC|PHENO|PUBMED|CHECK_REF|MOTIF_NAME|MOTIF_POS|HIGH_INF_POS|MOTIF_SCORE_CHANGE|TRANSCRIPTION_FACTORS|Grantham|SpliceAI_pred_DP_AG|SpliceAI_pred_DP_AL|SpliceAI_pred_DP_DG|SpliceAI_pred_DP_DL|SpliceAI_pred_DS_AG|SpliceAI_pred_DS_AL|SpliceAI_pred_DS_DG|SpliceAI_pred_DS_DL|SpliceAI_pred_SYMBOL|CAPICE_CL|CAPICE_SC|existing_InFrame_oORFs|existing_OutOfFrame_oORFs|existing_uORFs|five_prime_UTR_variant_annotation|five_prime_UTR_variant_consequence|IncompletePenetrance|InheritanceModesGene|VKGL|VKGL_CL|gnomAD_AF|gnomAD_COV|gnomAD_FAF95|gnomAD_FAF99|gnomAD_HN|gnomAD_QC|gnomAD_SRC|clinVar_CLNID|clinVar_CLNREVSTAT|clinVar_CLNSIG|clinVar_CLNSIGINCL|ASV_ACMG_class|ASV_AnnotSV_ranking_criteria|ASV_AnnotSV_ranking_score|ALPHSCORE|ncER|phyloP\">";
const char* const kSnpEff = "##INFO=<ID=ANN,Number=.,Type=String,Description=\"Functional annotations: 'Allele | Annotation | Annotation_Impact | Gene_Name | Gene_ID | Feature_Type | Feature_ID | Transcript_BioType | Rank | HGVS.c | HGVS.p | cDNA.pos / cDNA.length | CDS.pos / CDS.length | AA.pos / AA.length | Distance | ERRORS / WARNINGS / INFO' \">";
const char* const kBcsq = "##INFO=<ID=BCSQ,Number=.,Type=String,Description=\"Local consequence annotation from BCFtools/csq, see http://samtools.github.io/bcftools/howtos/csq-calling.html for details. Format: Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change\">";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::string info;
  switch (data[0] & 3) {
    case 0: info = kVep; break;
    case 1: info = kSnpEff; break;
    case 2: info = kBcsq; break;
    default: {  // VEP's layout written under ANN (--vcf_info_field ANN)
      info = kVep;
      info.replace(info.find("ID=CSQ"), 6, "ID=ANN");
    }
  }
  std::string text =
      "##fileformat=VCFv4.2\n##contig=<ID=1,length=249250621>\n##contig=<ID=22>\n"
      "##INFO=<ID=AF,Number=A,Type=Float,Description=\"Allele Frequency\">\n"
      "##INFO=<ID=CLNSIG,Number=.,Type=String,Description=\"Clinical significance\">\n" +
      info + "\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
  text.append(fuzz::asText(data + 1, size - 1));
  const std::string path = fuzz::writeFile("input.vcf", text);
  gpnmsa::AnnotationOptions options;
  if (data[0] & 4) options.afField = "AF";
  try {
    const gpnmsa::VariantTable table = gpnmsa::readVariants(path, options);
    for (const gpnmsa::AlleleAnnotation& a : table.annotations.alleles) (void)gpnmsa::summarize(a);
  } catch (const gpnmsa::Error&) {
  }
  return 0;
}
