// SPDX-License-Identifier: GPL-3.0-or-later
// The clinical-review columns of the app (issue 11), driven as a user would,
// offscreen, with the bundled demo model: annotation cells against core's
// summarize() and the file's text, the text filter over them, the header's
// column menu remembered across windows, percentiles against a direct
// computation in the table, its sort and both export kinds, the ClinVar file's
// columns against the file's text, the Variant tab's transcripts, and the one
// calibration statement wherever a score is explained.
#include <QtTest>
#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <cmath>
#include <set>

#include "calibration_note.h"
#include "column_chooser.h"
#include "gpnmsa/annotations.h"
#include "gpnmsa/clinvar.h"
#include "gpnmsa/resources.h"
#include "gpnmsa/score_distribution.h"
#include "gpnmsa/variant_reader.h"
#include "main_window.h"
#include "score_legend.h"
#include "score_overview.h"
#include "settings_dialog.h"
#include "support/run_program.h"
#include "support/text_files.h"
#include "variant_filter_proxy.h"
#include "variant_info_view.h"
#include "variant_table_model.h"

using gpnmsa::ui::MainWindow;
using M = gpnmsa::ui::VariantTableModel;

namespace {
QString annotated(const char* name) { return QStringLiteral(GPNMSA_TEST_DATA "/annotations/") + name; }
QString q(const std::string& s) { return QString::fromStdString(s); }

// The demo's first `n` variants (its header kept): scored by the demo model in
// seconds, where all 400 take minutes on a loaded CI machine.
bool writeDemoSubset(const QString& path, int n) {
  QFile f(QStringLiteral(GPNMSA_SOURCE_DIR "/resources/demo/variants.vcf"));
  if (!f.open(QIODevice::ReadOnly)) return false;
  QByteArray out;
  int records = 0;
  for (const QByteArray& line : f.readAll().split('\n')) {
    if (line.isEmpty() || (!line.startsWith('#') && ++records > n)) continue;
    out += line + '\n';
  }
  return testsupport::writeTextFile(path, out);
}

QString cell(MainWindow& w, int row, int col, int role = Qt::DisplayRole) {
  return w.tableModel()->index(row, col).data(role).toString();
}

// A TSV/CSV export read back: header names -> column index, then rows.
struct Table {
  QStringList header;
  QList<QStringList> rows;
  QString at(int row, const QString& column) const { return rows[row].value(int(header.indexOf(column))); }
};
Table readTable(const QString& path) {
  QFile f(path);
  Table t;
  if (!f.open(QIODevice::ReadOnly)) return t;
  for (const QString& line : QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts)) {
    if (line.startsWith('#')) continue;
    if (t.header.isEmpty()) t.header = line.split('\t');
    else t.rows << line.split('\t');
  }
  return t;
}

// INFO/<key> of each data line of a VCF, "" where absent.
QStringList infoValues(const QString& path, const QString& key) {
  QFile f(path);
  QStringList out;
  if (!f.open(QIODevice::ReadOnly)) return out;
  for (const QString& line : QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts)) {
    if (line.startsWith('#')) continue;
    QString value;
    for (const QString& kv : line.split('\t').value(7).split(';'))
      if (kv.startsWith(key + "=")) value = kv.mid(key.size() + 1);
    out << value;
  }
  return out;
}

bool openAndScore(MainWindow& w, const QString& path) {
  QSignalSpy done(&w, &MainWindow::scoringFinished);
  return w.openFile(path) && done.wait(120000);
}
}  // namespace

class TestReviewColumns : public QObject {
  Q_OBJECT
  std::unique_ptr<MainWindow> w_;
  gpnmsa::DefaultBundle bundle_;
  QTemporaryDir tmp_;
  QString demo_;  // a subset of the demo's variants

  std::unique_ptr<MainWindow> newWindow() {
    auto w = std::make_unique<MainWindow>();
    w->setInteractive(false);
    QSignalSpy ready(w.get(), &MainWindow::sessionReady);
    w->setDataSources(q(bundle_.model), q(bundle_.alignment));
    return ready.wait(60000) ? std::move(w) : nullptr;
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings().remove("table/columns");  // no choice left over from an earlier run
    QVERIFY(tmp_.isValid());
    bundle_ = gpnmsa::defaultBundle();
    demo_ = tmp_.filePath("demo.vcf");
    QVERIFY(writeDemoSubset(demo_, 40));
    w_ = newWindow();
    QVERIFY(w_);
    QVERIFY2(w_->session()->distribution, "the demo model ships score_distribution.tsv");
  }

