// SPDX-License-Identifier: GPL-3.0-or-later
#include "published_scores.h"

#include <QElapsedTimer>
#include <algorithm>
#include <exception>

namespace gpnmsa::ui {

std::shared_ptr<ScoreFile> ScoreFile::open(const QString& path, QString* error) {
  auto f = std::make_shared<ScoreFile>();
  f->path = path;
  try {
    if (path.isEmpty()) throw std::runtime_error("no file chosen");
    f->file = gpnmsa::PrecomputedScores::open(path.toStdString());
  } catch (const std::exception& e) {
    if (error) *error = QObject::tr("Cannot use the score file %1: %2").arg(path, QString::fromStdString(e.what()));
    return nullptr;
  }
  return f;
}

PublishedWorker::PublishedWorker(ScoreFilePtr file, std::vector<gpnmsa::Variant> variants, QObject* parent)
    : JobWorker(parent), file_(std::move(file)), variants_(std::move(variants)) {
  qRegisterMetaType<gpnmsa::ScoredVariant>();
  qRegisterMetaType<QVector<gpnmsa::ScoredVariant>>();
  qRegisterMetaType<QVector<int>>();
}

void PublishedWorker::run() {
  QElapsedTimer clock;
  clock.start();
  if (!file_ || !file_->file) {
    emit failed(tr("No score file is open."));
    return;
  }
  try {
    std::lock_guard<std::mutex> lock(file_->mutex);
    const size_t n = variants_.size();
    for (size_t first = 0; first < n && !stopRequested(); first += size_t(chunk_)) {
      const size_t count = std::min(n - first, size_t(chunk_));
      const std::vector<gpnmsa::Variant> part(variants_.begin() + ptrdiff_t(first),
                                              variants_.begin() + ptrdiff_t(first + count));
      const auto rows = file_->file->annotate(part, {}, stopFlag().get());
      QVector<int> indices;
      QVector<gpnmsa::ScoredVariant> out;
      for (size_t k = 0; k < rows.size(); ++k) {
        // A stop inside annotate leaves the rest Pending: not an answer.
        if (rows[k].status == gpnmsa::VariantStatus::Pending) continue;
        indices << int(first + k);
        out << rows[k];
      }
      if (!indices.isEmpty()) emit rowsReady(indices, out);
    }
  } catch (const std::exception& e) {
    emit failed(tr("Looking up %1 failed: %2").arg(file_->path, QString::fromStdString(e.what())));
    return;
  }
  emit finished(stopRequested(), clock.elapsed() / 1000.0);
}

}  // namespace gpnmsa::ui
