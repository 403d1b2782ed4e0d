// SPDX-License-Identifier: GPL-3.0-or-later
// Alignment rows for the region browser: what is in view is read from the
// store in the background (a JobSlot job; a newer view replaces an older
// read) with some margin on each side, and the last few stretches read are
// kept, so panning nearby or returning shows rows at once.
#pragma once
#include <QObject>
#include <QString>
#include <deque>

#include "alignment_view.h"  // AlignmentWindowData
#include "background_job.h"
#include "gpnmsa/engine_session.h"
#include "region_worker.h"  // AlignmentWindowData's metatype (the ready() signal)

namespace gpnmsa::ui {

// Reads chrom:first-last (1-based inclusive, clamped to the chromosome) from
// the store: rows, labels, the stored chromosome name. Throws gpnmsa::Error.
AlignmentWindowData readAlignmentRange(const gpnmsa::AlignmentStore& store, const QString& chrom, qint64 first,
                                       qint64 last);

class AlignmentRows : public QObject {
  Q_OBJECT
 public:
  static constexpr size_t kCachedStretches = 4;
  explicit AlignmentRows(QObject* parent = nullptr);
  ~AlignmentRows() override;  // waits for a read still running

  void setSession(gpnmsa::SessionPtr session);  // drops the cache
  // The view shows chrom:first-last: a cached stretch holding it is returned
  // at once through ready(); else a read of it plus `margin` positions on
  // each side starts. Returns true when a cached stretch was used.
  bool request(const QString& chrom, qint64 first, qint64 last, qint64 margin);
  bool isBusy() const { return jobs_->isBusy(); }
  // Stretches read from the store so far (what a test counts).
  int reads() const { return reads_; }

 signals:
  void ready(const gpnmsa::ui::AlignmentWindowData& rows);
  void failed(const QString& message);

 private:
  const AlignmentWindowData* cached(const QString& chrom, qint64 first, qint64 last) const;
  gpnmsa::SessionPtr session_;
  JobSlot* jobs_;
  std::deque<AlignmentWindowData> cache_;  // newest first; chrom as requested
  std::deque<QString> cacheChrom_;
  QString pendingChrom_;
  qint64 pendingFirst_ = 0, pendingLast_ = -1;
  int reads_ = 0;
};

}  // namespace gpnmsa::ui