  // Every summary cell is core's summarize() of the allele's annotation, read
  // here on its own; HGVS and gene values are the file's text; the columns
  // with data are shown, the ClinVar-file ones hidden (no file set).
  void annotationCellsEqualTheFile() {
    const QString path = annotated("vep_csq_clinsig.vcf");
    QVERIFY(openAndScore(*w_, path));
    const gpnmsa::VariantTable t = gpnmsa::readVariants(path.toStdString());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QCOMPARE(w_->tableModel()->rowCount(), int(t.variants.size()));
    int nonEmpty = 0;
    for (int r = 0; r < int(t.variants.size()); ++r) {
      const auto s = gpnmsa::summarize(t.annotations.alleles[size_t(r)]).values();
      for (int c = M::Gene; c <= M::ClinVar; ++c) {
        QCOMPARE(cell(*w_, r, c), q(s[size_t(c - M::Gene)]));
        if (!s[size_t(c - M::Gene)].empty()) ++nonEmpty;
      }
      for (int c : {M::Gene, M::Transcript, M::Hgvsc, M::Hgvsp})
        if (!cell(*w_, r, c).isEmpty()) QVERIFY2(text.contains(cell(*w_, r, c)), qPrintable(cell(*w_, r, c)));
    }
    QVERIFY(nonEmpty > 20);
    for (int c : {M::Gene, M::Consequence, M::Hgvsc, M::Af, M::ClinVar, M::Percentile})
      QVERIFY2(!w_->tableView()->isColumnHidden(c), qPrintable(M::columnKey(c)));
    for (int c : {M::ClinVarSignificance, M::ClinVarStars, M::ClinVarCondition, M::Published})
      QVERIFY2(w_->tableView()->isColumnHidden(c), qPrintable(M::columnKey(c)));
    // The AF header names where the value comes from; AF sorts as a number.
    QVERIFY(w_->tableModel()->headerData(M::Af, Qt::Horizontal, Qt::ToolTipRole).toString().contains("CSQ/gnomADe_AF"));
    for (int r = 0; r < w_->tableModel()->rowCount(); ++r)
      if (!cell(*w_, r, M::Af).isEmpty())
        QCOMPARE(w_->tableModel()->index(r, M::Af).data(M::RawRole).toDouble(), cell(*w_, r, M::Af).toDouble());
  }

  // Typing in the filter box keeps exactly the rows whose review text
  // contains it (case ignored): a consequence and a gene name.
  void textFilterMatchesConsequenceAndGene() {
    const QString path = annotated("bcftools_bcsq.vcf");
    QVERIFY(openAndScore(*w_, path));
    const gpnmsa::VariantTable t = gpnmsa::readVariants(path.toStdString());
    QLineEdit* box = nullptr;
    for (auto* e : w_->findChildren<QLineEdit*>())
      if (e->placeholderText().startsWith("Filter")) box = e;
    QVERIFY(box);
    const QString gene = q(gpnmsa::summarize(t.annotations.alleles.back()).gene);
    QVERIFY(!gene.isEmpty());
    for (const QString& typed : {QStringLiteral("MISSENSE"), gene.toLower()}) {
      std::set<int> expected;
      for (int r = 0; r < int(t.variants.size()); ++r) {
        const auto s = gpnmsa::summarize(t.annotations.alleles[size_t(r)]);
        for (const std::string& v : {s.gene, s.transcript, s.consequence, s.impact, s.hgvsc, s.hgvsp, s.clinvar})
          if (q(v).contains(typed, Qt::CaseInsensitive)) expected.insert(r);
      }
      QVERIFY2(!expected.empty() && int(expected.size()) < int(t.variants.size()), qPrintable(typed));
      box->setText(typed);
      std::set<int> shown;
      for (int r = 0; r < w_->proxyModel()->rowCount(); ++r)
        shown.insert(w_->proxyModel()->mapToSource(w_->proxyModel()->index(r, 0)).row());
      QCOMPARE(shown, expected);
    }
    box->clear();
    QCOMPARE(w_->proxyModel()->rowCount(), int(t.variants.size()));
  }

