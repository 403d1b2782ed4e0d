// SPDX-License-Identifier: GPL-3.0-or-later
// Figures of a region (issue 12, item 4): `gpnmsa-studio --locus L --figure
// OUT.svg|pdf|png`, run without a display as a script would, writes the whole
// 401-bp region chr22:16,699,900-16,700,300 with its title: the SVG holds the
// title and ruler labels at both ends, and rendered, its human row shows the
// reference base colours of the region's first and last positions (read here
// from the store) with background just outside them; pdftotext finds the
// title in the PDF; the PNG's pixel size is the SVG's millimetres × DPI and
// it holds the same cells. Bad locus, over-long region, unwritable path and
// unknown suffix fail with exit 1 and a message. In process: logits the app
// already holds are reused and the rest computed equal to a full computation;
// closest-species rows follow the UCSC tree distances; the exporter writes
// and cancels; the dialog remembers its choices.
#include <QtTest>
#include <QComboBox>
#include <QImage>
#include <QLineEdit>
#include <QPainter>
#include <QProcess>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <cmath>

#include "base_colors.h"
#include "detail_panel.h"
#include "figure_cli.h"
#include "figure_data.h"
#include "figure_dialog.h"
#include "figure_export.h"
#include "figure_render.h"
#include "figure_rows.h"
#include "gpnmsa/engine_session.h"
#include "gpnmsa/resources.h"
#include "main_window.h"
#include "support/run_program.h"
#include "view_logits.h"

using namespace gpnmsa::ui;

namespace {
const char* kLocus = "chr22:16,699,900-16,700,300";
constexpr qint64 kStart = 16'699'900, kEnd = 16'700'300;
const char* kTitle = "chr22:16,699,900-16,700,300 (401 bp)";

struct Run {
  int code = -1;
  QString out, err;
};

// gpnmsa-studio as a user's script runs it: no display, no remembered settings.
Run studio(const QStringList& args, const QString& home) {
  QProcess p;
  auto env = QProcessEnvironment::systemEnvironment();
  env.remove("QT_QPA_PLATFORM");  // --figure must manage without (and without DISPLAY)
  env.remove("DISPLAY");
  env.remove("WAYLAND_DISPLAY");
  env.insert("HOME", home);
  env.insert("XDG_CONFIG_HOME", home);
  p.setProcessEnvironment(env);
  p.start(GPNMSA_STUDIO, args);
  Run r;
  if (!p.waitForFinished(600000)) {
    p.kill();
    p.waitForFinished();
    return r;
  }
  r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
  r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
  r.err = QString::fromLocal8Bit(p.readAllStandardError());
  return r;
}

bool near(QRgb a, const QColor& b, int tolerance = 10) {
  return std::abs(qRed(a) - b.red()) <= tolerance && std::abs(qGreen(a) - b.green()) <= tolerance &&
         std::abs(qBlue(a) - b.blue()) <= tolerance;
}

QString describe(QRgb c) { return QStringLiteral("rgb(%1,%2,%3)").arg(qRed(c)).arg(qGreen(c)).arg(qBlue(c)); }

// Synthetic logits for every position of a region: lets the layout be made
// without computing (the layout does not depend on the values).
std::vector<gpnmsa::PositionLogits> fakeLogits(qint64 start, qint64 end) {
  std::vector<gpnmsa::PositionLogits> out;
  for (qint64 p = start; p <= end; ++p) {
    gpnmsa::PositionLogits l;
    l.pos = p;
    l.acgt = {1.0f, 0.0f, 0.0f, 0.0f};
    out.push_back(l);
  }
  return out;
}
}  // namespace

