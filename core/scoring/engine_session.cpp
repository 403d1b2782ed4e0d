// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/engine_session.h"

#include <exception>
#include <filesystem>

#include "gpnmsa/calibration.h"
#include "gpnmsa/error.h"
#include "gpnmsa/scorer.h"

namespace gpnmsa {

std::shared_ptr<const EngineSession> EngineSession::open(const SessionOptions& o) {
  using Part = SessionError::Part;
  auto s = std::make_shared<EngineSession>();
  s->modelDir = o.modelDir;
  s->alignmentPath = o.alignment;
  if (o.modelDir.empty()) throw SessionError(Part::Model, {}, "no model directory chosen");
  try {
    s->model = loadModel(o.modelDir, o.model);
  } catch (const std::exception& e) {
    throw SessionError(Part::Model, o.modelDir, e.what());
  }
  if (o.alignment.empty()) throw SessionError(Part::Alignment, {}, "no alignment store chosen");
  try {
    if (o.moreAlignments.empty()) {
      s->store = AlignmentStore::open(o.alignment, o.store);
    } else {
      std::vector<std::string> parts{o.alignment};
      parts.insert(parts.end(), o.moreAlignments.begin(), o.moreAlignments.end());
      s->store = AlignmentStore::openColumns(parts, o.store);
      s->alignmentPath = s->store->path();
    }
  } catch (const std::exception& e) {
    throw SessionError(Part::Alignment, o.alignment, e.what());
  }
  try {
    // Throws on a column-count mismatch or a window the model cannot take.
    ScoreOptions check;
    check.windowLength = o.windowLength;
    Scorer pairCheck(*s->model, *s->store, check);
  } catch (const std::exception& e) {
    throw SessionError(Part::Pair, o.modelDir + " + " + o.alignment, e.what());
  }
  const std::string distribution = defaultDistributionPath(o.modelDir);
  std::error_code ec;
  try {
    s->calibration = CalibrationTable::fromModelDir(o.modelDir);
  } catch (const std::exception& e) {
    throw SessionError(Part::Model, o.modelDir, e.what());
  }
  if (std::filesystem::exists(distribution, ec)) {
    try {
      s->distribution = std::make_shared<const ScoreDistribution>(ScoreDistribution::read(distribution));
      s->distributionPath = distribution;
    } catch (const std::exception& e) {
      s->distributionError = e.what();
    }
  }
  return s;
}

}  // namespace gpnmsa
