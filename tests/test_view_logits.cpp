// SPDX-License-Identifier: GPL-3.0-or-later
// The region browser's logits (ui/view_logits.h): the values are
// Scorer::regionLogits's, computed nearest the centre first, cancelled by a
// new request, cached per (session, chromosome, position, mode) so that going
// back costs no forward pass (counted by the core's forward-pass counter).
// Most cases run the tiny parity model on the parity store (chromosome 1,
// 5000 bp); the bundled demo (chr22 at its hg38 length) where length matters.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>

#include "gpnmsa/engine_session.h"
#include "gpnmsa/forward_passes.h"
#include "gpnmsa/scorer.h"
#include "support/parity_fixtures.h"
#include "view_logits.h"
#include "view_logits_plan.h"

using gpnmsa::RegionLogitsOptions;
using gpnmsa::ui::ViewLogitsScheduler;
using namespace testsupport;

namespace {

gpnmsa::SessionPtr openSession(const QString& model, const QString& alignment) {
  gpnmsa::SessionOptions o;
  o.modelDir = model.toStdString();
  o.alignment = alignment.toStdString();
  return gpnmsa::EngineSession::open(o);
}

RegionLogitsOptions fastMode() {
  RegionLogitsOptions o;
  o.mode = RegionLogitsOptions::Mode::MultiMask;
  o.spacing = 16;
  o.masksPerWindow = 4;
  return o;
}

// Scorer::regionLogits run directly (its default batch of 32 windows).
gpnmsa::RegionLogits direct(const gpnmsa::EngineSession& s, const std::string& chrom, qint64 first, qint64 last,
                            const RegionLogitsOptions& mode = {}) {
  gpnmsa::ScoreOptions o;
  o.logits = mode;
  return gpnmsa::Scorer(*s.model, *s.store, o).regionLogits(chrom, first, last);
}

double maxDifference(const gpnmsa::PositionLogits& a, const gpnmsa::PositionLogits& b) {
  double d = 0;
  for (int k = 0; k < 4; ++k) d = std::max(d, std::abs(double(a.acgt[k]) - double(b.acgt[k])));
  return d;
}

// The same numbers to float precision: within 1e-6 relative to the logit
// (and absolute below 1). regionLogits's own windows run in other batches
// here (its default 32 windows a pass; the scheduler's 16, grouped from the
// view's centre), and a float matrix product's last bit depends on its batch:
// logits near 10 then differ by ~2e-6, one or two float steps.
bool same(const gpnmsa::PositionLogits& a, const gpnmsa::PositionLogits& b) {
  for (int k = 0; k < 4; ++k)
    if (std::abs(double(a.acgt[k]) - double(b.acgt[k])) > 1e-6 * std::max(1.0, std::abs(double(b.acgt[k]))))
      return false;
  return true;
}

// Runs one request to its end (idle or failed; either may come from inside request()).
struct Outcome {
  bool idle = false, cancelled = false;
  QString failure;
  QList<QList<QVariant>> ready;  // positionsReady, in order
  QList<QList<QVariant>> progress;
};
Outcome run(ViewLogitsScheduler& s, const QString& chrom, qint64 first, qint64 last, qint64 centre) {
  QSignalSpy idle(&s, &ViewLogitsScheduler::idle);
  QSignalSpy failed(&s, &ViewLogitsScheduler::failed);
  QSignalSpy ready(&s, &ViewLogitsScheduler::positionsReady);
  QSignalSpy progress(&s, &ViewLogitsScheduler::progress);
  s.request(chrom, first, last, centre);
  QElapsedTimer clock;  // a guard against hanging, not an assertion
  clock.start();
  while (idle.isEmpty() && failed.isEmpty() && clock.elapsed() < 300'000) QTest::qWait(5);
  Outcome o;
  o.idle = !idle.isEmpty();
  o.cancelled = o.idle && idle.first().at(0).toBool();
  if (!failed.isEmpty()) o.failure = failed.first().at(0).toString();
  o.ready = ready;
  o.progress = progress;
  return o;
}

// Positions of chrom:first-last the scheduler has (current session and mode).
qint64 cachedCount(const ViewLogitsScheduler& s, const QString& chrom, qint64 first, qint64 last) {
  qint64 n = 0;
  for (qint64 p = first; p <= last; ++p) n += s.logits(chrom, p) != nullptr;
  return n;
}

qint64 ceilDiv(qint64 a, qint64 b) { return (a + b - 1) / b; }

}  // namespace

class TestViewLogits : public QObject {
  Q_OBJECT
  gpnmsa::SessionPtr parity_;