  // Hiding a column from the header's menu hides it, and a new window (same
  // settings) keeps it hidden although it has data; "Default columns" undoes it.
  void hiddenColumnIsRemembered() {
    QVERIFY(openAndScore(*w_, annotated("vep_csq_clinsig.vcf")));
    QCOMPARE(w_->tableView()->horizontalHeader()->contextMenuPolicy(), Qt::CustomContextMenu);
    QAction* gene = w_->columnChooser()->action(M::Gene);
    QVERIFY(gene && gene->isCheckable() && gene->isChecked());
    QVERIFY(w_->columnChooser()->menu()->actions().contains(gene));
    gene->trigger();
    QVERIFY(w_->tableView()->isColumnHidden(M::Gene));
    auto other = newWindow();
    QVERIFY(other);
    QVERIFY(openAndScore(*other, annotated("vep_csq_clinsig.vcf")));
    QVERIFY(other->tableView()->isColumnHidden(M::Gene));
    QVERIFY(!other->tableView()->isColumnHidden(M::Consequence));
    other->columnChooser()->resetChoices();
    QVERIFY(!other->tableView()->isColumnHidden(M::Gene));
    w_->columnChooser()->refresh();
    QVERIFY(!w_->tableView()->isColumnHidden(M::Gene));
    // No annotation in the input: the annotation columns hide by default.
    QVERIFY(openAndScore(*w_, demo_));
    QVERIFY(w_->tableView()->isColumnHidden(M::Gene));
    QVERIFY(!w_->tableView()->isColumnHidden(M::Percentile));
  }

  // Percentiles in the table, its sort, a TSV export's `percentile` and a VCF
  // export's INFO/GPN_MSA_PCT all equal the distribution file's percentile of
  // each row's score, computed here from the file.
  void percentilesAgreeEverywhere() {
    QVERIFY(openAndScore(*w_, demo_));
    const auto dist = gpnmsa::ScoreDistribution::read(gpnmsa::defaultDistributionPath(bundle_.model));
    auto* model = w_->tableModel();
    int scored = 0;
    std::vector<QString> expected(size_t(model->rowCount()));
    for (int r = 0; r < model->rowCount(); ++r) {
      const auto& row = model->rowAt(r);
      if (!gpnmsa::isScored(row.status)) {
        QVERIFY(std::isnan(model->index(r, M::Percentile).data(M::RawRole).toDouble()));
        continue;
      }
      ++scored;
      const double p = dist.percentile(row.score);
      QCOMPARE(model->index(r, M::Percentile).data(M::RawRole).toDouble(), p);
      expected[size_t(r)] = q(gpnmsa::formatPercentile(p));
      QCOMPARE(cell(*w_, r, M::Percentile), expected[size_t(r)]);
      QVERIFY(cell(*w_, r, M::Percentile, Qt::ToolTipRole).contains("lower than " + expected[size_t(r)] + "%",
                                                                     Qt::CaseInsensitive));
    }
    QVERIFY(scored >= 20);
    // Sorted by percentile: the raw values in view order never decrease.
    w_->tableView()->sortByColumn(M::Percentile, Qt::AscendingOrder);
    double last = -1;
    for (int r = 0; r < w_->proxyModel()->rowCount(); ++r) {
      const double p = w_->proxyModel()->index(r, M::Percentile).data(M::RawRole).toDouble();
      if (std::isnan(p)) continue;
      QVERIFY(p >= last);
      last = p;
    }
    QString error;
    const QString tsv = tmp_.filePath("all.tsv"), vcf = tmp_.filePath("all.vcf");
    QVERIFY2(w_->exportTo(tsv, false, &error), qPrintable(error));
    const Table table = readTable(tsv);
    QCOMPARE(table.rows.size(), model->rowCount());
    QVERIFY(table.header.contains("percentile"));
    for (int r = 0; r < model->rowCount(); ++r) QCOMPARE(table.at(r, "percentile"), expected[size_t(r)]);
    QVERIFY2(w_->exportTo(vcf, false, &error), qPrintable(error));
    QFile f(vcf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains("##INFO=<ID=GPN_MSA_PCT,Number=A,Type=Float"));
    const QStringList pct = infoValues(vcf, "GPN_MSA_PCT");
    QCOMPARE(pct.size(), model->rowCount());  // one ALT per record in the demo
    for (int r = 0; r < model->rowCount(); ++r) {
      if (expected[size_t(r)].isEmpty()) QVERIFY(pct[r].isEmpty() || pct[r] == ".");
      else QCOMPARE(pct[r].toFloat(), expected[size_t(r)].toFloat());
    }
    // The visible rows, in the view's (percentile) order.
    QVERIFY2(w_->exportTo(tsv, true, &error), qPrintable(error));
    const Table visible = readTable(tsv);
    QCOMPARE(visible.rows.size(), w_->proxyModel()->rowCount());
    for (int r = 0; r < visible.rows.size(); ++r)
      QCOMPARE(visible.at(r, "percentile"), w_->proxyModel()->index(r, M::Percentile).data().toString());
    w_->tableView()->sortByColumn(-1, Qt::AscendingOrder);
    // The Variant tab states the selected row's percentile.
    for (int r = 0; r < model->rowCount(); ++r) {
      if (expected[size_t(r)].isEmpty()) continue;
      w_->selectRow(r);
      QVERIFY2(w_->variantInfo()->summaryText().contains("lower than " + expected[size_t(r)] + "% of possible SNVs"),
               qPrintable(w_->variantInfo()->summaryText()));
      break;
    }
  }

