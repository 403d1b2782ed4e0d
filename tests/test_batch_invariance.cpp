// SPDX-License-Identifier: GPL-3.0-or-later
// A window's logits do not depend on the other windows of its batch, to the
// last bit (with the oneDNN kernels, see gpnmsa/benchmark.h): so a variant
// scores the same alone, in a VCF, or in any chunk of a sharded run, and
// chunks merge into exactly the single run (score-region, the workflow).
// libtorch's own BLAS path broke this: its head took other kernels for 1,
// 2-3 and 4+ rows (differences of ~2e-6 in a score).
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <thread>
#include <random>
#include <vector>

#include "gpnmsa/benchmark.h"
#include "gpnmsa/error.h"
#include "gpnmsa/model.h"
#include "support/parity_fixtures.h"

namespace {

// Windows generated one after another, so window w is the same whatever
// the batch size.
struct Windows {
  std::vector<uint8_t> human, aux;
  Windows(int batch, int length, int species) : human(size_t(batch) * length), aux(size_t(batch) * length * species) {
    std::mt19937 rng(11);
    for (int w = 0; w < batch; ++w) {
      for (int i = 0; i < length; ++i) human[size_t(w) * length + i] = uint8_t(1 + rng() % 4);
      for (int i = 0; i < length * species; ++i) aux[size_t(w) * length * species + i] = uint8_t(rng() % 5);
    }
  }
};

}  // namespace