 private slots:
  void initTestCase() {
    parity_ = openSession(parityDir() + "/tiny", parityDir() + "/msa.zarr");
    QCOMPARE(parity_->store->length("1"), int64_t(5000));
  }

  // The values are regionLogits's, exact mode; a pass is one batch of
  // kExactBatchPositions positions cut outwards from the centre.
  void exactEqualsRegionLogits() {
    ViewLogitsScheduler s;
    s.setSession(parity_);
    const qint64 processBefore = gpnmsa::forwardPassesInProcess();
    const Outcome o = run(s, "1", 1001, 1100, 1050);
    QVERIFY2(o.idle && !o.cancelled && o.failure.isEmpty(), qPrintable(o.failure));
    // 1050..1100 to the right of the centre, 1001..1049 to its left.
    const qint64 b = gpnmsa::ui::kExactBatchPositions;
    QCOMPARE(s.forwardPasses(), ceilDiv(51, b) + ceilDiv(49, b));
    QCOMPARE(gpnmsa::forwardPassesInProcess() - processBefore, s.forwardPasses());
    QCOMPARE(o.progress.last().at(0).toLongLong(), qint64(100));
    QCOMPARE(o.progress.last().at(1).toLongLong(), qint64(100));
    const auto want = direct(*parity_, "1", 1001, 1100);
    for (const auto& w : want.positions) {
      const auto* got = s.logits("1", w.pos);
      QVERIFY2(got, qPrintable(QString::number(w.pos)));
      QCOMPARE(got->pos, w.pos);
      QCOMPARE(got->ref, w.ref);
      QVERIFY2(same(*got, w), qPrintable(QString("%1: %2 (logits %3 %4 %5 %6)")
                                             .arg(w.pos)
                                             .arg(maxDifference(*got, w))
                                             .arg(w.acgt[0])
                                             .arg(w.acgt[1])
                                             .arg(w.acgt[2])
                                             .arg(w.acgt[3])));
    }
    QVERIFY(!s.logits("1", 1000) && !s.logits("1", 1101));
  }

  // Done-when: panning back over a computed stretch computes nothing again.
  void panningBackComputesNothing() {
    ViewLogitsScheduler s;
    s.setSession(parity_);
    QVERIFY(run(s, "1", 2001, 2100, 2050).idle);
    const qint64 afterFirst = s.forwardPasses();
    QVERIFY(afterFirst > 0);
    // Overlapping stretch elsewhere: only its 100 new positions are computed
    // (2101..2124 left of the centre 2125, 2125..2200 right of it).
    const Outcome moved = run(s, "1", 2051, 2200, 2125);
    QVERIFY(moved.idle);
    const qint64 b = gpnmsa::ui::kExactBatchPositions;
    QCOMPARE(s.forwardPasses() - afterFirst, ceilDiv(24, b) + ceilDiv(76, b));
    QCOMPARE(moved.ready.first(), (QList<QVariant>{"1", qint64(2051), qint64(2100)}));  // the cached part, first
    // Back to the first stretch: no pass, and it is ready before request() returns.
    const qint64 passes = s.forwardPasses(), process = gpnmsa::forwardPassesInProcess();
    QSignalSpy ready(&s, &ViewLogitsScheduler::positionsReady);
    QSignalSpy idle(&s, &ViewLogitsScheduler::idle);
    s.request("1", 2001, 2100, 2050);
    QCOMPARE(ready.size(), 1);
    QCOMPARE(ready.first(), (QList<QVariant>{"1", qint64(2001), qint64(2100)}));
    QCOMPARE(idle.size(), 1);
    QCOMPARE(idle.first().at(0).toBool(), false);
    QVERIFY(!s.isBusy());
    QTest::qWait(50);
    QCOMPARE(s.forwardPasses(), passes);
    QCOMPARE(gpnmsa::forwardPassesInProcess(), process);
    // The same request again (a repaint asking): nothing at all.
    QSignalSpy progress(&s, &ViewLogitsScheduler::progress);
    s.request("1", 2001, 2100, 2050);
    QTest::qWait(50);
    QCOMPARE(ready.size(), 1);
    QCOMPARE(idle.size(), 1);
    QCOMPARE(progress.size(), 0);
  }

