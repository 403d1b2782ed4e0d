// SPDX-License-Identifier: GPL-3.0-or-later
#include "region_worker.h"

#include <algorithm>
#include <exception>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "gpnmsa/tokens.h"
#include "species_names.h"

namespace gpnmsa::ui {

WindowSpan windowSpan(qint64 pos, qint64 length) {
  if (length < gpnmsa::kWindowSize) return {0, int(std::max<qint64>(0, length))};
  const auto w = gpnmsa::placeWindow(std::clamp<qint64>(pos - 1, 0, length - 1), length);
  return {w.start, gpnmsa::kWindowSize};
}

AlignmentWindowData readAlignmentWindow(const gpnmsa::AlignmentStore& store, const QString& chrom,
                                        qint64 pos, qint64 markedPos) {
  const auto stored = store.resolve(chrom.toStdString());
  if (!stored)
    throw gpnmsa::Error("chromosome '" + chrom.toStdString() + "' is not in the alignment store " + store.path());
  const qint64 length = store.length(*stored);
  if (pos < 1 || pos > length)
    throw gpnmsa::Error("position " + std::to_string(pos) + " is outside chromosome " + *stored + " (1-" +
                        std::to_string(length) + ")");
  const WindowSpan span = windowSpan(pos, length);
  const auto bytes = store.fetch(*stored, span.first, span.first + span.count);
  AlignmentWindowData d;
  d.chrom = QString::fromStdString(*stored);
  d.firstPos = span.first + 1;
  d.columns = store.columns();
  d.rows = QByteArray(bytes.data(), qsizetype(bytes.size()));
  const qint64 marked = markedPos - d.firstPos;
  d.markedIndex = markedPos > 0 && marked >= 0 && marked < span.count ? int(marked) : -1;
  d.rowLabels = alignmentRowLabels(store.speciesCount());
  return d;
}

RegionWorker::RegionWorker(gpnmsa::SessionPtr session, RegionJob job, QObject* parent)
    : JobWorker(parent), session_(std::move(session)), job_(std::move(job)) {
  qRegisterMetaType<gpnmsa::PositionLogits>();
  qRegisterMetaType<QVector<gpnmsa::PositionLogits>>();
  qRegisterMetaType<gpnmsa::ui::AlignmentWindowData>();
}

void RegionWorker::run() {
  QElapsedTimer clock;
  clock.start();
  if (!session_ || !session_->model || !session_->store) {
    emit failed(tr("No model and alignment loaded."));
    return;
  }
  const QString where = QStringLiteral("%1:%2").arg(job_.chrom).arg(job_.pos);
  AlignmentWindowData window;
  try {
    window = readAlignmentWindow(*session_->store, job_.chrom, job_.pos, job_.markedPos);
  } catch (const std::exception& e) {
    emit failed(tr("Cannot read the alignment window at %1: %2").arg(where, QString::fromStdString(e.what())));
    return;
  }
  emit windowReady(window);
  if (!job_.computeLogits || stopRequested()) {
    emit finished(stopRequested(), clock.elapsed() / 1000.0);
    return;
  }
  try {
    gpnmsa::ScoreOptions options;
    options.batchSize = std::max(2, job_.batchSize);
    options.logits = job_.logits;
    gpnmsa::Scorer scorer(*session_->model, *session_->store, options);
    const qint64 total = window.length();
    scorer.regionLogits(
        window.chrom.toStdString(), window.firstPos, window.firstPos + total - 1, {}, stopFlag().get(),
        [this, total](const gpnmsa::RegionLogits& region, size_t first, size_t count) {
          // Called on this thread between forward passes; copy only the new positions.
          QVector<gpnmsa::PositionLogits> batch(region.positions.begin() + qsizetype(first),
                                                region.positions.begin() + qsizetype(first + count));
          emit logitsReady(batch, qint64(first + count), total);
        });
    emit finished(stopRequested(), clock.elapsed() / 1000.0);
  } catch (const std::exception& e) {
    emit failed(tr("Cannot compute the logo at %1: %2").arg(where, QString::fromStdString(e.what())));
  }
}

}  // namespace gpnmsa::ui
