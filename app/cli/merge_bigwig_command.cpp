// SPDX-License-Identifier: GPL-3.0-or-later
// gpnmsa merge-bigwig: one bigWig from the per-chunk tracks of a chunked
// score-region run (bigWig files cannot be concatenated). Used by the
// Snakemake workflow in packaging/workflow.
#include <iostream>
#include <memory>

#include "cli_common.h"
#include "commands.h"
#include "gpnmsa/bigwig_file.h"
#include "gpnmsa/file_checks.h"

namespace gpnmsa::cli {
namespace {

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string output;
};

int runMerge(const MergeArgs& a) {
  checkOutputPath(a.output, a.inputs);
  mergeBigWigs(a.inputs, a.output);
  return kExitOk;
}

}  // namespace

Runner addMergeBigWigCommand(CLI::App& app) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "merge-bigwig", "merge bigWig tracks of consecutive chunks (score-region --bigwig-prefix) into one");
  cmd->add_option("-o,--output", args->output, "merged bigWig")->required();
  cmd->add_option("inputs", args->inputs, "bigWig files, in position order (non-overlapping)")
      ->required()
      ->check(CLI::ExistingFile);
  return [args]() { return runMerge(*args); };
}

}  // namespace gpnmsa::cli
