// SPDX-License-Identifier: GPL-3.0-or-later
// The gene track in the app, offscreen with a real event loop: the demo
// bundle with its shipped GENCODE annotation. Typing XKR3 in the locus box
// opens XKR3's span (compared with the GFF3's own gene line), the gene track
// draws XKR3 over the logo's columns, unannotated variants get the overlap
// gene / consequence, an unknown name gives the inline error, and a bad gene
// file is reported in the Data Sources dialog.
#include <QtTest>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPdfWriter>
#include <QStatusBar>
#include <QTableView>

#include "detail_panel.h"
#include "gene_track_view.h"
#include "gpnmsa/annotations.h"
#include "gpnmsa/chrom_names.h"
#include "gpnmsa/resources.h"
#include "region_browser.h"
#include "main_window.h"
#include "settings_dialog.h"
#include "support/text_files.h"
#include "variant_table_model.h"

using gpnmsa::ui::VariantTableModel;

using gpnmsa::ui::MainWindow;

namespace {

struct GeneLine {
  QString chrom;
  qint64 start = 0, end = 0;
};

// XKR3's gene line in the GFF3, read here without the code under test.
GeneLine geneLine(const QString& path, const QString& name) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  for (const QByteArray& raw : f.readAll().split('\n')) {
    const QStringList c = QString::fromUtf8(raw).split('\t');
    if (c.size() == 9 && c[2] == "gene" && c[8].contains("gene_name=" + name + ";"))
      return {c[0], c[3].toLongLong(), c[4].toLongLong()};
  }
  return {};
}

// Pixels of the track's feature colour in an image.
int featurePixels(const QImage& image) {
  int n = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x)
      if (image.pixelColor(x, y) == QColor(0x1f, 0x2f, 0x86)) ++n;
  return n;
}

}  // namespace

