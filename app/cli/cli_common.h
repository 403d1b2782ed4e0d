// SPDX-License-Identifier: GPL-3.0-or-later
// Options and start-up steps shared by the gpnmsa subcommands.
#pragma once
#include <CLI/CLI.hpp>

#include <atomic>
#include <memory>
#include <string>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/model.h"

namespace gpnmsa::cli {

struct EngineOptions {
  std::string model;      // empty: the bundled default
  std::string msa;        // empty: the bundled default
  int threads = 0;
  int batchSize = 32;
  std::string device = "cpu";
  std::string precision = "f32";
  int cacheMb = 256;
  bool quiet = false;
};

void addEngineOptions(CLI::App* cmd, EngineOptions* o);

struct Engine {
  std::unique_ptr<GpnMsaModel> model;
  std::unique_ptr<AlignmentStore> store;
};

// Fills in the bundled default where nothing was given (saying so on stderr),
// warns about a slow BLAS, loads the model and opens the store.
Engine openEngine(EngineOptions* o);

// Set by SIGINT/SIGTERM: long work stops and no partial output is left.
extern std::atomic<bool> g_interrupted;
void installInterruptHandler();

// The command line as typed, for provenance lines.
std::string commandLine();
void setCommandLine(int argc, char** argv);

}  // namespace gpnmsa::cli
