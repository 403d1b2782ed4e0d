// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <CLI/CLI.hpp>

#include <functional>

namespace gpnmsa::cli {

// Exit statuses (README, "Exit status"): 0 success; 1 bad input or a bad
// command line (one message naming it); 3 internal error (a bug); 130
// interrupted (Ctrl-C, SIGTERM).
enum ExitStatus : int { kExitOk = 0, kExitError = 1, kExitInternal = 3, kExitInterrupted = 130 };

// Each subcommand registers its options and returns the function that runs it
// (returning the process exit status).
using Runner = std::function<int()>;
Runner addScoreCommand(CLI::App& app);
Runner addLogitsCommand(CLI::App& app);
Runner addAnnotateCommand(CLI::App& app);
Runner addImportMafCommand(CLI::App& app);
Runner addImportStoreCommand(CLI::App& app);
Runner addBenchCommand(CLI::App& app);
Runner addEvaluateCommand(CLI::App& app);
Runner addTrainCommand(CLI::App& app);
Runner addDistributionCommand(CLI::App& app);
Runner addFetchModelCommand(CLI::App& app);
Runner addScoreRegionCommand(CLI::App& app);
Runner addMergeBigWigCommand(CLI::App& app);

}  // namespace gpnmsa::cli
