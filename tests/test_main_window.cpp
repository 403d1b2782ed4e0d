// SPDX-License-Identifier: GPL-3.0-or-later
// The main window driven as a user would, offscreen: locus box (inline error,
// single variant), selection signal, file open, export round trip.
#include <QtTest>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QApplication>
#include <QLineEdit>
#include <QMessageBox>
#include <QTimer>
#include <map>
#include <set>
#include <algorithm>

#include "gpnmsa/variant_reader.h"
#include "gpnmsa/resources.h"
#include "gpnmsa/scorer.h"
#include "support/text_files.h"
#include "background_job.h"
#include "detail_panel.h"
#include "main_window.h"
#include "session_loading.h"
#include "settings_dialog.h"
#include "variant_filter_proxy.h"
#include "variant_table_model.h"

using gpnmsa::ui::MainWindow;

namespace {
QString parity(const char* name) { return QStringLiteral(GPNMSA_TEST_DATA "/parity/") + name; }
}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT
  std::unique_ptr<MainWindow> w_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // recent files go to a test location
    w_ = std::make_unique<MainWindow>();
    w_->setInteractive(false);
    QSignalSpy ready(w_.get(), &MainWindow::sessionReady);
    w_->setDataSources(parity("tiny"), parity("msa.zarr"));
    QVERIFY(ready.wait(30000));
  }

  void badLocusShowsInlineError() {
    w_->show();
    QVERIFY(!w_->openLocus("chr1:12x"));
    auto* label = w_->findChild<QLabel*>("locusError");
    QVERIFY(label && label->isVisible() && !label->text().isEmpty());
  }

  void singleVariantLocus() {
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openLocus("chr1:1230:G:A"));
    QVERIFY(done.wait(30000));
    QCOMPARE(w_->tableModel()->rowCount(), 1);
    const auto& r = w_->tableModel()->rowAt(0);
    QCOMPARE(gpnmsa::statusName(r.status), "ok");
    QVERIFY(std::fabs(r.score - 2.400664f) < 1e-4);  // parity variants.tsv
  }

  void positionLocusScoresThreeSubstitutions() {
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openLocus("1:1,230"));
    QVERIFY(done.wait(30000));
    QCOMPARE(w_->tableModel()->rowCount(), 3);
    QVERIFY(!w_->openLocus("chr7:100") || !done.wait(2000));  // unknown chromosome: no job
  }

  void openSelectExport() {
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openFile(parity("variants.tsv")));
    QVERIFY(done.wait(30000));
    QCOMPARE(w_->tableModel()->rowCount(), 24);
    QSignalSpy current(w_.get(), &MainWindow::currentVariantChanged);
    w_->selectRow(2);
    QCOMPARE(current.count(), 1);
    QCOMPARE(current.first().at(0).value<gpnmsa::ScoredVariant>().variant.pos, 730);

    // Visible rows only, in view order: sort by score, filter to negatives.
    w_->tableView()->sortByColumn(gpnmsa::ui::VariantTableModel::Score, Qt::AscendingOrder);
    w_->proxyModel()->setScoreRange(-INFINITY, 0);
    const int visible = w_->proxyModel()->rowCount();
    QVERIFY(visible > 0 && visible < 24);
    QTemporaryDir dir;
    const QString out = dir.filePath("visible.tsv");
    QString error;
    QVERIFY2(w_->exportTo(out, true, &error), qPrintable(error));
    const auto back = gpnmsa::readVariants(out.toStdString());
    QCOMPARE(int(back.variants.size()), visible);
    QCOMPARE(back.variants.front().pos, 454);  // X:454, the lowest score (-12.08)
    const QString all = dir.filePath("all.vcf");
    QVERIFY2(w_->exportTo(all, false, &error), qPrintable(error));
    QCOMPARE(int(gpnmsa::readVariants(all.toStdString()).variants.size()), 24);
    // A failing export names the problem.
    QVERIFY(!w_->exportTo(dir.filePath("no/such/dir/x.tsv"), false, &error));
    QVERIFY(!error.isEmpty());
  }

  // The status bar's Cancel stops a long job within 1 s (through the job's
  // shared stop flag: the worker deletes itself in its own thread); calling it
  // again after the worker is gone is harmless, and the next job runs to the end.
  void cancelButtonStopsWithinOneSecond() {
    QPushButton* cancel = nullptr;
    for (auto* b : w_->findChildren<QPushButton*>())
      if (b->text() == "Cancel") cancel = b;
    QVERIFY(cancel);
    auto* progress = w_->findChild<QProgressBar*>();
    QVERIFY(progress);
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openLocus("1:1-2000"));  // every substitution: thousands of rows
    QTRY_VERIFY_WITH_TIMEOUT(w_->isBusy() && progress->value() > 0, 30000);
    QVERIFY(cancel->isVisible());
    QElapsedTimer clock;
    clock.start();
    cancel->click();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 5000);
    qInfo("cancel took %lld ms", qlonglong(clock.elapsed()));
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(done.first().at(0).toBool(), true);
    QVERIFY(!w_->isBusy());
    const auto& rows = w_->tableModel()->rows();
    QVERIFY(rows.size() > 3000);
    QVERIFY2(std::any_of(rows.begin(), rows.end(), [](const auto& r) { return r.status == gpnmsa::VariantStatus::Pending; }),
             "the job finished before the cancel: make it longer");
    QTest::qWait(200);  // the worker and its thread are gone by now
    w_->cancelScoring();
    cancel->click();
    QCOMPARE(done.count(), 1);

    QVERIFY(w_->openLocus("chr1:1230:G:A"));
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 30000);
    QCOMPARE(done.last().at(0).toBool(), false);
    QCOMPARE(gpnmsa::statusName(w_->tableModel()->rowAt(0).status), "ok");
  }

  // The bundled demo's data are simulated, and the window says so while it
  // is open; real data get no such note.
  void demoBundleIsLabelledSimulated() {
    auto* note = w_->findChild<QLabel*>("demoNote");
    QVERIFY(note);
    QVERIFY(!note->isVisible());  // parity fixtures open
    const auto bundle = gpnmsa::defaultBundle();
    QVERIFY(!bundle.root.empty());
    MainWindow demo;
    demo.setInteractive(false);
    QSignalSpy ready(&demo, &MainWindow::sessionReady);
    demo.setDataSources(QString::fromStdString(bundle.model), QString::fromStdString(bundle.alignment));
    QVERIFY(ready.wait(30000));
    demo.show();
    auto* demoNote = demo.findChild<QLabel*>("demoNote");
    QTRY_VERIFY(demoNote->isVisible());
    QVERIFY2(demoNote->text().contains("SIMULATED"), qPrintable(demoNote->text()));
    // At hg38 coordinates: the banner says where the alignment is, and a
    // region of chr22 outside it is refused with the store's reason.
    QVERIFY2(demoNote->text().contains("chr22:16,600,000-16,800,000"), qPrintable(demoNote->text()));
    QSignalSpy failed(&demo, &MainWindow::errorOccurred);
    QVERIFY(demo.openLocus("chr22:1,000,000-1,000,010"));  // parsed; the store answers later
    QTRY_VERIFY(failed.count() == 1);
    auto* locusError = demo.findChild<QLabel*>("locusError");
    QVERIFY2(locusError->text().contains("no alignment at chr22:1000000-1000010"), qPrintable(locusError->text()));
  }

  // Every status a row can have is in the status filter, not_aligned included.
  void statusFilterListsNotAligned() {
    QComboBox* box = nullptr;
    for (auto* c : w_->findChildren<QComboBox*>())
      if (c->findText("ref_mismatch") >= 0) box = c;
    QVERIFY(box);
    QVERIFY(box->findText("not_aligned") >= 0);
    QVERIFY(box->findText("out_of_range") >= 0);
  }

  // Issue 15's race: a start-up load (older) that finishes after the session
  // chosen in File ▸ Data Sources (newer) must not replace it. Before, the
  // late load overwrote the session: logos then used the old model while the
  // status bar and export provenance named the new one.
  void newestSessionWins() {
    const auto bundle = gpnmsa::defaultBundle();
    MainWindow w;
    w.setInteractive(false);
    QSignalSpy ready(&w, &MainWindow::sessionReady);
    QSignalSpy errors(&w, &MainWindow::errorOccurred);
    // The start-up load: the demo bundle, in the background.
    w.setDataSources(QString::fromStdString(bundle.model), QString::fromStdString(bundle.alignment));
    QVERIFY(w.isLoadingSession());
    // The dialog's load, newer: handed over before the start-up load can
    // deliver (its answer goes through this thread's event loop, which has
    // not run yet), so the start-up load necessarily finishes later.
    const gpnmsa::ui::SessionLoad chosen = gpnmsa::ui::loadSession(parity("tiny"), parity("msa.zarr"));
    QVERIFY2(chosen.session, qPrintable(chosen.error));
    w.useSession(chosen.session);
    QCOMPARE(ready.count(), 1);
    // Let the start-up load end and its (stale) answer be delivered.
    auto* loads = w.findChild<gpnmsa::ui::JobSlot*>("sessionLoadJobs");
    QVERIFY(loads);
    QTRY_VERIFY_WITH_TIMEOUT(!loads->hasRunningThreads(), 30000);
    QTest::qWait(100);
    QCOMPARE(ready.count(), 1);
    QCOMPARE(errors.count(), 0);
    QVERIFY(w.session() == chosen.session);
    QVERIFY(w.detailPanel()->session() == chosen.session);  // the logos' model
    const QString summary = w.findChild<QLabel*>("summary")->text();
    QVERIFY2(summary.contains("tiny") && summary.contains("msa.zarr"), qPrintable(summary));
    // Export provenance names the session in use.
    QVERIFY(w.openLocus("chr1:1230:G:A"));
    QTRY_VERIFY_WITH_TIMEOUT(!w.isBusy() && w.tableModel()->rowCount() == 1 &&
                                 gpnmsa::isScored(w.tableModel()->rowAt(0).status), 30000);
    QTemporaryDir dir;
    const QString out = dir.filePath("x.tsv");
    QString error;
    QVERIFY2(w.exportTo(out, false, &error), qPrintable(error));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY2(text.contains(parity("tiny")) && !text.contains(QString::fromStdString(bundle.model)), qPrintable(text.left(400)));
  }

  // A failing older load does not report over a newer good session either.
  void staleFailedLoadIsSilent() {
    MainWindow w;
    w.setInteractive(false);
    QSignalSpy errors(&w, &MainWindow::errorOccurred);
    w.setDataSources(parity("no-such-model"), parity("msa.zarr"));
    w.useSession(gpnmsa::ui::loadSession(parity("tiny"), parity("msa.zarr")).session);
    auto* loads = w.findChild<gpnmsa::ui::JobSlot*>("sessionLoadJobs");
    QTRY_VERIFY_WITH_TIMEOUT(!loads->hasRunningThreads(), 30000);
    QTest::qWait(100);
    QCOMPARE(errors.count(), 0);
    QVERIFY(w.session());
  }

  // Data Sources ▸ OK loads in the background: the dialog stays live, a bad
  // pair is reported in the dialog, a good one accepted with its session.
  void settingsDialogLoadsInBackground() {
    gpnmsa::ui::SettingsDialog bad(parity("tiny"), parity("no-such.zarr"));
    QSignalSpy badAccepted(&bad, &QDialog::accepted);
    bad.accept();
    QVERIFY(bad.isLoading());  // returned at once; the load runs elsewhere
    QTRY_VERIFY_WITH_TIMEOUT(!bad.isLoading(), 30000);
    QCOMPARE(badAccepted.count(), 0);
    QVERIFY(!bad.session());
    gpnmsa::ui::SettingsDialog good(parity("tiny"), parity("msa.zarr"));
    QSignalSpy accepted(&good, &QDialog::accepted);
    good.accept();
    QVERIFY(good.isLoading());
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 30000);
    QVERIFY(good.session() && good.session()->model);
  }

  // Closing the window while a load and a scoring job run waits for them.
  void closingWaitsForJobs() {
    const auto bundle = gpnmsa::defaultBundle();
    auto w = std::make_unique<MainWindow>();
    w->setInteractive(false);
    w->useSession(gpnmsa::ui::loadSession(parity("tiny"), parity("msa.zarr")).session);
    QVERIFY(w->openLocus("1:1-2000"));
    QTRY_VERIFY_WITH_TIMEOUT(w->isBusy(), 30000);
    w->setDataSources(QString::fromStdString(bundle.model), QString::fromStdString(bundle.alignment));
    QList<QPointer<gpnmsa::ui::JobSlot>> jobSlots;
    for (auto* s : w->findChildren<gpnmsa::ui::JobSlot*>()) jobSlots << s;
    QVERIFY(jobSlots.size() >= 4);
    w.reset();  // must not return while a job's thread still runs (nor crash)
    for (const auto& s : jobSlots) QVERIFY(s.isNull());
  }

  // Core reports an INFO-field conflict typed; the app words it for its users
  // (no command-line flag in the message) and can replace the values.
  void exportInfoConflictWordedForTheApp() {
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openFile(QStringLiteral(GPNMSA_TEST_DATA "/io/with_gpn_msa.vcf")));
    QVERIFY(done.wait(30000));
    QTemporaryDir dir;
    const QString out = dir.filePath("x.vcf");
    QString error;
    bool conflict = false;
    QVERIFY(!w_->exportTo(out, false, &error, false, &conflict));
    QVERIFY(conflict);
    QVERIFY2(error.contains("INFO/GPN_MSA") && !error.contains("--"), qPrintable(error));
    QVERIFY(!QFile::exists(out));
    QVERIFY2(w_->exportTo(out, false, &error, true, &conflict), qPrintable(error));
    QVERIFY(!conflict);
    QCOMPARE(int(gpnmsa::readVariants(out.toStdString()).variants.size()), 3);
  }

  // Issue 11 item 6. Export Visible Rows writes exactly the visible rows in
  // every format: tables in the view's order, VCF in input order, each ALT's
  // status kept in INFO/GPN_MSA_STATUS.
  void exportVisibleRowsEveryFormat() {
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openFile(parity("variants.vcf")));
    QVERIFY(done.wait(30000));
    w_->tableView()->sortByColumn(gpnmsa::ui::VariantTableModel::Score, Qt::DescendingOrder);
    w_->proxyModel()->setScoreRange(-INFINITY, 0);
    const int visible = w_->proxyModel()->rowCount();
    QVERIFY(visible > 1 && visible < w_->tableModel()->rowCount());
    std::vector<std::pair<QString, qint64>> viewOrder;  // (chrom, pos) as shown
    std::set<qint64> visibleRecords;
    for (int r = 0; r < visible; ++r) {
      const auto& row = w_->tableModel()->rowAt(w_->proxyModel()->mapToSource(w_->proxyModel()->index(r, 0)).row());
      viewOrder.emplace_back(QString::fromStdString(row.variant.chrom), row.variant.pos);
      visibleRecords.insert(row.variant.record);
    }
    QTemporaryDir dir;
    QString error;
    for (const char* ext : {"tsv", "csv"}) {
      const QString out = dir.filePath(QStringLiteral("v.") + ext);
      QVERIFY2(w_->exportTo(out, true, &error), qPrintable(error));
      const auto back = gpnmsa::readVariants(out.toStdString());
      QCOMPARE(int(back.variants.size()), visible);
      for (int r = 0; r < visible; ++r) {
        QCOMPARE(QString::fromStdString(back.variants[size_t(r)].chrom), viewOrder[size_t(r)].first);
        QCOMPARE(back.variants[size_t(r)].pos, viewOrder[size_t(r)].second);
      }
    }
    for (const char* ext : {"vcf", "vcf.gz"}) {
      const QString out = dir.filePath(QStringLiteral("v.") + ext);
      QVERIFY2(w_->exportTo(out, true, &error), qPrintable(error));
      const auto back = gpnmsa::readVariants(out.toStdString());
      std::set<std::pair<QString, qint64>> got, want;
      for (const auto& v : back.variants) got.emplace(QString::fromStdString(v.chrom), v.pos);
      for (const auto& p : viewOrder) want.insert(p);
      QCOMPARE(got, want);  // the visible records, no others
      QCOMPARE(int(back.records), int(visibleRecords.size()));
      for (size_t i = 1; i < back.variants.size(); ++i)  // input order, not the view's
        QVERIFY(back.variants[i - 1].record <= back.variants[i].record);
    }
    w_->proxyModel()->setScoreRange(-INFINITY, INFINITY);
  }

  // A VCF export says why an ALT has no score.
  void vcfExportKeepsStatus() {
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openFile(QStringLiteral(GPNMSA_TEST_DATA "/io/multiallelic.vcf")));
    QVERIFY(done.wait(30000));
    QTemporaryDir dir;
    const QString out = dir.filePath("s.vcf");
    QString error;
    QVERIFY2(w_->exportTo(out, false, &error), qPrintable(error));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.contains("##INFO=<ID=GPN_MSA_STATUS,Number=A,Type=String"));
    // Each ALT's status in ALT order, as the table has them.
    const auto& rows = w_->tableModel()->rows();
    std::map<qint64, QStringList> byRecord;
    for (const auto& r : rows)
      if (r.variant.alt != ".") byRecord[r.variant.record] << QString::fromLatin1(gpnmsa::statusName(r.status));
    for (const auto& [record, statuses] : byRecord)
      QVERIFY2(text.contains("GPN_MSA_STATUS=" + statuses.join(',')), qPrintable(statuses.join(',') + "\n" + text));
  }

  // After Cancel the unscored rows are pending, exports warn about them, and
  // Score Remaining scores exactly those, keeping the others.
  void cancelThenScoreRemaining() {
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openLocus("1:1-1000"));
    auto* progress = w_->findChild<QProgressBar*>();
    QTRY_VERIFY_WITH_TIMEOUT(w_->isBusy() && progress->value() > 0, 30000);
    w_->cancelScoring();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 5000);
    const int pending = w_->pendingCount();
    QVERIFY2(pending > 0, "the job finished before the cancel");
    QVERIFY(w_->exportWarning(false).contains(QString::number(pending)));
    auto* remaining = w_->findChild<QPushButton*>("scoreRemaining");
    QVERIFY(remaining);
    QTRY_VERIFY(remaining->isVisibleTo(w_.get()));
    const auto before = w_->tableModel()->rows();
    remaining->click();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 120000);
    QCOMPARE(done.last().at(0).toBool(), false);
    QCOMPARE(w_->pendingCount(), 0);
    QVERIFY(w_->exportWarning(false).isEmpty());
    QVERIFY(!remaining->isVisibleTo(w_.get()));
    // Rows scored before the cancel are untouched; the rest (the first 300 of
    // them, to keep the test short) equal a direct run.
    const auto& after = w_->tableModel()->rows();
    std::vector<size_t> resumed;
    std::vector<gpnmsa::Variant> variants;
    for (size_t i = 0; i < after.size(); ++i) {
      if (before[i].status != gpnmsa::VariantStatus::Pending) {
        QCOMPARE(after[i].score, before[i].score);
      } else if (resumed.size() < 300) {
        resumed.push_back(i);
        variants.push_back(after[i].variant);
      }
    }
    const auto direct = gpnmsa::Scorer(*w_->session()->model, *w_->session()->store).score(variants);
    for (size_t k = 0; k < resumed.size(); ++k) {
      QCOMPARE(after[resumed[k]].status, direct[k].status);
      QVERIFY2(std::fabs(after[resumed[k]].score - direct[k].score) < 1e-4, qPrintable(QString::number(k)));
    }
  }

  // Opening another file clears the text filter (it would hide its rows).
  void openingAFileClearsTheTextFilter() {
    const auto filters = w_->findChildren<QLineEdit*>();
    QLineEdit* text = nullptr;
    for (auto* e : filters)
      if (e->placeholderText().startsWith("Filter")) text = e;
    QVERIFY(text);
    text->setText("no-such-text");
    QCOMPARE(w_->proxyModel()->rowCount(), 0);
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openFile(parity("variants.tsv")));
    QVERIFY(text->text().isEmpty());
    QCOMPARE(w_->proxyModel()->rowCount(), 24);
    QVERIFY(done.wait(30000));
  }

  // Typing a locus while a file is open asks before replacing the list.
  void locusDoesNotSilentlyReplaceAFile() {
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openFile(parity("variants.tsv")));
    QVERIFY(done.wait(30000));
    w_->setInteractive(true);
    bool asked = false;
    QTimer::singleShot(200, [&] {
      auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
      if (!box) return;
      asked = box->text().contains("variants.tsv");
      box->button(QMessageBox::No)->click();
    });
    QVERIFY(!w_->openLocus("chr1:1230"));
    w_->setInteractive(false);
    QVERIFY(asked);
    QCOMPARE(w_->tableModel()->rowCount(), 24);  // the file's list is still there
  }

  // Nothing scorable (real hg38 positions against another store): said once.
  void nothingScoredSaidOnce() {
    QTemporaryDir dir;
    const QString in = dir.filePath("hg38.tsv");
    QVERIFY(testsupport::writeTextFile(in, "chrom\tpos\tref\talt\nchr7\t117559590\tG\tA\nchr17\t43044295\tC\tT\n"));
    QSignalSpy errors(w_.get(), &MainWindow::errorOccurred);
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openFile(in));
    QVERIFY(done.wait(30000));
    QCOMPARE(errors.count(), 1);
    const QString message = errors.first().at(0).toString();
    QVERIFY2(message.contains("None of the 2 variants could be scored") && message.contains("wrong genome build"),
             qPrintable(message));
  }

  void unreadableFileReportsError() {
    QSignalSpy errors(w_.get(), &MainWindow::errorOccurred);
    QVERIFY(!w_->openFile("/nonexistent/file.vcf"));
    QCOMPARE(errors.count(), 1);
    QVERIFY(errors.first().at(0).toString().contains("file.vcf"));
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
