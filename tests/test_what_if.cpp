// SPDX-License-Identifier: GPL-3.0-or-later
// What-if rows (issue 12): a mutagenesis-map click (DetailPanel::whatIfRequested)
// adds that SNV to the table, marked as not from the input, selected, and
// scored exactly as `gpnmsa score` scores it; exports keep or leave it out
// as the README says. On the bundled demo (model, alignment, genes).
#include <QtTest>
#include <QFile>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <cmath>
#include <memory>

#include "detail_panel.h"
#include "gpnmsa/resources.h"
#include "gpnmsa/variant_reader.h"
#include "main_window.h"
#include "support/run_program.h"
#include "variant_filter_proxy.h"
#include "variant_info_view.h"
#include "variant_table_model.h"

using gpnmsa::ui::MainWindow;
using gpnmsa::ui::VariantTableModel;

class TestWhatIf : public QObject {
  Q_OBJECT
  std::unique_ptr<MainWindow> w_;
  QTemporaryDir dir_;
  gpnmsa::DefaultBundle bundle_ = gpnmsa::defaultBundle();
  qint64 pos_ = 16760020;  // 5 bp from Neutral_1, in the demo's aligned region
  char alt_ = 'A';
  int row_ = -1;  // the what-if row

  int currentSourceRow() const {
    return w_->proxyModel()->mapToSource(w_->tableView()->currentIndex()).row();
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    // The demo VCF's header and its first two records.
    QFile in(QString::fromStdString(bundle_.variants));
    QVERIFY(in.open(QIODevice::ReadOnly | QIODevice::Text));
    QFile out(dir_.filePath("two.vcf"));
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Text));
    int records = 0;
    while (!in.atEnd() && records < 2) {
      const QByteArray line = in.readLine();
      if (!line.startsWith('#')) ++records;
      out.write(line);
    }
    out.close();
    w_ = std::make_unique<MainWindow>();
    w_->setInteractive(false);
    QSignalSpy ready(w_.get(), &MainWindow::sessionReady);
    QSignalSpy genes(w_.get(), &MainWindow::genesReady);
    w_->setDataSources(QString::fromStdString(bundle_.model), QString::fromStdString(bundle_.alignment));
    w_->setGeneAnnotation(QString::fromStdString(bundle_.genes));
    QVERIFY(ready.wait(60000));
    QVERIFY(genes.count() == 1 || genes.wait(60000));
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openFile(dir_.filePath("two.vcf")));
    QVERIFY(done.wait(120000));
    QCOMPARE(w_->tableModel()->rowCount(), 2);
  }

  // The Done-when item: the row's score equals an exact `gpnmsa score` of the SNV.
  void whatIfRowScoredAsTheCliScoresIt() {
    QSignalSpy scored(w_.get(), &MainWindow::whatIfFinished);
    emit w_->detailPanel()->whatIfRequested(QStringLiteral("22"), pos_, alt_);
    if (w_->tableModel()->rowCount() == 2) {  // A is the reference base there: another base
      alt_ = 'C';
      emit w_->detailPanel()->whatIfRequested(QStringLiteral("22"), pos_, alt_);
    }
    QCOMPARE(w_->tableModel()->rowCount(), 3);
    row_ = 2;
    const VariantTableModel* m = w_->tableModel();
    QVERIFY(m->isWhatIf(row_));
    QVERIFY(!m->isWhatIf(0) && !m->isWhatIf(1));
    QCOMPARE(currentSourceRow(), row_);  // selected when added
    QVERIFY(scored.wait(120000));
    QCOMPARE(scored.first().at(0).toBool(), false);
    const gpnmsa::ScoredVariant r = m->rowAt(row_);
    QCOMPARE(QString::fromStdString(r.variant.id), QStringLiteral("what-if"));
    QCOMPARE(r.variant.pos, pos_);
    QCOMPARE(r.variant.alt, std::string(1, alt_));
    QCOMPARE(gpnmsa::statusName(r.status), "ok");

    // The CLI, run on its own: REF as the app took it from the alignment (a
    // wrong REF would be ref_mismatch there), same model and alignment.
    const QString tsv = dir_.filePath("one.tsv");
    {
      QFile f(tsv);
      QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Text));
      QTextStream(&f) << "chrom\tpos\tref\talt\n22\t" << pos_ << '\t' << QString::fromStdString(r.variant.ref) << '\t'
                      << alt_ << '\n';
    }
    const QString scoredTsv = dir_.filePath("one.scored.tsv");
    const auto run = testsupport::runProgram(QStringLiteral(GPNMSA_CLI),
                                             {"score", "-q", "--model", QString::fromStdString(bundle_.model), "--msa",
                                              QString::fromStdString(bundle_.alignment), "-i", tsv, "-o", scoredTsv});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const auto back = gpnmsa::readVariants(scoredTsv.toStdString());
    QCOMPARE(int(back.variants.size()), 1);
    QFile f(scoredTsv);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    lines.removeIf([](const QString& l) { return l.startsWith('#'); });
    QCOMPARE(lines.size(), 2);
    const QStringList header = lines[0].split('\t'), fields = lines[1].split('\t');
    QCOMPARE(fields.at(header.indexOf("status")), QStringLiteral("ok"));
    const double cli = fields.at(header.indexOf("score")).toDouble();
    qInfo("what-if 22:%lld %s>%c: app %.7f, gpnmsa score %.6f", pos_, r.variant.ref.c_str(), alt_, double(r.score),
          cli);
    QVERIFY2(std::fabs(double(r.score) - cli) <= 1e-5, qPrintable(QString("app %1, cli %2").arg(r.score).arg(cli)));
  }

  // Marked as not from the input; the other columns behave as for any row.
  void whatIfRowIsMarkedAndBehavesAsAnyRow() {
    const VariantTableModel* m = w_->tableModel();
    const QModelIndex id = m->index(row_, VariantTableModel::Id);
    QCOMPARE(id.data(Qt::DecorationRole).value<QColor>(), VariantTableModel::whatIfColor());
    QVERIFY(id.data(Qt::ToolTipRole).toString().contains("not a record of the loaded input"));
    QVERIFY(!m->index(0, VariantTableModel::Id).data(Qt::DecorationRole).isValid());
    QVERIFY(w_->variantInfo()->summaryText().contains("What-if"));
    // Gene overlap (the demo's genes), percentile (the demo's distribution).
    QVERIFY(!m->index(row_, VariantTableModel::Consequence).data().toString().isEmpty());
    QVERIFY(std::isfinite(m->percentileAt(row_)));
    // The text filter finds it by its ID.
    w_->proxyModel()->setTextFilter("what-if");
    QCOMPARE(w_->proxyModel()->rowCount(), 1);
    w_->proxyModel()->setTextFilter({});
  }

  // Clicking the same cell again selects the existing row; so does the cell
  // of an allele the input already has; the reference base adds nothing.
  void sameCellSelectsTheExistingRow() {
    w_->selectRow(0);
    emit w_->detailPanel()->whatIfRequested(QStringLiteral("chr22"), pos_, alt_);  // chr22 == 22
    QCOMPARE(w_->tableModel()->rowCount(), 3);
    QCOMPARE(currentSourceRow(), row_);
    const auto& first = w_->tableModel()->rowAt(0).variant;  // Neutral_1
    emit w_->detailPanel()->whatIfRequested(QString::fromStdString(first.chrom), first.pos, first.alt[0]);
    QCOMPARE(w_->tableModel()->rowCount(), 3);
    QCOMPARE(currentSourceRow(), 0);
    emit w_->detailPanel()->whatIfRequested(QString::fromStdString(first.chrom), first.pos, first.ref[0]);
    QCOMPARE(w_->tableModel()->rowCount(), 3);
  }

  // Tables keep what-if rows (ID "what-if"); a VCF copy of the input VCF
  // cannot hold a record the input lacks: left out, and the export says so.
  void exportsKeepOrLeaveOutWhatIfRows() {
    QString error;
    const QString tsv = dir_.filePath("all.tsv");
    QVERIFY2(w_->exportTo(tsv, false, &error), qPrintable(error));
    QVERIFY(w_->lastExportNote().isEmpty());
    const auto table = gpnmsa::readVariants(tsv.toStdString());
    QCOMPARE(int(table.variants.size()), 3);
    QCOMPARE(QString::fromStdString(table.variants[2].id), QStringLiteral("what-if"));
    QCOMPARE(table.variants[2].pos, pos_);
    const QString vcf = dir_.filePath("all.vcf");
    QVERIFY2(w_->exportTo(vcf, false, &error), qPrintable(error));
    QCOMPARE(int(gpnmsa::readVariants(vcf.toStdString()).variants.size()), 2);
    QVERIFY(w_->lastExportNote().startsWith("1 what-if row"));
    QVERIFY(w_->lastExportNote().contains("left out"));
  }

  // A new input drops the what-if rows of the one before.
  void newInputDropsWhatIfRows() {
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openFile(dir_.filePath("two.vcf")));
    QCOMPARE(w_->tableModel()->rowCount(), 2);
    QCOMPARE(w_->tableModel()->whatIfCount(), 0);
    QVERIFY(done.wait(120000));
  }
};

QTEST_MAIN(TestWhatIf)
#include "test_what_if.moc"
