// SPDX-License-Identifier: GPL-3.0-or-later
#include "background_job.h"

#include <QThread>
#include <algorithm>

namespace gpnmsa::ui {

JobWorker::JobWorker(QObject* parent) : QObject(parent) {}

void JobWorker::start() {
  run();
  emit ended();
}

JobSlot::JobSlot(QObject* parent) : QObject(parent) {}

JobSlot::~JobSlot() { shutdown(); }

quint64 JobSlot::begin() {
  cancel();
  current_ = ++next_;
  busy_ = true;
  return current_;
}

void JobSlot::track(QThread* thread) {
  // Finished threads delete themselves; forget their (now null) pointers.
  threads_.erase(std::remove_if(threads_.begin(), threads_.end(), [](const QPointer<QThread>& t) { return t.isNull(); }),
                 threads_.end());
  threads_.emplace_back(thread);
}

quint64 JobSlot::start(JobWorker* worker, const std::function<void(quint64)>& wire) {
  const quint64 id = begin();
  if (wire) wire(id);
  stop_ = worker->stopFlag();
  auto* thread = new QThread;
  worker->moveToThread(thread);
  connect(thread, &QThread::started, worker, &JobWorker::start);
  // Direct: quit from the worker thread itself, so a GUI thread blocked in
  // shutdown() is not waiting on its own event loop to deliver the quit.
  connect(worker, &JobWorker::ended, thread, &QThread::quit, Qt::DirectConnection);
  connect(thread, &QThread::finished, worker, &QObject::deleteLater);
  connect(thread, &QThread::finished, thread, &QObject::deleteLater);
  track(thread);
  thread->start();
  return id;
}

quint64 JobSlot::launch(std::function<void()> work, std::function<void()> done) {
  const quint64 id = begin();
  QThread* thread = QThread::create(std::move(work));
  // Runs in this object's thread, and not at all once the slot is gone.
  connect(thread, &QThread::finished, this, [this, id, done = std::move(done)] {
    if (!isCurrent(id)) return;
    busy_ = false;
    done();
  });
  connect(thread, &QThread::finished, thread, &QObject::deleteLater);
  track(thread);
  thread->start();
  return id;
}

void JobSlot::finish(quint64 id) {
  if (!isCurrent(id)) return;
  busy_ = false;
  stop_.reset();
}

void JobSlot::stopCurrent() {
  if (stop_) *stop_ = true;
}

void JobSlot::cancel() {
  if (stop_) *stop_ = true;
  stop_.reset();
  current_ = 0;
  busy_ = false;
}

bool JobSlot::hasRunningThreads() const {
  return std::any_of(threads_.begin(), threads_.end(), [](const QPointer<QThread>& t) { return t && t->isRunning(); });
}

void JobSlot::shutdown() {
  cancel();
  for (auto& t : threads_)
    if (t) t->wait();
  threads_.clear();
}

}  // namespace gpnmsa::ui
