// SPDX-License-Identifier: GPL-3.0-or-later
#include "view_logits_worker.h"

#include <algorithm>
#include <exception>

#include "aligned_runs.h"
#include "gpnmsa/alignment_store.h"
#include "gpnmsa/forward_passes.h"

namespace gpnmsa::ui {

ViewLogitsWorker::ViewLogitsWorker(gpnmsa::SessionPtr session, ViewLogitsJob job, QObject* parent)
    : JobWorker(parent), session_(std::move(session)), job_(std::move(job)) {
  qRegisterMetaType<gpnmsa::ui::ViewLogitsBatch>();
}

std::vector<std::pair<qint64, qint64>> ViewLogitsWorker::alignedRuns(qint64 first, qint64 last) const {
  return gpnmsa::ui::alignedRuns(*session_->store, job_.chrom.toStdString(), first, last);
}

void ViewLogitsWorker::run() {
  const qint64 passesAtStart = gpnmsa::forwardPassesOnThisThread();
  qint64 passesReported = 0;
  // Passes run on this thread since the last report: this job's own, even
  // while other jobs use the same model.
  auto newPasses = [&] {
    const qint64 now = gpnmsa::forwardPassesOnThisThread() - passesAtStart;
    const qint64 delta = now - passesReported;
    passesReported = now;
    return delta;
  };
  const bool multi = job_.options.mode == gpnmsa::RegionLogitsOptions::Mode::MultiMask;
  gpnmsa::ScoreOptions options;
  options.logits = job_.options;
  options.batchSize = multi ? kMultiMaskBatchWindows : 2 * kExactBatchPositions;
  const std::string stored = job_.chrom.toStdString();
  QString where;
  try {
    const gpnmsa::Scorer scorer(*session_->model, *session_->store, options);
    for (const ViewLogitsUnit& unit : job_.units) {
      if (stopRequested()) break;
      where = QStringLiteral("%1:%2-%3").arg(job_.chrom).arg(unit.first).arg(unit.last);
      ViewLogitsBatch batch;
      bool complete = true;
      const auto runs = alignedRuns(unit.first, unit.last);
      // Multi-mask: a block is computed whole (its values depend on it), but
      // not when all it lacks is positions with no alignment.
      const bool anyToCompute =
          !multi || std::any_of(runs.begin(), runs.end(), [&](const std::pair<qint64, qint64>& run) {
            return std::any_of(unit.missing.begin(), unit.missing.end(), [&](const std::pair<qint64, qint64>& m) {
              return m.first <= run.second && run.first <= m.second;
            });
          });
      for (const auto& [a, b] : runs) {
        if (!anyToCompute) break;
        const auto region = scorer.regionLogits(stored, a, b, {}, stopFlag().get());
        batch.logits.insert(batch.logits.end(), region.positions.begin(), region.positions.end());
        if (qint64(region.positions.size()) < b - a + 1) {  // stopped inside the stretch
          complete = false;
          break;
        }
      }
      batch.settledInView = complete ? unit.missingInView : 0;
      batch.forwardPasses = newPasses();
      emit batchReady(batch);
      if (!complete) break;
    }
  } catch (const std::exception& e) {
    ViewLogitsBatch passes;  // what ran before the error still counts
    passes.forwardPasses = newPasses();
    if (passes.forwardPasses > 0) emit batchReady(passes);
    emit failed(tr("Cannot compute logits at %1: %2")
                    .arg(where.isEmpty() ? job_.chrom : where, QString::fromStdString(e.what())));
    return;
  }
  emit finished(stopRequested());
}

}  // namespace gpnmsa::ui
