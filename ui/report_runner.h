// SPDX-License-Identifier: GPL-3.0-or-later
// Makes one report: collects the chosen rows' data from the main window (on
// the GUI thread, where the table lives), computes their figures in a
// ReportWorker (in its own JobSlot: a newer report cancels an older one),
// then writes the PDF and HTML. Used by File ▸ Report… and by
// `gpnmsa-studio --report`.
#pragma once
#include <QObject>
#include <QPageSize>
#include <QString>
#include <QStringList>
#include <vector>

#include "background_job.h"
#include "report_data.h"

namespace gpnmsa::ui {

class MainWindow;

// The table rows (model rows, in view order) selected in the window.
std::vector<int> selectedReportRows(const MainWindow& window);
// The table rows whose variant ID is one of `ids`, in table order, every row of
// an ID that names several alleles included. An ID found in no row is put in
// *unknown (comma-separated, as given) and the result is empty.
std::vector<int> rowsWithIds(const MainWindow& window, const QStringList& ids, QString* unknown);

class ReportRunner : public QObject {
  Q_OBJECT
 public:
  explicit ReportRunner(QObject* parent = nullptr);
  ~ReportRunner() override;  // stops the job and waits for its thread

  // Starts a report of table rows `rows` to `path` (see writeReport). False
  // with *error, and nothing started, when there is nothing to report (no
  // rows, no session loaded).
  bool start(const MainWindow& window, const std::vector<int>& rows, const QString& path,
             const QPageSize& pageSize, QString* error = nullptr);
  void cancel();
  bool isBusy() const { return jobs_->isBusy(); }

 signals:
  void progress(qint64 done, qint64 total);
  // `error` is empty unless it failed; `written`: the files written.
  void finished(bool cancelled, const QString& error, const QStringList& written);

 private:
  JobSlot* jobs_;
};

}  // namespace gpnmsa::ui