class TestBatchInvariance : public QObject {
  Q_OBJECT
 private slots:
  void logitsOfAWindowIgnoreItsBatch_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("precision");
    for (const char* m : {"tiny", "species89"}) {
      QTest::newRow(qPrintable(QString(m) + " f32")) << QString(m) << int(gpnmsa::Precision::F32);
      QTest::newRow(qPrintable(QString(m) + " bf16")) << QString(m) << int(gpnmsa::Precision::BF16);
    }
  }

  void logitsOfAWindowIgnoreItsBatch() {
    QFETCH(QString, model);
    QFETCH(int, precision);
    if (!QString::fromStdString(gpnmsa::inferenceKernels()).startsWith("oneDNN"))
      QSKIP("built without oneDNN: libtorch's kernels are not batch-invariant");
    gpnmsa::ModelOptions mo;
    mo.threads = 2;
    mo.precision = gpnmsa::Precision(precision);
    std::unique_ptr<gpnmsa::GpnMsaModel> m;
    try {
      m = gpnmsa::GpnMsaModel::load((testsupport::parityDir() + "/" + model).toStdString(), mo);
    } catch (const gpnmsa::Error& e) {
      if (mo.precision == gpnmsa::Precision::BF16) QSKIP(e.what());  // no BF16 on this CPU
      QFAIL(e.what());
    }
    const int L = 128, S = m->config().speciesCount(), maxBatch = 13;
    const Windows all(maxBatch, L, S);
    // Every window asked at three positions, so the head sees 3*B rows.
    std::vector<float> alone;
    for (int batch : {1, 2, 3, 4, 5, 8, 13}) {
      std::vector<int> window, position;
      for (int w = 0; w < batch; ++w)
        for (int p : {0, 64, 127}) window.push_back(w), position.push_back(p);
      const auto logits = m->logitsAtPairs(all.human.data(), all.aux.data(), batch, L, window.data(),
                                           position.data(), int(window.size()));
      QCOMPARE(logits.size(), window.size() * 6);
      if (alone.empty()) {
        alone.assign(logits.begin(), logits.begin() + 18);  // window 0, its three positions
        continue;
      }
      QVERIFY2(std::memcmp(alone.data(), logits.data(), alone.size() * sizeof(float)) == 0,
               qPrintable(QString("batch of %1: window 0's logits differ from its own batch's").arg(batch)));
    }
  }

  // Asked for some rows, the engine runs the last layer for those rows
  // alone (and no layer of a window no row asks for): the logits equal the
  // full pass's (every row through every layer, then the head) up to the
  // products' summation order, and a window's rows do not depend on which
  // other windows were asked.
  void askedRowsAgreeWithTheFullPass_data() {
    QTest::addColumn<int>("precision");
    QTest::addColumn<double>("tolerance");
    QTest::newRow("f32") << int(gpnmsa::Precision::F32) << 2e-5;
    QTest::newRow("bf16") << int(gpnmsa::Precision::BF16) << 0.0;  // bf16: only the invariance
  }

  void askedRowsAgreeWithTheFullPass() {
    QFETCH(int, precision);
    QFETCH(double, tolerance);
    gpnmsa::ModelOptions mo;
    mo.threads = 2;
    mo.precision = gpnmsa::Precision(precision);
    std::unique_ptr<gpnmsa::GpnMsaModel> m;
    try {
      m = gpnmsa::GpnMsaModel::load((testsupport::parityDir() + "/species89").toStdString(), mo);
    } catch (const gpnmsa::Error& e) {
      if (mo.precision == gpnmsa::Precision::BF16) QSKIP(e.what());
      QFAIL(e.what());
    }
    const int L = 128, S = m->config().speciesCount(), B = 3;
    const Windows all(B, L, S);
    const std::vector<int> window{0, 0, 2, 2, 0}, position{0, 64, 127, 64, 64};  // a row asked twice
    const auto asked = m->logitsAtPairs(all.human.data(), all.aux.data(), B, L, window.data(),
                                        position.data(), int(window.size()));
    QCOMPARE(asked.size(), window.size() * 6);
    QVERIFY(std::memcmp(&asked[6], &asked[24], 6 * sizeof(float)) == 0);  // (0, 64) twice
    if (tolerance > 0) {
      const auto full = m->logits(all.human.data(), all.aux.data(), B, L);  // [B, L, 6]
      double worst = 0;
      for (size_t r = 0; r < window.size(); ++r)
        for (int t = 0; t < 6; ++t)
          worst = std::max(worst, double(std::abs(asked[r * 6 + t] -
                                                  full[(size_t(window[r]) * L + position[r]) * 6 + t])));
      QVERIFY2(worst <= tolerance, qPrintable(QString("max |logit difference| %1").arg(worst)));
    }
    // Window 2 alone, asked for the same two rows: the same bits (window 1,
    // asked for nothing, was never run, and window 0 does not count).
    const std::vector<int> w2{0, 0}, p2{127, 64};
    const auto alone = m->logitsAtPairs(all.human.data() + 2 * L, all.aux.data() + size_t(2) * L * S, 1, L,
                                        w2.data(), p2.data(), 2);
    QVERIFY(std::memcmp(alone.data(), &asked[12], 12 * sizeof(float)) == 0);
  }

  // The app scores, draws logos and writes reports on worker threads at
  // once, sharing one model: the same windows from four threads give the
  // serial logits exactly (oneDNN's shared scratchpad and the packed-weight
  // cache would mix them up if they were shared unguarded).
  void concurrentCallsGiveTheSerialLogits() {
    gpnmsa::ModelOptions mo;
    mo.threads = 2;
    const auto m = gpnmsa::GpnMsaModel::load((testsupport::parityDir() + "/species89").toStdString(), mo);
    const int L = 128, S = m->config().speciesCount();
    const Windows all(8, L, S);
    std::vector<int> positions(8, 64);
    auto run = [&](int batch) { return m->logitsAt(all.human.data(), all.aux.data(), batch, L, positions.data()); };
    const std::vector<int> batches{8, 3, 5, 1};
    std::vector<std::vector<float>> serial;
    for (int b : batches) serial.push_back(run(b));
    std::vector<int> mismatches(batches.size(), 0);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < batches.size(); ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 6; ++i)
          if (run(batches[t]) != serial[t]) ++mismatches[t];
      });
    for (auto& th : threads) th.join();
    for (size_t t = 0; t < batches.size(); ++t)
      QVERIFY2(mismatches[t] == 0, qPrintable(QString("batch of %1: %2 of 6 concurrent calls differ")
                                                  .arg(batches[t]).arg(mismatches[t])));
  }
};

QTEST_GUILESS_MAIN(TestBatchInvariance)
#include "test_batch_invariance.moc"
