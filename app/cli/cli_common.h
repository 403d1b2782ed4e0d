// SPDX-License-Identifier: GPL-3.0-or-later
// Options and start-up steps shared by the gpnmsa subcommands.
#pragma once
#include <CLI/CLI.hpp>

#include <atomic>
#include <memory>
#include <string>

#include "gpnmsa/annotations.h"
#include "gpnmsa/engine_session.h"
#include "gpnmsa/error.h"
#include "gpnmsa/gene_annotation.h"
#include "gpnmsa/model_kind.h"
#include "gpnmsa/scorer.h"
#include "gpnmsa/variant_reader.h"
#include "gpnmsa/variant_writer.h"
#include "release_options.h"

namespace gpnmsa::cli {

struct EngineOptions {
  std::string model;      // empty: the bundled default
  std::string msa;        // empty: the bundled default
  // --msa given more than once: the stores whose columns follow msa's (GPN-Star M447).
  std::vector<std::string> moreMsa;
  int threads = 0;
  int batchSize = 32;
  int window = 0;  // --window: 0 = the model's (defaultWindowLength)
  std::string device = "cpu";
  std::string precision = "f32";
  int cacheMb = 256;
  std::string cacheDir;  // --cache-dir: every file written besides the outputs goes here
  bool quiet = false;
  ReleaseOptions releases;  // --model/--msa may name published files (releases.json)
};

void addEngineOptions(CLI::App* cmd, EngineOptions* o);

// Input options of the commands that read variants (score, annotate): --af-field.
void addAnnotationOptions(CLI::App* cmd, AnnotationOptions* o);

// --genes FILE (score, annotate): a gene annotation (GFF3 / GTF) whose
// overlap fills gene / consequence of table rows the input left unannotated.
void addGenesOption(CLI::App* cmd, std::string* path);
// Opens `path` (nullptr when empty); throws gpnmsa::Error naming the file.
std::unique_ptr<GeneAnnotation> openGenes(const std::string& path);

// --distribution FILE (score, annotate): a reference score distribution
// (gpnmsa distribution) whose percentiles the outputs get.
void addDistributionOption(CLI::App* cmd, std::string* path, const std::string& defaultText);

// Reads the distribution at `path` into `wo` (distribution, source); with an
// empty `path`, <modelDir>/score_distribution.tsv when there is one (said on
// stderr unless quiet), else nothing. Throws gpnmsa::Error naming the option.
void loadDistribution(const std::string& path, const std::string& modelDir, bool quiet, WriteOptions* wo);

// The model directory a run will use: `model`, or the bundled default's.
std::string modelDirOrDefault(const std::string& model);

// Fills in the bundled default where nothing was given (saying so on stderr),
// loads the model and opens the store (core's EngineSession, which also
// checks they fit together), warns about a slow BLAS. Throws gpnmsa::Error
// worded for the command line.
SessionPtr openEngine(EngineOptions* o);

// The scorer's options from the command line and the session: batch size,
// window, and the model folder's calibration table (GPN-Star).
ScoreOptions scoreOptions(const EngineOptions& o, const EngineSession& session);

// The kind of model --model names (its config.json's model_type), read
// before loading it, so outputs can be checked first; GPN-MSA when the folder
// cannot say (loading it then reports what is wrong).
ModelKind modelKindOf(const EngineOptions& o);

// --model / --msa naming published files: the model's folder in the user
// cache (downloaded first if absent), the alignment's URL. openEngine does it;
// a command that needs the folder earlier calls it first.
void resolveReleaseNames(EngineOptions* o);

// A core error worded for the command line: typed errors get the flags that
// remedy them (INFO-field conflicts: --overwrite-info / --info-field;
// OptionError: the flags concerned).
std::string describeError(const Error& e);

// Set by SIGINT/SIGTERM: long work stops and no partial output is left.
extern std::atomic<bool> g_interrupted;
void installInterruptHandler();

// The command line as typed, for provenance lines.
std::string commandLine();
void setCommandLine(int argc, char** argv);

}  // namespace gpnmsa::cli
