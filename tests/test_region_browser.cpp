// SPDX-License-Identifier: GPL-3.0-or-later
// The region browser (issue 12) on the parity fixtures (model `tiny`, store
// `msa.zarr`):
//  - one axis: at three zoom levels and after panning, the centre of the
//    first and last visible positions and of the variant lies within 1 px in
//    ruler, genes, logo, map and alignment rows (each track's centerXOf, in
//    its own coordinates, mapped to the browser); and the pixels painted
//    there are that position's: the alignment row's cell has the colour of
//    the store's base, the map's cell the colour of its Δ logit (computed
//    here from an independent Scorer run);
//  - the wheel zooms about the base under the mouse, + / − double / halve,
//    the arrow keys pan by an eighth of the view, a drag moves the content
//    with the mouse, the scroll bar and the zoom box set the view;
//  - a click on a map cell reports that cell's position and base;
//  - alignment rows for the view are read once and then come from the cache.
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QToolButton>
#include <QWheelEvent>
#include <QtTest>
#include <cmath>
#include <map>

#include "base_colors.h"
#include "gpnmsa/alignment_store.h"
#include "gpnmsa/engine_session.h"
#include "gpnmsa/scorer.h"
#include "region_browser.h"
#include "support/parity_fixtures.h"
#include "view_math.h"

using namespace gpnmsa;
using namespace gpnmsa::ui;

namespace {
QString parity(const char* name) { return testsupport::parityDir() + QLatin1Char('/') + name; }
constexpr qint64 kMarked = 1000;
constexpr qint64 kFirst = 700, kLast = 1400;  // computed here for the logo and map
}  // namespace

class TestRegionBrowser : public QObject {
  Q_OBJECT
  SessionPtr session_;
  std::map<qint64, PositionLogits> logits_;
  std::unique_ptr<RegionBrowser> b_;
  qint64 length_ = 0;

  GenomeAxis* axis() const { return b_->axis(); }

  // Where each track draws the centre of `pos`, in browser coordinates.
  QList<QPair<QString, double>> centres(qint64 pos) const {
    QList<QPair<QString, double>> out;
    for (TrackWidget* t : {static_cast<TrackWidget*>(b_->rulerTrack()), static_cast<TrackWidget*>(b_->genesTrack()),
                           static_cast<TrackWidget*>(b_->logoTrack()), static_cast<TrackWidget*>(b_->mapTrack()),
                           static_cast<TrackWidget*>(b_->alignmentTrack())})
      out.append({t->objectName(), t->mapTo(b_.get(), QPointF(t->centerXOf(pos), 0)).x()});
    return out;
  }

  // Waits for the alignment rows of the view.
  bool rowsCoverView() {
    return QTest::qWaitFor(
        [&] {
          const auto& w = b_->alignmentTrack()->window();
          return w.columns > 0 && w.firstPos <= axis()->firstVisible() &&
                 w.firstPos + w.length() - 1 >= axis()->lastVisible();
        },
        20000);
  }

