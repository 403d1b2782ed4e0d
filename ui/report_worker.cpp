// SPDX-License-Identifier: GPL-3.0-or-later
#include "report_worker.h"

#include <algorithm>
#include <exception>
#include <QFileInfo>

#include "gpnmsa/gene_annotation.h"
#include "gpnmsa/tokens.h"
#include "region_worker.h"

namespace gpnmsa::ui {

ReportWorker::ReportWorker(gpnmsa::SessionPtr session, ReportJob job, QObject* parent)
    : JobWorker(parent), session_(std::move(session)), job_(std::move(job)) {
  qRegisterMetaType<QVector<gpnmsa::ui::ReportFigures>>();
  qRegisterMetaType<QVector<gpnmsa::ui::ReportField>>();
}

QString ReportWorker::logoModeText() {
  return tr("exact: each position of the window masked in turn, both strands averaged");
}

void ReportWorker::addGenes(ReportFigures* f, qint64 marked) const {
  if (!job_.genes || f->logits.empty()) return;
  GeneTrackData& d = f->genes;
  d.chrom = f->window.chrom;
  d.start = f->logits.front().pos;
  d.end = f->logits.back().pos;
  d.marked = marked;
  d.annotationLoaded = true;
  d.genes = job_.genes->genesIn(d.chrom.toStdString(), d.start, d.end);  // throws: the variant has no figures
  f->genesSource = QFileInfo(job_.genesPath).fileName();
}

void ReportWorker::run() {
  if (!session_ || !session_->model || !session_->store) {
    emit failed(tr("No model and alignment loaded."));
    return;
  }
  QVector<ReportFigures> figures(qsizetype(job_.sites.size()));
  const qint64 total = qint64(job_.sites.size()) * gpnmsa::kWindowSize;
  qint64 before = 0;  // positions of the variants already done
  try {
    gpnmsa::ScoreOptions options;
    options.batchSize = std::max(2, job_.batchSize);
    options.logits.mode = gpnmsa::RegionLogitsOptions::Mode::Exact;
    gpnmsa::Scorer scorer(*session_->model, *session_->store, options);
    for (size_t k = 0; k < job_.sites.size() && !stopRequested(); ++k) {
      const auto& site = job_.sites[k];
      ReportFigures& f = figures[qsizetype(k)];
      try {
        f.window = readAlignmentWindow(*session_->store, site.chrom, site.pos, site.pos);
        const qint64 n = f.window.length();
        auto region = scorer.regionLogits(
            f.window.chrom.toStdString(), f.window.firstPos, f.window.firstPos + n - 1, {}, stopFlag().get(),
            [this, before, total](const gpnmsa::RegionLogits&, size_t first, size_t count) {
              emit progress(before + qint64(first + count), total);
            });
        f.logits = std::move(region.positions);
        addGenes(&f, site.pos);
      } catch (const std::exception& e) {
        // This variant has no figures (its window is not aligned, say); the others still do.
        f = ReportFigures{};
        f.error = QString::fromStdString(e.what());
      }
      before += gpnmsa::kWindowSize;
      emit progress(before, total);
    }
  } catch (const std::exception& e) {
    emit failed(tr("Cannot compute the report's figures: %1").arg(QString::fromStdString(e.what())));
    return;
  }
  if (stopRequested()) {
    emit finished({}, {}, true);
    return;
  }
  const auto prov = collectProvenance(session_.get(), job_.inputPath, job_.created, job_.genesPath, job_.clinvarPath,
                                job_.second.get());
  emit finished(figures, QVector<ReportField>(prov.begin(), prov.end()), false);
}

}  // namespace gpnmsa::ui
