// SPDX-License-Identifier: GPL-3.0-or-later
// Two models side by side in the main window (issue 16): the demo GPN-MSA and
// a small GPN-Star with random weights made at build time for the demo
// alignment (packaging/demo/make_demo_gpnstar.cpp), both scoring the demo
// VCF offscreen with the real event loop. The GPN-Star column group must
// equal `gpnmsa score` with that model (run here), the logo switch must
// change the heights drawn (GPN-Star's calibrated ones, checked against the
// core's calibratedLogoHeights on independently computed logits), and the
// provenance must name both kinds.
#include <QtTest>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <cmath>

#include "browser_tracks.h"
#include "detail_panel.h"
#include "gpnmsa/calibration.h"
#include "gpnmsa/resources.h"
#include "gpnmsa/scorer.h"
#include "main_window.h"
#include "region_browser.h"
#include "report_data.h"
#include "session_loading.h"
#include "settings_dialog.h"
#include "support/parity_fixtures.h"
#include "support/run_program.h"
#include "variant_filter_proxy.h"
#include "variant_table_model.h"

using gpnmsa::ui::MainWindow;
using namespace testsupport;
using M = gpnmsa::ui::VariantTableModel;

namespace {
const QString kStar = QStringLiteral(GPNMSA_DEMO_GPNSTAR);

// A number as the table's RawRole holds it, NaN for an empty cell of the CLI's table.
double cliNumber(const QString& cell) { return cell.isEmpty() ? double(NAN) : cell.toDouble(); }

bool close(double a, double b, double tol = 1e-4) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= tol;
}
}  // namespace

