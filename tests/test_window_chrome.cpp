// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's chrome (issue 12, part 6): the score histogram with one
// variant / one distinct score / none, the status bar's scored count while
// scoring, Edit ▸ Copy as TSV, Help ▸ Keyboard Shortcuts and About.
#include <QtTest>
#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTableView>
#include <htslib/hts.h>
#include <memory>
#include <random>

#include "gpnmsa/library_versions.h"
#include "gpnmsa/variant_writer.h"
#include "gpnmsa/version.h"
#include "help_dialogs.h"
#include "main_window.h"
#include "score_overview.h"
#include "variant_table_model.h"

using gpnmsa::ui::MainWindow;
using gpnmsa::ui::ScoreOverview;
using gpnmsa::ui::VariantTableModel;

namespace {
QString parity(const char* name) { return QStringLiteral(GPNMSA_TEST_DATA "/parity/") + name; }

// Draws the plot so that its axes compute their ticks.
void draw(ScoreOverview& plot) {
  plot.replot(QCustomPlot::rpImmediateRefresh);
}

// Every tick label of the count axis is a whole number, and there are some.
void checkIntegerCounts(ScoreOverview& plot) {
  const QVector<QString> labels = plot.yAxis->tickVectorLabels();
  QVERIFY(labels.size() >= 2);
  for (const QString& l : labels) QVERIFY2(QRegularExpression("^\\d+$").match(l).hasMatch(), qPrintable(l));
  const QCPRange y = plot.yAxis->range();
  QCOMPARE(y.lower, 0.0);
  QCOMPARE(y.upper, std::round(y.upper));
  const int top = *std::max_element(plot.binCounts().begin(), plot.binCounts().end());
  QVERIFY(y.upper > top);
}

// Every bar lies inside the x range, which is not microscopic.
void checkBarsInside(ScoreOverview& plot) {
  const QCPRange x = plot.xAxis->range();
  QVERIFY(!plot.binStarts().empty());
  QVERIFY(plot.binStarts().front() > x.lower);
  QVERIFY(plot.binStarts().back() + plot.binWidth() < x.upper);
  QVERIFY2(x.size() >= 1.0, qPrintable(QString::number(x.size())));
  QVERIFY(plot.xAxis->tickVectorLabels().size() >= 2);
}
}  // namespace

