// SPDX-License-Identifier: GPL-3.0-or-later
#include <iostream>
#include <functional>
#include <memory>

#include "cli_common.h"
#include "commands.h"
#include "gpnmsa/atomic_file.h"
#include "gpnmsa/error.h"
#include "gpnmsa/file_checks.h"
#include "gpnmsa/precomputed_scores.h"
#include "gpnmsa/scorer.h"
#include "gpnmsa/variant_reader.h"
#include "gpnmsa/variant_writer.h"
#include "gpnmsa/version.h"
#include "progress_reporter.h"
#include "variant_pipeline.h"

namespace gpnmsa::cli {
namespace {

struct ScoreArgs {
  EngineOptions engine;
  std::string input, output;
  std::string infoField;  // default: GPN_MSA, or GPN_STAR for a GPN-Star model
  bool overwriteInfo = false;
  AnnotationOptions annotations;
  std::string genes;
  bool baseline = false;
  std::string baselineField = "GPNMSA_AF";
  std::string distribution;
};

int runScore(ScoreArgs& a) {
  // Cheap checks first, so a typo costs seconds rather than a scoring run.
  // FILE.tsv.bgz: the authors' precomputed-score layout (bgzip + tabix).
  // Before anything else: an output that is an input, a FIFO, device or
  // directory would be destroyed or block (issue 17).
  requireRereadableInput(a.input);
  const std::vector<std::string> inputs = {a.input, a.genes, a.distribution, a.annotations.clinvarFile,
                                           a.engine.model, a.engine.msa};
  checkOutputPath(a.output, inputs);
  const bool scoreFile = a.output.size() > 8 && a.output.compare(a.output.size() - 8, 8, ".tsv.bgz") == 0;
  if (scoreFile) checkOutputPath(a.output + ".tbi", inputs);
  OutputFormat format = OutputFormat::Tsv;
  try {
    if (!scoreFile) format = outputFormatFromPath(a.output);
  } catch (const Error& e) {
    throw Error(std::string(e.what()) + "; or .tsv.bgz for the published score layout");
  }
  const auto genes = openGenes(a.genes);
  VariantPipeline pipeline(a.input, a.annotations, genes.get(), format, a.engine.quiet);
  WriteOptions wo;
  wo.infoField = a.infoField;
  wo.overwriteInfo = a.overwriteInfo;
  wo.baseline = a.baseline;
  wo.baselineField = a.baselineField;
  if (scoreFile && a.baseline)
    throw Error(a.output + ": the published score layout (.tsv.bgz) has no room for --baseline; "
                           "write .tsv, .csv or a VCF");
  resolveReleaseNames(&a.engine);
  // GPN-Star: its own INFO names and the calibrated / entropy outputs.
  if (modelKindOf(a.engine) == ModelKind::GpnStar) {
    wo.star = true;
    wo.modelName = "GPN-Star";
    if (wo.infoField.empty()) wo.infoField = "GPN_STAR";
  }
  if (wo.infoField.empty()) wo.infoField = "GPN_MSA";
  if (!scoreFile) loadDistribution(a.distribution, modelDirOrDefault(a.engine.model), a.engine.quiet, &wo);
  // Unwritable destination, INFO clash, a negative POS in a VCF output -> error now.
  std::unique_ptr<ScoreFileWriter> scores;
  if (scoreFile) scores = std::make_unique<ScoreFileWriter>(a.output);
  else preflightWrite(a.output, format, pipeline.first(), wo);
  if (!scoreFile) pipeline.preflightVcf();

  const SessionPtr engine = openEngine(&a.engine);
  ScoreOptions so = scoreOptions(a.engine, *engine);
  Scorer scorer(*engine->model, *engine->store, so);
  wo.provenance.version = GPNMSA_VERSION;
  wo.provenance.model = a.engine.model;
  wo.provenance.alignment = a.engine.msa;
  wo.provenance.command = commandLine();
  ProgressReporter progress("scoring", "variants", !a.engine.quiet);
  const bool finished = pipeline.run(
      a.output, wo, scores.get(),
      [&](const std::vector<Variant>& variants, const std::function<void(int64_t, int64_t)>& report) {
        return scorer.score(variants, report, &g_interrupted);
      },
      &progress);
  if (!finished && reportInterrupted()) return kExitInterrupted;
  progress.finish(pipeline.tally().scored(), "scored");
  pipeline.reportGenes();
  if (scoreFile) {
    const int64_t n = scores->commit();
    if (!a.engine.quiet) std::cerr << "wrote " << n << " scored SNVs to " << a.output << " (+ .tbi)\n";
    return exitStatusFor(pipeline.tally());
  }
  if (!a.engine.quiet) reportWrittenRows(pipeline.tally(), a.output);
  return exitStatusFor(pipeline.tally());
}

}  // namespace

Runner addScoreCommand(CLI::App& app) {
  auto args = std::make_shared<ScoreArgs>();
  CLI::App* cmd = app.add_subcommand(
      "score", "score the SNVs of a VCF/BCF/TSV/CSV file (one output row or INFO value per ALT)");
  addEngineOptions(cmd, &args->engine);
  cmd->add_option("-i,--input", args->input,
                  "variants: VCF, VCF.gz, BCF, headerless VCF-like text, or TSV/CSV with "
                  "columns chrom,pos,ref,alt")
      ->required();
  cmd->add_option("-o,--output", args->output,
                  "output; format from the extension: .tsv .csv .vcf .vcf.gz .bcf, .tsv.bgz (published score layout + tabix index; "
                  "more than 131,072 scored SNVs are sorted in runs kept in hidden .NAME.run-XXXXXX files beside it, "
                  "unlinked at once), '-' = TSV on stdout")
      ->required();
  cmd->add_option("--info-field", args->infoField,
                  "INFO field for VCF outputs (default: GPN_MSA, or GPN_STAR for a GPN-Star model, whose "
                  "outputs also get score_calibrated, entropy and entropy_calibrated: table columns, or "
                  "INFO/GPN_STAR_CAL, GPN_STAR_ENT, GPN_STAR_ENT_CAL)");
  cmd->add_flag("--overwrite-info", args->overwriteInfo,
                "replace an INFO field of that name already in the input VCF");
  addAnnotationOptions(cmd, &args->annotations);
  addGenesOption(cmd, &args->genes);
  cmd->add_flag("--baseline", args->baseline,
                "also write the alignment-frequency baseline log((alt+1)/(ref+1)) over the species "
                "rows (no model): column af_baseline, or INFO/GPNMSA_AF in VCF outputs");
  cmd->add_option("--baseline-field", args->baselineField, "INFO field for --baseline in VCF outputs")
      ->capture_default_str();
  addDistributionOption(cmd, &args->distribution, " (default: score_distribution.tsv in the model directory, if there)");
  return [args]() { return runScore(*args); };
}

}  // namespace gpnmsa::cli
