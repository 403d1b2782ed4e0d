// SPDX-License-Identifier: GPL-3.0-or-later
// One scoring job (run in a JobSlot): turns the core scorer's callbacks
// into (throttled) Qt signals so the table fills in while the GUI stays live.
#pragma once
#include <QElapsedTimer>
#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QVector>
#include <atomic>
#include <memory>
#include <vector>

#include "background_job.h"
#include "gpnmsa/engine_session.h"
#include "gpnmsa/variant.h"
#include "variant_metatype.h"

namespace gpnmsa::ui {

struct ScoringJob {
  std::vector<gpnmsa::Variant> variants;
  // Small batches keep Cancel prompt (a stop is checked between batches).
  int batchSize = 8;
  // Minimum interval between progress/rowsReady signals.
  int signalIntervalMs = 100;
};

struct ScoringResult {
  std::vector<gpnmsa::ScoredVariant> rows;  // one per input allele, input order
  bool cancelled = false;                   // stopped early; unscored rows are Pending
  double seconds = 0;
};

class ScoringWorker : public JobWorker {
  Q_OBJECT
 public:
  ScoringWorker(gpnmsa::SessionPtr session, ScoringJob job, QObject* parent = nullptr);

 signals:
  void progress(qint64 done, qint64 total, double etaSeconds);
  void rowsReady(const QVector<int>& indices, const QVector<gpnmsa::ScoredVariant>& rows);
  void finished(const gpnmsa::ui::ScoringResult& result);
  void failed(const QString& message);

 protected:
  void run() override;

 private:
  void flush(bool force);

  gpnmsa::SessionPtr session_;
  ScoringJob job_;
  QMutex mutex_;  // guards the pending buffers (the scorer may call back from several threads)
  QVector<int> pendingIndices_;
  QVector<gpnmsa::ScoredVariant> pendingRows_;
  qint64 done_ = 0, total_ = 0;
  QElapsedTimer clock_, sinceSignal_;
};

}  // namespace gpnmsa::ui

Q_DECLARE_METATYPE(gpnmsa::ui::ScoringResult)
