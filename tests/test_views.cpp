// SPDX-License-Identifier: GPL-3.0-or-later
// Detail views (issue 3): the alignment, logo and mutagenesis views draw the
// expected colours in the expected places, and exports are written safely.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <csignal>
#include <sys/resource.h>

#include "alignment_view.h"
#include "base_colors.h"
#include "logo_view.h"
#include "mutagenesis_plot.h"
#include "species_names.h"
#include "view_export.h"
#include "view_math.h"

using namespace gpnmsa;
using namespace gpnmsa::ui;

namespace {

// Which base colour a pixel shows, tolerating antialiasing: '\0' if none.
char classify(const QColor& c) {
  const struct { char b; QColor col; } refs[] = {{'A', kColorA}, {'C', kColorC}, {'G', kColorG}, {'T', kColorT}};
  for (const auto& r : refs) {
    const int d = std::abs(c.red() - r.col.red()) + std::abs(c.green() - r.col.green()) +
                  std::abs(c.blue() - r.col.blue());
    if (d < 60) return r.b;
  }
  return 0;
}

bool near(const QColor& a, const QColor& b, int tol = 12) {
  return std::abs(a.red() - b.red()) <= tol && std::abs(a.green() - b.green()) <= tol &&
         std::abs(a.blue() - b.blue()) <= tol;
}

PositionLogits pos(qint64 p, char ref, float a, float c, float g, float t) {
  PositionLogits pl;
  pl.pos = p;
  pl.ref = ref;
  pl.acgt = {a, c, g, t};
  return pl;
}

// 12 positions × (human + 3 species). Human row: A C G T a - N A C G T A;
// species rows fixed below so each kind of byte appears.
AlignmentWindowData sampleWindow() {
  const char* human = "ACGTa-NACGTA";
  const char* s1 = "CCCCCCCCCCCC";
  const char* s2 = "------------";
  const char* s3 = "GGGGGGGGGGGG";
  AlignmentWindowData d;
  d.chrom = QStringLiteral("17");
  d.firstPos = 1000;
  d.columns = 4;
  for (int i = 0; i < 12; ++i) d.rows.append(human[i]).append(s1[i]).append(s2[i]).append(s3[i]);
  d.markedIndex = 8;
  d.rowLabels = alignmentRowLabels(3);
  return d;
}

}  // namespace

class TestViews : public QObject {
  Q_OBJECT
 private slots:
  void alignmentColours() {
    AlignmentView view;
    view.resize(600, 200);
    view.setCellWidth(14);
    view.setWindow(sampleWindow());
    view.show();
    const QImage img = view.viewport()->grab().toImage();
    // Sample just inside each cell's top-left corner, clear of the letter.
    auto at = [&](int seq, int i) {
      const QRect r = view.cellRect(seq, i);
      return img.pixelColor(r.left() + 2, r.top() + 2);
    };
    QVERIFY(near(at(0, 0), kColorA));
    QVERIFY(near(at(0, 1), kColorC));
    QVERIFY(near(at(0, 2), kColorG));
    QVERIFY(near(at(0, 3), kColorT));
    QVERIFY(near(at(0, 4), lighter(kColorA)));  // soft-masked 'a'
    QVERIFY(!near(at(0, 4), kColorA));
    QVERIFY(near(at(0, 5), kColorGap));
    QVERIFY(near(at(0, 6), kColorN));
    QVERIFY(near(at(1, 0), kColorC));
    QVERIFY(near(at(2, 3), kColorGap));
    QVERIFY(near(at(3, 11), kColorG));
    // Marked column (index 8): dark outline on its left edge, base colour inside.
    const QRect m = view.cellRect(1, 8);
    QVERIFY(near(img.pixelColor(m.left() + 1, m.center().y()), QColor(0, 0, 0), 40));
    QVERIFY(near(img.pixelColor(m.left() + 3, m.top() + 3), kColorC));
    // Unmarked column has no outline there.
    const QRect u = view.cellRect(1, 9);
    QVERIFY(near(img.pixelColor(u.left() + 1, u.center().y()), kColorC));
  }

