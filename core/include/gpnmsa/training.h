// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa train`: the published GPN-MSA training recipe. Masked-language-model
// training of the human row with the aligned species as auxiliary features:
// 15% of positions chosen (80% mask token, 10% random base, 10% unchanged),
// soft-masked positions down-weighted, optional conservation weights,
// AdamW with a cosine schedule after a linear warm-up, 128-bp windows from
// given regions on both strands, validation on held-out regions, checkpoints
// in the released layout (config.json + model.safetensors) plus the
// optimizer state to resume from.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gpnmsa/model_config.h"

namespace gpnmsa {

struct TrainRegion {
  std::string chrom;  // as the user wrote it ("chr22", "22")
  int64_t start = 0;  // 1-based inclusive
  int64_t end = 0;
  int64_t line = 0;  // its line in a BED file (readRegionsBed), for messages
};

// "chr:start-end" (commas allowed) -> region; throws gpnmsa::Error.
TrainRegion parseTrainRegion(const std::string& text);
// A BED file (0-based half-open, first three columns; # and track lines
// skipped) -> 1-based regions; throws gpnmsa::Error naming file and line.
std::vector<TrainRegion> readRegionsBed(const std::string& path);

struct TrainOptions {
  std::string msa;                     // alignment store
  std::vector<TrainRegion> train;      // windows are drawn from these
  std::vector<TrainRegion> validation; // held-out windows (may be empty)
  std::string output;                  // checkpoint directory (created)
  std::string resume;                  // checkpoint directory to resume from ("" = new model)

  // Shape of a new model (species count comes from the store).
  int hiddenSize = 512;
  int layers = 3;
  int heads = 8;
  int intermediateSize = 768;

  int64_t steps = 2000;
  int batchSize = 32;        // windows per step
  double learningRate = 1e-4;
  double weightDecay = 0.01;
  int64_t warmupSteps = 100;
  double maskFraction = 0.15;
  double softMaskedWeight = 0.1;  // loss weight of lower-case (repeat) positions

  // Optional conservation tracks (bedGraph or wiggle, plain or gzip). With
  // both: weight *= max(phyloP, 1) * (0.1 + phastCons max-smoothed over 7 bp).
  std::string phyloP, phastCons;
  // With phastCons: at non-conserved positions (phastCons < 0.1) the label is
  // replaced by a random base with probability 0.5.
  bool flipNonConserved = false;

  int64_t validateEvery = 200;   // steps
  int validationWindows = 256;   // fixed windows (both strands) drawn once
  int64_t saveEvery = 500;       // steps; the last step is always saved
  uint64_t seed = 42;
  int threads = 0;               // 0 = libtorch's default
  std::string device = "cpu";
};

struct TrainProgress {
  int64_t step = 0, totalSteps = 0;
  double loss = 0;               // weighted MLM loss of this step
  double learningRate = 0;
  double windowsPerSecond = 0;   // over the steps of this run so far
  double validationLoss = -1;    // < 0: not measured at this step
  double validationAccuracy = -1;
  bool saved = false;            // a checkpoint was written at this step
};

struct TrainResult {
  int64_t firstStep = 0, lastStep = 0;  // steps run by this call: (firstStep, lastStep]
  double seconds = 0;
  double lastLoss = 0, lastValidationLoss = -1, lastValidationAccuracy = -1;
  int64_t parameters = 0;
  bool stopped = false;  // a stop request ended it early (a checkpoint was saved)
  // The saved checkpoint read back through GpnMsaModel::load: max |logit
  // difference| against the in-memory model on one batch (0 = identical).
  double reloadMaxAbsDiff = -1;
};

// Runs the training; throws gpnmsa::Error for bad options or inputs. A stop
// request ends after the current step, saving a checkpoint first.
TrainResult trainModel(const TrainOptions& options,
                       const std::function<void(const TrainProgress&)>& progress = {},
                       const std::atomic<bool>* stop = nullptr);

// Learning rate at `step` (1-based): linear warm-up to `peak` over `warmup`
// steps, then cosine decay to 0 at `total`.
double cosineLearningRate(double peak, int64_t step, int64_t warmup, int64_t total);

}  // namespace gpnmsa