  void checkAligned(const char* when) {
    QCoreApplication::processEvents();
    QVERIFY2(rowsCoverView(), when);
    const qint64 first = axis()->firstVisible(), last = axis()->lastVisible();
    QList<qint64> positions{first, first + 1, (first + last) / 2, last};
    if (kMarked >= first && kMarked <= last) positions << kMarked;
    const QImage alignment = b_->alignmentTrack()->grab().toImage();
    const QImage map = b_->mapTrack()->grab().toImage();
    const double dpr = alignment.devicePixelRatio();
    int sampled = 0;
    for (qint64 pos : positions) {
      const auto cs = centres(pos);
      const double want = cs.front().second;  // the ruler's
      for (const auto& [name, x] : cs)
        QVERIFY2(std::fabs(x - want) <= 1.0, qPrintable(QStringLiteral("%1: position %2 at %3 px in %4, %5 px in the ruler")
                                                              .arg(when).arg(pos).arg(x).arg(name).arg(want)));
      // The position must be inside the data area for its pixels to be checked.
      const double x = b_->alignmentTrack()->centerXOf(pos);
      if (x < b_->alignmentTrack()->plotRect().left() + 1 || x > b_->alignmentTrack()->plotRect().right() - 1) continue;
      if (axis()->pixelsPerBase() < 3) continue;  // several bases a pixel: no one base's colour
      // Colours are sampled 1.5 px inside the cell's left edge, where no
      // letter, reference dot or variant marker is drawn.
      const double cellX = b_->alignmentTrack()->scale().x(double(pos)) + 1.5;
      QCOMPARE(b_->mapTrack()->scale().x(double(pos)) + 1.5, cellX);
      if (cellX < b_->alignmentTrack()->plotRect().left()) continue;  // the cell starts left of the data area
      // Human row: the store's base colour at that x.
      const auto& win = b_->alignmentTrack()->window();
      const char stored = win.base(0, int(pos - win.firstPos));
      const double y = b_->alignmentTrack()->rowTop(0) + 4;
      const QColor got = alignment.pixelColor(int(cellX * dpr), int(y * dpr));
      QVERIFY2(got == baseStyle(stored).fill,
               qPrintable(QStringLiteral("%1: alignment at %2 (%3): %4, want %5")
                              .arg(when).arg(pos).arg(QLatin1Char(stored)).arg(got.name(), baseStyle(stored).fill.name())));
      // Map: the cell of each alt base has the colour of its Δ logit.
      if (pos >= kFirst && pos <= kLast && axis()->pixelsPerBase() >= kSummaryBelowPixelsPerBase) {
        const PositionLogits& pl = logits_.at(pos);
        const QRectF plot = b_->mapTrack()->plotRect();
        const double maxAbs = mutagenesisMaxAbs(b_->mapTrack()->scale(), plot, 1, length_, lookup());
        const int ref = baseIndex(pl.ref);
        for (int alt = 0; alt < 4; ++alt) {
          if (alt == ref) continue;  // the reference's cell holds a dot
          const double delta = double(pl.acgt[size_t(alt)]) - double(pl.acgt[size_t(ref)]);
          const QColor want = mutagenesisColor(delta, maxAbs);
          const double cy = plot.top() + (alt + 0.5) * plot.height() / 4;
          const QColor cell = map.pixelColor(int(cellX * dpr), int(cy * dpr));
          QVERIFY2(std::abs(cell.red() - want.red()) <= 2 && std::abs(cell.green() - want.green()) <= 2 &&
                       std::abs(cell.blue() - want.blue()) <= 2,
                   qPrintable(QStringLiteral("%1: map at %2 alt %3: %4, want %5 (Δ %6)")
                                  .arg(when).arg(pos).arg(alt).arg(cell.name(), want.name()).arg(delta)));
        }
      }
      ++sampled;
    }
    qInfo("%s: %.2f px/base, %lld-%lld in view, %d positions sampled", when, axis()->pixelsPerBase(), first, last,
          sampled);
  }

  LogitsLookup lookup() const {
    return [this](qint64 pos) -> const PositionLogits* {
      const auto it = logits_.find(pos);
      return it == logits_.end() ? nullptr : &it->second;
    };
  }