  // A ClinVar file (NCBI's excerpt, indexed here) fills significance, stars and
  // condition of the rows with an exact match, as the file's text says.
  void clinVarFileColumns() {
    const QString gz = tmp_.filePath("clinvar.vcf.gz");
    QVERIFY(QFile::copy(QStringLiteral(GPNMSA_TEST_DATA "/clinvar/clinvar_20230710.GRCh37.excerpt.vcf.gz"), gz));
    const auto tabix = testsupport::runProgram("tabix", {"-p", "vcf", gz});
    QVERIFY2(tabix.code == 0, qPrintable(tabix.err));
    const auto text = testsupport::runProgram("bgzip", {"-dc", gz});
    QStringList records;
    for (const QString& line : text.out.split('\n', Qt::SkipEmptyParts))
      if (!line.startsWith('#') && line.contains("CLNSIG=") && line.contains("CLNDN=") &&
          line.contains("CLNREVSTAT=criteria_provided,_multiple_submitters") && records.size() < 3)
        records << line;
    QVERIFY(records.size() == 3);
    QByteArray input = "chrom\tpos\tref\talt\n";
    for (const QString& r : records) {
      const QStringList f = r.split('\t');
      input += QStringLiteral("chr%1\t%2\t%3\t%4\n").arg(f[0], f[1], f[3], f[4].section(',', 0, 0)).toUtf8();
    }
    input += "chr1\t1000\tA\tT\n";  // no such allele in ClinVar
    const QString tsv = tmp_.filePath("clinvar_input.tsv");
    QVERIFY(testsupport::writeTextFile(tsv, input));

    QSignalSpy looked(w_.get(), &MainWindow::clinVarFinished);
    w_->setClinVarFile(gz);
    QVERIFY(w_->openFile(tsv));
    QTRY_VERIFY_WITH_TIMEOUT(!looked.isEmpty() && looked.last().at(0).toBool() && !w_->isLookingUpClinVar(), 30000);
    QCOMPARE(w_->tableModel()->rowCount(), 4);
    for (int c : {M::ClinVarSignificance, M::ClinVarStars, M::ClinVarCondition})
      QVERIFY(!w_->tableView()->isColumnHidden(c));
    for (int r = 0; r < 3; ++r) {
      QMap<QString, QString> info;
      for (const QString& kv : records[r].split('\t')[7].split(';')) info[kv.section('=', 0, 0)] = kv.section('=', 1);
      const QString readable = QString(info["CLNSIG"]).replace("|_", "|").replace('_', ' ');
      QCOMPARE(cell(*w_, r, M::ClinVarSignificance), readable);
      QCOMPARE(cell(*w_, r, M::ClinVarStars), QStringLiteral("★★☆☆"));  // multiple submitters: 2 stars
      QCOMPARE(w_->tableModel()->index(r, M::ClinVarStars).data(M::RawRole).toDouble(), 2.0);
      QCOMPARE(cell(*w_, r, M::ClinVarCondition), QString(info["CLNDN"]).replace("|_", "|").replace('_', ' '));
    }
    QVERIFY(cell(*w_, 3, M::ClinVarSignificance).isEmpty());
    // Exports carry the same values in core's columns.
    QString error;
    const QString out = tmp_.filePath("clinvar_out.tsv");
    QVERIFY2(w_->exportTo(out, false, &error), qPrintable(error));
    const Table table = readTable(out);
    for (int r = 0; r < 4; ++r)
      QCOMPARE(table.at(r, "clinvar_significance"), cell(*w_, r, M::ClinVarSignificance));
    // Removing the file hides the columns again.
    w_->setClinVarFile({});
    QVERIFY(w_->tableView()->isColumnHidden(M::ClinVarSignificance));
    QVERIFY(w_->input().annotations.clinvarMatches.empty());
  }

