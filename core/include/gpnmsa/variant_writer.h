// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "gpnmsa/variant.h"
#include "gpnmsa/variant_reader.h"

namespace gpnmsa {

class ScoreDistribution;

enum class OutputFormat { Tsv, Csv, Vcf, VcfGz, Bcf };

// From the extension (any case): .tsv -> Tsv, .csv -> Csv, .vcf -> Vcf,
// .vcf.gz/.vcf.bgz -> VcfGz, .bcf -> Bcf; "-" -> Tsv (stdout). Any other
// name (.txt included: it does not say which format) throws an error that
// lists these extensions.
OutputFormat outputFormatFromPath(const std::string& path);

// A score as every table shows it, the CLI's files and the app's table alike:
// "%.6f" ("-6.466166"); NaN -> "".
std::string formatScore(float score);

// Who made the scores, written as a leading comment (tables) or header lines (VCF).
struct Provenance {
  std::string tool = "gpnmsa";
  std::string version;      // GPNMSA_VERSION
  std::string model;        // model directory (or score file)
  // What the scores depend on besides the files, written after model=<dir>
  // when set: the model's kind, window and calibration (the app writes
  // "kind=GPN-Star window=128 calibration=<dir>/calibration_table").
  std::string modelInfo;
  std::string alignment;    // alignment store
  std::string command;      // command line, for the VCF header
  std::string method = "model";  // "model" or "precomputed"
};

struct WriteOptions {
  Provenance provenance;
  std::string infoField = "GPN_MSA";
  // The Description of INFO/<infoField> in a VCF header; empty: the GPN-MSA
  // score's ("GPN-MSA score: log P(alt) - log P(ref), averaged over both
  // strands ..."). Other scores (GPN-Star's calibrated LLR) say what they are.
  std::string scoreDescription;
  // If the input VCF already declares infoField: false -> throw before writing.
  bool overwriteInfo = false;
  // Also write ScoredVariant::baseline (the alignment-frequency baseline):
  // table column "af_baseline" after score_rev; VCF INFO/<baselineField>
  // (Number=A, Type=Float), refused like infoField when the input has it.
  bool baseline = false;
  std::string baselineField = "GPNMSA_AF";
  // Also write ScoredVariant::published (a precomputed score looked up in a
  // score file) wherever it is not NaN, whatever the row's status: table
  // column "published_score" (the last one) and "published=<publishedSource>"
  // in the comment line; VCF INFO/<publishedField> (Number=A, Type=Float,
  // described as the precomputed score from publishedSource), refused like
  // infoField when the input has it.
  bool published = false;
  std::string publishedField = "GPNMSA_PUBLISHED";
  std::string publishedSource;  // the score file
  // When set, each scored allele's percentile in this reference distribution
  // (ScoreDistribution::percentile: % of reference scores strictly greater,
  // formatPercentile's one decimal): table column "percentile" right after
  // "detail" and " distribution=<distributionSource>" in the comment line;
  // VCF INFO/<percentileField> (Number=A, Type=Float), refused like infoField
  // when the input has it.
  std::shared_ptr<const ScoreDistribution> distribution;
  std::string percentileField = "GPN_MSA_PCT";
  std::string distributionSource;  // the distribution file
  // VCF outputs: when not empty, each ALT's status (statusName: "ok",
  // "ref_mismatch", "pending", ...) as INFO/<statusField> (Number=A,
  // Type=String), so a VCF keeps why an ALT has no score; refused like
  // infoField when the input has it.
  std::string statusField;
  // GPN-Star: also write ScoredVariant::scoreCalibrated, entropy and
  // entropyCalibrated: table columns "score_calibrated entropy
  // entropy_calibrated" right after score_rev (before af_baseline), empty
  // where NaN or not scored; VCF INFO/<calibratedField> (Number=A, Float),
  // INFO/<entropyField> and INFO/<entropyCalibratedField> (Number=1, Float:
  // one value per site), refused like infoField when the input has them.
  bool star = false;
  std::string calibratedField = "GPN_STAR_CAL";
  std::string entropyField = "GPN_STAR_ENT";
  std::string entropyCalibratedField = "GPN_STAR_ENT_CAL";
  // The model's name in the VCF header's score description.
  std::string modelName = "GPN-MSA";
  // A second model's results for the same alleles (the app's two models side
  // by side). Tables: columns "<prefix>score <prefix>score_calibrated
  // <prefix>entropy <prefix>entropy_calibrated <prefix>status" (the middle
  // three only when `star`) after the first model's columns (after detail and
  // percentile), each row's value found by Variant::record and altIndex (empty
  // where `rows` has none or it is not scored), and " model2=<model> <info>"
  // in the comment line. VCF outputs leave them out.
  struct SecondModel {
    std::string prefix = "model2_";
    bool star = false;
    std::string model, info;
    std::vector<ScoredVariant> rows;
  };
  std::shared_ptr<const SecondModel> second;
  // VCF outputs of a VCF input: write only the records some row refers to (an
  // export of some rows, e.g. the visible ones). Default: every input record.
  bool onlyRecordsWithRows = false;
};

// Writes `rows` (one per input allele) to `path` in `format`, atomically
// ("-" writes to stdout). Tables: comment line
// "# gpnmsa VERSION method=... model=... alignment=...", header
// "chrom pos id ref alt score score_fwd score_rev status detail", rows in the
// given order, scores as formatScore() writes them; CSV quotes fields with , or ".
// When input.annotations.present() (a VEP/SnpEff/bcftools-annotated VCF), the
// columns "gene transcript consequence impact hgvsc hgvsp af clinvar" (the
// picked entry of each allele, whatever its status) come last, and the comment
// line names them: " annotations=INFO/CSQ af=CSQ/gnomAD_AF".
// VCF outputs: when `input` is a VCF, its header and records are copied
// unchanged with INFO/<infoField> (Number=A, Type=Float, missing for
// unscored ALTs, absent when no ALT is scored) and ##gpnmsa provenance lines
// added; otherwise a minimal VCF is synthesised, one record per input record
// in input order (not sorted). Rows map to records via Variant::record/altIndex;
// VCF records are always in input order, whatever the order of `rows`.
// Throws gpnmsa::Error; on any failure no file is left at `path` (an existing
// file there keeps its old content).
void writeVariants(const std::string& path, OutputFormat format,
                   const VariantTable& input,
                   const std::vector<ScoredVariant>& rows,
                   const WriteOptions& options);

// Refuses (gpnmsa::Error naming the record) an input with a negative POS,
// which a VCF/BCF output cannot hold; preflightWrite and writeVariants call
// it, a streamed run calls it for every chunk before any work.
void checkVcfPositions(const VariantTable& input);

// Cheap checks to run before long work: the INFO field conflict of a VCF
// output (same error as writeVariants) and that `path` can be created.
void preflightWrite(const std::string& path, OutputFormat format, const VariantTable& input,
                    const WriteOptions& options);

}  // namespace gpnmsa
