// SPDX-License-Identifier: GPL-3.0-or-later
// The "Published" column (issue 5 item 1): scores looked up in a precomputed
// score file (the authors' bgzip + tabix layout, `chrom pos ref alt score`)
// through the core's PrecomputedScores, in a worker thread so that a large or
// remote file never blocks the window. Rows fill in chunk by chunk.
#pragma once
#include <QObject>
#include <QString>
#include <QVector>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "gpnmsa/precomputed_scores.h"
#include "gpnmsa/variant.h"
#include "variant_metatype.h"

namespace gpnmsa::ui {

// An opened score file. PrecomputedScores keeps htslib handles, so one lookup
// job at a time uses it (the mutex); a newer job waits for a cancelled one.
struct ScoreFile {
  QString path;
  std::unique_ptr<gpnmsa::PrecomputedScores> file;
  std::mutex mutex;

  // Opens the file and its .tbi; nullptr and a message naming the file and the
  // problem on failure. Never throws.
  static std::shared_ptr<ScoreFile> open(const QString& path, QString* error);
};
using ScoreFilePtr = std::shared_ptr<ScoreFile>;

// Opens in a background thread (an index over http may take a moment); `done`
// runs in `context`'s thread, not at all if `context` is destroyed first.
void openScoreFileAsync(QObject* context, const QString& path,
                        std::function<void(ScoreFilePtr, const QString& error)> done);

class PublishedWorker : public QObject {
  Q_OBJECT
 public:
  PublishedWorker(ScoreFilePtr file, std::vector<gpnmsa::Variant> variants, QObject* parent = nullptr);

  // Thread-safe; the job stops after the current chunk.
  void cancel() { *stop_ = true; }
  std::shared_ptr<std::atomic<bool>> stopFlag() const { return stop_; }
  // Moves the worker into a new thread, starts it; both are deleted when it ends.
  QThread* startInThread();
  // Variants per chunk (one rowsReady per chunk).
  void setChunkSize(int n) { chunk_ = n > 0 ? n : 1; }

 public slots:
  void run();

 signals:
  // Row indices[k] (input order) has the published row rows[k].
  void rowsReady(const QVector<int>& indices, const QVector<gpnmsa::ScoredVariant>& rows);
  void finished(bool cancelled, double seconds);
  void failed(const QString& message);

 private:
  ScoreFilePtr file_;
  std::vector<gpnmsa::Variant> variants_;
  std::shared_ptr<std::atomic<bool>> stop_ = std::make_shared<std::atomic<bool>>(false);
  int chunk_ = 1024;  // each chunk opens its own handle (annotate does)
};

}  // namespace gpnmsa::ui