class TestTwoModels : public QObject {
  Q_OBJECT
  std::unique_ptr<MainWindow> w_;
  QTemporaryDir tmp_;
  QString vcf_;
  gpnmsa::DefaultBundle bundle_ = gpnmsa::defaultBundle();

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(QFile::exists(kStar + "/model.safetensors"));
    QVERIFY(QFile::exists(kStar + "/calibration_table/llr.parquet"));
    vcf_ = QString::fromStdString(bundle_.variants);
    w_ = std::make_unique<MainWindow>();
    w_->setInteractive(false);
    w_->resize(1400, 900);
    w_->show();
    QSignalSpy ready(w_.get(), &MainWindow::sessionReady);
    QSignalSpy ready2(w_.get(), &MainWindow::secondSessionReady);
    const QString msa = QString::fromStdString(bundle_.alignment);
    w_->setDataSources(QString::fromStdString(bundle_.model), msa);
    w_->setSecondDataSources(kStar, {msa});
    QVERIFY(ready.count() > 0 || ready.wait(60000));
    QVERIFY(ready2.count() > 0 || ready2.wait(60000));
    QVERIFY(w_->secondSession());
    QCOMPARE(gpnmsa::ui::sessionKind(*w_->session()), QString("GPN-MSA"));
    QCOMPARE(gpnmsa::ui::sessionKind(*w_->secondSession()), QString("GPN-Star"));
    QVERIFY(w_->secondSession()->calibration);

    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QSignalSpy done2(w_.get(), &MainWindow::secondScoringFinished);
    QVERIFY(w_->openFile(vcf_));
    QVERIFY(done.count() > 0 || done.wait(600000));
    QVERIFY(done2.count() > 0 || done2.wait(600000));
    QCOMPARE(done.first().first().toBool(), false);
    QCOMPARE(done2.first().first().toBool(), false);
  }

  // Both column groups are shown and filled; headers name the kinds.
  void bothColumnGroupsFilled() {
    const M* m = w_->tableModel();
    QCOMPARE(m->rowCount(), 400);
    for (int c : {int(M::Score), int(M::Status), int(M::Score2), int(M::Score2Calibrated), int(M::Entropy2),
                  int(M::Entropy2Calibrated), int(M::Status2)})
      QVERIFY2(!w_->tableView()->isColumnHidden(c), qPrintable(M::columnKey(c)));
    // The first model is GPN-MSA: no calibrated or entropy columns for it.
    for (int c : {int(M::ScoreCalibrated), int(M::Entropy), int(M::EntropyCalibrated)})
      QVERIFY2(w_->tableView()->isColumnHidden(c), qPrintable(M::columnKey(c)));
    QVERIFY(m->headerData(M::Score, Qt::Horizontal).toString().contains("GPN-MSA"));
    for (int c = M::Score2; c <= M::Status2; ++c)
      QVERIFY(m->headerData(c, Qt::Horizontal).toString().contains("GPN-Star"));
    int both = 0;
    for (int r = 0; r < m->rowCount(); ++r) {
      const bool first = gpnmsa::isScored(m->rowAt(r).status), second = gpnmsa::isScored(m->secondRowAt(r).status);
      if (!first || !second) continue;
      ++both;
      QVERIFY(!std::isnan(m->index(r, M::Score).data(M::RawRole).toDouble()));
      for (int c : {int(M::Score2), int(M::Score2Calibrated), int(M::Entropy2), int(M::Entropy2Calibrated)}) {
        QVERIFY2(!std::isnan(m->index(r, c).data(M::RawRole).toDouble()), qPrintable(M::columnKey(c)));
        QVERIFY(!m->index(r, c).data().toString().isEmpty());
      }
    }
    QVERIFY2(both > 350, qPrintable(QString::number(both)));
    // The two models' scores differ (not one model's values twice).
    QVERIFY(m->index(0, M::Score).data(M::RawRole).toDouble() != m->index(0, M::Score2).data(M::RawRole).toDouble());
  }

  // The GPN-Star group equals `gpnmsa score` with the same model and store.
  void gpnStarColumnsEqualTheCli() {
    const QString out = tmp_.filePath("star.tsv");
    const ProgramRun r = runProgram(GPNMSA_CLI, {"score", "-q", "--model", kStar, "--msa",
                                                 QString::fromStdString(bundle_.alignment), "-i", vcf_, "-o", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const TsvTable cli = readTsv(out);
    const M* m = w_->tableModel();
    QCOMPARE(int(cli.rows.size()), m->rowCount());
    const std::pair<const char*, int> columns[] = {{"score", M::Score2},
                                                   {"score_calibrated", M::Score2Calibrated},
                                                   {"entropy", M::Entropy2},
                                                   {"entropy_calibrated", M::Entropy2Calibrated}};
    int compared = 0;
    for (int i = 0; i < m->rowCount(); ++i) {
      const QStringList& row = cli.rows[size_t(i)];
      QCOMPARE(row[cli.column("id")], QString::fromStdString(m->secondRowAt(i).variant.id));
      QCOMPARE(row[cli.column("status")], QString::fromLatin1(gpnmsa::statusName(m->secondRowAt(i).status)));
      for (const auto& [name, column] : columns) {
        QVERIFY(cli.column(name) >= 0);
        const double want = cliNumber(row[cli.column(name)]);
        const double got = m->index(i, column).data(M::RawRole).toDouble();
        QVERIFY2(close(got, want), qPrintable(QString("row %1 %2: app %3, cli %4").arg(i).arg(name).arg(got).arg(want)));
        if (!std::isnan(want)) ++compared;
      }
    }
    QVERIFY(compared > 1400);
  }

  // Sorting by the second model's score uses the raw value.
  void sortsBySecondScore() {
    auto* proxy = w_->proxyModel();
    proxy->sort(M::Score2, Qt::AscendingOrder);
    double last = -INFINITY;
    for (int r = 0; r < proxy->rowCount(); ++r) {
      const double v = proxy->index(r, M::Score2).data(M::RawRole).toDouble();
      if (std::isnan(v)) continue;
      QVERIFY(v >= last);
      last = v;
    }
    proxy->sort(-1);
  }

  // TSV export: the second model's columns, and both models' kinds in the comment line.
  void exportHasBothModels() {
    const QString out = tmp_.filePath("export.tsv");
    QString error;
    QVERIFY2(w_->exportTo(out, false, &error), qPrintable(error));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    const QString comment = QString::fromUtf8(f.readLine());
    QVERIFY2(comment.contains("kind=GPN-MSA window=128 calibration=none"), qPrintable(comment));
    QVERIFY2(comment.contains("model2=" + kStar), qPrintable(comment));
    QVERIFY2(comment.contains("kind=GPN-Star window=128 calibration=") && comment.contains("calibration_table"),
             qPrintable(comment));
    const TsvTable t = readTsv(out);
    const M* m = w_->tableModel();
    QCOMPARE(int(t.rows.size()), m->rowCount());
    for (const char* c : {"model2_score", "model2_score_calibrated", "model2_entropy", "model2_entropy_calibrated",
                          "model2_status"})
      QVERIFY2(t.column(c) >= 0, c);
    for (int i = 0; i < m->rowCount(); ++i) {
      QCOMPARE(t.rows[size_t(i)][t.column("model2_status")],
               QString::fromLatin1(gpnmsa::statusName(m->secondRowAt(i).status)));
      QVERIFY(close(cliNumber(t.rows[size_t(i)][t.column("model2_score")]),
                    m->index(i, M::Score2).data(M::RawRole).toDouble(), 1e-6));
    }
  }

  // A VCF export keeps the first model's scores only, and says so.
  void vcfExportSaysSecondModelIsLeftOut() {
    const QString out = tmp_.filePath("export.vcf");
    QString error;
    QVERIFY2(w_->exportTo(out, false, &error), qPrintable(error));
    QVERIFY2(w_->lastExportNote().contains("second model"), qPrintable(w_->lastExportNote()));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY2(text.contains("model_info=\"kind=GPN-MSA window=128 calibration=none\""), qPrintable(text.left(4000)));
    QVERIFY(!text.contains("GPN-Star"));
    QString tsvError;
    QVERIFY(w_->exportTo(tmp_.filePath("again.tsv"), false, &tsvError));
    QVERIFY(w_->lastExportNote().isEmpty());
  }

  // The switch shows the other model's logo: other heights; GPN-Star's are
  // the calibrated heights of its exact logits at that position.
  void logoSwitchChangesHeights() {
    auto* panel = w_->detailPanel();
    auto* box = panel->findChild<QComboBox*>("logoModel");
    QVERIFY(box && box->isVisibleTo(panel));
    QCOMPARE(box->count(), 2);
    QVERIFY(box->itemText(1).contains("GPN-Star"));
    panel->setLogoMode(gpnmsa::ui::DetailPanel::LogoMode::Exact);
    const auto& row = w_->tableModel()->rowAt(0);
    const qint64 pos = row.variant.pos;
    QSignalSpy finished(panel, &gpnmsa::ui::DetailPanel::finished);
    w_->selectRow(w_->proxyModel()->mapFromSource(w_->tableModel()->index(0, 0)).row());
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isBusy() && panel->logitsAt(pos), 120000);
    auto* logo = panel->browser()->logoTrack();
    const auto msaHeights = logo->heightsAt(pos);
    QVERIFY(msaHeights);
    QVERIFY(!logo->hasHeights());

    panel->setShownModel(1);
    QCOMPARE(panel->session(), w_->secondSession());
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isBusy() && panel->logitsAt(pos), 120000);
    QVERIFY(logo->hasHeights());
    const auto starHeights = logo->heightsAt(pos);
    QVERIFY(starHeights);
    double diff = 0;
    for (int b = 0; b < 4; ++b) diff += std::fabs((*starHeights)[size_t(b)] - (*msaHeights)[size_t(b)]);
    QVERIFY2(diff > 1e-3, qPrintable(QString::number(diff)));

    // Independently: the core's exact logits and calibrated heights there.
    const auto& s = *w_->secondSession();
    gpnmsa::Scorer scorer(*s.model, *s.store);
    const auto logits = scorer.regionLogits(row.variant.chrom, pos, pos);
    QCOMPARE(int(logits.positions.size()), 1);
    const auto stored = s.store->resolve(row.variant.chrom);
    QVERIFY(stored);
    const auto want = gpnmsa::calibratedLogoHeights(logits.positions[0].acgt, logits.positions[0].ref,
                                                    gpnmsa::pentanucleotide(*s.store, *stored, pos - 1), *s.calibration);
    QVERIFY(want);
    for (int b = 0; b < 4; ++b)
      QVERIFY2(close((*starHeights)[size_t(b)], (*want)[size_t(b)]),
               qPrintable(QString("base %1: %2 vs %3").arg(b).arg((*starHeights)[size_t(b)]).arg((*want)[size_t(b)])));

    panel->setShownModel(0);
    QCOMPARE(panel->session(), w_->session());
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isBusy() && panel->logitsAt(pos), 120000);
    QVERIFY(!logo->hasHeights());
    const auto back = logo->heightsAt(pos);
    QVERIFY(back);
    for (int b = 0; b < 4; ++b) QVERIFY(close((*back)[size_t(b)], (*msaHeights)[size_t(b)], 1e-9));
  }

  // A what-if row (from the mutagenesis map) is scored by both models; the
  // second model's value equals its core scorer's.
  void whatIfRowScoredByBoth() {
    const int before = w_->tableModel()->rowCount();
    const int row = w_->addWhatIf("22", 16760020, 'A');
    QVERIFY(row >= 0);
    QCOMPARE(w_->tableModel()->rowCount(), before + 1);
    const M* m = w_->tableModel();
    QTRY_VERIFY_WITH_TIMEOUT(m->rowAt(row).status != gpnmsa::VariantStatus::Pending &&
                                 m->secondRowAt(row).status != gpnmsa::VariantStatus::Pending,
                             60000);
    const auto& s = *w_->secondSession();
    gpnmsa::ScoreOptions o;
    o.calibration = s.calibration;
    const auto want = gpnmsa::Scorer(*s.model, *s.store, o).score({m->rowAt(row).variant});
    QCOMPARE(want.size(), size_t(1));
    QVERIFY(gpnmsa::isScored(want[0].status));
    QCOMPARE(gpnmsa::statusName(m->secondRowAt(row).status), gpnmsa::statusName(want[0].status));
    QVERIFY(close(m->index(row, M::Score2).data(M::RawRole).toDouble(), want[0].score));
    QVERIFY(close(m->index(row, M::Score2Calibrated).data(M::RawRole).toDouble(), want[0].scoreCalibrated));
  }

  // Status bar, provenance lines and the report's fields name both kinds,
  // windows and calibration.
  void provenanceNamesBothKinds() {
    const QStringList lines = w_->modelProvenance();
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines[0].contains("GPN-MSA, 128-bp window, not calibrated"), qPrintable(lines[0]));
    QVERIFY2(lines[1].contains("GPN-Star, 128-bp window, calibration table"), qPrintable(lines[1]));
    const auto fields = gpnmsa::ui::collectProvenance(w_->session().get(), vcf_, QDateTime::currentDateTime(), {}, {},
                                                      w_->secondSession().get());
    QStringList text;
    for (const auto& f : fields) text << f.label + ": " + f.value;
    const QString all = text.join('\n');
    QVERIFY2(all.contains("model kind: GPN-MSA, 128-bp window"), qPrintable(all));
    QVERIFY2(all.contains("Second model: ") && all.contains("model kind: GPN-Star, 128-bp window"), qPrintable(all));
    auto* summary = w_->findChild<QLabel*>("summary");
    QVERIFY(summary);
    QVERIFY2(summary->text().contains("GPN-MSA") && summary->text().contains("GPN-Star"), qPrintable(summary->text()));
  }

  // Removing the second model hides its columns and the switch.
  void removingTheSecondModel() {
    w_->setSecondDataSources({}, {});
    QVERIFY(!w_->secondSession());
    for (int c = M::Score2; c <= M::Status2; ++c) QVERIFY(w_->tableView()->isColumnHidden(c));
    QCOMPARE(w_->tableModel()->headerData(M::Score, Qt::Horizontal).toString(), QString("Score"));
    QVERIFY(!w_->detailPanel()->findChild<QComboBox*>("logoModel")->isVisibleTo(w_->detailPanel()));
  }

  // A second model that does not fit its store is refused, naming both.
  void mismatchedSecondPairIsReported() {
    QSignalSpy error(w_.get(), &MainWindow::errorOccurred);
    w_->setSecondDataSources(kStar, {GPNMSA_TEST_DATA "/gpnstar/msa/12/all.zarr"});
    QVERIFY(error.wait(60000));
    const QString message = error.first().first().toString();
    QVERIFY2(message.startsWith("Second model:") && message.contains(kStar) && message.contains("all.zarr"),
             qPrintable(message));
    QVERIFY(!w_->secondSession());
  }

  // GPN-Star as the only model: its calibrated and entropy columns after its
  // score, no second group, headers as before, calibrated logo heights.
  void gpnStarAlone() {
    MainWindow w;
    w.setInteractive(false);
    w.show();
    QSignalSpy ready(&w, &MainWindow::sessionReady);
    w.setDataSources(kStar, QString::fromStdString(bundle_.alignment));
    QVERIFY(ready.wait(60000));
    QSignalSpy done(&w, &MainWindow::scoringFinished);
    QVERIFY(w.openLocus("22:16760015"));
    QVERIFY(done.wait(60000));
    const M* m = w.tableModel();
    QCOMPARE(m->rowCount(), 3);
    for (int c : {int(M::ScoreCalibrated), int(M::Entropy), int(M::EntropyCalibrated)})
      QVERIFY2(!w.tableView()->isColumnHidden(c), qPrintable(M::columnKey(c)));
    for (int c = M::Score2; c <= M::Status2; ++c) QVERIFY(w.tableView()->isColumnHidden(c));
    QCOMPARE(m->headerData(M::Score, Qt::Horizontal).toString(), QString("Score"));
    for (int r = 0; r < 3; ++r) {
      const auto& row = m->rowAt(r);
      QVERIFY(gpnmsa::isScored(row.status));
      QCOMPARE(m->index(r, M::ScoreCalibrated).data(M::RawRole).toDouble(), double(row.scoreCalibrated));
      QCOMPARE(m->index(r, M::Entropy).data(M::RawRole).toDouble(), double(row.entropy));
      QVERIFY(!std::isnan(row.scoreCalibrated) && !std::isnan(row.entropyCalibrated));
    }
    // The first row of the locus is 22:16760015 C>A: the CLI's first row (C>G) shares its site.
    QTRY_VERIFY_WITH_TIMEOUT(!w.detailPanel()->isBusy() && w.detailPanel()->logitsAt(16760015), 120000);
    QVERIFY(w.detailPanel()->browser()->logoTrack()->hasHeights());
    QVERIFY(!w.detailPanel()->findChild<QComboBox*>("logoModel")->isVisibleTo(w.detailPanel()));
    QCOMPARE(w.modelProvenance().size(), 1);
    QVERIFY(w.modelProvenance()[0].startsWith("Model: "));
  }

  // Data Sources' second slot: OK loads and checks the second pair too; a
  // mismatch keeps the dialog open with the reason; an empty store field
  // means the first alignment; two stores are joined by columns.
  void dataSourcesSecondSlot() {
    const QString model = QString::fromStdString(bundle_.model), msa = QString::fromStdString(bundle_.alignment);
    gpnmsa::ui::SettingsDialog bad(model, msa);
    bad.setSecondModel(kStar, {GPNMSA_TEST_DATA "/gpnstar/msa/12/all.zarr"});
    QSignalSpy badAccepted(&bad, &QDialog::accepted);
    bad.accept();
    QTRY_VERIFY_WITH_TIMEOUT(!bad.isLoading(), 60000);
    QCOMPARE(badAccepted.count(), 0);
    auto* status = bad.findChild<QLabel*>("dataSourcesStatus");
    QVERIFY2(status && status->text().startsWith("Second model:") && status->text().contains("all.zarr"),
             qPrintable(status ? status->text() : QString()));

    gpnmsa::ui::SettingsDialog good(model, msa);
    good.setSecondModel(kStar, {});
    QCOMPARE(good.secondAlignments(), QStringList());
    QSignalSpy accepted(&good, &QDialog::accepted);
    good.accept();
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 60000);
    QVERIFY(good.secondSession());
    QCOMPARE(QString::fromStdString(good.secondSession()->alignmentPath), msa);

    // The 12-column fixture model over its store split in two (8 + 4 columns).
    const QString split = GPNMSA_TEST_DATA "/gpnstar/msa_split/";
    gpnmsa::ui::SettingsDialog joined(model, msa);
    joined.setSecondModel(GPNMSA_TEST_DATA "/gpnstar/tiny", {split + "8/all.zarr", split + "4/all.zarr"});
    QCOMPARE(joined.secondAlignments().size(), 2);
    QSignalSpy joinedAccepted(&joined, &QDialog::accepted);
    joined.accept();
    QTRY_COMPARE_WITH_TIMEOUT(joinedAccepted.count(), 1, 60000);
    QVERIFY(joined.secondSession());
    QCOMPARE(joined.secondSession()->model->columnCount(), 12);
  }

  void cleanupTestCase() { w_.reset(); }
};

QTEST_MAIN(TestTwoModels)
#include "test_two_models.moc"
