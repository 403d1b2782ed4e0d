// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI's scoring worker on a real event loop: progress and rows arrive as
// signals, results equal a direct Scorer::score, Cancel stops within 1 s.
#include <QtTest>
#include <cmath>

#include "engine_session.h"
#include "gpnmsa/scorer.h"
#include "gpnmsa/variant_reader.h"
#include "scoring_worker.h"

using namespace gpnmsa::ui;

namespace {
QString parity(const char* name) { return QStringLiteral(GPNMSA_TEST_DATA "/parity/") + name; }
}  // namespace

class TestScoringWorker : public QObject {
  Q_OBJECT
  SessionPtr session_;

 private slots:
  void initTestCase() {
    QString error;
    session_ = EngineSession::load(parity("tiny"), parity("msa.zarr"), &error);
    QVERIFY2(session_, qPrintable(error));
  }

  void sessionErrorsAreMessages() {
    QString error;
    QVERIFY(!EngineSession::load(parity("tiny"), parity("no-such.zarr"), &error));
    QVERIFY2(error.contains("no-such.zarr"), qPrintable(error));
    QVERIFY(!EngineSession::load(parity("no-such-model"), parity("msa.zarr"), &error));
    QVERIFY2(error.contains("no-such-model"), qPrintable(error));
  }

  void asyncLoad() {
    bool called = false;
    SessionPtr got;
    loadSessionAsync(this, parity("tiny"), parity("msa.zarr"), [&](SessionPtr s, const QString&) {
      called = true;
      got = s;
    });
    QTRY_VERIFY_WITH_TIMEOUT(called, 30000);
    QVERIFY(got && got->model && got->store);
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
    QThread* thread = worker->startInThread();
    QVERIFY(thread != QThread::currentThread());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(failed.count(), 0);
    QVERIFY(progress.count() >= 1);
    QCOMPARE(progress.last().at(0).toLongLong(), 24);
    QCOMPARE(progress.last().at(1).toLongLong(), 24);
    QSet<int> seen;
    for (const auto& args : rows) for (int i : args.at(0).value<QVector<int>>()) seen.insert(i);
    QCOMPARE(seen.size(), 24);

    const auto result = finished.first().at(0).value<ScoringResult>();
    QVERIFY(!result.cancelled);
    gpnmsa::Scorer direct(*session_->model, *session_->store, {8});
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
    worker->startInThread();
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 1, 30000);
    QElapsedTimer clock;
    clock.start();
    worker->cancel();
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
