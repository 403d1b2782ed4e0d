// SPDX-License-Identifier: GPL-3.0-or-later
#include "figure_export.h"

#include <exception>

#include "figure_render.h"

namespace gpnmsa::ui {

FigureWorker::FigureWorker(gpnmsa::SessionPtr session, FigureRequest request, QObject* parent)
    : JobWorker(parent), session_(std::move(session)), request_(std::move(request)) {
  qRegisterMetaType<std::shared_ptr<const gpnmsa::ui::FigureData>>();
}

void FigureWorker::run() {
  if (!session_) {
    emit failed(tr("No model and alignment loaded."));
    return;
  }
  try {
    auto data = std::make_shared<FigureData>(gatherFigureData(
        *session_, request_, [this](int64_t done, int64_t total) { emit progress(done, total); }, stopFlag().get()));
    if (stopRequested()) return emit finished(nullptr, true);
    emit finished(std::move(data), false);
  } catch (const std::exception& e) {
    emit failed(tr("Cannot make the figure: %1").arg(QString::fromStdString(e.what())));
  }
}

FigureExporter::FigureExporter(QObject* parent) : QObject(parent), jobs_(new JobSlot(this)) {}

FigureExporter::~FigureExporter() { jobs_->shutdown(); }

void FigureExporter::cancel() { jobs_->stopCurrent(); }

bool FigureExporter::start(gpnmsa::SessionPtr session, FigureRequest request, const QString& path, int dpi,
                           QString* error) {
  auto fail = [error](const QString& m) {
    if (error) *error = m;
    return false;
  };
  if (!session) return fail(tr("The model and alignment are not loaded yet."));
  if (!figureFormatFor(path)) return fail(tr("%1: a figure is written as .svg, .pdf or .png").arg(path));
  if (dpi < kMinFigureDpi || dpi > kMaxFigureDpi)
    return fail(tr("DPI must be between %1 and %2").arg(kMinFigureDpi).arg(kMaxFigureDpi));
  auto* worker = new FigureWorker(std::move(session), std::move(request));
  jobs_->start(worker, [this, worker, path, dpi](quint64 id) {
    connect(worker, &FigureWorker::progress, this, [this, id](qint64 done, qint64 total) {
      if (jobs_->isCurrent(id)) emit progress(done, total);
    });
    connect(worker, &FigureWorker::failed, this, [this, id](const QString& message) {
      if (!jobs_->isCurrent(id)) return;
      jobs_->finish(id);
      emit finished(false, message, {});
    });
    connect(worker, &FigureWorker::finished, this,
            [this, id, path, dpi](std::shared_ptr<const FigureData> data, bool cancelled) {
              if (!jobs_->isCurrent(id)) return;
              jobs_->finish(id);
              if (cancelled || !data) return emit finished(true, {}, {});
              QString message;
              if (!writeFigure(*data, path, dpi, &message)) return emit finished(false, message, {});
              emit finished(false, {}, path);
            });
  });
  return true;
}

}  // namespace gpnmsa::ui