  void sendWheel(QWidget* w, QPointF at, int delta) {
    QWheelEvent e(at, w->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase,
                  false);
    QApplication::sendEvent(w, &e);
  }
  void sendMouse(QWidget* w, QEvent::Type type, QPointF at, Qt::MouseButtons buttons) {
    QMouseEvent e(type, at, w->mapToGlobal(at), Qt::LeftButton, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
  }

 private slots:
  void initTestCase() {
    SessionOptions o;
    o.modelDir = parity("tiny").toStdString();
    o.alignment = parity("msa.zarr").toStdString();
    session_ = EngineSession::open(o);
    length_ = session_->store->length(*session_->store->resolve("1"));
    QVERIFY(length_ > kLast);
    // The logo's and map's data: exact logits from an independent Scorer.
    ScoreOptions so;
    so.batchSize = 64;
    so.logits.mode = RegionLogitsOptions::Mode::Exact;
    const Scorer scorer(*session_->model, *session_->store, so);
    for (const auto& pl : scorer.regionLogits("1", kFirst, kLast).positions) logits_[pl.pos] = pl;
    QCOMPARE(qint64(logits_.size()), kLast - kFirst + 1);

    b_ = std::make_unique<RegionBrowser>();
    b_->resize(1200, 800);
    b_->setSession(session_);
    b_->setLogits(lookup());
    GeneTrackData genes;  // a made-up gene across the variant, so the track draws
    genes.chrom = "1";
    genes.start = 1;
    genes.end = length_;
    genes.marked = kMarked;
    genes.annotationLoaded = true;
    Gene g;
    g.name = "TESTGENE";
    g.chrom = "1";
    g.start = 950;
    g.end = 1100;
    g.strand = '+';
    genes.genes.push_back(g);
    b_->genesTrack()->setData(genes);
    b_->show();
    QVERIFY(QTest::qWaitForWindowExposed(b_.get()));
    axis()->setChromosome("1", length_);
    axis()->setMarked(kMarked);
    axis()->showRange(kMarked - 63, kMarked + 64);
    QCOMPARE(axis()->plotWidth(), b_->rulerTrack()->plotRect().width());
  }

  // Done-when item: within 1 px at three zooms and after panning.
  void oneAxisForEveryTrack() {
    axis()->setPixelsPerBase(20);
    axis()->centreOn(kMarked + 0.5);
    checkAligned("20 px/base");
    axis()->setPixelsPerBase(6);
    checkAligned("6 px/base");
    axis()->setPixelsPerBase(0.5);  // summary mode, ~2 kb in view
    QVERIFY(axis()->isSummary());
    checkAligned("0.5 px/base");
    axis()->setPixelsPerBase(9);
    axis()->centreOn(kMarked + 0.5);
    axis()->panPixels(-137);  // drag-like: a fractional number of bases
    QVERIFY(std::fabs(axis()->viewStart() - std::round(axis()->viewStart())) > 1e-6);
    checkAligned("9 px/base, panned 137 px left");
    axis()->panPixels(500);
    checkAligned("9 px/base, panned 363 px right");
    // A resize changes the data area of every track alike.
    b_->resize(900, 700);
    QTRY_COMPARE(axis()->plotWidth(), b_->rulerTrack()->plotRect().width());
    checkAligned("900 px wide");
    b_->resize(1200, 800);
    QTRY_COMPARE(axis()->plotWidth(), b_->rulerTrack()->plotRect().width());
  }

  void wheelZoomsAboutTheMouse() {
    axis()->setPixelsPerBase(8);
    axis()->centreOn(kMarked + 0.5);
    LogoTrack* logo = b_->logoTrack();
    const QPointF at(logo->plotRect().left() + 200.5, logo->height() / 2.0);
    const double under = logo->scale().posAt(at.x());
    sendWheel(logo, at, 120);
    QVERIFY(std::fabs(axis()->pixelsPerBase() - 8 * std::sqrt(2.0)) < 1e-9);
    QVERIFY(std::fabs(logo->scale().posAt(at.x()) - under) < 1e-6);
    sendWheel(logo, at, -240);
    QVERIFY(std::fabs(axis()->pixelsPerBase() - 8 / std::sqrt(2.0)) < 1e-9);
    QVERIFY(std::fabs(logo->scale().posAt(at.x()) - under) < 1e-6);
    // Limits: never beyond 24 px/base, never more than kMaxBasesInView (or the chromosome) in view.
    for (int i = 0; i < 20; ++i) sendWheel(logo, at, 120);
    QCOMPARE(axis()->pixelsPerBase(), GenomeAxis::kMaxPixelsPerBase);
    for (int i = 0; i < 40; ++i) sendWheel(logo, at, -120);
    QVERIFY(axis()->basesInView() <= double(std::min<qint64>(GenomeAxis::kMaxBasesInView, length_)) + 1e-6);
    QVERIFY(axis()->firstVisible() >= 1 && axis()->lastVisible() <= length_);
  }

  void keysButtonsDragScrollBarZoomBox() {
    axis()->setPixelsPerBase(8);
    axis()->centreOn(kMarked + 0.5);
    b_->setFocus();
    const double start = axis()->viewStart();
    QTest::keyClick(b_.get(), Qt::Key_Right);
    QVERIFY(std::fabs(axis()->viewStart() - (start + axis()->plotWidth() / 8 / 8)) < 1e-9);
    QTest::keyClick(b_.get(), Qt::Key_Left);
    QVERIFY(std::fabs(axis()->viewStart() - start) < 1e-9);
    QTest::keyClick(b_.get(), Qt::Key_Plus);
    QCOMPARE(axis()->pixelsPerBase(), 16.0);
    QTest::keyClick(b_.get(), Qt::Key_Minus);
    QTest::keyClick(b_.get(), Qt::Key_Minus);
    QCOMPARE(axis()->pixelsPerBase(), 4.0);
    b_->findChild<QToolButton*>("zoomIn")->click();
    QCOMPARE(axis()->pixelsPerBase(), 8.0);
    // Go to variant after moving away.
    axis()->panPixels(3000);
    QVERIFY(kMarked < axis()->firstVisible());
    QTest::keyClick(b_.get(), Qt::Key_Home);
    QVERIFY(std::fabs(axis()->centre() - (kMarked + 0.5)) < 1e-6);
    axis()->panPixels(-3000);
    b_->findChild<QToolButton*>("goToVariant")->click();
    QVERIFY(std::fabs(axis()->centre() - (kMarked + 0.5)) < 1e-6);

    // A drag moves the content with the mouse: the base under the press stays under the cursor.
    MapTrack* map = b_->mapTrack();
    const QPointF from(map->plotRect().left() + 300, 30), to(from.x() - 160, 32);
    const double grabbed = map->scale().posAt(from.x());
    QSignalSpy clicks(map, &MapTrack::cellClicked);
    sendMouse(map, QEvent::MouseButtonPress, from, Qt::LeftButton);
    sendMouse(map, QEvent::MouseMove, QPointF(from.x() - 60, 31), Qt::LeftButton);
    sendMouse(map, QEvent::MouseMove, to, Qt::LeftButton);
    sendMouse(map, QEvent::MouseButtonRelease, to, Qt::NoButton);
    QVERIFY(std::fabs(map->scale().posAt(to.x()) - grabbed) < 1e-6);
    QCOMPARE(clicks.count(), 0);  // a drag is no click

    // The scroll bar is the view's start over the chromosome.
    QScrollBar* bar = b_->scrollBar();
    QCOMPARE(bar->value(), int(std::llround(axis()->viewStart())));
    QVERIFY(bar->maximum() >= int(length_ - qint64(axis()->basesInView())));
    bar->setValue(2000);
    QVERIFY(std::fabs(axis()->viewStart() - 2000) < 1.0);

    // The zoom box: bases in view.
    QComboBox* box = b_->zoomBox();
    box->lineEdit()->setText("500 bp");
    emit box->lineEdit()->editingFinished();
    QVERIFY(std::fabs(axis()->basesInView() - 500) < 1e-6);
    QCOMPARE(box->currentText(), QStringLiteral("500 bp"));
    box->lineEdit()->setText("1.5 kb");
    emit box->lineEdit()->editingFinished();
    QVERIFY(std::fabs(axis()->basesInView() - 1500) < 1e-6);
  }

  // A click on a cell reports its position and alt base; in summary mode none.
  void mapClickReportsTheCell() {
    axis()->setPixelsPerBase(12);
    axis()->centreOn(kMarked + 0.5);
    MapTrack* map = b_->mapTrack();
    QSignalSpy clicks(map, &MapTrack::cellClicked);
    const QRectF plot = map->plotRect();
    for (const auto& [pos, alt] : {std::pair<qint64, int>{kMarked, 2}, {kMarked - 7, 0}, {kMarked + 11, 3}}) {
      const QPointF at(map->centerXOf(pos), plot.top() + (alt + 0.5) * plot.height() / 4);
      sendMouse(map, QEvent::MouseButtonPress, at, Qt::LeftButton);
      sendMouse(map, QEvent::MouseButtonRelease, at, Qt::NoButton);
      QVERIFY(!clicks.isEmpty());
      QCOMPARE(clicks.last().at(0).toLongLong(), pos);
      QCOMPARE(clicks.last().at(1).toInt(), alt);
    }
    axis()->setPixelsPerBase(1);
    const int before = int(clicks.count());
    const QPointF at(map->centerXOf(kMarked), plot.center().y());
    sendMouse(map, QEvent::MouseButtonPress, at, Qt::LeftButton);
    sendMouse(map, QEvent::MouseButtonRelease, at, Qt::NoButton);
    QCOMPARE(int(clicks.count()), before);
  }

  // Panning within what was read, and back, reads nothing more.
  void alignmentRowsAreCached() {
    axis()->setPixelsPerBase(10);
    axis()->centreOn(kMarked + 0.5);
    QVERIFY(rowsCoverView());
    const int reads = b_->alignmentRows()->reads();
    axis()->panPixels(axis()->plotWidth() / 4);
    QVERIFY(rowsCoverView());
    axis()->centreOn(kMarked + 0.5);
    QVERIFY(rowsCoverView());
    QTest::qWait(100);
    QCOMPARE(b_->alignmentRows()->reads(), reads);
    // Far away: one new read, with the store's bytes.
    axis()->centreOn(double(length_ - 100));
    QVERIFY(rowsCoverView());
    QCOMPARE(b_->alignmentRows()->reads(), reads + 1);
    const auto& w = b_->alignmentTrack()->window();
    const auto bytes = session_->store->fetch("1", w.firstPos - 1, w.firstPos - 1 + w.length());
    QCOMPARE(QByteArray(bytes.data(), qsizetype(bytes.size())), w.rows);
  }

  // Every track has What's This help and an info button; placeholders when empty.
  void helpAndPlaceholders() {
    for (TrackKind k : {TrackKind::Ruler, TrackKind::Genes, TrackKind::Logo, TrackKind::Mutagenesis, TrackKind::Alignment}) {
      TrackWidget* t = b_->track(k);
      QVERIFY(t);
      QCOMPARE(t->whatsThis(), trackHelp(k));
      QVERIFY(t->infoButton() && t->infoButton()->isVisible());
      QCOMPARE(t->infoButton()->toolTip(), trackHelpTitle(k));
    }
    b_->setPlaceholder("Select a variant");
    QCOMPARE(b_->logoTrack()->placeholder(), QStringLiteral("Select a variant"));
    b_->setPlaceholder({});
  }

  void cleanupTestCase() { b_.reset(); }
};

QTEST_MAIN(TestRegionBrowser)
#include "test_region_browser.moc"
