// SPDX-License-Identifier: GPL-3.0-or-later
// The case-file report (issue 11 item 5): the real gpnmsa-studio writes a
// report of one demo variant; its PDF text (pdftotext) and HTML must hold the
// locus, the score (as `gpnmsa score` gives it, to the last printed digit),
// the percentile of that score computed here
// from the model's distribution file, provenance and the research-use
// statement; its figures must be vectors (no raster image in the PDF, inline
// SVG in the HTML). A4 and Letter pages keep every block inside the
// printable area. An unknown --select ID fails naming it.
#include <QtTest>
#include <QAction>
#include <algorithm>
#include <QProcess>
#include <QMap>
#include <QTemporaryDir>
#include <cmath>

#include "gpnmsa/annotations.h"
#include "gpnmsa/engine_session.h"
#include "gpnmsa/resources.h"
#include "gpnmsa/score_distribution.h"
#include "gpnmsa/version.h"
#include "main_window.h"
#include "region_worker.h"
#include "report_data.h"
#include "report_runner.h"
#include "report_writer.h"
#include "support/run_program.h"
#include "support/text_files.h"
#include "variant_table_model.h"

using namespace gpnmsa::ui;

namespace {
const char* kId = "Constrained_1";  // resources/demo/variants.vcf: 22 16760646 A C
const char* kLocus = "22:16,760,646";

// The demo VCF's header and the records of `ids` (a small input: the report's
// figures cost a logo computation per variant, the table a score per row).
QByteArray demoSubset(const QStringList& ids) {
  QFile f(QString::fromStdString(gpnmsa::defaultBundle().variants));
  if (!f.open(QIODevice::ReadOnly)) return {};
  QByteArray out;
  for (const QByteArray& line : f.readAll().split('\n')) {
    if (line.startsWith('#')) out += line + '\n';
    else if (line.split('\t').size() > 2 && ids.contains(QString::fromUtf8(line.split('\t')[2]))) out += line + '\n';
  }
  return out;
}

QString pdfText(const QString& pdf) {
  const auto r = testsupport::runProgram("pdftotext", {"-layout", pdf, "-"});
  return r.code == 0 ? r.out : QString();
}

// Fake but well-formed logits over a real window: for the layout checks only.
ReportFigures syntheticFigures(const gpnmsa::EngineSession& s, qint64 pos) {
  ReportFigures f;
  f.window = readAlignmentWindow(*s.store, QStringLiteral("22"), pos, pos);
  for (int i = 0; i < f.window.length(); ++i) {
    gpnmsa::PositionLogits pl;
    pl.pos = f.window.firstPos + i;
    pl.ref = f.window.base(0, i);
    for (int b = 0; b < 4; ++b) pl.acgt[size_t(b)] = float((i * 7 + b * 3) % 11) - 5.0f;
    f.logits.push_back(pl);
  }
  return f;
}
}  // namespace