class TestWindowChrome : public QObject {
  Q_OBJECT
  std::unique_ptr<MainWindow> w_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    w_ = std::make_unique<MainWindow>();
    w_->setInteractive(false);
    QSignalSpy ready(w_.get(), &MainWindow::sessionReady);
    w_->setDataSources(parity("tiny"), parity("msa.zarr"));
    QVERIFY(ready.wait(30000));
  }

  void histogramOfOneVariant() {
    ScoreOverview plot;
    plot.resize(320, 240);
    plot.show();
    plot.setScores({-2.75});
    plot.setMarkedScore(-2.75);
    draw(plot);
    QCOMPARE(plot.binCounts(), std::vector<int>{1});
    QVERIFY(!plot.showsPlaceholder());
    checkBarsInside(plot);
    checkIntegerCounts(plot);
    QVERIFY(plot.xAxis->range().contains(-2.75));
  }

  void histogramOfOneDistinctScore() {
    ScoreOverview plot;
    plot.resize(320, 240);
    plot.show();
    plot.setScores(std::vector<double>(7, 1.5));
    draw(plot);
    QCOMPARE(plot.binCounts(), std::vector<int>{7});
    checkBarsInside(plot);
    checkIntegerCounts(plot);
  }

  void histogramOfManyScoresHasIntegerCounts() {
    ScoreOverview plot;
    plot.resize(320, 240);
    plot.show();
    std::mt19937 rng(3);
    std::normal_distribution<double> d(-1, 2);
    std::vector<double> scores(400);
    for (double& s : scores) s = d(rng);
    plot.setScores(scores);
    draw(plot);
    int total = 0;
    for (int c : plot.binCounts()) total += c;
    QCOMPARE(total, 400);
    checkBarsInside(plot);
    checkIntegerCounts(plot);
  }

  // No scores: a short text instead of empty axes.
  void emptyHistogramShowsAPlaceholder() {
    ScoreOverview plot;
    plot.resize(320, 240);
    plot.show();
    plot.setScores({-1, 2});
    QVERIFY(!plot.showsPlaceholder());
    plot.setScores({});
    draw(plot);
    QVERIFY(plot.showsPlaceholder());
    QVERIFY(!plot.xAxis->visible() && !plot.yAxis->visible());
    plot.setScores({NAN});  // unscored rows only
    QVERIFY(plot.showsPlaceholder());
  }

  // While a run is under way the status bar counts the rows scored so far,
  // as the table has them at that moment.
  void statusBarCountsScoredRowsWhileScoring() {
    auto* summary = w_->findChild<QLabel*>("summary");
    QVERIFY(summary);
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openLocus("1:1-2000"));  // thousands of SNVs: seconds of scoring
    const auto scoredNow = [this] {
      const auto& rows = w_->tableModel()->rows();
      return int(std::count_if(rows.begin(), rows.end(), [](const auto& r) { return gpnmsa::isScored(r.status); }));
    };
    QTRY_VERIFY_WITH_TIMEOUT(w_->isBusy() && scoredNow() > 0, 60000);
    const int total = w_->tableModel()->rowCount();
    QVERIFY2(scoredNow() < total, "scoring ended before it could be observed");
    const QRegularExpression count("· (\\d+) scored ·");
    const auto m = count.match(summary->text());
    QVERIFY2(m.hasMatch(), qPrintable(summary->text()));
    QCOMPARE(m.captured(1).toInt(), scoredNow());
    w_->cancelScoring();
    QVERIFY(done.count() == 1 || done.wait(30000));
    QCOMPARE(count.match(summary->text()).captured(1).toInt(), scoredNow());
  }

  // Edit ▸ Copy (Ctrl+C): the selected rows, visible columns in screen order,
  // a header line, as TSV on the clipboard.
  void copySelectedRowsAsTsv() {
    QSignalSpy done(w_.get(), &MainWindow::scoringFinished);
    QVERIFY(w_->openFile(parity("variants.tsv")));
    QVERIFY(done.wait(60000));
    QTableView* table = w_->tableView();
    table->setColumnHidden(VariantTableModel::Detail, true);
    table->clearSelection();
    auto* sel = table->selectionModel();
    for (int r : {3, 1})
      sel->select(table->model()->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QAction* copy = w_->findChild<QAction*>("copyRows");
    QVERIFY(copy);
    QCOMPARE(copy->shortcut(), QKeySequence(QKeySequence::Copy));
    QGuiApplication::clipboard()->clear();
    copy->trigger();
    const QStringList lines = QGuiApplication::clipboard()->text().split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    const QStringList header = lines[0].split('\t');
    QCOMPARE(header.mid(0, 6), (QStringList{"Chrom", "Pos", "ID", "Ref", "Alt", "Score"}));
    QVERIFY(!header.contains("Detail"));
    for (int k : {0, 1}) {  // view rows 1 and 3, in view order
      const auto& v = w_->tableModel()->rowAt(k == 0 ? 1 : 3);  // unsorted: view row == model row
      const QStringList f = lines[k + 1].split('\t');
      QCOMPARE(f.size(), header.size());
      QCOMPARE(f[0], QString::fromStdString(v.variant.chrom));
      QCOMPARE(f[1], QString::number(v.variant.pos));  // no digit grouping
      QCOMPARE(f[3], QString::fromStdString(v.variant.ref));
      QCOMPARE(f[5], QString::fromStdString(gpnmsa::formatScore(v.score)));
    }
    table->setColumnHidden(VariantTableModel::Detail, false);
  }

  // The list is made from the actions: one added now is in it.
  void keyboardShortcutsComeFromTheActions() {
    auto has = [](const std::vector<gpnmsa::ui::ShortcutEntry>& list, const QString& action, const QKeySequence& k) {
      return std::any_of(list.begin(), list.end(), [&](const auto& e) {
        return e.action == action && e.shortcut == k.toString(QKeySequence::NativeText);
      });
    };
    auto list = gpnmsa::ui::keyboardShortcuts(w_.get());
    QVERIFY(has(list, QString::fromUtf8("Edit ▸ Copy Selected Rows"), QKeySequence(QKeySequence::Copy)));
    QVERIFY(has(list, QString::fromUtf8("File ▸ Open"), QKeySequence(QKeySequence::Open)));
    QMenu* file = w_->menuBar()->actions().first()->menu();
    QAction* added = file->addAction(QStringLiteral("&Frobnicate"));
    added->setShortcut(QKeySequence(Qt::Key_F9));
    QVERIFY(has(gpnmsa::ui::keyboardShortcuts(w_.get()), QString::fromUtf8("File ▸ Frobnicate"),
                QKeySequence(Qt::Key_F9)));
    delete added;
    QVERIFY(!has(gpnmsa::ui::keyboardShortcuts(w_.get()), QString::fromUtf8("File ▸ Frobnicate"),
                 QKeySequence(Qt::Key_F9)));
    // Menus: File, Edit next, Help last.
    const auto menus = w_->menuBar()->actions();
    QCOMPARE(menus.at(1)->text(), QStringLiteral("&Edit"));
    QCOMPARE(menus.last()->text(), QStringLiteral("&Help"));
  }

  void aboutNamesVersionsAndLicences() {
    const QString about = gpnmsa::ui::aboutText();
    for (const QString& want :
         {QStringLiteral(GPNMSA_VERSION), QString::fromUtf8(gpnmsa::buildCommit()), QString::fromLatin1(qVersion()),
          QString::fromLatin1(hts_version()), QStringLiteral("GPL-3.0-or-later"), QStringLiteral("LGPL-3.0"),
          QStringLiteral("BSD-3-Clause"), QStringLiteral("MIT"), QStringLiteral("QCustomPlot"),
          QStringLiteral("GPL-3.0")})
      QVERIFY2(about.contains(want), qPrintable(want));
    const QString torch = QString::fromStdString(gpnmsa::libtorchVersion());
    QVERIFY(QRegularExpression("^\\d+\\.\\d+").match(torch).hasMatch());
    QVERIFY(about.contains("libtorch</td><td>" + torch));
  }
};

QTEST_MAIN(TestWindowChrome)
#include "test_window_chrome.moc"
