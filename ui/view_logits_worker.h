// SPDX-License-Identifier: GPL-3.0-or-later
// The job of a view-logits request (run in a JobSlot): computes the planned
// pieces in order, each with Scorer::regionLogits on the stretches of it the
// store has aligned, and hands every piece's logits back as it is done. The
// stop flag is checked before each piece and inside regionLogits before each
// window pair, so a replaced request ends after at most the forward pass in
// progress. Private to view_logits.cpp.
#pragma once
#include <QMetaType>
#include <QString>
#include <vector>

#include "background_job.h"
#include "gpnmsa/engine_session.h"
#include "gpnmsa/scorer.h"
#include "view_logits_plan.h"

namespace gpnmsa::ui {

// What one piece produced.
struct ViewLogitsBatch {
  std::vector<gpnmsa::PositionLogits> logits;  // in position order
  qint64 settledInView = 0;  // positions of the view now done (computed or not aligned)
  qint64 forwardPasses = 0;  // passes run for it (also when it failed or was stopped)
};

struct ViewLogitsJob {
  QString chrom;  // as stored
  qint64 length = 0;
  gpnmsa::RegionLogitsOptions options;
  std::vector<ViewLogitsUnit> units;
};

class ViewLogitsWorker : public JobWorker {
  Q_OBJECT
 public:
  ViewLogitsWorker(gpnmsa::SessionPtr session, ViewLogitsJob job, QObject* parent = nullptr);

 signals:
  void batchReady(const gpnmsa::ui::ViewLogitsBatch& batch);
  void finished(bool cancelled);
  void failed(const QString& message);

 protected:
  void run() override;

 private:
  // The stretches of [first, last] the store has aligned (rows of present
  // chunks whose human byte is not the fill value), as regionLogits requires.
  std::vector<std::pair<qint64, qint64>> alignedRuns(qint64 first, qint64 last) const;

  gpnmsa::SessionPtr session_;
  ViewLogitsJob job_;
};

}  // namespace gpnmsa::ui

Q_DECLARE_METATYPE(gpnmsa::ui::ViewLogitsBatch)
