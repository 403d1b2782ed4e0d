// SPDX-License-Identifier: GPL-3.0-or-later
// ViewLogitsScheduler: plans a request against the cache (GUI thread), runs
// the plan in a ViewLogitsWorker through a JobSlot, and files what comes back
// in the cache. The cache is touched only in the GUI thread.
#include "view_logits.h"

#include <algorithm>

#include "background_job.h"
#include "view_logits_plan.h"
#include "view_logits_worker.h"

namespace gpnmsa::ui {

struct ViewLogitsScheduler::Impl {
  gpnmsa::SessionPtr session;
  // Sessions whose logits may be in the cache: a closed one is forgotten
  // before a new one (perhaps at its address) is used.
  std::vector<std::pair<const gpnmsa::EngineSession*, std::weak_ptr<const gpnmsa::EngineSession>>> seen;
  gpnmsa::RegionLogitsOptions options;
  int modeKey = 0;
  // Bumped by every session or mode change: a job's results are filed only
  // under the session and mode it was started with.
  quint64 generation = 0;
  LogitsCache cache;
  JobSlot slot;
  int running = 0;       // jobs started and not ended (a replaced one finishing its pass)
  bool pending = false;  // the current request waits for them to end
  qint64 forwardPasses = 0;

  struct Request {
    QString chrom, stored;
    qint64 first = 0, last = 0, centre = 0, length = 0;
    quint64 generation = 0;
    qint64 done = 0, total = 0;
  };
  Request current;

  mutable QString resolvedFrom, resolvedTo;  // logits()'s last chromosome name

