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
#include <memory>
#include <mutex>
#include <vector>

#include "background_job.h"
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

class PublishedWorker : public JobWorker {
  Q_OBJECT
 public:
  PublishedWorker(ScoreFilePtr file, std::vector<gpnmsa::Variant> variants, QObject* parent = nullptr);
  // Variants per chunk (one rowsReady per chunk).
  void setChunkSize(int n) { chunk_ = n > 0 ? n : 1; }

 signals:
  // Row indices[k] (input order) has the published row rows[k].
  void rowsReady(const QVector<int>& indices, const QVector<gpnmsa::ScoredVariant>& rows);
  void finished(bool cancelled, double seconds);
  void failed(const QString& message);

 protected:
  void run() override;

 private:
  ScoreFilePtr file_;
  std::vector<gpnmsa::Variant> variants_;
  int chunk_ = 1024;  // each chunk opens its own handle (annotate does)
};

}  // namespace gpnmsa::ui