  void alignmentTooltipAndZoom() {
    AlignmentView view;
    view.resize(600, 200);
    view.setCellWidth(14);
    view.setWindow(sampleWindow());
    const QString tip = view.toolTipAt(view.cellRect(2, 3).center());
    QVERIFY2(tip.contains(QStringLiteral("species 2")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("1,003")) || tip.contains(QStringLiteral("1003")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("gap")), qPrintable(tip));
    QVERIFY(view.toolTipAt(view.cellRect(0, 0).center()).startsWith(QStringLiteral("Human")));
    view.zoomIn();
    QVERIFY(view.cellWidth() > 14);
    view.zoomOut();
    view.zoomOut();
    QVERIFY(view.cellWidth() < 14);
  }

  void speciesLabels() {
    const QStringList generic = alignmentRowLabels(3);
    QCOMPARE(generic, (QStringList{"Human", "species 1", "species 2", "species 3"}));
    const QString tsv = QStringLiteral(GPNMSA_SOURCE_DIR "/resources/species/multiz100way-89-species.tsv");
    const QStringList names = loadSpeciesNames(tsv);
    QCOMPARE(names.size(), 89);
    QCOMPARE(names.first(), QStringLiteral("Bushbaby"));
    // Found beside the bundled default data (source tree here, share/gpnmsa when installed).
    QCOMPARE(QFileInfo(speciesTableFile()).canonicalFilePath(), QFileInfo(tsv).canonicalFilePath());
    QCOMPARE(alignmentRowLabels(89).size(), 90);
    const QStringList labels = alignmentRowLabels(89, tsv);
    QCOMPARE(labels.size(), 90);
    QCOMPARE(labels.at(2), QStringLiteral("Chinese tree shrew"));
  }

  void logoMath() {
    const LogoColumn flat = logoColumn({0, 0, 0, 0});
    for (double h : flat.heights) QVERIFY(std::abs(h) < 1e-9);
    const LogoColumn g = logoColumn({0, 0, 12, 0});
    QVERIFY(g.heights[2] > 1.99 && g.heights[2] <= 2.0);
    QCOMPARE(g.bottomToTop[3], 2);
    const LogoColumn mixed = logoColumn({2, 1, 0, -5});
    QCOMPARE(mixed.bottomToTop, (std::array<int, 4>{3, 2, 1, 0}));  // A largest, on top
    const auto p = softmax4({2, 1, 0, -5});
    const double h = entropyBits(p);
    QVERIFY(std::abs(mixed.heights[0] - p[0] * (2 - h)) < 1e-12);
    double total = 0;
    for (double v : mixed.heights) total += v;
    QVERIFY(std::abs(total - (2 - h)) < 1e-12);
  }