  // A ClinVar file without its index: the Data Sources dialog says so and stays open.
  void settingsDialogReportsClinVarErrors() {
    const QString plain = tmp_.filePath("noindex.vcf.gz");
    QVERIFY(QFile::copy(QStringLiteral(GPNMSA_TEST_DATA "/clinvar/clinvar_20230710.GRCh37.excerpt.vcf.gz"), plain));
    gpnmsa::ui::SettingsDialog dialog(q(bundle_.model), q(bundle_.alignment));
    dialog.setClinVarPath(plain);
    QCOMPARE(dialog.clinVarPath(), plain);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.accept();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isLoading(), 60000);
    QCOMPARE(accepted.count(), 0);
    QVERIFY(!dialog.clinVarFile());
    bool shown = false;
    for (auto* l : dialog.findChildren<QLabel*>())
      shown |= l->text().contains("ClinVar") && l->text().contains("tabix");
    QVERIFY(shown);
  }

  // The Variant tab lists every transcript entry of the selected allele, the
  // picked one marked; it states what the score does not mean.
  void variantTabListsTranscripts() {
    const QString path = annotated("vep_csq.vcf");
    QVERIFY(openAndScore(*w_, path));
    const gpnmsa::VariantTable t = gpnmsa::readVariants(path.toStdString());
    auto* info = w_->variantInfo();
    QVERIFY(w_->detailTabs()->indexOf(info) >= 0);
    for (int r : {0, 3}) {
      w_->selectRow(r);
      const int src = w_->proxyModel()->mapToSource(w_->proxyModel()->index(r, 0)).row();
      const auto& allele = t.annotations.alleles[size_t(src)];
      QVERIFY(allele.entries.size() > 1);
      QCOMPARE(info->transcripts()->rowCount(), int(allele.entries.size()));
      QCOMPARE(info->pickedRow(), allele.picked);
      QVERIFY(info->summaryText().contains(q(t.annotations.afSource)));
      for (int e = 0; e < int(allele.entries.size()); ++e)
        QCOMPARE(info->transcripts()->item(e, 1)->text(), q(allele.entries[size_t(e)].transcript));
    }
    const auto* note = info->findChild<QLabel*>("calibrationNote");
    QVERIFY(note && note->text() == q(gpnmsa::calibrationStatement()));
  }

  // The calibration statement, from its one place, wherever a score is explained.
  void calibrationStatementEverywhere() {
    const QString s = q(gpnmsa::calibrationStatement());
    QVERIFY(s.contains("not calibrated against clinical benchmarks") && s.contains("ACMG"));
    QVERIFY(w_->tableModel()->headerData(M::Score, Qt::Horizontal, Qt::ToolTipRole).toString().contains(s));
    QVERIFY(w_->tableModel()->headerData(M::Percentile, Qt::Horizontal, Qt::ToolTipRole).toString().contains(s));
    QVERIFY(w_->scoreOverview()->toolTip().contains(s));
    QVERIFY(gpnmsa::ui::ScoreLegend().toolTip().contains(s));
  }

  // A score_distribution.tsv that is there but unreadable leaves the session
  // usable (scores are right) with no percentile at all, and the status bar
  // says why, naming the file.
  void unreadableDistributionSaysWhy() {
    const QString model = tmp_.filePath("broken-model");
    QVERIFY(QDir().mkpath(model));
    for (const char* name : {"config.json", "model.safetensors"})
      QVERIFY(QFile::copy(q(bundle_.model) + "/" + name, model + "/" + name));
    QVERIFY(testsupport::writeTextFile(model + "/score_distribution.tsv", "# gpnmsa score distribution\nquantile\tscore\n0.000\tabc\n"));
    MainWindow w;
    w.setInteractive(false);
    QSignalSpy ready(&w, &MainWindow::sessionReady);
    w.setDataSources(model, q(bundle_.alignment));
    QVERIFY(ready.wait(60000));
    QVERIFY(!w.session()->distribution);
    QVERIFY2(q(w.session()->distributionError).contains("score_distribution.tsv"), w.session()->distributionError.c_str());
    const QString shown = w.statusBar()->currentMessage();
    QVERIFY2(shown.startsWith("No percentiles:") && shown.contains("score_distribution.tsv"), qPrintable(shown));
    QVERIFY(openAndScore(w, demo_));
    QVERIFY(w.tableView()->isColumnHidden(M::Percentile));
    QVERIFY(std::isnan(w.tableModel()->percentileAt(0)));
  }

  void cleanupTestCase() {
    QSettings().remove("table/columns");
    w_.reset();
  }
};

QTEST_MAIN(TestReviewColumns)
#include "test_review_columns.moc"
