// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow's what-if rows (issue 12): a click on a mutagenesis-map cell
// adds that SNV to the table, marked as not from the loaded input, and scores
// it with the same ScoringWorker (Scorer::score) as every other row, in a
// job slot of its own so that it neither waits for nor cancels the input's
// scoring. What-if rows get Variant::record numbers after the input's
// records (VariantTableModel::setWhatIfFrom), so exports can tell them apart.
#include <QFileInfo>
#include <QLocale>
#include <QStatusBar>
#include <QTableView>
#include <exception>
#include <unordered_map>

#include "column_chooser.h"
#include "gpnmsa/region_variants.h"
#include "gpnmsa/variant_writer.h"
#include "main_window.h"
#include "scoring_worker.h"
#include "variant_filter_proxy.h"
#include "variant_table_model.h"

namespace gpnmsa::ui {

bool MainWindow::isScoringWhatIf() const { return whatIfScoring_->isBusy(); }

int MainWindow::addWhatIf(const QString& chrom, qint64 pos, char alt) {
  if (!session_) {
    report(tr("No model and alignment loaded: choose them in File ▸ Data Sources."));
    return -1;
  }
  const std::string altBase(1, char(std::toupper(static_cast<unsigned char>(alt))));
  const QString where = tr("%1:%2").arg(chrom, QLocale().toString(qlonglong(pos)));
  if (altBase.find_first_not_of("ACGT") != std::string::npos) {
    report(tr("What-if at %1: '%2' is not a base (A, C, G or T).").arg(where, QString::fromStdString(altBase)));
    return -1;
  }
  // REF is the alignment's human row (regionSnvs: the store's reference
  // column, upper-cased). The cell clicked lies in the window the map was
  // just computed from, so this read comes from the store's chunk cache.
  std::vector<gpnmsa::Variant> snvs;
  try {
    snvs = gpnmsa::regionSnvs(*session_->store, chrom.toStdString(), pos, pos);
  } catch (const std::exception& e) {
    report(tr("What-if at %1: %2").arg(where, QString::fromStdString(e.what())));
    return -1;
  }
  if (snvs.empty()) {
    report(tr("What-if at %1: the reference base there is N or a gap; nothing to score.").arg(where));
    return -1;
  }
  const auto snv = std::find_if(snvs.begin(), snvs.end(), [&](const gpnmsa::Variant& v) { return v.alt == altBase; });
  if (snv == snvs.end()) {
    statusBar()->showMessage(
        tr("%1 is the reference base at %2: a what-if needs another base.").arg(QString::fromStdString(altBase), where),
        8000);
    return -1;
  }
  // The same allele already in the table (an input row or an earlier
  // what-if): selected, not added twice. Chromosome names compare as the
  // store resolves them ("chr22" == "22").
  const auto& store = *session_->store;
  const auto target = store.resolve(chrom.toStdString());
  std::unordered_map<std::string, std::optional<std::string>> resolved;
  const auto& rows = model_->rows();
  for (int i = 0; i < int(rows.size()); ++i) {
    const auto& v = rows[size_t(i)].variant;
    if (v.pos != pos || v.ref != snv->ref || v.alt != altBase) continue;
    auto it = resolved.find(v.chrom);
    if (it == resolved.end()) it = resolved.emplace(v.chrom, store.resolve(v.chrom)).first;
    if (it->second != target) continue;
    const QModelIndex shown = proxy_->mapFromSource(model_->index(i, 0));
    if (shown.isValid()) selectRow(shown.row());
    else statusBar()->showMessage(tr("%1 %2>%3 is already in the table, hidden by the filter.")
                                      .arg(where, QString::fromStdString(snv->ref), QString::fromStdString(altBase)),
                                  8000);
    return i;
  }

  gpnmsa::Variant v = *snv;
  v.id = kWhatIfId;
  v.altIndex = 0;
  // A record of its own after the input's (and earlier what-ifs') records.
  v.record = input_.records;
  if (!input_.variants.empty()) v.record = std::max(v.record, input_.variants.back().record + 1);
  input_.variants.push_back(v);
  auto& a = input_.annotations;
  if (!a.alleles.empty()) a.alleles.emplace_back();  // the input's annotation has nothing for it
  if (!a.clinvarMatches.empty()) a.clinvarMatches.emplace_back();
  gpnmsa::ScoredVariant row;
  row.variant = v;
  model_->appendRow(row);
  const int added = model_->rowCount() - 1;
  applyGenes(&input_);  // gene / overlap consequence, as for the input's rows
  model_->setAnnotations(input_.annotations);
  columns_->refresh();
  startPublished();  // the published score and ClinVar match, looked up as for any row
  startClinVar();
  // The first what-if may need a wider ID column ("what-if" and its swatch).
  // (Widened only: a column the user made wider stays so.)
  const int idWidth = table_->columnWidth(VariantTableModel::Id);
  table_->resizeColumnToContents(VariantTableModel::Id);
  if (table_->columnWidth(VariantTableModel::Id) < idWidth) table_->setColumnWidth(VariantTableModel::Id, idWidth);
  const QModelIndex shown = proxy_->mapFromSource(model_->index(added, 0));
  const QString text = tr("What-if %1 %2>%3 added (not from the loaded input)")
                           .arg(where, QString::fromStdString(v.ref), QString::fromStdString(v.alt));
  if (shown.isValid()) {
    selectRow(shown.row());
    statusBar()->showMessage(text + tr("; scoring…"), 8000);
  } else {
    statusBar()->showMessage(text + tr("; the filter hides it."), 8000);
  }
  updateSummary();
  scoreWhatIfs();
  return added;
}

std::shared_ptr<std::vector<int>> MainWindow::pendingWhatIfs(bool secondModel, ScoringJob* job) const {
  auto rows = std::make_shared<std::vector<int>>();
  for (int i = 0; i < model_->rowCount(); ++i) {
    const VariantStatus status = secondModel ? model_->secondRowAt(i).status : model_->rowAt(i).status;
    if (model_->isWhatIf(i) && status == VariantStatus::Pending) {
      rows->push_back(i);
      job->variants.push_back(model_->rowAt(i).variant);
    }
  }
  return rows;
}

// Scores every what-if row still pending, so that a newer click (which
// cancels the job before it) never leaves an older what-if unscored.
void MainWindow::scoreWhatIfs() {
  scoreSecondWhatIfs();  // the second model's group of the same rows (if any)
  if (!session_) return;
  ScoringJob j;
  const auto rows = pendingWhatIfs(false, &j);
  if (rows->empty()) return;
  auto* w = new ScoringWorker(session_, std::move(j));
  const auto toTable = [rows](const QVector<int>& jobIndices) {
    QVector<int> out;
    for (int k : jobIndices) out << (*rows)[size_t(k)];
    return out;
  };
  whatIfScoring_->start(w, [this, w, rows, toTable](quint64 job) {
    connect(w, &ScoringWorker::rowsReady, this,
            [this, job, toTable](const QVector<int>& i, const QVector<ScoredVariant>& r) {
              if (whatIfScoring_->isCurrent(job)) model_->updateRows(toTable(i), r);
            });
    connect(w, &ScoringWorker::finished, this, [this, job, rows](const ScoringResult& r) {
      if (!whatIfScoring_->isCurrent(job)) return;
      if (r.rows.size() == rows->size())
        model_->updateRows(QVector<int>(rows->begin(), rows->end()),
                           QVector<ScoredVariant>(r.rows.begin(), r.rows.end()));
      whatIfScoring_->finish(job);
      if (!r.cancelled && !r.rows.empty()) {
        const auto& last = r.rows.back();
        const QString result = isScored(last.status) ? tr("score %1").arg(QString::fromStdString(formatScore(last.score)))
                                                     : QString::fromLatin1(statusName(last.status));
        statusBar()->showMessage(tr("What-if %1:%2 %3>%4: %5")
                                     .arg(QString::fromStdString(last.variant.chrom),
                                          QLocale().toString(qlonglong(last.variant.pos)),
                                          QString::fromStdString(last.variant.ref),
                                          QString::fromStdString(last.variant.alt), result),
                                 8000);
      }
      updateSummary();
      if (table_->currentIndex().isValid()) emitCurrent();
      emit whatIfFinished(r.cancelled);
    });
    connect(w, &ScoringWorker::failed, this, [this, job](const QString& message) {
      if (!whatIfScoring_->isCurrent(job)) return;
      whatIfScoring_->finish(job);
      report(message);
      emit whatIfFinished(true);
    });
  });
}

// A VCF written as a copy of an input VCF holds only that file's records:
// what-if rows cannot be among them. Tables, and VCFs synthesised from other
// inputs, keep them (ID "what-if").
bool MainWindow::exportDropsWhatIfs(const QString& path) const {
  if (input_.format != gpnmsa::InputFormat::Vcf) return false;
  try {
    const auto f = gpnmsa::outputFormatFromPath(path.toStdString());
    return f != gpnmsa::OutputFormat::Tsv && f != gpnmsa::OutputFormat::Csv;
  } catch (const std::exception&) {
    return false;  // exportTo reports the unknown format
  }
}

}  // namespace gpnmsa::ui
