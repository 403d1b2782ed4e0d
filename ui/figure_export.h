// SPDX-License-Identifier: GPL-3.0-or-later
// File ▸ Export Figure's job: gathers a figure's data (figure_data.h) in a
// FigureWorker of its own JobSlot (a newer export cancels an older one;
// progress counts the region's positions; Cancel stops between forward
// passes), then writes the file on the GUI thread (figure_render.h).
#pragma once
#include <QObject>
#include <QString>
#include <memory>

#include "background_job.h"
#include "figure_data.h"

Q_DECLARE_METATYPE(std::shared_ptr<const gpnmsa::ui::FigureData>)

namespace gpnmsa::ui {

class FigureWorker : public JobWorker {
  Q_OBJECT
 public:
  FigureWorker(gpnmsa::SessionPtr session, FigureRequest request, QObject* parent = nullptr);

 signals:
  void progress(qint64 done, qint64 total);
  // `data` is null when cancelled.
  void finished(std::shared_ptr<const gpnmsa::ui::FigureData> data, bool cancelled);
  void failed(const QString& message);

 protected:
  void run() override;

 private:
  gpnmsa::SessionPtr session_;
  FigureRequest request_;
};

class FigureExporter : public QObject {
  Q_OBJECT
 public:
  explicit FigureExporter(QObject* parent = nullptr);
  ~FigureExporter() override;  // stops the job and waits for its thread

  // Starts the figure of `request` to `path` (.svg, .pdf or .png) at `dpi`.
  // False with *error, and nothing started, for no session, an unknown
  // suffix or a DPI out of range.
  bool start(gpnmsa::SessionPtr session, FigureRequest request, const QString& path, int dpi,
             QString* error = nullptr);
  void cancel();
  bool isBusy() const { return jobs_->isBusy(); }

 signals:
  void progress(qint64 done, qint64 total);
  // `error` is empty unless it failed; `path` is the file written.
  void finished(bool cancelled, const QString& error, const QString& path);

 private:
  JobSlot* jobs_;
};

}  // namespace gpnmsa::ui
