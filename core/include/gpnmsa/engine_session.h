// SPDX-License-Identifier: GPL-3.0-or-later
// A loaded model with its alignment store: what every scoring, logo and
// region job of a front end runs on. The command-line tool opens one per run,
// the desktop app one per choice of data sources (in a worker thread; the
// released model takes seconds to load).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/model.h"
#include "gpnmsa/model_kind.h"
#include "gpnmsa/score_distribution.h"

namespace gpnmsa {

struct SessionOptions {
  std::string modelDir;   // config.json + model.safetensors / pytorch_model.bin
  std::string alignment;  // Zarr directory, .zip, or http(s) URL of a .zip
  // More stores whose columns follow the first's (GPN-Star M447: 243 + 204
  // columns; AlignmentStore::openColumns).
  std::vector<std::string> moreAlignments;
  ModelOptions model;
  StoreOptions store;
  // Window length to check the pair with (0 = the model's default; see
  // ScoreOptions::windowLength).
  int windowLength = 0;
};

class CalibrationTable;

struct EngineSession {
  std::string modelDir, alignmentPath;
  std::unique_ptr<AlignmentModel> model;  // GPN-MSA or GPN-Star (loadModel)
  std::unique_ptr<AlignmentStore> store;
  // The model's reference score distribution (score_distribution.tsv beside
  // the model, see score_distribution.h), for percentiles; null when there is
  // none. A file that is there but unreadable does not fail the session (the
  // scores are still right): distributionError says why, and no percentile
  // is shown rather than a wrong one.
  std::shared_ptr<const ScoreDistribution> distribution;
  std::string distributionPath;   // the file read (set when distribution is)
  std::string distributionError;  // "" unless the file is there but unreadable
  // GPN-Star's calibration_table/ in the model folder; null when absent. A
  // broken table fails the session (calibrated scores would be wrong).
  std::shared_ptr<const CalibrationTable> calibration;

  // Loads the model, opens the store, and checks that they fit together (the
  // store has the species count the model expects), so a mismatched pair is
  // reported when it is chosen, not at first use. Throws SessionError naming
  // the part that failed (an empty path is an error too).
  static std::shared_ptr<const EngineSession> open(const SessionOptions& options);
};

using SessionPtr = std::shared_ptr<const EngineSession>;

}  // namespace gpnmsa
