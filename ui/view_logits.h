// SPDX-License-Identifier: GPL-3.0-or-later
// Logits for what the region browser shows: a cache of computed positions
// and a scheduler that computes the positions in view that are not cached,
// nearest the view's centre first, in small batches on a worker thread, and
// drops the rest of a request when the view moves elsewhere. Returning to a
// computed stretch costs no forward pass.
//
// The values are exactly gpnmsa::Scorer::regionLogits's: the worker calls it
// on small ranges. Exact mode masks one position per window pair, so any
// split of a stretch gives the same numbers. Multi-mask (fast) mode masks
// positions spacing bp apart together, so a value depends on which positions
// shared its windows: the worker always computes whole blocks of
// spacing × masksPerWindow positions on a fixed grid (block n is positions
// n·S+1 .. (n+1)·S; near the chromosome's end, or where the alignment stops,
// the block is cut there), so a position has the same value whichever view
// asked for it.
#pragma once
#include <QObject>
#include <QString>
#include <memory>
#include <utility>
#include <vector>

#include "gpnmsa/engine_session.h"
#include "gpnmsa/scorer.h"

namespace gpnmsa::ui {

// Positions computed, keyed by (session, chromosome as stored, position,
// logits mode). A new session or mode never sees another's logits.
// Memory: ~32 bytes a position, in blocks of 1024 positions; bounded by
// maxPositions, and by 2 × maxPositions positions' worth of blocks (the
// blocks filled longest ago are evicted first).
// Not thread-safe: used from the GUI thread only.
class LogitsCache {
 public:
  explicit LogitsCache(size_t maxPositions = 2'000'000);
  ~LogitsCache();
  const gpnmsa::PositionLogits* find(const gpnmsa::EngineSession* session, const QString& chrom,
                                     int modeKey, qint64 pos) const;
  void insert(const gpnmsa::EngineSession* session, const QString& chrom, int modeKey,
              const gpnmsa::PositionLogits& logits);
  size_t size() const;
  void clear();
  // Forgets every position of `session` (a session that has been closed: a
  // new one may be allocated at its address).
  void removeSession(const gpnmsa::EngineSession* session);
  // The cached stretches of chrom:first-last (1-based inclusive), in order.
  std::vector<std::pair<qint64, qint64>> cachedRuns(const gpnmsa::EngineSession* session,
                                                    const QString& chrom, int modeKey, qint64 first,
                                                    qint64 last) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> d_;
};

// The key of a logits mode in the cache: exact = 0; multi-mask = a key made
// of spacing and masks per window (never 0).
int logitsModeKey(const gpnmsa::RegionLogitsOptions& options);

// At most this many positions are computed for one view (a typed region up
// to 10 kb); a wider view shows what is cached (an overview) and computes nothing.
constexpr qint64 kMaxComputedView = 10'000;

class ViewLogitsScheduler : public QObject {
  Q_OBJECT
 public:
  explicit ViewLogitsScheduler(QObject* parent = nullptr);
  ~ViewLogitsScheduler() override;  // stops and waits for its worker

  // A new session or mode: work under the old one is dropped (its cached
  // positions stay, under their own key; a closed session's are forgotten).
  void setSession(gpnmsa::SessionPtr session);
  void setOptions(const gpnmsa::RegionLogitsOptions& options);
  const gpnmsa::RegionLogitsOptions& options() const;

  // The view now shows chrom:first-last (1-based inclusive, chrom as the user
  // wrote it: chr1 == 1). Positions not cached are computed nearest `centre`
  // first; a request replaces the previous one (work outside the new range is
  // dropped at the next batch boundary). A range wider than kMaxComputedView
  // computes nothing (overview of the cache). Positions outside the
  // chromosome, or where the store has no alignment, are ignored.
  // Before it returns, positionsReady is emitted for the stretches of the
  // range already cached (drawn at once) and failed() for a chromosome the
  // store does not have. Repeating the current request (same arguments, same
  // session and mode; running, done or failed) changes nothing and emits nothing.
  void request(const QString& chrom, qint64 first, qint64 last, qint64 centre);
  void cancel();  // stop computing (what is cached stays)

  // The cached logits of the current session and mode; nullptr if not computed.
  const gpnmsa::PositionLogits* logits(const QString& chrom, qint64 pos) const;
  bool isBusy() const;
  // Calls of the model's forward pass (one batch of windows = one call) made
  // by this scheduler since it was made: what a test counts.
  qint64 forwardPasses() const;
  LogitsCache& cache();

 signals:
  // Positions [first, last] of chrom (as the request wrote it) were added to
  // the cache, or found there.
  void positionsReady(const QString& chrom, qint64 first, qint64 last);
  // Of the current request: positions computed or found cached / in range
  // (positions without alignment count as done: there is nothing to compute).
  void progress(qint64 done, qint64 total);
  // The current request is complete (or was cancelled).
  void idle(bool cancelled);
  // The current request stopped on an error (instead of idle()): the message
  // names the region and what failed (an unknown chromosome, a corrupt chunk).
  void failed(const QString& message);

 private:
  void launch();  // starts the current request's job when no other job runs

  struct Impl;
  std::unique_ptr<Impl> d_;
};

}  // namespace gpnmsa::ui
