// SPDX-License-Identifier: GPL-3.0-or-later
#include "scoring_worker.h"

#include <QThread>
#include <exception>

#include "gpnmsa/scorer.h"

namespace gpnmsa::ui {

ScoringWorker::ScoringWorker(SessionPtr session, ScoringJob job, QObject* parent)
    : QObject(parent), session_(std::move(session)), job_(std::move(job)) {
  qRegisterMetaType<gpnmsa::ScoredVariant>();
  qRegisterMetaType<QVector<gpnmsa::ScoredVariant>>();
  qRegisterMetaType<QVector<int>>();
  qRegisterMetaType<gpnmsa::ui::ScoringResult>();
}

QThread* ScoringWorker::startInThread() {
  auto* thread = new QThread;
  moveToThread(thread);
  connect(thread, &QThread::started, this, &ScoringWorker::run);
  // Direct: quit from the worker thread itself, so a GUI thread blocked in
  // QThread::wait() (window closing) is not waiting on its own event loop.
  connect(this, &ScoringWorker::finished, thread, &QThread::quit, Qt::DirectConnection);
  connect(this, &ScoringWorker::failed, thread, &QThread::quit, Qt::DirectConnection);
  connect(thread, &QThread::finished, this, &QObject::deleteLater);
  connect(thread, &QThread::finished, thread, &QObject::deleteLater);
  thread->start();
  return thread;
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
        stop_.get(),
        [this](size_t i, const gpnmsa::ScoredVariant& row) {
          QMutexLocker lock(&mutex_);
          pendingIndices_.append(int(i));
          pendingRows_.append(row);
        });
    flush(true);
    result.seconds = clock_.elapsed() / 1000.0;
    result.cancelled = stop_->load();
    emit finished(result);
  } catch (const std::exception& e) {
    emit failed(tr("Scoring failed: %1").arg(QString::fromStdString(e.what())));
  }
}

}  // namespace gpnmsa::ui
