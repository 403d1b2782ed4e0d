// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow's second model (issue 16: two models side by side, e.g. GPN-MSA
// and GPN-Star V100). It is a session of its own (model + its store or
// stores, checked as EngineSession::open checks a pair), loaded and scoring
// in job slots of its own so that neither model waits for the other; the two
// share nothing but the variant list. Its results fill the table's second
// column group (VariantTableModel::Score2..Status2).
#include <QFileInfo>
#include <QStatusBar>
#include <QTableView>
#include <numeric>

#include "column_chooser.h"
#include "detail_panel.h"
#include "main_window.h"
#include "scoring_worker.h"
#include "session_loading.h"
#include "variant_table_model.h"

namespace gpnmsa::ui {

bool MainWindow::isLoadingSecondSession() const { return session2Load_->isBusy(); }
bool MainWindow::isScoringSecond() const { return scoring2_->isBusy(); }

void MainWindow::setSecondDataSources(const QString& modelDir, const QStringList& alignments) {
  modelDir2_ = modelDir;
  alignments2_ = alignments;
  scoring2_->cancel();
  session2_.reset();
  model_->clearSecondRows();
  if (modelDir.isEmpty()) {
    session2Load_->cancel();
    updateModelHeadings();
    return;
  }
  session2Load_->run<SessionLoad>([modelDir, alignments] { return loadSession(modelDir, alignments); },
                                  [this](SessionLoad loaded) {
                                    if (loaded.session) return useSecondSession(std::move(loaded.session));
                                    updateModelHeadings();
                                    report(tr("Second model: %1").arg(loaded.error));
                                  });
  updateModelHeadings();
}

void MainWindow::useSecondSession(gpnmsa::SessionPtr session) {
  session2Load_->cancel();
  if (!session) return;
  session2_ = std::move(session);
  modelDir2_ = QString::fromStdString(session2_->modelDir);
  updateModelHeadings();
  emit secondSessionReady();
  runSecondScoring();
}

void MainWindow::updateModelHeadings() {
  const auto heading = [](const gpnmsa::SessionPtr& s) {
    VariantTableModel::ModelHeading h;
    if (!s) return h;
    h.label = sessionLabel(*s);
    h.kind = sessionKind(*s);
    h.summary = sessionSummary(*s);
    h.star = isGpnStar(*s);
    return h;
  };
  model_->setModels(heading(session_), heading(session2_));
  detail_->setSecondSession(session2_);
  columns_->refresh();
  updateSummary();
}

QStringList MainWindow::modelProvenance() const {
  QStringList out;
  const auto line = [](const QString& which, const gpnmsa::EngineSession& s) {
    return tr("%1: %2 with %3 (%4)")
        .arg(which, QString::fromStdString(s.modelDir), QString::fromStdString(s.alignmentPath), sessionSummary(s));
  };
  if (session_) out << line(session2_ ? tr("Model 1") : tr("Model"), *session_);
  if (session2_) out << line(tr("Model 2"), *session2_);
  return out;
}

void MainWindow::runSecondScoring() {
  scoring2_->cancel();
  if (!session2_ || input_.variants.empty()) return;
  model_->clearSecondRows();
  ScoringJob j;
  j.variants = input_.variants;
  auto* w = new ScoringWorker(session2_, std::move(j));
  scoring2_->start(w, [this, w](quint64 job) {
    connect(w, &ScoringWorker::rowsReady, this, [this, job](const QVector<int>& i, const QVector<ScoredVariant>& r) {
      if (scoring2_->isCurrent(job)) model_->updateSecondRows(i, r);
    });
    connect(w, &ScoringWorker::finished, this, [this, job](const ScoringResult& r) {
      if (!scoring2_->isCurrent(job)) return;
      // The input's rows come first; what-if rows (after them) are scored next.
      QVector<int> all(int(r.rows.size()));
      std::iota(all.begin(), all.end(), 0);
      if (r.rows.size() <= model_->secondRows().size())
        model_->updateSecondRows(all, QVector<ScoredVariant>(r.rows.begin(), r.rows.end()));
      scoring2_->finish(job);
      if (!r.cancelled) scoreSecondWhatIfs();
      if (r.cancelled) statusBar()->showMessage(tr("Scoring with the second model cancelled."), 5000);
      if (table_->currentIndex().isValid()) emitCurrent();
      emit secondScoringFinished(r.cancelled);
    });
    connect(w, &ScoringWorker::failed, this, [this, job](const QString& message) {
      if (!scoring2_->isCurrent(job)) return;
      scoring2_->finish(job);
      report(tr("Second model: %1").arg(message));
    });
  });
}

// What-if rows (added from the mutagenesis map) still pending in the second
// group: scored in a slot of their own, like the first model's what-ifs.
void MainWindow::scoreSecondWhatIfs() {
  if (!session2_ || scoring2_->isBusy()) return;  // the full run scores them when it ends
  ScoringJob j;
  const auto rows = pendingWhatIfs(true, &j);
  if (rows->empty()) return;
  auto* w = new ScoringWorker(session2_, std::move(j));
  whatIf2_->start(w, [this, w, rows](quint64 job) {
    connect(w, &ScoringWorker::finished, this, [this, job, rows](const ScoringResult& r) {
      if (!whatIf2_->isCurrent(job)) return;
      if (r.rows.size() == rows->size())
        model_->updateSecondRows(QVector<int>(rows->begin(), rows->end()),
                                 QVector<ScoredVariant>(r.rows.begin(), r.rows.end()));
      whatIf2_->finish(job);
      if (table_->currentIndex().isValid()) emitCurrent();
    });
    connect(w, &ScoringWorker::failed, this, [this, job](const QString& message) {
      if (!whatIf2_->isCurrent(job)) return;
      whatIf2_->finish(job);
      report(tr("Second model: %1").arg(message));
    });
  });
}

}  // namespace gpnmsa::ui
