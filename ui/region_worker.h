// SPDX-License-Identifier: GPL-3.0-or-later
// One detail job (run in a JobSlot): reads the 128-bp alignment window around
// a position from the store, then computes the model's logits at every
// position of that window (Scorer::regionLogits), reporting each batch as it
// arrives so the logo and mutagenesis views fill in progressively.
#pragma once
#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QVector>
#include <atomic>
#include <memory>

#include "alignment_view.h"
#include "background_job.h"
#include "gpnmsa/engine_session.h"
#include "gpnmsa/scorer.h"

Q_DECLARE_METATYPE(gpnmsa::PositionLogits)
Q_DECLARE_METATYPE(gpnmsa::ui::AlignmentWindowData)

namespace gpnmsa::ui {

struct RegionJob {
  QString chrom;         // as the user wrote it ("chr1", "1")
  qint64 pos = 0;        // 1-based centre of the window
  qint64 markedPos = 0;  // column to mark (the variant); 0 = none
  // Windows per forward pass; two per position (both strands). Small batches
  // make the logo fill in visibly and keep a cancel prompt.
  int batchSize = 16;
  bool computeLogits = true;  // false: alignment window only
  // How the logits are computed: exact (one position masked per window pair)
  // or multi-mask (several positions masked per pair; approximate, faster).
  gpnmsa::RegionLogitsOptions logits;
};

// Where the window for `pos` lies in a chromosome of `length` rows: the same
// 128-bp placement the scorer uses (shifted near the ends), or the whole
// chromosome when it is shorter. Returns 0-based [first, first + count).
struct WindowSpan {
  qint64 first = 0;
  int count = 0;
};
WindowSpan windowSpan(qint64 pos, qint64 length);

// Reads the window from the store (throws gpnmsa::Error like the store does).
AlignmentWindowData readAlignmentWindow(const gpnmsa::AlignmentStore& store, const QString& chrom,
                                        qint64 pos, qint64 markedPos);

class RegionWorker : public JobWorker {
  Q_OBJECT
 public:
  RegionWorker(gpnmsa::SessionPtr session, RegionJob job, QObject* parent = nullptr);
  const RegionJob& job() const { return job_; }

 signals:
  void windowReady(const gpnmsa::ui::AlignmentWindowData& window);
  // Positions newly computed; done/total count positions of the window.
  void logitsReady(const QVector<gpnmsa::PositionLogits>& positions, qint64 done, qint64 total);
  void finished(bool cancelled, double seconds);
  void failed(const QString& message);

 protected:
  void run() override;

 private:
  gpnmsa::SessionPtr session_;
  RegionJob job_;
};

}  // namespace gpnmsa::ui
