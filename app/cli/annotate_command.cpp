// SPDX-License-Identifier: GPL-3.0-or-later
#include <functional>
#include <memory>

#include "cli_common.h"
#include "commands.h"
#include "gpnmsa/file_checks.h"
#include "gpnmsa/precomputed_scores.h"
#include "gpnmsa/variant_reader.h"
#include "gpnmsa/variant_writer.h"
#include "gpnmsa/version.h"
#include "progress_reporter.h"
#include "variant_pipeline.h"

namespace gpnmsa::cli {
namespace {

struct AnnotateArgs {
  std::string scores, input, output;
  std::string infoField = "GPN_MSA";
  const CLI::Option* infoFieldOption = nullptr;  // given on the command line?
  bool overwriteInfo = false;
  AnnotationOptions annotations;
  std::string genes;
  bool quiet = false;
  std::string distribution;
  ReleaseOptions releases;
};

int runAnnotate(AnnotateArgs& a) {
  a.scores = resolveRemoteArg(a.scores, Release::Kind::Scores, a.releases);
  // Before anything else: an output that is an input, a FIFO, device or
  // directory would be destroyed or block (issue 17).
  requireRereadableInput(a.input);
  checkOutputPath(a.output, {a.input, a.scores, a.scores + ".tbi", a.genes, a.distribution,
                             a.annotations.clinvarFile});
  const OutputFormat format = outputFormatFromPath(a.output);
  // Opened before the VCF header is planned: GPN-Star's shards hold another
  // score (calibrated LLR), named and described as such.
  const auto scores = PrecomputedScores::open(a.scores);
  const bool star = scores->layout() == PrecomputedScores::Layout::GpnStarShards;
  const auto genes = openGenes(a.genes);
  VariantPipeline pipeline(a.input, a.annotations, genes.get(), format, a.quiet);
  WriteOptions wo;
  wo.infoField = star && !a.infoFieldOption->count() ? std::string("GPN_STAR_CAL") : a.infoField;
  if (star)
    wo.scoreDescription = "GPN-Star calibrated score (llr_calibrated of the published score shards " + a.scores +
                          "): log P(alt) - log P(ref) minus the mean of neutral mutations in the same 5-bp context "
                          "(negative = more likely deleterious)";
  wo.overwriteInfo = a.overwriteInfo;
  loadDistribution(a.distribution, "", a.quiet, &wo);
  preflightWrite(a.output, format, pipeline.first(), wo);
  pipeline.preflightVcf();
  wo.provenance.version = GPNMSA_VERSION;
  wo.provenance.method = "precomputed";
  wo.provenance.model = a.scores;
  wo.provenance.command = commandLine();
  ProgressReporter progress("annotating", "variants", !a.quiet);
  const bool finished = pipeline.run(
      a.output, wo, nullptr,
      [&](const std::vector<Variant>& variants, const std::function<void(int64_t, int64_t)>& report) {
        return scores->annotate(variants, report, &g_interrupted);
      },
      &progress);
  if (!finished && reportInterrupted()) return kExitInterrupted;
  progress.finish(pipeline.tally().scored(), "found in the score file");
  pipeline.reportGenes();
  if (!a.quiet) reportWrittenRows(pipeline.tally(), a.output);
  return exitStatusFor(pipeline.tally(), "have a precomputed score");
}

}  // namespace

Runner addAnnotateCommand(CLI::App& app) {
  auto args = std::make_shared<AnnotateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "annotate", "add the authors' precomputed scores (GPN-MSA scores.tsv.bgz + .tbi, or GPN-Star Parquet "
      "shards) to variants; no model run");
  cmd->add_option("--scores", args->scores, "bgzip + tabix score file (chrom pos ref alt score): path, http(s) URL, or a published "
                  "score file's name (gpn-msa-hg38-scores: read in place over http); or GPN-Star's Parquet score "
                  "shards: a folder (data/<score-set>/ or its llr/), one llr_chr<C>.parquet, or an http(s) URL "
                  "of either (a folder URL ends in '/')")
      ->required();
  cmd->add_option("-i,--input", args->input, "variants: VCF, VCF.gz, BCF, headerless VCF, TSV/CSV")
      ->required();
  cmd->add_option("-o,--output", args->output,
                  "output; format from the extension: .tsv .csv .vcf .vcf.gz .bcf, '-' = TSV on stdout")
      ->required();
  args->infoFieldOption = cmd->add_option("--info-field", args->infoField,
                                          "INFO field for VCF outputs (GPN_STAR_CAL for GPN-Star shards: their score is the calibrated LLR)")
                              ->capture_default_str();
  cmd->add_flag("--overwrite-info", args->overwriteInfo,
                "replace an INFO field of that name already in the input VCF");
  addAnnotationOptions(cmd, &args->annotations);
  addGenesOption(cmd, &args->genes);
  cmd->add_flag("-q,--quiet", args->quiet, "no progress on stderr");
  addReleaseOptions(cmd, &args->releases);
  addDistributionOption(cmd, &args->distribution, "");
  return [args]() { return runAnnotate(*args); };
}

}  // namespace gpnmsa::cli