  void logoPixels() {
    LogoView view;
    view.resize(44 + 8 + 3 * 40, 8 + 22 + 200);  // 3 columns of 40 px, 2 bits = 200 px
    // Column 0 strongly G; column 1 flat; column 2 not computed yet.
    view.setRange(500, 502);
    RegionLogits region;
    region.start = 500;
    region.end = 502;
    region.positions = {pos(500, 'G', 0, 0, 12, 0), pos(501, 'A', 1, 1, 1, 1)};
    view.updatePositions(region, 0, 2);
    view.show();
    QVERIFY(view.isComputed(0) && view.isComputed(1) && !view.isComputed(2));
    QImage img = view.grab().toImage();
    const QColor bg = img.pixelColor(2, 2);

    const QRectF g = view.columnRect(0);
    int orangeUpper = 0;
    for (int y = int(g.top()); y < int(g.center().y()); ++y)
      for (int x = int(g.left()) + 1; x < int(g.right()) - 1; ++x) orangeUpper += classify(img.pixelColor(x, y)) == 'G';
    QVERIFY2(orangeUpper > 100, qPrintable(QString::number(orangeUpper)));
    // Nothing above the 2-bit line.
    for (int y = 0; y < int(g.top()) - 1; ++y)
      for (int x = int(g.left()) + 1; x < int(g.right()) - 1; ++x) QVERIFY(near(img.pixelColor(x, y), bg, 2));
    // Flat and uncomputed columns: empty plot box (height 0).
    for (int c : {1, 2}) {
      const QRectF r = view.columnRect(c);
      for (int y = int(r.top()); y < int(r.bottom()) - 1; ++y)
        for (int x = int(r.left()) + 1; x < int(r.right()) - 1; ++x)
          QVERIFY2(near(img.pixelColor(x, y), bg, 2), qPrintable(QStringLiteral("column %1 y %2").arg(c).arg(y)));
    }

    // Progressive fill: column 2 (A ≫ C > others) now drawn, largest (A) on top.
    region.positions.push_back(pos(502, 'C', 6, 4.5, -4, -4));
    view.updatePositions(region, 2, 1);
    img = view.grab().toImage();
    const QRectF r = view.columnRect(2);
    const int cx = int(r.center().x());
    char top = 0, bottom = 0;
    for (int y = int(r.top()); y < int(r.bottom()) && !top; ++y) top = classify(img.pixelColor(cx - 5, y)) ? classify(img.pixelColor(cx - 5, y)) : 0;
    for (int y = int(r.bottom()) - 1; y > int(r.top()) && !bottom; --y)
      for (int x = int(r.left()) + 1; x < int(r.right()) - 1 && !bottom; ++x) bottom = classify(img.pixelColor(x, y));
    QCOMPARE(top, 'A');
    QCOMPARE(bottom, 'C');
  }

  void mutagenesisValues() {
    const std::vector<PositionLogits> ps{pos(10, 'C', 1.5f, -0.5f, 2.0f, 0.25f), pos(11, 'g', 0, 0, 3, -1),
                                         pos(12, 'N', 1, 2, 3, 4)};
    const auto m = mutagenesisMatrix(ps);
    QCOMPARE(int(m.size()), 3);
    QCOMPARE(m[0][0], 2.0);
    QCOMPARE(m[0][1], 0.0);  // reference
    QCOMPARE(m[0][2], 2.5);
    QCOMPARE(m[0][3], 0.75);
    QCOMPARE(m[1][2], 0.0);  // soft-masked reference still recognised
    QCOMPARE(m[1][3], -4.0);
    for (double v : m[2]) QVERIFY(std::isnan(v));

    MutagenesisPlot plot;
    plot.resize(500, 200);
    plot.setRange(10, 12);
    QVERIFY(std::isnan(plot.scoreAt(10, 0)));
    RegionLogits region;
    region.start = 10;
    region.end = 12;
    region.positions = ps;
    plot.updatePositions(region, 0, 2);
    QCOMPARE(plot.scoreAt(10, 2), 2.5);
    QCOMPARE(plot.scoreAt(11, 3), -4.0);
    QVERIFY(std::isnan(plot.scoreAt(12, 0)));  // not reported yet
    QCOMPARE(plot.colorMap()->dataRange().upper, 4.0);  // symmetric around 0
    QCOMPARE(plot.colorMap()->dataRange().lower, -4.0);
  }

  // hg38 positions on the map's axis read as the logo's ("16,760,000"),
  // whole bases, never "1.676·10⁷".
  void mutagenesisAxisShowsBasePositions() {
    MutagenesisPlot plot;
    plot.resize(900, 200);
    plot.setRange(16759951, 16760078);
    plot.replot();
    const QVector<QString> labels = plot.xAxis->tickVectorLabels();
    QVERIFY(labels.size() >= 3);
    for (const QString& label : labels) {
      bool ok = false;
      const qlonglong value = QLocale().toLongLong(label, &ok);
      QVERIFY2(ok && value >= 16759951 && value <= 16760078, qPrintable(label));
      QCOMPARE(label, QLocale().toString(value));
    }
  }

