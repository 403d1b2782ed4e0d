// SPDX-License-Identifier: GPL-3.0-or-later
#include "scoring_worker.h"

#include <exception>

#include "gpnmsa/scorer.h"

namespace gpnmsa::ui {

ScoringWorker::ScoringWorker(gpnmsa::SessionPtr session, ScoringJob job, QObject* parent)
    : JobWorker(parent), session_(std::move(session)), job_(std::move(job)) {
  qRegisterMetaType<gpnmsa::ScoredVariant>();
  qRegisterMetaType<QVector<gpnmsa::ScoredVariant>>();
  qRegisterMetaType<QVector<int>>();
  qRegisterMetaType<gpnmsa::ui::ScoringResult>();
}

// Emits what has accumulated, at most every signalIntervalMs unless forced:
// one signal per row would flood the GUI thread's event queue.
void ScoringWorker::flush(bool force) {
  QVector<int> indices;
  QVector<gpnmsa::ScoredVariant> rows;
  qint64 done, total;
  {
    QMutexLocker lock(&mutex_);
    if (!force && sinceSignal_.elapsed() < job_.signalIntervalMs) return;
    sinceSignal_.restart();
    indices.swap(pendingIndices_);
    rows.swap(pendingRows_);
    done = done_;
    total = total_;
  }
  if (!indices.isEmpty()) emit rowsReady(indices, rows);
  const double secs = clock_.elapsed() / 1000.0;
  const double eta = done > 0 ? secs / double(done) * double(total - done) : -1.0;
  emit progress(done, total, eta);
}

void ScoringWorker::run() {
  clock_.start();
  sinceSignal_.start();
  total_ = qint64(job_.variants.size());
  if (!session_ || !session_->model || !session_->store) {
    emit failed(tr("No model and alignment loaded."));
    return;
  }
  try {
    gpnmsa::ScoreOptions options;
    options.batchSize = std::max(1, job_.batchSize);
    // GPN-Star's calibration table (null for GPN-MSA and for a GPN-Star
    // folder without one): calibrated score and entropy, as `gpnmsa score`.
    options.calibration = session_->calibration;
    gpnmsa::Scorer scorer(*session_->model, *session_->store, options);
    ScoringResult result;
    result.rows = scorer.score(
        job_.variants,
        [this](int64_t done, int64_t total) {
          {
            QMutexLocker lock(&mutex_);
            done_ = done;
            total_ = total;
          }
          flush(false);
        },
        stopFlag().get(),
        [this](size_t i, const gpnmsa::ScoredVariant& row) {
          QMutexLocker lock(&mutex_);
          pendingIndices_.append(int(i));
          pendingRows_.append(row);
        });
    flush(true);
    result.seconds = clock_.elapsed() / 1000.0;
    result.cancelled = stopRequested();
    emit finished(result);
  } catch (const std::exception& e) {
    emit failed(tr("Scoring failed: %1").arg(QString::fromStdString(e.what())));
  }
}

}  // namespace gpnmsa::ui
