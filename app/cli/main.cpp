// SPDX-License-Identifier: GPL-3.0-or-later
// gpnmsa: score variants with GPN-MSA from the command line.
#include <CLI/CLI.hpp>
#include <htslib/hts.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli_common.h"
#include "commands.h"
#include "gpnmsa/allocator_tuning.h"
#include "gpnmsa/thread_policy.h"
#include "gpnmsa/error.h"
#include "gpnmsa/model_kind.h"
#include "gpnmsa/version.h"

namespace gpnmsa::cli {
namespace {

// A command-line mistake: one line naming the bad argument or subcommand,
// where to read the usage, and status 1 (CLI11's own codes, 105-114, are not
// ours to promise).
int usageError(CLI::App& app, const CLI::ParseError& e) {
  const std::vector<CLI::App*> chosen = app.get_subcommands();
  std::string message = e.what();
  std::string help = "gpnmsa --help";
  if (!chosen.empty()) {
    message = chosen.front()->get_name() + ": " + message;
    help = "gpnmsa " + chosen.front()->get_name() + " --help";
  } else {
    // CLI11 says only "A subcommand is required"; say what was given instead.
    std::string known;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
      known += (known.empty() ? "" : ", ") + sub->get_name();
    const std::vector<std::string> extra = app.remaining();
    if (extra.empty())
      message = "no subcommand given (one of: " + known + ")";
    else if (extra.front().rfind('-', 0) == 0)
      message = "unknown option '" + extra.front() + "'; a subcommand comes first (one of: " + known + ")";
    else
      message = "unknown subcommand '" + extra.front() + "' (known: " + known + ")";
  }
  std::cerr << "gpnmsa: error: " << message << " (see '" << help << "')\n";
  return kExitError;
}

// The value a chosen subcommand's option was given, or "".
std::string optionValue(CLI::App* command, const std::string& name) {
  const CLI::Option* option = command->get_option_no_throw(name);
  return option != nullptr && option->count() > 0 ? option->as<std::string>() : std::string();
}

// The thread policy (thread_policy.h) the chosen command needs, known once
// its arguments are parsed and before it reads or writes anything (the
// policy may re-execute the program):
// - training's F32 products run on OpenBLAS (autograd keeps libtorch's
//   modules);
// - inference follows its model: GPN-Star's layers run on OpenBLAS. A
//   --model that is no folder with a readable config.json is a published
//   model's name (GPN-MSA) or the bundled default (GPN-MSA) or an error the
//   command reports;
// - `bench` times libtorch's mm (OpenBLAS in F32) against oneDNN for its GEMM
//   reference, so it wants OpenBLAS's right kernels, but times the forward
//   pass with the wait policy `score` has.
gpnmsa::ThreadPolicy commandPolicy(CLI::App& app) {
  using namespace gpnmsa;
  const std::vector<CLI::App*> chosen = app.get_subcommands();
  if (chosen.empty()) return {};
  CLI::App* command = chosen.front();
  if (command->get_name() == "train") return openBlasThreadPolicy();
  ModelKind kind = ModelKind::GpnMsa;
  try {
    const std::string model = optionValue(command, "--model");
    if (!model.empty() && command->get_name() != "bench") kind = modelKind(model);
  } catch (const Error&) {
  }
  std::string device = optionValue(command, "--device");
  ThreadPolicy policy = inferenceThreadPolicy(kind, device.empty() ? "cpu" : device);
  if (command->get_name() == "bench") policy.openBlasCore = true;
  return policy;
}

}  // namespace
}  // namespace gpnmsa::cli

int main(int argc, char** argv) {
  using namespace gpnmsa::cli;
  gpnmsa::rememberProgramArguments(argv);
  setCommandLine(argc, argv);
  gpnmsa::tuneAllocatorForScoring();
  CLI::App app{"gpnmsa " GPNMSA_VERSION
               " - score human genetic variants with GPN-MSA (Benegas et al., Nat Biotechnol 2025)"};
  // Version and source commit: a bug report names the exact build.
  app.set_version_flag("--version",
                       std::string("gpnmsa ") + GPNMSA_VERSION + " (commit " + gpnmsa::buildCommit() + ")");
  app.require_subcommand(1);
  // Settings read from the environment (the app reads the same ones).
  app.footer(
      "Network: reads of http(s):// URLs (--msa, --scores) give up with an error naming the URL\n"
      "when opening takes longer than GPNMSA_CONNECT_TIMEOUT seconds (default 30) or no data\n"
      "arrives for GPNMSA_STALL_TIMEOUT seconds (default 60). Published files by name\n"
      "(gpnmsa fetch-model --list) come from GPNMSA_RELEASE_BASE (default https://huggingface.co).");
  const Runner score = addScoreCommand(app);
  const Runner logits = addLogitsCommand(app);
  const Runner annotate = addAnnotateCommand(app);
  const Runner importMaf = addImportMafCommand(app);
  const Runner importStore = addImportStoreCommand(app);
  const Runner bench = addBenchCommand(app);
  const Runner evaluate = addEvaluateCommand(app);
  const Runner train = addTrainCommand(app);
  const Runner distribution = addDistributionCommand(app);
  const Runner fetchModel = addFetchModelCommand(app);
  const Runner scoreRegion = addScoreRegionCommand(app);
  const Runner mergeBigWig = addMergeBigWigCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version: printed, status 0
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usageError(app, e);
  }
  gpnmsa::applyThreadPolicy(commandPolicy(app));  // may re-execute: before the command starts
  installInterruptHandler();
  // htslib's warnings (e.g. undeclared FORMAT tags it fixes itself) would bury ours.
  hts_set_log_level(HTS_LOG_ERROR);
  try {
    if (app.got_subcommand("score")) return score();
    if (app.got_subcommand("logits")) return logits();
    if (app.got_subcommand("annotate")) return annotate();
    if (app.got_subcommand("import-maf")) return importMaf();
    if (app.got_subcommand("import-store")) return importStore();
    if (app.got_subcommand("bench")) return bench();
    if (app.got_subcommand("evaluate")) return evaluate();
    if (app.got_subcommand("train")) return train();
    if (app.got_subcommand("distribution")) return distribution();
    if (app.got_subcommand("fetch-model")) return fetchModel();
    if (app.got_subcommand("score-region")) return scoreRegion();
    if (app.got_subcommand("merge-bigwig")) return mergeBigWig();
  } catch (const gpnmsa::Error& e) {
    std::cerr << "gpnmsa: error: " << describeError(e) << "\n";
    return g_interrupted ? kExitInterrupted : kExitError;  // e.g. a download cancelled by Ctrl-C
  } catch (const std::exception& e) {
    std::cerr << "gpnmsa: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
  return kExitInternal;  // a subcommand without a runner: a bug
}