  void exports() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    AlignmentView align;
    align.resize(400, 150);
    align.setWindow(sampleWindow());
    // 40 positions of varied, deterministic logits; the last 8 not computed yet.
    std::vector<PositionLogits> window;
    for (int i = 0; i < 40; ++i) {
      const float a = float((i * 7) % 11) - 5, c = float((i * 3) % 7) - 3, g = float((i * 5) % 9) - 4;
      window.push_back(pos(1001 + i, "ACGTacgtN"[i % 9], a, c, g, float(i % 4) - 1.5f));
    }
    LogoView logo;
    logo.resize(600, 160);
    logo.setRange(1001, 1040);
    logo.updatePositions(std::vector<PositionLogits>(window.begin(), window.end() - 8));
    logo.setMarkedPosition(1020);
    MutagenesisPlot plot;
    plot.resize(600, 220);
    plot.setRange(1001, 1040);
    plot.updatePositions(std::vector<PositionLogits>(window.begin(), window.end() - 8));
    plot.setMarkedPosition(1020);
    align.setCellWidth(14);
    align.centerOnMarked();
    // Set GPNMSA_VIEWS_DUMP=<dir> to keep the images for a look.
    const QString dump = qEnvironmentVariable("GPNMSA_VIEWS_DUMP");
    if (!dump.isEmpty()) {
      exportWidget(&align, dump + QStringLiteral("/alignment.png"));
      exportWidget(&logo, dump + QStringLiteral("/logo.png"));
      exportWidget(&plot, dump + QStringLiteral("/mutagenesis.png"));
      exportWidget(&plot, dump + QStringLiteral("/mutagenesis.svg"));
    }

    QString error;
    for (QWidget* w : std::initializer_list<QWidget*>{&align, &logo, &plot}) {
      const QString png = dir.filePath(QString::number(quintptr(w)) + QStringLiteral(".png"));
      const QString svg = dir.filePath(QString::number(quintptr(w)) + QStringLiteral(".svg"));
      QVERIFY2(exportWidget(w, png, &error), qPrintable(error));
      QVERIFY2(exportWidget(w, svg, &error), qPrintable(error));
      QVERIFY(QFileInfo(png).size() > 0);
      QVERIFY(QFileInfo(svg).size() > 0);
      QVERIFY(!QImage(png).isNull());
      QFile f(svg);
      QVERIFY(f.open(QIODevice::ReadOnly));
      QVERIFY(f.readAll().contains("<svg"));
    }

    // A failing export leaves the old file as it was: first a directory we
    // may not write to (not enforced for root), then a write that fails
    // half-way (file-size limit, enforced for every user).
    const QString ro = dir.filePath(QStringLiteral("ro"));
    QVERIFY(QDir().mkpath(ro));
    const QString old = ro + QStringLiteral("/view.png");
    {
      QFile f(old);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("previous contents");
    }
    auto oldIntact = [&] {
      QFile f(old);
      return f.open(QIODevice::ReadOnly) && f.readAll() == QByteArray("previous contents");
    };
    QVERIFY(QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    if (!QFileInfo(ro).isWritable()) {
      QVERIFY(!exportWidgetPng(&logo, old, &error));
      QVERIFY(error.contains(old));
      QVERIFY(!exportWidgetSvg(&logo, ro + QStringLiteral("/view.svg"), &error));
      QVERIFY(!QFileInfo::exists(ro + QStringLiteral("/view.svg")));
      QVERIFY(oldIntact());
    }
    QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    rlimit saved{};
    QVERIFY(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    std::signal(SIGXFSZ, SIG_IGN);  // get EFBIG instead of being killed
    rlimit tiny = saved;
    tiny.rlim_cur = 64;
    QVERIFY(setrlimit(RLIMIT_FSIZE, &tiny) == 0);
    const bool pngOk = exportWidgetPng(&align, old, &error);
    const bool svgOk = exportWidgetSvg(&align, old, &error);
    setrlimit(RLIMIT_FSIZE, &saved);
    QVERIFY(!pngOk);
    QVERIFY(!svgOk);
    QVERIFY(oldIntact());
    QCOMPARE(QDir(ro).entryList(QDir::Files), QStringList{QStringLiteral("view.png")});  // no temp left
  }
};

QTEST_MAIN(TestViews)
#include "test_views.moc"