class TestReport : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  gpnmsa::DefaultBundle bundle_ = gpnmsa::defaultBundle();
  gpnmsa::SessionPtr session_;
  QString input_;

  QStringList dataSources() const {
    return {"--model", QString::fromStdString(bundle_.model), "--msa", QString::fromStdString(bundle_.alignment)};
  }

 private slots:
  // The commit reports name is the source tree's (checked at build time, not
  // the one cmake was configured at).
  void buildCommitIsTheSourceCommit() {
    const auto head = testsupport::runProgram("git", {"-C", GPNMSA_SOURCE_DIR, "rev-parse", "--short=12", "HEAD"});
    if (head.code != 0) QSKIP("the sources are not a git checkout");
    const QString commit = QString::fromUtf8(gpnmsa::buildCommit());
    QVERIFY2(commit == head.out.trimmed() || commit == head.out.trimmed() + "-dirty", qPrintable(commit));
  }

  void initTestCase() {
    QVERIFY(dir_.isValid());
    // To look at what the tests wrote (the PDFs, page-1.png): keep the folder.
    if (qEnvironmentVariableIsSet("GPNMSA_KEEP_TEST_OUTPUT")) {
      dir_.setAutoRemove(false);
      qInfo("test output kept in %s", qPrintable(dir_.path()));
    }
    const auto probe = testsupport::runProgram("pdftotext", {"-v"});
    if (probe.code != 0) QSKIP("pdftotext (poppler-utils) is not installed: run packaging/setup.sh");
    input_ = dir_.filePath("one.vcf");
    const QByteArray vcf = demoSubset({kId});
    QCOMPARE(vcf.count('\n') - vcf.count("\n#") - (vcf.startsWith('#') ? 1 : 0), 1);  // one record
    QVERIFY(testsupport::writeTextFile(input_, vcf));
    gpnmsa::SessionOptions o;
    o.modelDir = bundle_.model;
    o.alignment = bundle_.alignment;
    session_ = gpnmsa::EngineSession::open(o);
    QVERIFY(session_->distribution);
  }

  // What the input's annotation and a ClinVar file say reaches the report's
  // fields, each from its own source; the percentile is the distribution's.
  void fieldsCarryAnnotationClinVarAndPercentile() {
    const gpnmsa::Variant var{"chr22", 16700123, "rs1", "G", "A", 0, 0};
    gpnmsa::TranscriptConsequence e;
    e.gene = "XKR3";
    e.transcript = "ENST00000331428";
    e.consequences = {"missense_variant"};
    e.impact = "MODERATE";
    e.hgvsc = "ENST00000331428.5:c.100G>A";
    e.hgvsp = "ENSP00000329968.4:p.Val34Met";
    gpnmsa::AlleleAnnotation a;
    a.entries = {e};
    a.picked = 0;
    a.af = "0.0012";
    a.clinvar = "likely_benign";
    gpnmsa::VariantTable input;
    input.variants = {var};
    input.annotations.infoKey = "CSQ";
    input.annotations.afSource = "CSQ/gnomADe_AF";
    input.annotations.alleles = {a};
    input.annotations.clinvarFile = "/data/clinvar_20230710.vcf.gz";
    gpnmsa::ClinVarMatch m;
    m.found = true;
    m.id = "12345";
    m.significance = "Pathogenic";
    m.reviewStatus = "criteria provided, multiple submitters, no conflicts";
    m.stars = 2;
    m.condition = "Inborn genetic diseases";
    input.annotations.clinvarMatches = {m};
    gpnmsa::ScoredVariant row;
    row.variant = var;
    row.status = gpnmsa::VariantStatus::Ok;
    row.score = -4.25f;
    row.scoreFwd = -4.0f;
    row.scoreRev = -4.5f;
    const ReportVariant v = collectVariant(row, input, 0, session_.get());
    QMap<QString, QString> f;
    for (const auto& field : v.fields) f.insert(field.label, field.value);
    QCOMPARE(v.title, QString("chr22:16,700,123 G>A (rs1)"));
    QCOMPARE(f["Locus"], QString("chr22:16,700,123 (1-based)"));
    QCOMPARE(f["Alleles"], QString("REF G, ALT A"));
    QCOMPARE(f["Gene"], QString("XKR3"));
    QCOMPARE(v.gene, QString("XKR3"));
    QCOMPARE(f["Transcript"], QString("ENST00000331428"));
    QCOMPARE(f["HGVSc"], QString("ENST00000331428.5:c.100G>A"));
    QCOMPARE(f["HGVSp"], QString("ENSP00000329968.4:p.Val34Met"));
    QCOMPARE(f["Consequence"], QString("missense_variant (MODERATE)"));
    QCOMPARE(f["Allele frequency"], QString("0.0012 (source: CSQ/gnomADe_AF)"));
    QCOMPARE(f["ClinVar (input)"], QString("likely_benign"));
    QCOMPARE(f["ClinVar (clinvar_20230710.vcf.gz)"],
             QString("Pathogenic; 2 stars (criteria provided, multiple submitters, no conflicts); condition: "
                     "Inborn genetic diseases; Variation ID 12345"));
    QCOMPARE(f["GPN-MSA score"], QString("-4.250000"));
    QCOMPARE(f["Strand scores"], QString("forward -4.000000, reverse -4.500000"));
    const auto dist = gpnmsa::ScoreDistribution::read(gpnmsa::defaultDistributionPath(bundle_.model));
    QCOMPARE(f["Percentile"], QStringLiteral("lower than %1% of possible SNVs")
                                  .arg(QString::fromStdString(gpnmsa::formatPercentile(dist.percentile(-4.25f)))));
    QCOMPARE(f["Status"], QString("ok"));

    // Not scored: no strand scores, no percentile, the reason; no ClinVar match said so.
    row.status = gpnmsa::VariantStatus::NotAligned;
    row.score = row.scoreFwd = row.scoreRev = NAN;
    row.detail = "no alignment at 22:16700123";
    input.annotations.clinvarMatches = {gpnmsa::ClinVarMatch{}};
    f.clear();
    for (const auto& field : collectVariant(row, input, 0, session_.get()).fields) f.insert(field.label, field.value);
    QVERIFY(!f.contains("Strand scores"));
    QCOMPARE(f["Percentile"], QString("—"));
    QCOMPARE(f["Status"], QString("not_aligned: no alignment at 22:16700123"));
    QCOMPARE(f["ClinVar (clinvar_20230710.vcf.gz)"], QString("no exact match"));
  }

  // The acceptance run: gpnmsa-studio --open --report --select, end to end.
  void headlessReportHasValuesProvenanceAndVectorFigures() {
    const QString pdf = dir_.filePath("r.pdf"), html = dir_.filePath("r.html");
    const QString genes = QString::fromStdString(bundle_.genes);
    const auto run = testsupport::runProgram(GPNMSA_STUDIO, dataSources() + QStringList{"--genes", genes, "--open", input_,
                                                                                       "--report", pdf, "--select", kId,
                                                                                       "--page-size", "A4"});
    // (exit -1: the program crashed)
    QVERIFY2(run.code == 0, qPrintable(QString("exit %1: %2").arg(run.code).arg(run.err)));
    QVERIFY(QFileInfo::exists(pdf) && QFileInfo::exists(html));

    // The score as `gpnmsa score` computes it, in its own process.
    const QString tsv = dir_.filePath("scores.tsv");
    const auto scored = testsupport::runProgram(GPNMSA_CLI, QStringList{"score", "-q"} + dataSources() +
                                                                QStringList{"-i", input_, "-o", tsv});
    QVERIFY2(scored.code == 0, qPrintable(scored.err));
    QFile t(tsv);
    QVERIFY(t.open(QIODevice::ReadOnly));
    QStringList header, row;
    for (const QByteArray& line : t.readAll().split('\n')) {
      if (line.startsWith('#') || line.isEmpty()) continue;
      (header.isEmpty() ? header : row) = QString::fromUtf8(line).split('\t');
    }
    QVERIFY(header.contains("score") && row.size() == header.size());
    const QString cliScore = row[header.indexOf("score")];
    QVERIFY(!cliScore.isEmpty());

    const QString text = pdfText(pdf);
    QVERIFY(!text.isEmpty());
    const QString flat = text.simplified();  // pdftotext breaks long lines where the PDF wraps them
    // The score as the table writes it ("%.6f"), equal to the CLI's to the
    // last digit or one unit of it (two runs may batch differently).
    const auto m = QRegularExpression(QStringLiteral("GPN-MSA score (-?\\d+\\.\\d{6}) ")).match(flat);
    QVERIFY2(m.hasMatch(), qPrintable(flat.left(2000)));
    const QString score = m.captured(1);
    QVERIFY2(std::fabs(score.toDouble() - cliScore.toDouble()) <= 1.5e-6, qPrintable(score + " vs " + cliScore));
    // The percentile straight from the distribution file, not through the app.
    const auto dist = gpnmsa::ScoreDistribution::read(gpnmsa::defaultDistributionPath(bundle_.model));
    const QString pct = QString::fromStdString(gpnmsa::formatPercentile(dist.percentile(score.toFloat())));
    const QString pctText = QStringLiteral("lower than %1% of possible SNVs").arg(pct);
    for (const QString& want :
         {QString(kLocus), QString(kId), score, pctText, QStringLiteral(GPNMSA_VERSION), QString::fromUtf8(gpnmsa::buildCommit()),
          QFileInfo(QString::fromStdString(bundle_.model)).absoluteFilePath(), QStringLiteral("model.safetensors"),
          QStringLiteral("For research use. Not a diagnostic device"),
          QStringLiteral("not calibrated against clinical benchmarks, carry no ACMG evidence strength"),
          QStringLiteral("Provenance"), QStringLiteral("exact"), QStringLiteral("Gene annotation ") + QFileInfo(genes).absolutePath(),
          // The gene track figure, and the overlap (Constrained_1 lies between genes) said to be one.
          // The whole file name: it holds an "ff" (…excerpt.gff3), which a
          // ligature would make one glyph, as it did to a commit starting "ff".
          QStringLiteral("Genes and transcripts of ") + QFileInfo(genes).fileName(),
          QStringLiteral("Consequence intergenic (overlap with the gene annotation, not a consequence prediction)")})
      QVERIFY2(flat.contains(want), qPrintable("PDF text lacks: " + want));
    // Vector figures: the logo's axis title and the map's axis label are text,
    // and the PDF holds no raster image at all.
    QVERIFY(text.contains("bits") && text.contains("position"));
    const auto images = testsupport::runProgram("pdfimages", {"-list", pdf});
    QCOMPARE(images.code, 0);
    QCOMPARE(images.out.trimmed().split('\n').size(), 2);  // the two header lines, no image row

    QFile h(html);
    QVERIFY(h.open(QIODevice::ReadOnly));
    const QString page = QString::fromUtf8(h.readAll());
    for (const QString& want : {QString(kLocus), score, pctText, QString::fromUtf8(gpnmsa::buildCommit()),
                                QStringLiteral("For research use. Not a diagnostic device")})
      QVERIFY2(page.contains(want), qPrintable("HTML lacks: " + want));
    QCOMPARE(page.count("<svg"), 4);  // gene track, logo, mutagenesis map, alignment window
    QVERIFY(!page.contains("<img") && !page.contains("data:image"));

    // Page 1 renders (the picture was looked at when the layout was made).
    const auto png = testsupport::runProgram("pdftoppm", {"-r", "60", "-f", "1", "-l", "1", "-png", pdf,
                                                          dir_.filePath("page")});
    QCOMPARE(png.code, 0);
    QVERIFY(QFileInfo(dir_.filePath("page-1.png")).size() > 10000);
  }

  void unknownSelectIdFailsNamingIt() {
    const QString pdf = dir_.filePath("never.pdf");
    const auto run = testsupport::runProgram(
        GPNMSA_STUDIO, dataSources() + QStringList{"--open", input_, "--report", pdf, "--select", "Constrained_1,NoSuchId_7"});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains("NoSuchId_7"), qPrintable(run.err));
    QVERIFY(!run.err.contains("Constrained_1,"));  // only the unknown one is named
    QVERIFY(!QFileInfo::exists(pdf));
  }

  // Both papers: every block inside the printable area, figures shrunk no more
  // than keeps their 9-pt labels at 6 pt or larger, pages of the right size.
  void a4AndLetterKeepEveryBlockOnThePage_data() {
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<QString>("pdfinfoSize");
    QTest::newRow("A4") << int(QPageSize::A4) << "595 x 842";
    QTest::newRow("Letter") << int(QPageSize::Letter) << "612 x 792";
  }
  void a4AndLetterKeepEveryBlockOnThePage() {
    QFETCH(int, pageSize);
    QFETCH(QString, pdfinfoSize);
    ReportData data;
    data.created = QDateTime::currentDateTime();
    data.logoMode = QStringLiteral("synthetic logits (layout test)");
    data.provenance = collectProvenance(session_.get(), input_, data.created);
    gpnmsa::VariantTable input;
    input.path = input_.toStdString();
    for (qint64 pos : {16760646LL, 16700000LL}) {
      gpnmsa::ScoredVariant row;
      row.variant = {"22", pos, "v" + std::to_string(pos), "A", "C", 0, 0};
      row.status = gpnmsa::VariantStatus::Ok;
      row.score = row.scoreFwd = row.scoreRev = -3.5f;
      input.variants.push_back(row.variant);
      ReportVariant v = collectVariant(row, input, int(input.variants.size()) - 1, session_.get());
      // A value longer than a line, without spaces (wraps anywhere).
      v.fields.push_back({"HGVS (long)", QString(300, QLatin1Char('A'))});
      v.figures = syntheticFigures(*session_, pos);
      data.variants.push_back(v);
    }
    ReportVariant noFigures = data.variants.back();
    noFigures.figures = ReportFigures{};
    noFigures.figures.error = QStringLiteral("not aligned here");
    data.variants.push_back(noFigures);

    const QString pdf = dir_.filePath(QStringLiteral("layout-%1.pdf").arg(pageSize));
    PdfLayout layout;
    QString error;
    QVERIFY2(writeReportPdf(data, pdf, QPageSize(QPageSize::PageSizeId(pageSize)), &error, &layout), qPrintable(error));
    QVERIFY(layout.printable.width() > 600 && layout.printable.height() > 900);
    int figures = 0;
    for (const auto& b : layout.blocks) {
      const QRectF page = layout.printable.adjusted(-0.5, -0.5, 0.5, 0.5);
      QVERIFY2(page.contains(b.rect), qPrintable(QStringLiteral("%1 block on page %2 leaves the page: %3,%4 %5x%6")
                                                     .arg(b.kind)
                                                     .arg(b.page + 1)
                                                     .arg(b.rect.x())
                                                     .arg(b.rect.y())
                                                     .arg(b.rect.width())
                                                     .arg(b.rect.height())));
      QVERIFY(b.page >= 0 && b.page < layout.pages);
      if (b.kind == "figure") {
        ++figures;
        QVERIFY2(b.scale >= 6.0 / 9.0, qPrintable(QString::number(b.scale)));
      }
    }
    QCOMPARE(figures, 6);  // three per variant with figures, none for the third
    const auto info = testsupport::runProgram("pdfinfo", {pdf});
    QVERIFY2(info.out.contains(pdfinfoSize), qPrintable(info.out));
    QVERIFY(info.out.contains(QStringLiteral("Pages:           %1").arg(layout.pages)));
    const QString text = pdfText(pdf).simplified();
    QVERIFY(text.contains("not aligned here"));
    QVERIFY(text.contains("22:16,700,000"));
  }

  // The GUI's path (selection → ReportRunner → worker) and its Cancel: a
  // cancelled report ends as cancelled and writes nothing.
  void cancelledReportWritesNothing() {
    MainWindow w;
    w.setInteractive(false);
    const auto actions = w.findChildren<QAction*>();
    QVERIFY(std::any_of(actions.begin(), actions.end(),
                        [](const QAction* a) { return a->text() == QString::fromUtf8("&Report…"); }));
    QSignalSpy scored(&w, &MainWindow::scoringFinished);
    w.useSession(session_);
    QVERIFY(w.openFile(input_));
    QVERIFY(scored.wait(120000));
    w.selectRow(0);
    const std::vector<int> rows = selectedReportRows(w);
    QCOMPARE(rows.size(), size_t(1));
    QCOMPARE(QString::fromStdString(w.tableModel()->rowAt(rows[0]).variant.id), QString(kId));
    ReportRunner runner;
    QSignalSpy finished(&runner, &ReportRunner::finished);
    const QString pdf = dir_.filePath("cancelled.pdf");
    QString error;
    QVERIFY2(runner.start(w, rows, pdf, QPageSize(QPageSize::A4), &error), qPrintable(error));
    runner.cancel();
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QVERIFY(!QFileInfo::exists(pdf));
    QVERIFY(!QFileInfo::exists(htmlPathFor(pdf)));
    // Nothing selected: refused with a message, nothing started.
    QVERIFY(!runner.start(w, {}, pdf, QPageSize(QPageSize::A4), &error));
    QVERIFY(error.contains("No variants"));
  }
};

QTEST_MAIN(TestReport)
#include "test_report.moc"
