// SPDX-License-Identifier: GPL-3.0-or-later
// gpnmsa distribution: a model's reference distribution of scores
// (score_distribution.tsv), from every SNV at random aligned positions.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli_common.h"
#include "commands.h"
#include "gpnmsa/atomic_file.h"
#include "gpnmsa/error.h"
#include "gpnmsa/precomputed_scores.h"
#include "gpnmsa/score_distribution.h"
#include "gpnmsa/scorer.h"
#include "gpnmsa/version.h"
#include "progress_reporter.h"

namespace gpnmsa::cli {
namespace {

struct DistributionArgs {
  EngineOptions engine;
  int64_t positions = 0;
  std::string scores;  // --scores FILE --sample N
  int64_t sample = 0;
  uint64_t seed = 1;
  std::string output;
};

// The file: the version, then how it was made (`how`), then the quantiles.
int writeDistribution(std::vector<float> scores, std::vector<std::pair<std::string, std::string>> how,
                      const std::string& output, bool quiet) {
  how.insert(how.begin(), {"version", GPNMSA_VERSION});
  const ScoreDistribution d = ScoreDistribution::fromScores(std::move(scores), std::move(how));
  d.write(output);
  if (!quiet)
    std::cerr << "wrote " << ScoreDistribution::kQuantiles << " quantiles of " << d.value("count")
              << " scores to " << output << "\n";
  return kExitOk;
}

// Method "sample": records of a published score file, read through its index.
int runSample(DistributionArgs& a) {
  if (a.sample < 1) throw Error("--sample: give the number of records to sample (at least 1)");
  if (a.output.empty()) throw Error("-o/--output: say where to write the distribution of a score file");
  { AtomicFile probe(a.output); }
  const auto file = PrecomputedScores::open(a.scores);
  std::vector<float> scores = file->sample(a.sample, a.seed, &g_interrupted);
  if (reportInterrupted()) return kExitInterrupted;
  return writeDistribution(std::move(scores),
                           {{"method", "sample"}, {"sample", std::to_string(a.sample)},
                            {"seed", std::to_string(a.seed)}, {"scores", a.scores}},
                           a.output, a.engine.quiet);
}

int runDistribution(DistributionArgs& a) {
  if (!a.scores.empty()) return runSample(a);
  if (a.positions < 1) throw Error("--positions: give the number of random positions (at least 1), or --scores FILE --sample N");
  std::string output = a.output;
  if (output.empty()) {
    resolveReleaseNames(&a.engine);  // a published model's name: its folder in the cache
    const std::string dir = modelDirOrDefault(a.engine.model);
    if (dir.empty() || access(dir.c_str(), W_OK) != 0)
      throw Error("-o/--output: the model directory '" + dir + "' is not writable; say where to write");
    output = defaultDistributionPath(dir);
  }
  { AtomicFile probe(output); }  // unwritable destination -> error now
  const SessionPtr engine = openEngine(&a.engine);
  ScoreOptions so = scoreOptions(a.engine, *engine);
  Scorer scorer(*engine->model, *engine->store, so);
  ProgressReporter progress("scoring", "SNVs", !a.engine.quiet);
  std::vector<float> scores = referenceScoresAtPositions(
      scorer, *engine->store, a.positions, a.seed,
      [&](int64_t done, int64_t total) { progress.update(done, total); }, &g_interrupted);
  if (reportInterrupted()) return kExitInterrupted;
  progress.finish(int64_t(scores.size()), "scored");
  return writeDistribution(std::move(scores),
                           {{"method", "positions"}, {"positions", std::to_string(a.positions)},
                            {"seed", std::to_string(a.seed)}, {"model", a.engine.model},
                            {"alignment", a.engine.msa}},
                           output, a.engine.quiet);
}

}  // namespace

Runner addDistributionCommand(CLI::App& app) {
  auto args = std::make_shared<DistributionArgs>();
  CLI::App* cmd = app.add_subcommand(
      "distribution",
      "build a model's reference distribution of scores (every SNV at N random aligned positions, or N records sampled from a score file) "
      "for percentiles: score_distribution.tsv");
  addEngineOptions(cmd, &args->engine);
  CLI::Option* positions =
      cmd->add_option("--positions", args->positions, "random aligned positions to score (3 SNVs each)");
  CLI::Option* scores = cmd->add_option(
      "--scores", args->scores, "instead of a model: sample a published score file (bgzip + tabix) through its index");
  CLI::Option* sample = cmd->add_option("--sample", args->sample, "records to sample from --scores");
  scores->needs(sample)->excludes(positions);
  sample->needs(scores);
  positions->excludes(scores);
  cmd->add_option("--seed", args->seed, "random seed (same seed, same file)")->capture_default_str();
  cmd->add_option("-o,--output", args->output,
                  "output file (default: score_distribution.tsv in the model directory, if writable)");
  return [args]() { return runDistribution(*args); };
}

}  // namespace gpnmsa::cli