  // The stored name of `chrom`, empty if the store does not have it.
  QString resolve(const QString& chrom) const {
    if (!session || !session->store) return {};
    if (chrom == resolvedFrom && !resolvedTo.isEmpty()) return resolvedTo;
    const auto stored = session->store->resolve(chrom.toStdString());
    resolvedFrom = chrom;
    resolvedTo = stored ? QString::fromStdString(*stored) : QString();
    return resolvedTo;
  }
};

ViewLogitsScheduler::ViewLogitsScheduler(QObject* parent) : QObject(parent), d_(std::make_unique<Impl>()) {}

ViewLogitsScheduler::~ViewLogitsScheduler() { d_->slot.shutdown(); }

void ViewLogitsScheduler::setSession(gpnmsa::SessionPtr session) {
  if (session == d_->session) return;
  cancel();
  // Forget the sessions closed since: their addresses may be reused.
  auto& seen = d_->seen;
  for (auto it = seen.begin(); it != seen.end();) {
    if (it->second.expired()) {
      d_->cache.removeSession(it->first);
      it = seen.erase(it);
    } else {
      ++it;
    }
  }
  d_->session = std::move(session);
  if (d_->session) seen.emplace_back(d_->session.get(), d_->session);
  d_->resolvedFrom.clear();
  d_->resolvedTo.clear();
  ++d_->generation;
  d_->current = {};
}

void ViewLogitsScheduler::setOptions(const gpnmsa::RegionLogitsOptions& options) {
  const int key = logitsModeKey(options);
  if (key == d_->modeKey && options.mode == d_->options.mode) return;
  cancel();
  d_->options = options;
  d_->modeKey = key;
  ++d_->generation;
  d_->current = {};
}

const gpnmsa::RegionLogitsOptions& ViewLogitsScheduler::options() const { return d_->options; }

void ViewLogitsScheduler::request(const QString& chrom, qint64 first, qint64 last, qint64 centre) {
  if (!d_->session || !d_->session->store) return;  // nothing to compute with yet
  const auto& r = d_->current;
  if (!r.chrom.isEmpty() && r.generation == d_->generation && r.chrom == chrom && r.first == first &&
      r.last == last && r.centre == centre)
    return;  // the current request (a repaint, or a slot of positionsReady, asking again)
  d_->slot.cancel();  // replaced: the old job's results are still filed, its end is not signalled
  d_->pending = false;
  const QString stored = d_->resolve(chrom);
  if (stored.isEmpty()) {
    d_->current = {};
    d_->current.chrom = chrom;  // asking again fails once, not on every repaint
    d_->current.first = first;
    d_->current.last = last;
    d_->current.centre = centre;
    d_->current.generation = d_->generation;
    emit failed(tr("Cannot compute logits for %1:%2-%3: chromosome '%1' is not in the alignment store %4")
                    .arg(chrom)
                    .arg(first)
                    .arg(last)
                    .arg(QString::fromStdString(d_->session->store->path())));
    return;
  }
  const qint64 length = d_->session->store->length(stored.toStdString());
  Impl::Request req;
  req.chrom = chrom;
  req.stored = stored;
  req.first = std::max<qint64>(first, 1);
  req.last = std::min(last, length);
  req.centre = centre;
  req.length = length;
  req.generation = d_->generation;
  req.total = std::max<qint64>(0, req.last - req.first + 1);
  d_->current = req;
  d_->current.first = first;  // as asked, to recognise a repeated request
  d_->current.last = last;
  d_->pending = false;

  // What is cached is shown at once (an overview too).
  for (const auto& [a, b] : d_->cache.cachedRuns(d_->session.get(), stored, d_->modeKey, req.first, req.last))
    emit positionsReady(chrom, a, b);
  if (req.total == 0 || req.total > kMaxComputedView) {
    emit idle(false);
    return;
  }
  d_->pending = true;
  launch();
}

// Plans the current request against the cache and starts its job, or, while
// a replaced job still finishes its last forward pass, leaves it pending until
// that job has ended: one job computes at a time (a fast pan does not pile up
// passes on the CPUs), and what the old job finished is not computed again.
void ViewLogitsScheduler::launch() {
  if (!d_->pending) return;
  const Impl::Request req = d_->current;  // a copy: a slot of a signal below may make a new request
  const gpnmsa::EngineSession* session = d_->session.get();
  const QString stored = req.stored;
  const qint64 lo = std::max<qint64>(req.first, 1), hi = std::min(req.last, req.length);
  ViewLogitsJob job;
  job.chrom = stored;
  job.length = req.length;
  job.options = d_->options;
  job.units = planViewLogits(lo, hi, req.centre, req.length, d_->options, [&](qint64 pos) {
    return d_->cache.find(session, stored, d_->modeKey, pos) != nullptr;
  });
  if (!job.units.empty() && d_->running > 0) return;  // launched again when it ends
  d_->pending = false;
  qint64 missing = 0;
  for (const auto& unit : job.units) missing += unit.missingInView;
  d_->current.done = req.total - missing;
  if (job.units.empty()) {
    emit progress(req.total, req.total);
    emit idle(false);
    return;
  }

  auto* worker = new ViewLogitsWorker(d_->session, std::move(job));
  const quint64 generation = d_->generation;
  const QString chrom = req.chrom;
  ++d_->running;
  d_->slot.start(worker, [this, worker, generation, chrom, stored](quint64 id) {
    // Results are filed even after the request was replaced (they are
    // right, and their forward passes are spent), but only under the session
    // and mode they were computed with.
    connect(worker, &ViewLogitsWorker::batchReady, this, [this, id, generation, chrom, stored](const ViewLogitsBatch& b) {
      d_->forwardPasses += b.forwardPasses;
      if (generation != d_->generation) return;
      const gpnmsa::EngineSession* session = d_->session.get();
      for (size_t i = 0; i < b.logits.size();) {
        size_t j = i;
        d_->cache.insert(session, stored, d_->modeKey, b.logits[i]);
        while (j + 1 < b.logits.size() && b.logits[j + 1].pos == b.logits[j].pos + 1)
          d_->cache.insert(session, stored, d_->modeKey, b.logits[++j]);
        emit positionsReady(chrom, b.logits[i].pos, b.logits[j].pos);
        i = j + 1;
      }
      if (!d_->slot.isCurrent(id)) return;
      d_->current.done = std::min(d_->current.total, d_->current.done + b.settledInView);
      emit progress(d_->current.done, d_->current.total);
    });
    // Every job ends with finished() or failed(), after its last batch.
    connect(worker, &ViewLogitsWorker::finished, this, [this, id](bool cancelled) {
      --d_->running;
      if (d_->slot.isCurrent(id)) {
        d_->slot.finish(id);
        emit idle(cancelled);
      }
      launch();
    });
    connect(worker, &ViewLogitsWorker::failed, this, [this, id](const QString& message) {
      --d_->running;
      if (d_->slot.isCurrent(id)) {
        d_->slot.finish(id);
        emit failed(message);
      }
      launch();
    });
  });
  emit progress(req.total - missing, req.total);
}

void ViewLogitsScheduler::cancel() {
  const bool wasBusy = isBusy();
  d_->slot.cancel();
  d_->pending = false;
  d_->current = {};
  if (wasBusy) emit idle(true);
}

const gpnmsa::PositionLogits* ViewLogitsScheduler::logits(const QString& chrom, qint64 pos) const {
  const QString stored = d_->resolve(chrom);
  if (stored.isEmpty()) return nullptr;
  return d_->cache.find(d_->session.get(), stored, d_->modeKey, pos);
}

bool ViewLogitsScheduler::isBusy() const { return d_->slot.isBusy() || d_->pending; }

qint64 ViewLogitsScheduler::forwardPasses() const { return d_->forwardPasses; }

LogitsCache& ViewLogitsScheduler::cache() { return d_->cache; }

}  // namespace gpnmsa::ui