class TestFigure : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  gpnmsa::DefaultBundle bundle_ = gpnmsa::defaultBundle();
  gpnmsa::SessionPtr session_;
  std::shared_ptr<const gpnmsa::GeneAnnotation> genes_;
  FigureData expected_;  // what the CLI's figure holds, logits aside
  FigureLayout layout_;
  QSizeF svgMm_;

  // The figure's data as the CLI gathers it for kLocus (fast mode, default
  // rows, the demo's genes), with fake logits: for its layout only.
  FigureData cliData() {
    FigureRequest r;
    r.region = *parseFigureRegion(kLocus, nullptr, nullptr);
    r.logits = DetailPanel::logitsOptions(DetailPanel::LogoMode::Fast);
    r.modeText = figureModeText(false);
    r.genes = genes_;
    r.known = fakeLogits(kStart, kEnd);
    return gatherFigureData(*session_, r);
  }

  // The human row's cells of the region's first and last positions have the
  // colour of their reference bases; one cell beyond either end is background.
  void checkColumnsSpanRegion(const QImage& img, double scale) {
    const auto& l = layout_;
    const double w = l.scale.pixelsPerBase;
    const double y = (l.alignment.top() + l.rowHeight * 0.4) * scale;
    auto at = [&](double x) { return img.pixel(int(x * scale), int(y)); };
    for (qint64 pos : {kStart, kEnd, (kStart + kEnd) / 2}) {
      const char ref = expected_.alignment.base(0, int(pos - kStart));
      const QColor want = baseStyle(ref).fill;
      const QRgb got = at(l.scale.x(double(pos)) + 0.4 * w);
      QVERIFY2(near(got, want), qPrintable(QStringLiteral("pos %1 ref %2: %3, want %4")
                                               .arg(pos).arg(ref).arg(describe(got), want.name())));
    }
    QVERIFY2(near(at(l.scale.x(double(kStart)) - 1.5 * w), Qt::white, 2), "a cell before the region's first position");
    QVERIFY2(near(at(l.scale.x(double(kEnd + 1)) + 1.5 * w), Qt::white, 2), "a cell after the region's last position");
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    if (qEnvironmentVariableIsSet("GPNMSA_KEEP_TEST_OUTPUT")) {
      dir_.setAutoRemove(false);
      qInfo("test output kept in %s", qPrintable(dir_.path()));
    }
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir_.filePath("settings"));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir_.filePath("settings"));
    gpnmsa::SessionOptions o;
    o.modelDir = bundle_.model;
    o.alignment = bundle_.alignment;
    session_ = gpnmsa::EngineSession::open(o);
    QVERIFY(!bundle_.genes.empty());
    genes_ = gpnmsa::GeneAnnotation::open(bundle_.genes);
    expected_ = cliData();
    QCOMPARE(expected_.computed, qint64(0));
    QCOMPARE(expected_.length(), qint64(401));
    layout_ = layoutFigure(expected_);
  }

  // --- the command line, end to end ---

  void svgHoldsTitleRulerEndsAndColumns() {
    const QString out = dir_.filePath("f.svg");
    const Run r = studio({"--locus", kLocus, "--figure", out, "--logits", "fast"}, dir_.path());
    QVERIFY2(r.code == 0, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.err)));
    QVERIFY(r.out.contains("wrote " + out));
    QVERIFY2(r.err.contains("logits 401 / 401 positions"), qPrintable(r.err));  // progress on stderr
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString svg = QString::fromUtf8(f.readAll());
    // Drawn text, not only the <title> element: the title appears twice.
    QVERIFY2(svg.count(QString(kTitle)) >= 2, "title drawn");
    QVERIFY(svg.contains("VWFP1"));  // the demo gene there
    QVERIFY(svg.contains("Logits: fast"));
    // Ruler labels: every drawn position number inside the region, evenly
    // spaced, the first and last within one step of the region's ends.
    QList<qint64> labels;
    const QRegularExpression number(QStringLiteral(">\\s*(\\d{1,3}(?:,\\d{3})+)\\s*</text>"));
    for (auto it = number.globalMatch(svg); it.hasNext();) labels << it.next().captured(1).remove(',').toLongLong();
    std::sort(labels.begin(), labels.end());
    QVERIFY2(labels.size() >= 3, qPrintable(QString::number(labels.size())));
    const qint64 step = labels[1] - labels[0];
    QVERIFY(step > 0);
    for (int i = 1; i < labels.size(); ++i) QCOMPARE(labels[i] - labels[i - 1], step);
    QVERIFY2(labels.first() >= kStart && labels.first() < kStart + step, qPrintable(QString::number(labels.first())));
    QVERIFY2(labels.last() <= kEnd && labels.last() > kEnd - step, qPrintable(QString::number(labels.last())));
    // Physical size in millimetres, as the layout says.
    const QRegularExpression size(QStringLiteral("<svg width=\"([0-9.]+)mm\" height=\"([0-9.]+)mm\""));
    const auto m = size.match(svg);
    QVERIFY(m.hasMatch());
    svgMm_ = QSizeF(m.captured(1).toDouble(), m.captured(2).toDouble());
    QVERIFY(std::abs(svgMm_.width() - layout_.sizeMm().width()) < 0.2);
    QVERIFY(std::abs(svgMm_.height() - layout_.sizeMm().height()) < 0.2);
    // Rendered (1 figure unit = 1 pixel): the columns span the region exactly.
    QSvgRenderer renderer(svg.toUtf8());
    QVERIFY(renderer.isValid());
    QImage img(layout_.size.toSize(), QImage::Format_ARGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    renderer.render(&p, QRectF(QPointF(0, 0), layout_.size));
    p.end();
    checkColumnsSpanRegion(img, 1.0);
  }

  void pdfHoldsTitle() {
    if (testsupport::runProgram("pdftotext", {"-v"}).code != 0) QSKIP("pdftotext (poppler-utils) is not installed");
    const QString out = dir_.filePath("f.pdf");
    const Run r = studio({"--locus", kLocus, "--figure", out, "--logits", "fast"}, dir_.path());
    QVERIFY2(r.code == 0, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.err)));
    const auto text = testsupport::runProgram("pdftotext", {out, "-"});
    QCOMPARE(text.code, 0);
    QVERIFY2(text.out.contains(kTitle), qPrintable(text.out.left(400)));
    QVERIFY(text.out.contains("16,700,300"));
    // One page of the figure's size (points = mm × 72 / 25.4).
    const auto info = testsupport::runProgram("pdfinfo", {out});
    const auto m = QRegularExpression(QStringLiteral("Page size:\\s+([0-9.]+) x ([0-9.]+) pts")).match(info.out);
    QVERIFY2(m.hasMatch(), qPrintable(info.out));
    QVERIFY(std::abs(m.captured(1).toDouble() - layout_.sizeMm().width() * 72 / 25.4) < 1.5);
    QVERIFY(std::abs(m.captured(2).toDouble() - layout_.sizeMm().height() * 72 / 25.4) < 1.5);
    QVERIFY(info.out.contains(QRegularExpression("Pages:\\s+1\\b")));
    // Vector graphics: no raster image in it (the header lines only).
    const auto images = testsupport::runProgram("pdfimages", {"-list", out});
    if (images.code == 0) QCOMPARE(images.out.trimmed().split('\n').size(), 2);
  }

  void pngAtDpiHoldsCellsAndLetters() {
    const QString out = dir_.filePath("f.png");
    const Run r = studio({"--locus", kLocus, "--figure", out, "--dpi", "300", "--logits", "fast"}, dir_.path());
    QVERIFY2(r.code == 0, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.err)));
    const QImage img(out);
    QVERIFY(!img.isNull());
    // Pixel size = physical size × DPI (from the layout's millimetres, which
    // the SVG test checked against the file).
    QVERIFY2(std::abs(img.width() - layout_.sizeMm().width() / 25.4 * 300) <= 1, qPrintable(QString::number(img.width())));
    QVERIFY2(std::abs(img.height() - layout_.sizeMm().height() / 25.4 * 300) <= 1, qPrintable(QString::number(img.height())));
    QCOMPARE(img.dotsPerMeterX(), qRound(300 / 0.0254));
    checkColumnsSpanRegion(img, 1.0);
    // The logo's letters: pixels of each base colour inside the logo track.
    const QRect logo = QRectF(layout_.plotLeft, layout_.logo.top(), layout_.plotWidth, layout_.logo.height()).toRect();
    for (const QColor& c : {kColorA, kColorC, kColorG, kColorT}) {
      int n = 0;
      for (int y = logo.top(); y < logo.bottom(); y += 2)
        for (int x = logo.left(); x < logo.right(); x += 2) n += near(img.pixel(x, y), c, 0);
      QVERIFY2(n > 20, qPrintable(QStringLiteral("%1: %2 pixels").arg(c.name()).arg(n)));
    }
    // At 150 dpi the same figure has half the pixels.
    const QString half = dir_.filePath("f150.png");
    const Run r2 = studio({"--locus", "chr22:16,700,000-16,700,050", "--figure", half, "--dpi", "150", "--rows", "first:2",
                           "--logits", "fast"},
                          dir_.path());
    QVERIFY2(r2.code == 0, qPrintable(r2.err));
    QCOMPARE(QImage(half).dotsPerMeterX(), qRound(150 / 0.0254));
  }

  void badInputsFailWithAMessage() {
    struct Case {
      QStringList args;
      QString says;
    };
    const QString missingDir = dir_.filePath("no-such-dir/f.svg");
    const QList<Case> cases = {
        {{"--locus", "chr22:abc", "--figure", dir_.filePath("bad.svg")}, "--locus chr22:abc"},
        {{"--locus", "chr22:16,690,000-16,700,000", "--figure", dir_.filePath("long.svg")}, "at most 10,000 bp"},
        {{"--locus", kLocus, "--figure", missingDir}, "does not exist"},
        {{"--locus", kLocus, "--figure", dir_.filePath("f.txt")}, ".svg, .pdf or .png"},
        {{"--locus", kLocus, "--figure", dir_.filePath("d.png"), "--dpi", "5"}, "--dpi"},
        {{"--locus", kLocus, "--figure", dir_.filePath("r.svg"), "--rows", "some"}, "--rows"},
        {{"--figure", dir_.filePath("nolocus.svg")}, "needs --locus"},
        {{"--locus", "chrZ:1-100", "--figure", dir_.filePath("z.svg")}, "not in the alignment store"},
    };
    for (const Case& c : cases) {
      const Run r = studio(c.args, dir_.path());
      QVERIFY2(r.code == 1, qPrintable(c.args.join(' ') + ": exit " + QString::number(r.code)));
      QVERIFY2(r.err.contains(c.says), qPrintable(c.args.join(' ') + ": " + r.err));
      const QString output = c.args[c.args.indexOf("--figure") + 1];
      QVERIFY2(!QFileInfo::exists(output), qPrintable(output + " written"));
    }
  }

  // --- in process ---

  void regionParsing() {
    QString why;
    auto r = parseFigureRegion("chr22:16,690,001-16,700,000", nullptr, &why);  // exactly 10,000 bp
    QVERIFY2(r, qPrintable(why));
    QCOMPARE(r->length(), kMaxFigureRegion);
    QVERIFY(!parseFigureRegion("22:16,690,000-16,700,000", nullptr, &why));
    QVERIFY(why.contains("10,001 bp"));
    r = parseFigureRegion("22:16700000", nullptr, &why);  // a position: the detail panel's 128-bp window
    QVERIFY(r);
    QCOMPARE(r->length(), qint64(128));
    QCOMPARE(r->marked, qint64(16700000));
    QVERIFY(r->start < 16700000 && r->end > 16700000);
    r = parseFigureRegion("linc01665", genes_.get(), &why);  // a gene: its span
    QVERIFY2(r, qPrintable(why));
    const auto gene = genes_->findGene("LINC01665");
    QCOMPARE(r->start, qint64(gene->start));
    QCOMPARE(r->end, qint64(gene->end));
    QVERIFY(!parseFigureRegion("VWFP1", genes_.get(), &why));  // 14,375 bp: refused, not cut
    QVERIFY2(why.contains("14,375 bp"), qPrintable(why));
    QVERIFY(!parseFigureRegion("no-such-gene", genes_.get(), &why));
  }

  void rowsChoice() {
    QCOMPARE(FigureRows::parse("all")->kind, FigureRows::Kind::All);
    QCOMPARE(FigureRows::parse("7")->kind, FigureRows::Kind::Closest);
    QCOMPARE(FigureRows::parse("7")->count, 7);
    QCOMPARE(FigureRows::parse("First:3")->kind, FigureRows::Kind::First);
    QVERIFY(!FigureRows::parse("-1"));
    QVERIFY(!FigureRows::parse("nearest:4"));
    for (const QString t : {"all", "first:3", "closest:12"}) QCOMPARE(FigureRows::parse(t)->toString(), t);
    // First N: store order; all: every species; always human first.
    QCOMPARE(figureRowIndices(*FigureRows::parse("first:3"), 89), (std::vector<int>{0, 1, 2, 3}));
    QCOMPARE(figureRowIndices(*FigureRows::parse("all"), 89).size(), size_t(90));
    QCOMPARE(figureRowIndices(*FigureRows::parse("500"), 89).size(), size_t(90));
    // Closest: by the UCSC hg38.100way distances, aardvark (0.2469), bushbaby
    // (0.2703) and white rhinoceros (0.2851) are the nearest of the 89.
    QStringList assemblies;
    QFile names(GPNMSA_SOURCE_DIR "/resources/species/multiz100way-89-species.tsv");
    QVERIFY(names.open(QIODevice::ReadOnly | QIODevice::Text));
    for (const QByteArray& line : names.readAll().split('\n'))
      if (!line.isEmpty() && !line.startsWith('#') && !line.startsWith("assembly")) assemblies << line.split('\t')[0];
    QCOMPARE(assemblies.size(), 89);
    const auto closest = figureRowIndices(*FigureRows::parse("3"), 89);
    QCOMPARE(closest.size(), size_t(4));
    QCOMPARE(closest[0], 0);
    QCOMPARE(assemblies[closest[1] - 1], QStringLiteral("oryAfe1"));
    QCOMPARE(assemblies[closest[2] - 1], QStringLiteral("otoGar3"));
    QCOMPARE(assemblies[closest[3] - 1], QStringLiteral("cerSim1"));
    // The whole order is by distance.
    const auto d = loadSpeciesDistances(89);
    QCOMPARE(d.size(), size_t(89));
    const auto order = speciesClosestFirst(89);
    for (size_t i = 1; i < order.size(); ++i) QVERIFY(d[size_t(order[i - 1] - 1)] <= d[size_t(order[i] - 1)]);
    // A store that is not the released layout keeps its order.
    QCOMPARE(figureRowIndices(*FigureRows::parse("2"), 5), (std::vector<int>{0, 1, 2}));
  }

  // Logits the app already holds are used as they are; the others are
  // computed, equal to computing the whole region (exact mode).
  void knownLogitsReusedTheRestComputed() {
    FigureRequest r;
    r.region = *parseFigureRegion("22:16,700,000-16,700,023", nullptr, nullptr);
    r.logits = DetailPanel::logitsOptions(DetailPanel::LogoMode::Exact);
    r.modeText = figureModeText(true);
    qint64 lastDone = -1, lastTotal = -1;
    const FigureData full = gatherFigureData(*session_, r, [&](int64_t d, int64_t t) {
      lastDone = d;
      lastTotal = t;
    });
    QCOMPARE(full.computed, qint64(24));
    QCOMPARE(full.reused, qint64(0));
    QCOMPARE(lastDone, qint64(24));
    QCOMPARE(lastTotal, qint64(24));
    // The app holds positions 16,700,006-16,700,017 (and some outside the region).
    for (qint64 p = 16'699'990; p <= 16'700'017; ++p) {
      gpnmsa::PositionLogits l = p >= 16'700'000 ? *full.logitsAt(p) : gpnmsa::PositionLogits{};
      l.pos = p;
      if (p >= 16'700'006 || p < 16'700'000) r.known.push_back(l);
    }
    const FigureData part = gatherFigureData(*session_, r);
    QCOMPARE(part.reused, qint64(12));
    QCOMPARE(part.computed, qint64(12));
    for (qint64 p = 16'700'000; p <= 16'700'023; ++p) {
      const auto* a = full.logitsAt(p);
      const auto* b = part.logitsAt(p);
      QVERIFY(a && b);
      QCOMPARE(b->ref, a->ref);
      for (int k = 0; k < 4; ++k) QVERIFY2(std::abs(a->acgt[k] - b->acgt[k]) < 1e-4, qPrintable(QString::number(p)));
    }
  }

  // The user's title takes the first line; the locus is still named.
  void customTitleKeepsTheLocus() {
    FigureData d = expected_;
    d.customTitle = QStringLiteral("Figure 2: a pseudogene");
    QByteArray svg;
    QString error;
    QVERIFY2(renderFigure(d, FigureFormat::Svg, 300, &svg, &error), qPrintable(error));
    QVERIFY(svg.contains(">Figure 2: a pseudogene<"));
    QVERIFY(svg.contains(kTitle));
  }

  // Out-of-range DPI and a PNG too big for memory are refused with a reason.
  void dpiLimits() {
    QByteArray bytes;
    QString error;
    QVERIFY(!renderFigure(expected_, FigureFormat::Png, 50, &bytes, &error));
    QVERIFY(error.contains("72"));
    FigureRequest r;
    r.region = *parseFigureRegion("22:16,700,001-16,710,000", nullptr, nullptr);
    r.rows = *FigureRows::parse("all");
    r.known = fakeLogits(16'700'001, 16'710'000);
    const FigureData big = gatherFigureData(*session_, r);
    QCOMPARE(big.computed, qint64(0));
    QVERIFY(!renderFigure(big, FigureFormat::Png, 1200, &bytes, &error));
    QVERIFY2(error.contains("lower DPI"), qPrintable(error));
  }

  // Fast mode computes whole grid blocks, as the browser's scheduler does:
  // a position's value is the one of its block computed alone.
  void fastModeValuesAreTheBrowsers() {
    FigureRequest r;
    r.region = *parseFigureRegion("22:16,700,010-16,700,070", nullptr, nullptr);
    r.logits = DetailPanel::logitsOptions(DetailPanel::LogoMode::Fast);
    r.modeText = figureModeText(false);
    const FigureData d = gatherFigureData(*session_, r);
    QCOMPARE(d.computed, qint64(61));
    gpnmsa::ScoreOptions o;
    o.logits = r.logits;
    const gpnmsa::Scorer scorer(*session_->model, *session_->store, o);
    const qint64 block = qint64(r.logits.spacing) * r.logits.masksPerWindow;  // 64: 16,699,969-16,700,032, ...
    for (qint64 pos : {qint64(16'700'010), qint64(16'700'033), qint64(16'700'070)}) {
      const qint64 first = (pos - 1) / block * block + 1;
      const auto alone = scorer.regionLogits("22", first, first + block - 1);
      const auto& want = alone.positions[size_t(pos - first)];
      const auto* got = d.logitsAt(pos);
      QVERIFY(got);
      for (int k = 0; k < 4; ++k)
        QVERIFY2(std::abs(got->acgt[k] - want.acgt[k]) < 1e-4, qPrintable(QStringLiteral("%1 %2").arg(pos).arg(k)));
    }
  }

  // Positions without alignment (the demo's starts at 16,600,000) stay empty;
  // the rest of the region is computed.
  void unalignedPositionsLeftEmpty() {
    FigureRequest r;
    r.region = *parseFigureRegion("22:16,599,990-16,600,009", nullptr, nullptr);
    r.logits = DetailPanel::logitsOptions(DetailPanel::LogoMode::Exact);
    const FigureData d = gatherFigureData(*session_, r);
    for (qint64 p = 16'599'990; p <= 16'600'009; ++p) {
      const bool aligned = d.alignment.base(0, int(p - d.start)) != '\0';
      QCOMPARE(d.logitsAt(p) != nullptr, aligned);
    }
    QVERIFY(d.computed > 0 && d.computed < 20);
  }

  void exporterWritesAndCancels() {
    FigureRequest r;
    r.region = *parseFigureRegion("22:16,700,000-16,700,099", nullptr, nullptr);
    r.rows = *FigureRows::parse("first:4");
    r.modeText = figureModeText(true);
    r.logits = DetailPanel::logitsOptions(DetailPanel::LogoMode::Exact);
    r.known = fakeLogits(16'700'000, 16'700'099);
    FigureExporter exporter;
    QSignalSpy done(&exporter, &FigureExporter::finished);
    const QString out = dir_.filePath("exported.svg");
    QString error;
    QVERIFY2(exporter.start(session_, r, out, 300, &error), qPrintable(error));
    QVERIFY(done.wait(120000));
    QCOMPARE(done.last().at(0).toBool(), false);
    QCOMPARE(done.last().at(1).toString(), QString());
    QCOMPARE(done.last().at(2).toString(), out);
    QVERIFY(QSvgRenderer(out).isValid());
    // Cancelled before the logits are computed: nothing written.
    r.known.clear();
    r.region = *parseFigureRegion("22:16,700,000-16,702,000", nullptr, nullptr);
    const QString cancelled = dir_.filePath("cancelled.png");
    QVERIFY(exporter.start(session_, r, cancelled, 300, &error));
    exporter.cancel();
    QVERIFY(done.wait(120000));
    QCOMPARE(done.last().at(0).toBool(), true);
    QVERIFY(!QFileInfo::exists(cancelled));
    // Refused before starting.
    QVERIFY(!exporter.start(session_, r, dir_.filePath("x.bmp"), 300, &error));
    QVERIFY(error.contains(".svg, .pdf or .png"));
    QVERIFY(!exporter.start(nullptr, r, out, 300, &error));
  }

  // In the app: a typed region is the figure's region, and the logits the
  // browser computed for it are reused, not computed again.
  void windowRegionAndCachedLogitsAreUsed() {
    MainWindow w;
    w.setInteractive(false);
    w.resize(1400, 1000);
    w.show();
    w.useSession(session_);
    QSignalSpy scored(&w, &MainWindow::scoringFinished);
    QVERIFY(w.openLocus("22:16,700,000-16,700,040"));
    QCOMPARE(currentFigureLocus(w), QStringLiteral("22:16,700,000-16,700,040"));
    QVERIFY(scored.count() > 0 || scored.wait(600000));
    QTRY_VERIFY_WITH_TIMEOUT(w.detailPanel()->isComplete() && !w.detailPanel()->isBusy(), 600000);
    QString why;
    const auto region = parseFigureRegion(currentFigureLocus(w), nullptr, &why);
    QVERIFY2(region, qPrintable(why));
    const FigureRequest r = figureRequestFor(w, *region, FigureRows{});
    QVERIFY(r.logits.mode == gpnmsa::RegionLogitsOptions::Mode::MultiMask);  // the panel's default, fast
    qint64 cached = 0;
    for (qint64 p = region->start; p <= region->end; ++p)
      cached += w.detailPanel()->scheduler()->logits(region->chrom, p) != nullptr;
    QVERIFY(cached > 30);
    QCOMPARE(qint64(r.known.size()), cached);
    const FigureData d = gatherFigureData(*session_, r);
    QCOMPARE(d.reused, cached);
    QCOMPARE(d.computed, 41 - cached);
  }

  void dialogRemembersChoices() {
    MainWindow w;
    w.setInteractive(false);
    {
      FigureDialog d(&w);
      QCOMPARE(d.dpi(), kDefaultFigureDpi);
      QCOMPARE(d.rows(), FigureRows{});
      QCOMPARE(d.rows().count, 20);
      QVERIFY(d.path().endsWith(".svg"));
      d.dpiBox()->setValue(600);
      d.rowsKindBox()->setCurrentIndex(d.rowsKindBox()->findData(int(FigureRows::Kind::First)));
      d.rowsCountBox()->setValue(5);
      d.pathEdit()->setText(dir_.filePath("mine.pdf"));
      d.remember();
    }
    FigureDialog again(&w);
    if (qEnvironmentVariableIsSet("GPNMSA_KEEP_TEST_OUTPUT")) again.grab().save(dir_.filePath("dialog.png"));
    QCOMPARE(again.dpi(), 600);
    QCOMPARE(again.rows(), *FigureRows::parse("first:5"));
    QCOMPARE(again.path(), dir_.filePath("mine.pdf"));
  }
};

QTEST_MAIN(TestFigure)
#include "test_figure.moc"