class TestGeneTrack : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::unique_ptr<MainWindow> w_;
  gpnmsa::DefaultBundle bundle_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir_.filePath("settings"));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir_.filePath("settings"));
    bundle_ = gpnmsa::defaultBundle();
    QVERIFY2(!bundle_.genes.empty(), "the demo bundle names its gene annotation");
    QVERIFY(QFileInfo(QString::fromStdString(bundle_.genes)).fileName().startsWith("gencode.v33.basic"));
    w_ = std::make_unique<MainWindow>();
    w_->setInteractive(false);
    w_->resize(1200, 900);
    w_->show();
    QSignalSpy ready(w_.get(), &MainWindow::sessionReady);
    QSignalSpy genes(w_.get(), &MainWindow::genesReady);
    w_->setDataSources(QString::fromStdString(bundle_.model), QString::fromStdString(bundle_.alignment));
    w_->setGeneAnnotation(QString::fromStdString(bundle_.genes));
    QVERIFY(ready.count() > 0 || ready.wait(60000));
    QVERIFY(genes.count() > 0 || genes.wait(30000));
    QVERIFY(w_->geneAnnotation());
  }

  // XKR3 (any case) opens its span: chromosome and start from the GFF3's gene
  // line; 38 kb is longer than the locus box scores, so its first 2,000 bp,
  // and the status bar names the whole span.
  void geneNameOpensItsSpan() {
    const GeneLine g = geneLine(QString::fromStdString(bundle_.genes), "XKR3");
    QVERIFY(g.start > 0 && g.end - g.start + 1 > 2000);
    QVERIFY(w_->openLocus("xkr3"));
    const QLocale loc;
    const QString span = QString("%1:%2-%3").arg(g.chrom, loc.toString(g.start), loc.toString(g.end));
    QVERIFY2(w_->statusBar()->currentMessage().contains(span), qPrintable(w_->statusBar()->currentMessage()));
    QVERIFY2(w_->statusBar()->currentMessage().contains("first 2,000 bp"), qPrintable(w_->statusBar()->currentMessage()));
    // The rows are there at once (scoring 6,000 SNVs is not this test's business).
    w_->cancelScoring();
    const auto& vs = w_->input().variants;
    QVERIFY(!vs.empty());
    qint64 lo = vs.front().pos, hi = vs.front().pos;
    for (const auto& v : vs) {
      QCOMPARE(QString::fromStdString(gpnmsa::stripChrPrefix(v.chrom)), g.chrom.mid(3));
      lo = std::min<qint64>(lo, v.pos);
      hi = std::max<qint64>(hi, v.pos);
    }
    QCOMPARE(lo, g.start);
    QCOMPARE(hi, g.start + 1999);
    // The SNVs have no annotation of their own: overlap fills gene and consequence.
    const auto& ann = w_->input().annotations;
    QCOMPARE(ann.alleles.size(), vs.size());
    const gpnmsa::AnnotationSummary first = gpnmsa::summarize(ann.alleles.front());
    QCOMPARE(QString::fromStdString(first.gene), QString("XKR3"));
    QCOMPARE(QString::fromStdString(first.consequence), QString("overlap:3'UTR"));  // XKR3 is on '-'
  }

  // The first row's window: the gene track draws XKR3 over the logo's columns.
  void geneTrackShowsXkr3() {
    auto* panel = w_->detailPanel();
    auto* track = panel->browser()->genesTrack();
    QVERIFY(track);
    QTRY_VERIFY_WITH_TIMEOUT(!track->data().genes.empty(), 60000);
    const auto& d = track->data();
    QVERIFY(d.annotationLoaded);
    QCOMPARE(QString::fromStdString(d.genes.front().name), QString("XKR3"));
    QCOMPARE(d.marked, qint64(w_->input().variants.front().pos));
    QVERIFY(d.start <= d.marked && d.marked <= d.end);
    // Drawn: the feature colour is on screen.
    w_->detailTabs()->setCurrentWidget(panel);
    QTRY_VERIFY_WITH_TIMEOUT(track->isVisible() && track->height() > 20, 10000);
    QVERIFY(featurePixels(track->grab().toImage()) > 20);
    // One position, one pixel column: the track's data area and positions are the logo's.
    auto* logo = panel->browser()->logoTrack();
    QCOMPARE(track->mapTo(panel, track->plotRect().topLeft().toPoint()).x(),
             logo->mapTo(panel, logo->plotRect().topLeft().toPoint()).x());
    QCOMPARE(track->mapTo(panel, QPointF(track->plotRect().right(), 0).toPoint()).x(),
             logo->mapTo(panel, QPointF(logo->plotRect().right(), 0).toPoint()).x());
    for (qint64 pos : {d.start, d.marked, d.end})
      QVERIFY(std::fabs(track->mapTo(panel, QPointF(track->centerXOf(pos), 0)).x() -
                        logo->mapTo(panel, QPointF(logo->centerXOf(pos), 0)).x()) <= 1.0);
    // Tooltip over the first row at the marked column: gene, id, biotype, transcript.
    const QRectF plot = track->plotRect();
    const double x = track->centerXOf(d.marked);
    const QString tip = track->toolTipText(QPointF(x, plot.top() + 8));
    for (const char* part : {"XKR3", "ENSG00000172967", "protein_coding", "XKR3-201", "3'UTR"})
      QVERIFY2(tip.contains(part), qPrintable(tip));
  }

  void unknownGeneGivesInlineError() {
    QVERIFY(!w_->openLocus("NOSUCHGENE42"));
    auto* label = w_->findChild<QLabel*>("locusError");
    QVERIFY(label && label->isVisible());
    QVERIFY2(label->text().contains("NOSUCHGENE42") && label->text().contains("gencode.v33.basic"),
             qPrintable(label->text()));
  }

  // The demo's own variants carry no annotation: overlap fills every one,
  // CDS, intron and intergenic among them.
  void demoVariantsGetOverlap() {
    QVERIFY(w_->openFile(QString::fromStdString(bundle_.variants)));
    w_->cancelScoring();
    const auto& ann = w_->input().annotations;
    QCOMPARE(QString::fromStdString(ann.geneOverlapFile), QString::fromStdString(bundle_.genes));
    QCOMPARE(ann.alleles.size(), w_->input().variants.size());
    QSet<QString> kinds;
    for (const auto& a : ann.alleles) kinds << QString::fromStdString(gpnmsa::summarize(a).consequence);
    QVERIFY2(kinds.contains("overlap:CDS") && kinds.contains("overlap:intron") && kinds.contains("intergenic"),
             qPrintable(QStringList(kinds.values()).join(',')));
    // Removing the annotation takes the overlap out again.
    QSignalSpy changed(w_.get(), &MainWindow::inputAnnotationsChanged);
    w_->setGeneAnnotation({});
    QCOMPARE(changed.count(), 1);
    QVERIFY(w_->input().annotations.alleles.empty() && !w_->input().annotations.present());
    // ... from the table too (its Gene / Consequence cells follow the input).
    auto* table = w_->tableModel();
    QCOMPARE(table->index(0, VariantTableModel::Consequence).data().toString(), QString());
    QVERIFY(w_->tableView()->isColumnHidden(VariantTableModel::Consequence));
    QVERIFY(!w_->detailPanel()->browser()->genesTrack()->data().annotationLoaded);
    QSignalSpy genes(w_.get(), &MainWindow::genesReady);
    w_->setGeneAnnotation(QString::fromStdString(bundle_.genes));
    QVERIFY(genes.wait(30000));
    QCOMPARE(w_->input().annotations.alleles.size(), w_->input().variants.size());
    // The table shows the overlap again without reopening the file.
    for (int row : {0, int(w_->input().variants.size()) - 1}) {
      const auto summary = gpnmsa::summarize(w_->input().annotations.alleles[size_t(row)]);
      QCOMPARE(table->index(row, VariantTableModel::Consequence).data().toString(),
               QString::fromStdString(summary.consequence));
      QCOMPARE(table->index(row, VariantTableModel::Gene).data().toString(), QString::fromStdString(summary.gene));
    }
    QVERIFY(!w_->tableView()->isColumnHidden(VariantTableModel::Consequence));
  }

  // paintGeneTrack on any paint device: an image (only inside the rect) and a PDF.
  void paintsOnAnyDevice() {
    gpnmsa::ui::GeneTrackData d;
    d.chrom = "chr22";
    d.start = 16799700;
    d.end = 16799827;
    d.marked = 16799771;
    d.annotationLoaded = true;
    d.genes = w_->geneAnnotation()->genesIn("chr22", d.start, d.end);
    QCOMPARE(d.genes.size(), size_t(1));
    QImage image(400, 120, QImage::Format_ARGB32);
    image.fill(Qt::white);
    {
      QPainter p(&image);
      gpnmsa::ui::paintGeneTrack(p, QRectF(50, 20, 300, 60), d);
    }
    QVERIFY(featurePixels(image) > 50);
    for (int y = 0; y < image.height(); ++y)
      for (int x = 0; x < image.width(); ++x)
        if (x < 50 || x >= 350 || y < 20 || y >= 80) QCOMPARE(image.pixelColor(x, y), QColor(Qt::white));
    // Columns exactly as the logo's: 10 px per position, so XKR3's CDS (its
    // GFF3 CDS line starts at 16,799,771) begins at x = 50 + 71 * 10, and the
    // thick box is absent one column to the left (intron line only there).
    QImage wide(1400, 120, QImage::Format_ARGB32);
    wide.fill(Qt::white);
    {
      QPainter p(&wide);
      gpnmsa::ui::paintGeneTrack(p, QRectF(50, 20, 1280, 60), d);
    }
    const QColor feature(0x1f, 0x2f, 0x86);
    int top = -1;  // the CDS box's top edge in the column of 16,799,771
    for (int y = 20; y < 80 && top < 0; ++y)
      if (wide.pixelColor(765, y) == feature) top = y;
    QVERIFY(top > 20);
    const int y = top + 1;  // inside the thick box, above the thin intron line
    QCOMPARE(wide.pixelColor(761, y), feature);
    QCOMPARE(wide.pixelColor(1325, y), feature);
    QCOMPARE(wide.pixelColor(758, y), QColor(Qt::white));
    QCOMPARE(wide.pixelColor(700, y), QColor(Qt::white));
    const QString pdf = dir_.filePath("track.pdf");
    {
      QPdfWriter writer(pdf);
      QPainter p(&writer);
      gpnmsa::ui::paintGeneTrack(p, QRectF(0, 0, 4000, 800), d);
    }
    QVERIFY(QFileInfo(pdf).size() > 500);
  }

  // Data Sources: a malformed gene file is reported in the dialog, with its
  // name and line; the dialog stays open.
  void dialogReportsBadGeneFile() {
    const QString bad = dir_.filePath("bad.gtf");
    QVERIFY(testsupport::writeTextFile(bad, "chr22\tX\tgene\t10\t5\t.\t+\t.\tgene_id \"g\";\n"));
    gpnmsa::ui::SettingsDialog dialog(QString::fromStdString(bundle_.model), QString::fromStdString(bundle_.alignment));
    dialog.setGeneAnnotation(bad, nullptr);
    QCOMPARE(dialog.geneAnnotationPath(), bad);
    dialog.show();
    dialog.accept();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isLoading(), 60000);
    QVERIFY(dialog.result() != QDialog::Accepted);
    bool shown = false;
    for (QLabel* l : dialog.findChildren<QLabel*>())
      shown = shown || (l->isVisible() && l->text().contains(bad + ":1") && l->text().contains("before start"));
    QVERIFY(shown);
    // A good one opens.
    dialog.setGeneAnnotation(QString::fromStdString(bundle_.genes), nullptr);
    dialog.accept();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isLoading(), 60000);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(dialog.geneAnnotation() && dialog.geneAnnotation()->findGene("XKR3"));
  }

  void cleanupTestCase() { w_.reset(); }
};

QTEST_MAIN(TestGeneTrack)
#include "test_gene_track.moc"
