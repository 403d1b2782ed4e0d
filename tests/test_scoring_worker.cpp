// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI's scoring worker on a real event loop: progress and rows arrive as
// signals, results equal a direct Scorer::score, Cancel stops within 1 s.
#include <QtTest>
#include <cmath>

#include "background_job.h"
#include "session_loading.h"
#include "gpnmsa/scorer.h"
#include "gpnmsa/variant_reader.h"
#include "scoring_worker.h"

using namespace gpnmsa::ui;

namespace {
QString parity(const char* name) { return QStringLiteral(GPNMSA_TEST_DATA "/parity/") + name; }
}  // namespace

class TestScoringWorker : public QObject {
  Q_OBJECT
  gpnmsa::SessionPtr session_;
  JobSlot jobs_;  // runs the workers as the app does

 private slots:
  void initTestCase() {
    const SessionLoad loaded = loadSession(parity("tiny"), parity("msa.zarr"));
    session_ = loaded.session;
    QVERIFY2(session_, qPrintable(loaded.error));
  }

  void sessionErrorsAreMessages() {
    SessionLoad bad = loadSession(parity("tiny"), parity("no-such.zarr"));
    QVERIFY(!bad.session);
    QVERIFY2(bad.error.contains("no-such.zarr"), qPrintable(bad.error));
    bad = loadSession(parity("no-such-model"), parity("msa.zarr"));
    QVERIFY(!bad.session);
    QVERIFY2(bad.error.contains("no-such-model"), qPrintable(bad.error));
    // A model and a store that do not fit together (species count) are named both.
    bad = loadSession(parity("species89"), parity("msa.zarr"));
    QVERIFY(!bad.session);
    QVERIFY2(bad.error.contains("species89") && bad.error.contains("msa.zarr") && bad.error.contains("species"),
             qPrintable(bad.error));
  }

  void asyncLoad() {
    bool called = false;
    gpnmsa::SessionPtr got;
    JobSlot jobs;
    jobs.run<SessionLoad>([] { return loadSession(parity("tiny"), parity("msa.zarr")); },
                          [&](SessionLoad s) {
                            called = true;
                            got = s.session;
                          });
    QVERIFY(jobs.isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(called, 30000);
    QVERIFY(got && got->model && got->store);
    QVERIFY(!jobs.isBusy());
  }

  // A newer job of the same slot wins: the older one's result never arrives,
  // and shutdown waits for both threads.
  void newerJobWins() {
    JobSlot jobs;
    QStringList delivered;
    jobs.run<QString>([] { QThread::msleep(300); return QStringLiteral("older"); },
                      [&](QString s) { delivered << s; });
    jobs.run<QString>([] { return QStringLiteral("newer"); }, [&](QString s) { delivered << s; });
    QTRY_COMPARE_WITH_TIMEOUT(delivered, QStringList{"newer"}, 10000);
    QVERIFY(jobs.hasRunningThreads());  // the older one still sleeps
    jobs.shutdown();
    QVERIFY(!jobs.hasRunningThreads());
    QCoreApplication::processEvents();
    QCOMPARE(delivered, QStringList{"newer"});
  }

  void matchesDirectScoring() {
    const auto table = gpnmsa::readVariants(parity("variants.tsv").toStdString());
    QCOMPARE(int(table.variants.size()), 24);
    ScoringJob job;
    job.variants = table.variants;
    job.batchSize = 8;
    job.signalIntervalMs = 0;  // every callback becomes a signal here
    auto* worker = new ScoringWorker(session_, job);
    QSignalSpy progress(worker, &ScoringWorker::progress);
    QSignalSpy rows(worker, &ScoringWorker::rowsReady);
    QSignalSpy finished(worker, &ScoringWorker::finished);
    QSignalSpy failed(worker, &ScoringWorker::failed);
    bool otherThread = false;
    connect(worker, &ScoringWorker::progress, this, [&] { otherThread = QThread::currentThread() != thread(); },
            Qt::DirectConnection);
    jobs_.start(worker);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(failed.count(), 0);
    QVERIFY(otherThread);
    QVERIFY(progress.count() >= 1);
    QCOMPARE(progress.last().at(0).toLongLong(), 24);
    QCOMPARE(progress.last().at(1).toLongLong(), 24);
    QSet<int> seen;
    for (const auto& args : rows) for (int i : args.at(0).value<QVector<int>>()) seen.insert(i);
    QCOMPARE(seen.size(), 24);

    const auto result = finished.first().at(0).value<ScoringResult>();
    QVERIFY(!result.cancelled);
    gpnmsa::ScoreOptions batch8;
    batch8.batchSize = 8;
    gpnmsa::Scorer direct(*session_->model, *session_->store, batch8);
    const auto want = direct.score(table.variants);
    QCOMPARE(result.rows.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      QCOMPARE(result.rows[i].status, want[i].status);
      QCOMPARE(result.rows[i].score, want[i].score);  // same engine, same batching: bit-identical
      QCOMPARE(result.rows[i].scoreFwd, want[i].scoreFwd);
      QCOMPARE(result.rows[i].scoreRev, want[i].scoreRev);
    }
  }

  void cancelWithinOneSecond() {
    // Every substitution on chromosome 1 of the fixture (thousands of sites):
    // far more than finishes before the cancel below.
    const auto& store = *session_->store;
    const int64_t len = store.length("1");
    const auto bases = store.fetch("1", 0, len);
    std::vector<gpnmsa::Variant> vs;
    for (int64_t p = 0; p < len; ++p) {
      const char ref = char(std::toupper(static_cast<unsigned char>(bases[size_t(p * store.columns())])));
      if (!std::strchr("ACGT", ref)) continue;
      gpnmsa::Variant v;
      v.chrom = "1";
      v.pos = p + 1;
      v.ref = std::string(1, ref);
      v.alt = ref == 'A' ? "G" : "A";
      vs.push_back(v);
    }
    QVERIFY(vs.size() > 300);
    ScoringJob job;
    job.variants = vs;
    job.batchSize = 8;
    auto* worker = new ScoringWorker(session_, job);
    QSignalSpy progress(worker, &ScoringWorker::progress);
    QSignalSpy finished(worker, &ScoringWorker::finished);
    jobs_.start(worker);
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 1, 30000);
    QElapsedTimer clock;
    clock.start();
    jobs_.stopCurrent();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    qInfo("cancel took %lld ms", qlonglong(clock.elapsed()));
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    const auto result = finished.first().at(0).value<ScoringResult>();
    QVERIFY(result.cancelled);
    QCOMPARE(result.rows.size(), vs.size());
    const auto pending = std::count_if(result.rows.begin(), result.rows.end(), [](const gpnmsa::ScoredVariant& r) {
      return r.status == gpnmsa::VariantStatus::Pending;
    });
    QVERIFY2(pending > 0, "the job finished before the cancel: make it longer");
  }
};

QTEST_MAIN(TestScoringWorker)
#include "test_scoring_worker.moc"
