// SPDX-License-Identifier: GPL-3.0-or-later
// gpnmsa evaluate: AUROC / AUPRC of score columns against labels.
#include <iostream>
#include <memory>

#include "commands.h"
#include "gpnmsa/evaluation.h"

namespace gpnmsa::cli {
namespace {

struct EvaluateArgs {
  std::string input, output;
  EvaluateOptions options;
};

int runEvaluate(EvaluateArgs& a) {
  const LabeledTable table = readLabeledTable(a.input);
  const Evaluation e = evaluate(table, a.options);
  std::cout << formatEvaluation(e);
  std::cout.flush();
  if (!a.output.empty()) {
    writeEvaluationTsv(a.output, e);
    std::cerr << "wrote " << e.metrics.size() << " rows to " << a.output << "\n";
  }
  return 0;
}

}  // namespace

Runner addEvaluateCommand(CLI::App& app) {
  auto args = std::make_shared<EvaluateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "evaluate",
      "AUROC and AUPRC of score columns on labelled variants (a table or VCF written by "
      "score/annotate). Lower score = more deleterious = positive class, unless "
      "--higher-is-positive");
  cmd->add_option("-i,--input", args->input,
                  "scored variants: TSV/CSV with a header, or VCF/VCF.gz/BCF (INFO fields are columns)")
      ->required();
  cmd->add_option("--score", args->options.scores,
                  "score column (or INFO field) to evaluate; repeat to compare several side by side "
                  "(default: score, or GPN_MSA in a VCF)");
  cmd->add_option("--higher-is-positive", args->options.higherIsPositive,
                  "a score column where a HIGHER value means the positive class (e.g. phyloP); "
                  "evaluated too if not given with --score; repeatable");
  auto* labelColumn = cmd->add_option("--label-column", args->options.labelColumn,
                                      "take the labels from this column (or INFO field)");
  auto* fromId = cmd->add_flag("--label-from-id", args->options.labelFromId,
                               "take the labels from the ID's prefix before '_' "
                               "(Pathogenic_1790 -> Pathogenic)");
  labelColumn->excludes(fromId);
  fromId->excludes(labelColumn);
  cmd->add_option("--positive", args->options.positive,
                  "label value(s) of the positive (deleterious) class, comma-separated; case-insensitive")
      ->required()
      ->delimiter(',');
  cmd->add_option("--negative", args->options.negative,
                  "label value(s) of the negative class (default: every other label; rows with "
                  "labels in neither list are left out)")
      ->delimiter(',');
  cmd->add_option("-o,--output", args->output, "also write the metrics to this TSV file");
  return [args]() { return runEvaluate(*args); };
}

}  // namespace gpnmsa::cli
