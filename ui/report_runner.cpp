// SPDX-License-Identifier: GPL-3.0-or-later
#include "report_runner.h"

#include <QItemSelectionModel>
#include <QSet>
#include <QTableView>
#include <algorithm>
#include <memory>

#include "main_window.h"
#include "report_worker.h"
#include "report_writer.h"
#include "variant_filter_proxy.h"
#include "variant_table_model.h"

namespace gpnmsa::ui {

std::vector<int> selectedReportRows(const MainWindow& window) {
  std::vector<int> rows;
  const auto* selection = window.tableView()->selectionModel();
  if (!selection) return rows;
  auto selected = selection->selectedRows();
  std::sort(selected.begin(), selected.end(),
            [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
  for (const QModelIndex& viewIndex : selected) {
    const QModelIndex source = window.proxyModel()->mapToSource(viewIndex);
    if (source.isValid()) rows.push_back(source.row());
  }
  return rows;
}

std::vector<int> rowsWithIds(const MainWindow& window, const QStringList& ids, QString* unknown) {
  const auto& table = window.tableModel()->rows();
  std::vector<int> rows;
  QStringList missing;
  QSet<QString> wanted;
  for (const QString& id : ids) {
    const QString t = id.trimmed();
    if (t.isEmpty()) continue;
    wanted.insert(t);
    const bool found = std::any_of(table.begin(), table.end(),
                                   [&](const auto& r) { return QString::fromStdString(r.variant.id) == t; });
    if (!found) missing << t;
  }
  if (!missing.isEmpty()) {
    if (unknown) *unknown = missing.join(QStringLiteral(", "));
    return {};
  }
  for (size_t i = 0; i < table.size(); ++i)
    if (wanted.contains(QString::fromStdString(table[i].variant.id))) rows.push_back(int(i));
  return rows;
}

ReportRunner::ReportRunner(QObject* parent) : QObject(parent), jobs_(new JobSlot(this)) {}

ReportRunner::~ReportRunner() { jobs_->shutdown(); }

void ReportRunner::cancel() { jobs_->stopCurrent(); }

bool ReportRunner::start(const MainWindow& window, const std::vector<int>& rows, const QString& path,
                         const QPageSize& pageSize, QString* error) {
  auto fail = [error](const QString& m) {
    if (error) *error = m;
    return false;
  };
  if (rows.empty()) return fail(tr("No variants selected for the report."));
  const gpnmsa::SessionPtr session = window.session();
  if (!session) return fail(tr("The model and alignment are not loaded yet."));
  // Collected now, on the GUI thread: the table may change while the figures are computed.
  auto data = std::make_shared<ReportData>();
  data->created = QDateTime::currentDateTime();
  data->logoMode = ReportWorker::logoModeText();
  ReportJob job;
  job.created = data->created;
  job.inputPath = QString::fromStdString(window.input().path);
  job.genes = window.geneAnnotation();
  job.genesPath = window.geneAnnotationPath();
  if (window.hasClinVarFile()) job.clinvarPath = window.clinVarFile();
  job.second = window.secondSession();
  for (int row : rows) {
    const auto& scored = window.tableModel()->rowAt(row);
    data->variants.push_back(collectVariant(scored, window.input(), row, session.get()));
    job.sites.push_back({QString::fromStdString(scored.variant.chrom), scored.variant.pos});
  }
  auto* worker = new ReportWorker(session, job);
  jobs_->start(worker, [this, worker, data, path, pageSize](quint64 id) {
    connect(worker, &ReportWorker::progress, this, [this, id](qint64 done, qint64 total) {
      if (jobs_->isCurrent(id)) emit progress(done, total);
    });
    connect(worker, &ReportWorker::failed, this, [this, id](const QString& message) {
      if (!jobs_->isCurrent(id)) return;
      jobs_->finish(id);
      emit finished(false, message, {});
    });
    connect(worker, &ReportWorker::finished, this,
            [this, id, data, path, pageSize](const QVector<ReportFigures>& figures,
                                             const QVector<ReportField>& provenance, bool cancelled) {
              if (!jobs_->isCurrent(id)) return;
              jobs_->finish(id);
              if (cancelled) return emit finished(true, {}, {});
              for (qsizetype k = 0; k < figures.size() && size_t(k) < data->variants.size(); ++k)
                data->variants[size_t(k)].figures = figures[k];
              data->provenance.assign(provenance.begin(), provenance.end());
              QStringList written;
              QString message;
              if (!writeReport(*data, path, pageSize, &written, &message)) return emit finished(false, message, {});
              emit finished(false, {}, written);
            });
  });
  return true;
}

}  // namespace gpnmsa::ui
