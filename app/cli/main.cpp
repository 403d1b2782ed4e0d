// SPDX-License-Identifier: GPL-3.0-or-later
// gpnmsa: score variants with GPN-MSA from the command line.
#include <CLI/CLI.hpp>
#include <htslib/hts.h>

#include <iostream>
#include <map>

#include "cli_common.h"
#include "commands.h"
#include "gpnmsa/allocator_tuning.h"
#include "gpnmsa/error.h"
#include "gpnmsa/version.h"

int main(int argc, char** argv) {
  using namespace gpnmsa::cli;
  setCommandLine(argc, argv);
  gpnmsa::tuneAllocatorForScoring();
  CLI::App app{"gpnmsa " GPNMSA_VERSION
               " - score human genetic variants with GPN-MSA (Benegas et al., Nat Biotechnol 2025)"};
  app.set_version_flag("--version", std::string("gpnmsa ") + GPNMSA_VERSION);
  app.require_subcommand(1);
  const Runner score = addScoreCommand(app);
  const Runner logits = addLogitsCommand(app);
  const Runner annotate = addAnnotateCommand(app);
  const Runner importMaf = addImportMafCommand(app);
  const Runner bench = addBenchCommand(app);
  const Runner evaluate = addEvaluateCommand(app);
  const Runner train = addTrainCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  installInterruptHandler();
  // htslib's warnings (e.g. undeclared FORMAT tags it fixes itself) would bury ours.
  hts_set_log_level(HTS_LOG_ERROR);
  try {
    if (app.got_subcommand("score")) return score();
    if (app.got_subcommand("logits")) return logits();
    if (app.got_subcommand("annotate")) return annotate();
    if (app.got_subcommand("import-maf")) return importMaf();
    if (app.got_subcommand("bench")) return bench();
    if (app.got_subcommand("evaluate")) return evaluate();
    if (app.got_subcommand("train")) return train();
  } catch (const gpnmsa::Error& e) {
    std::cerr << "gpnmsa: error: " << describeError(e) << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "gpnmsa: internal error: " << e.what() << "\n";
    return 3;
  }
  return 2;
}
