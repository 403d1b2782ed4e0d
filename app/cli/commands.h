// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <CLI/CLI.hpp>

#include <functional>

namespace gpnmsa::cli {

// Each subcommand registers its options and returns the function that runs it
// (returning the process exit status).
using Runner = std::function<int()>;
Runner addScoreCommand(CLI::App& app);
Runner addLogitsCommand(CLI::App& app);
Runner addAnnotateCommand(CLI::App& app);
Runner addImportMafCommand(CLI::App& app);
Runner addBenchCommand(CLI::App& app);
Runner addEvaluateCommand(CLI::App& app);
Runner addTrainCommand(CLI::App& app);

}  // namespace gpnmsa::cli
