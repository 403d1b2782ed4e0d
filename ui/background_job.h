// SPDX-License-Identifier: GPL-3.0-or-later
// The one mechanism for the app's background work (scoring, published-score
// lookups, logos, model/alignment and score-file loading):
//
//  - a JobWorker is one job: parameters in through its constructor, results
//    and failures out as its own signals, a shared stop flag it checks
//    between batches;
//  - a JobSlot owns the jobs of one kind for one owner (the main window's
//    scoring, the detail panel's logo, ...): starting a job cancels the one
//    before it, so the newest request wins; each job gets an id and the owner
//    accepts a job's signals only while isCurrent(id); the slot keeps every
//    thread it started and waits for all of them on shutdown (window closing),
//    so no job outlives its owner or, at exit, libtorch's globals.
//
// Workers delete themselves in their own thread when the job ends, so the
// owner never touches a worker after start(): cancelling goes through the
// stop flag the slot holds.
#pragma once
#include <QObject>
#include <QPointer>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace gpnmsa::ui {

using StopFlag = std::shared_ptr<std::atomic<bool>>;

class JobWorker : public QObject {
  Q_OBJECT
 public:
  explicit JobWorker(QObject* parent = nullptr);

  // Thread-safe: the job stops at its next check (after the current batch).
  void cancel() { *stop_ = true; }
  StopFlag stopFlag() const { return stop_; }
  bool stopRequested() const { return stop_->load(); }

 public slots:
  // Runs the job in the calling thread, then emits ended().
  void start();

 signals:
  // After the job's own finished/failed signal, always; its thread quits on it.
  void ended();

 protected:
  // The job: emits the worker's own result or failure signals. Must not throw.
  virtual void run() = 0;

 private:
  StopFlag stop_ = std::make_shared<std::atomic<bool>>(false);
};

class JobSlot : public QObject {
  Q_OBJECT
 public:
  explicit JobSlot(QObject* parent = nullptr);
  ~JobSlot() override;  // shutdown()

  // Starts `worker` (no parent; owned by the slot from here on) in a thread of
  // its own as this slot's job, cancelling the job before it. `wire` connects
  // the owner to the worker's signals, given the job's id for its
  // isCurrent() checks; it runs before the thread starts, so no signal is
  // missed. Returns the id.
  quint64 start(JobWorker* worker, const std::function<void(quint64 id)>& wire = {});

  // Runs `work` in a thread of its own as this slot's job (cancelling the one
  // before it); then `done` runs with its result in this object's thread, only
  // if the job is still current. `work` must not throw. For jobs with one
  // result and no progress (loading a model, opening a file).
  template <typename T>
  quint64 run(std::function<T()> work, std::function<void(T)> done) {
    auto result = std::make_shared<std::optional<T>>();
    return launch([work = std::move(work), result] { result->emplace(work()); },
                  [done = std::move(done), result] {
                    if (*result) done(std::move(**result));
                  });
  }

  // Signals of job `id` are to be used (no newer job, no cancel since).
  bool isCurrent(quint64 id) const { return id == current_ && id != 0; }
  // The current job has been started and has not ended (finish() or cancel()).
  bool isBusy() const { return busy_; }
  // The owner's handler of job `id`'s final signal calls this: not busy any more.
  void finish(quint64 id);
  // Asks the current job to stop through its stop flag; it stays current, so
  // its final (cancelled) signal still arrives (the user's Cancel button).
  void stopCurrent();
  // Stops the current job through its stop flag; its later signals are dropped.
  void cancel();
  // cancel(), then waits for every thread this slot started.
  void shutdown();
  // A thread this slot started is still running (a cancelled job included).
  bool hasRunningThreads() const;

 private:
  quint64 begin();  // cancels the current job and makes a new id current
  quint64 launch(std::function<void()> work, std::function<void()> done);
  void track(QThread* thread);

  quint64 current_ = 0, next_ = 0;
  bool busy_ = false;
  StopFlag stop_;  // the current job's flag (JobWorker jobs only)
  std::vector<QPointer<QThread>> threads_;
};

}  // namespace gpnmsa::ui
