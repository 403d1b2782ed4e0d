// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa train`: the published MLM recipe on an alignment store.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli_common.h"
#include "commands.h"
#include "gpnmsa/error.h"
#include "gpnmsa/training.h"
#include "progress_reporter.h"

namespace gpnmsa::cli {
namespace {

struct TrainArgs {
  TrainOptions o;
  std::vector<std::string> regions, validRegions;
  std::string regionsBed, validBed;
  int64_t logEvery = 50;
  bool quiet = false;
};

int runTrain(TrainArgs& a) {
  for (const auto& r : a.regions) a.o.train.push_back(parseTrainRegion(r));
  if (!a.regionsBed.empty())
    for (auto& r : readRegionsBed(a.regionsBed)) a.o.train.push_back(r);
  for (const auto& r : a.validRegions) a.o.validation.push_back(parseTrainRegion(r));
  if (!a.validBed.empty())
    for (auto& r : readRegionsBed(a.validBed)) a.o.validation.push_back(r);
  if (a.o.train.empty()) throw Error("no training regions: give --region or --regions-bed");

  std::cerr << "gpnmsa train: " << a.o.train.size() << " training region(s), "
            << a.o.validation.size() << " validation region(s), " << a.o.steps << " steps of "
            << a.o.batchSize << " windows -> " << a.o.output
            << (a.o.resume.empty() ? "" : " (resuming " + a.o.resume + ")") << "\n";
  const auto t0 = std::chrono::steady_clock::now();
  auto report = [&](const TrainProgress& p) {
    if (a.quiet) return;
    if (p.step % a.logEvery != 0 && p.validationLoss < 0 && !p.saved && p.step != p.totalSteps) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double perStep = a.o.batchSize / std::max(p.windowsPerSecond, 1e-9);
    char line[256];
    std::snprintf(line, sizeof line, "step %lld/%lld  loss %.4f  lr %.2e  %.1f windows/s  %.3f s/step  elapsed %s  ETA %s",
                  (long long)p.step, (long long)p.totalSteps, p.loss, p.learningRate, p.windowsPerSecond,
                  perStep, formatDuration(elapsed).c_str(),
                  formatDuration(perStep * double(p.totalSteps - p.step)).c_str());
    std::cerr << line;
    if (p.validationLoss >= 0) {
      std::snprintf(line, sizeof line, "  validation loss %.4f accuracy %.3f", p.validationLoss,
                    p.validationAccuracy);
      std::cerr << line;
    }
    if (p.saved) std::cerr << "  [saved]";
    std::cerr << std::endl;
  };
  const TrainResult r = trainModel(a.o, report, &g_interrupted);
  std::fprintf(stderr,
               "%s: steps %lld-%lld in %s (%.3f s/step), %lld parameters, last loss %.4f, "
               "validation loss %.4f accuracy %.3f; checkpoint %s (reloaded: max |logit difference| %g)\n",
               r.stopped ? "interrupted" : "done", (long long)r.firstStep + 1, (long long)r.lastStep,
               formatDuration(r.seconds).c_str(),
               r.seconds / double(std::max<int64_t>(1, r.lastStep - r.firstStep)), (long long)r.parameters,
               r.lastLoss, r.lastValidationLoss, r.lastValidationAccuracy, a.o.output.c_str(),
               r.reloadMaxAbsDiff);
  if (r.reloadMaxAbsDiff != 0) {
    std::cerr << "gpnmsa: error: the saved checkpoint does not reproduce the trained model's logits\n";
    return 1;
  }
  return r.stopped ? 130 : 0;
}

}  // namespace

Runner addTrainCommand(CLI::App& app) {
  auto a = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "train", "train a GPN-MSA model on an alignment store (the published masked-LM recipe)");
  cmd->add_option("--msa", a->o.msa, "alignment store: Zarr directory or .zip")->required();
  cmd->add_option("--region", a->regions, "training region chr:start-end (1-based); repeatable");
  cmd->add_option("--regions-bed", a->regionsBed, "training regions from a BED file")->check(CLI::ExistingFile);
  cmd->add_option("--validation-region", a->validRegions, "held-out region chr:start-end; repeatable");
  cmd->add_option("--validation-bed", a->validBed, "held-out regions from a BED file")->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", a->o.output, "checkpoint directory (config.json, model.safetensors, "
                  "optimizer.pt, trainer_state.json)")->required();
  cmd->add_option("--resume", a->o.resume, "continue from this checkpoint directory (its weights, "
                  "optimizer state and step)")->check(CLI::ExistingDirectory);
  cmd->add_option("--hidden", a->o.hiddenSize, "new model: hidden size (>= 6 + 5 x species)")->capture_default_str();
  cmd->add_option("--layers", a->o.layers, "new model: layers")->capture_default_str();
  cmd->add_option("--heads", a->o.heads, "new model: attention heads")->capture_default_str();
  cmd->add_option("--ffn", a->o.intermediateSize, "new model: feed-forward size")->capture_default_str();
  cmd->add_option("--steps", a->o.steps, "total optimizer steps (a resumed run continues to this)")->capture_default_str();
  cmd->add_option("--batch-size", a->o.batchSize, "windows per step")->capture_default_str();
  cmd->add_option("--lr", a->o.learningRate, "peak learning rate (AdamW)")->capture_default_str();
  cmd->add_option("--weight-decay", a->o.weightDecay, "AdamW weight decay")->capture_default_str();
  cmd->add_option("--warmup", a->o.warmupSteps, "linear warm-up steps before the cosine decay")->capture_default_str();
  cmd->add_option("--mask-fraction", a->o.maskFraction, "fraction of positions in the loss")->capture_default_str();
  cmd->add_option("--soft-masked-weight", a->o.softMaskedWeight, "loss weight of lower-case (repeat) positions")
      ->capture_default_str();
  cmd->add_option("--phylop", a->o.phyloP, "phyloP track (bedGraph/wiggle, gz ok): weight x max(phyloP, 1)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--phastcons", a->o.phastCons,
                  "phastCons track: weight x (0.1 + phastCons max-smoothed over 7 bp)")->check(CLI::ExistingFile);
  cmd->add_flag("--flip-non-conserved", a->o.flipNonConserved,
                "replace the label by a random base with probability 0.5 where phastCons < 0.1");
  cmd->add_option("--validate-every", a->o.validateEvery, "steps between validations")->capture_default_str();
  cmd->add_option("--validation-windows", a->o.validationWindows, "held-out windows per validation")
      ->capture_default_str();
  cmd->add_option("--save-every", a->o.saveEvery, "steps between checkpoints")->capture_default_str();
  cmd->add_option("--seed", a->o.seed, "random seed (data, masks, initial weights)")->capture_default_str();
  cmd->add_option("--threads", a->o.threads, "CPU threads (0 = all cores)");
  cmd->add_option("--device", a->o.device, "cpu, or cuda[:N] with a CUDA libtorch")->capture_default_str();
  cmd->add_option("--log-every", a->logEvery, "steps between progress lines")->capture_default_str();
  cmd->add_flag("-q,--quiet", a->quiet, "no progress on stderr");
  return [a]() { return runTrain(*a); };
}

}  // namespace gpnmsa::cli