  // positionsReady arrives nearest the centre first.
  void nearestCentreFirst() {
    ViewLogitsScheduler s;
    s.setSession(parity_);
    const qint64 first = 3001, last = 3200, centre = 3150;
    const Outcome o = run(s, "1", first, last, centre);
    QVERIFY(o.idle);
    QVERIFY(o.ready.size() > 5);
    qint64 previous = -1, covered = 0;
    for (const auto& r : o.ready) {
      const qint64 a = r.at(1).toLongLong(), b = r.at(2).toLongLong();
      const qint64 d = centre < a ? a - centre : centre > b ? centre - b : 0;
      QVERIFY2(d >= previous, qPrintable(QString("%1-%2 (distance %3) after distance %4").arg(a).arg(b).arg(d).arg(previous)));
      previous = d;
      covered += b - a + 1;
      QVERIFY(a >= first && b <= last);
    }
    QCOMPARE(covered, last - first + 1);
    const qint64 a0 = o.ready.first().at(1).toLongLong(), b0 = o.ready.first().at(2).toLongLong();
    QVERIFY(a0 <= centre && centre <= b0);
  }

  // A new request drops the old one at the next batch: the old range is not
  // completed, the new one is, and the old job's end is not signalled.
  void newRequestCancelsOld() {
    ViewLogitsScheduler s;
    s.setSession(parity_);
    bool moved = false;
    connect(&s, &ViewLogitsScheduler::positionsReady, &s, [&] {
      if (!moved) {
        moved = true;
        s.request("1", 101, 140, 120);
      }
    });
    QSignalSpy idle(&s, &ViewLogitsScheduler::idle);
    s.request("1", 1001, 4900, 3000);  // ~490 passes
    QTRY_VERIFY_WITH_TIMEOUT(!idle.isEmpty(), 120'000);
    QTest::qWait(200);  // the old job's last batch, if any, arrives
    QCOMPARE(idle.size(), 1);  // the new request's, not the replaced one's
    QCOMPARE(idle.first().at(0).toBool(), false);
    QCOMPARE(cachedCount(s, "1", 101, 140), qint64(40));
    const qint64 old = cachedCount(s, "1", 1001, 4900);
    QVERIFY2(old < 3900 / 2, qPrintable(QString("%1 of the old 3900 positions computed").arg(old)));
    QVERIFY(s.forwardPasses() < ceilDiv(3900, gpnmsa::ui::kExactBatchPositions) / 2);
  }

  // Multi-mask values depend on the positions masked together: a fixed grid
  // makes them the same whichever view computed them, and equal to
  // regionLogits over the grid block.
  void multiMaskOnFixedGrid() {
    const auto fast = fastMode();
    ViewLogitsScheduler a, b;
    a.setSession(parity_);
    b.setSession(parity_);
    a.setOptions(fast);
    b.setOptions(fast);
    QVERIFY(run(a, "1", 1001, 1100, 1050).idle);
    QVERIFY(run(b, "1", 1030, 1130, 1100).idle);
    // Grid blocks of 64: 961-1024, 1025-1088, 1089-1152 (a computed all three).
    QCOMPARE(cachedCount(a, "1", 961, 1152), qint64(192));
    QCOMPARE(a.forwardPasses(), qint64(3 * 64 / 4 * 2 / gpnmsa::ui::kMultiMaskBatchWindows));
    const auto blocks = direct(*parity_, "1", 961, 1024, fast).positions;
    auto more = direct(*parity_, "1", 1025, 1088, fast).positions;
    auto last = direct(*parity_, "1", 1089, 1152, fast).positions;
    std::vector<gpnmsa::PositionLogits> grid(blocks);
    grid.insert(grid.end(), more.begin(), more.end());
    grid.insert(grid.end(), last.begin(), last.end());
    // regionLogits over the first view, grouped from its own start: different.
    const auto naive = direct(*parity_, "1", 1001, 1100, fast).positions;
    double naiveDiff = 0;
    for (const auto& w : grid) {
      const auto* x = a.logits("1", w.pos);
      QVERIFY(x);
      QVERIFY2(same(*x, w), qPrintable(QString::number(w.pos)));
      if (w.pos >= 1030 && w.pos <= 1130) {
        const auto* y = b.logits("1", w.pos);
        QVERIFY(y);
        QVERIFY2(same(*x, *y), qPrintable(QString::number(w.pos)));
      }
      if (w.pos >= 1001 && w.pos <= 1100) naiveDiff = std::max(naiveDiff, maxDifference(*x, naive[size_t(w.pos - 1001)]));
    }
    QVERIFY2(naiveDiff > 1e-3, qPrintable(QString::number(naiveDiff)));  // the grid is what makes them agree
  }

  // Session or mode change: another key; no fast value served for exact.
  void sessionAndModeAreKeys() {
    ViewLogitsScheduler s;
    s.setSession(parity_);
    QVERIFY(run(s, "1", 1201, 1264, 1232).idle);
    const gpnmsa::PositionLogits exact = *s.logits("1", 1240);
    s.setOptions(fastMode());
    QVERIFY(!s.logits("1", 1240));
    const qint64 passes = s.forwardPasses();
    QVERIFY(run(s, "1", 1201, 1264, 1232).idle);
    QVERIFY(s.forwardPasses() > passes);
    double diff = 0;
    for (qint64 p = 1201; p <= 1264; ++p) {
      s.setOptions(fastMode());
      const gpnmsa::PositionLogits f = *s.logits("1", p);
      s.setOptions({});
      diff = std::max(diff, maxDifference(f, *s.logits("1", p)));
    }
    QVERIFY2(diff > 1e-3, qPrintable(QString::number(diff)));
    // Exact again: its values are still cached, nothing is computed.
    s.setOptions({});
    QCOMPARE(maxDifference(*s.logits("1", 1240), exact), 0.0);
    const qint64 before = s.forwardPasses();
    QVERIFY(run(s, "1", 1201, 1264, 1232).idle);
    QCOMPARE(s.forwardPasses(), before);
    // Another session (the same files opened again): nothing of the first.
    const auto other = openSession(parityDir() + "/tiny", parityDir() + "/msa.zarr");
    s.setSession(other);
    QVERIFY(!s.logits("1", 1240));
    QVERIFY(s.cache().find(parity_.get(), "1", 0, 1240));  // kept under its own key
    QVERIFY(run(s, "1", 1236, 1244, 1240).idle);
    QCOMPARE(s.forwardPasses(), before + 2);  // 1240..1244 and 1236..1239
  }

  // chr1 and 1 are the same chromosome (chr22 and 22 in the demo below).
  void chromosomeAliases() {
    ViewLogitsScheduler s;
    s.setSession(parity_);
    QVERIFY(run(s, "chr1", 1301, 1316, 1308).idle);
    QVERIFY(s.logits("1", 1310));
    QCOMPARE(s.logits("chr1", 1310), s.logits("1", 1310));
    const qint64 passes = s.forwardPasses();
    const Outcome o = run(s, "1", 1301, 1316, 1308);
    QCOMPARE(s.forwardPasses(), passes);
    QCOMPARE(o.ready.size(), 1);
    QCOMPARE(o.ready.first().at(0).toString(), QString("1"));  // as this request wrote it
  }

  // Positions past the chromosome's end are ignored, with no error.
  void beyondChromosomeEnd() {
    ViewLogitsScheduler s;
    s.setSession(parity_);
    const Outcome o = run(s, "1", 4990, 5100, 5040);
    QVERIFY2(o.idle && o.failure.isEmpty(), qPrintable(o.failure));
    QCOMPARE(cachedCount(s, "1", 4990, 5000), qint64(11));
    QVERIFY(!s.logits("1", 5001));
    for (const auto& r : o.ready) QVERIFY(r.at(2).toLongLong() <= 5000);
    QCOMPARE(o.progress.last().at(1).toLongLong(), qint64(11));
    const auto want = direct(*parity_, "1", 4990, 5000);
    for (const auto& w : want.positions) {
      QVERIFY(w.windowShifted);
      QVERIFY(same(*s.logits("1", w.pos), w));
      QVERIFY(s.logits("1", w.pos)->windowShifted);
    }
    const qint64 passes = s.forwardPasses();
    const Outcome outside = run(s, "1", 6000, 6100, 6050);
    QVERIFY(outside.idle && outside.failure.isEmpty() && outside.ready.isEmpty());
    QCOMPARE(s.forwardPasses(), passes);
  }

  // A corrupt chunk or an unknown chromosome reaches failed(), named.
  void storeErrors() {
    QTemporaryDir tmp;
    const QString root = tmp.filePath("msa.zarr");
    const QString from = parityDir() + "/msa.zarr";
    for (const QString& sub : {QString(), QStringLiteral("/1"), QStringLiteral("/X")}) {
      QVERIFY(QDir().mkpath(root + sub));
      for (const QString& f : QDir(from + sub).entryList(QDir::Files | QDir::Hidden))
        QVERIFY(QFile::copy(from + sub + "/" + f, root + sub + "/" + f));
    }
    QFile chunk(root + "/1/8.0");  // rows 4096..4607
    QVERIFY(chunk.setPermissions(chunk.permissions() | QFile::WriteOwner));
    QVERIFY(chunk.open(QIODevice::WriteOnly | QIODevice::Truncate));
    chunk.write(QByteArray(200, 'x'));
    chunk.close();
    ViewLogitsScheduler s;
    s.setSession(openSession(parityDir() + "/tiny", root));
    const Outcome o = run(s, "1", 4101, 4140, 4120);
    QVERIFY(!o.idle);
    QVERIFY2(o.failure.contains("1/8.0") && o.failure.contains("1:41"), qPrintable(o.failure));
    QVERIFY(!s.isBusy());
    QVERIFY(run(s, "1", 1001, 1010, 1005).idle);  // the rest of the store still works

    const Outcome unknown = run(s, "chr7", 1, 100, 50);
    QVERIFY2(unknown.failure.contains("chr7") && unknown.failure.contains("not in the alignment store"),
             qPrintable(unknown.failure));
    QSignalSpy failedAgain(&s, &ViewLogitsScheduler::failed);
    s.request("chr7", 1, 100, 50);  // a repaint asking again: reported once
    QCOMPARE(failedAgain.size(), 0);
  }

  // The bundled demo: chr22 at its hg38 length, aligned only in 16.6-16.8 Mb.
  void demoChr22() {
    const QString demo = GPNMSA_SOURCE_DIR "/resources/demo";
    ViewLogitsScheduler s;
    s.setSession(openSession(demo + "/model", demo + "/msa.zarr.zip"));
    QVERIFY(run(s, "chr22", 16700000, 16700015, 16700008).idle);
    const qint64 passes = s.forwardPasses();
    QCOMPARE(passes, qint64(2));
    QVERIFY(run(s, "22", 16700000, 16700015, 16700008).idle);
    QCOMPARE(s.forwardPasses(), passes);
    QCOMPARE(s.logits("22", 16700003), s.logits("chr22", 16700003));
    QVERIFY(s.logits("22", 16700003));
    // Wider than kMaxComputedView: nothing computed, what is cached shown.
    const Outcome wide = run(s, "22", 16695000, 16695000 + gpnmsa::ui::kMaxComputedView, 16700000);
    QVERIFY(wide.idle && wide.failure.isEmpty());
    QCOMPARE(wide.ready.size(), 1);
    QCOMPARE(wide.ready.first(), (QList<QVariant>{"22", qint64(16700000), qint64(16700015)}));
    QCOMPARE(s.forwardPasses(), passes);
    // Across the edge of the aligned region: only aligned positions, no error.
    const Outcome edge = run(s, "22", 16599990, 16600009, 16600000);
    QVERIFY2(edge.idle && edge.failure.isEmpty(), qPrintable(edge.failure));
    QCOMPARE(cachedCount(s, "22", 16599990, 16600009), qint64(10));
    QVERIFY(s.logits("22", 16600000) && !s.logits("22", 16599999));
    QCOMPARE(edge.progress.last().at(0).toLongLong(), qint64(20));  // nothing left to do
  }

  // The cache on its own: keys apart, bounded, the oldest blocks evicted.
  void cacheKeysAndBound() {
    gpnmsa::ui::LogitsCache cache(3000);
    const auto* s1 = parity_.get();
    const auto* s2 = reinterpret_cast<const gpnmsa::EngineSession*>(&cache);  // only compared, never read
    for (qint64 p = 1; p <= 5000; ++p) {
      gpnmsa::PositionLogits l;
      l.pos = p;
      l.acgt = {float(p), 0, 0, 0};
      cache.insert(s1, "1", 0, l);
    }
    QVERIFY(cache.size() <= 3000);
    QVERIFY(cache.size() >= 3000 - 1024);
    QVERIFY(!cache.find(s1, "1", 0, 1));        // filled first, evicted
    QCOMPARE(cache.find(s1, "1", 0, 5000)->acgt[0], 5000.0f);
    QVERIFY(!cache.find(s2, "1", 0, 5000));     // another session
    QVERIFY(!cache.find(s1, "X", 0, 5000));     // another chromosome
    const int fastKey = gpnmsa::ui::logitsModeKey(fastMode());
    QVERIFY(!cache.find(s1, "1", fastKey, 5000));  // another mode
    QCOMPARE(gpnmsa::ui::logitsModeKey({}), 0);
    QVERIFY(fastKey != 0);
    RegionLogitsOptions other = fastMode();
    other.spacing = 8;
    QVERIFY(gpnmsa::ui::logitsModeKey(other) != fastKey);
    other = fastMode();
    other.masksPerWindow = 3;
    QVERIFY(gpnmsa::ui::logitsModeKey(other) != fastKey);
    const auto runs = cache.cachedRuns(s1, "1", 0, 4000, 6000);
    QCOMPARE(int(runs.size()), 1);
    QCOMPARE(runs.front(), (std::pair<qint64, qint64>(4000, 5000)));
    cache.removeSession(s1);
    QCOMPARE(cache.size(), size_t(0));
  }

  // The plan on its own: every missing position once, cached ones never.
  void planCoversMissingOnce() {
    std::vector<bool> cached(301, false);
    for (int p = 140; p < 160; ++p) cached[size_t(p)] = true;
    const auto units = gpnmsa::ui::planViewLogits(101, 300, 150, 5000, {}, [&](qint64 p) { return cached[size_t(p)]; });
    std::vector<int> seen(301, 0);
    for (const auto& u : units) {
      QVERIFY(u.last - u.first + 1 <= gpnmsa::ui::kExactBatchPositions);
      for (qint64 p = u.first; p <= u.last; ++p) ++seen[size_t(p)];
    }
    for (int p = 101; p <= 300; ++p) QCOMPARE(seen[size_t(p)], cached[size_t(p)] ? 0 : 1);
    const auto fast = gpnmsa::ui::planViewLogits(70, 130, 100, 5000, fastMode(), [](qint64) { return false; });
    QCOMPARE(int(fast.size()), 2);  // the grid blocks 65-128 and 129-192, whole
    QCOMPARE(fast[0].first, qint64(65));  // holds the centre
    QCOMPARE(fast[0].last, qint64(128));
    QCOMPARE(fast[0].missingInView, qint64(128 - 70 + 1));
    QCOMPARE(fast[1].first, qint64(129));
    QCOMPARE(fast[1].last, qint64(192));
    QCOMPARE(fast[1].missingInView, qint64(2));
  }
};

QTEST_GUILESS_MAIN(TestViewLogits)
#include "test_view_logits.moc"
