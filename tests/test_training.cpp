// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa train` internals and end to end on the parity fixture store (real
// Zarr/Blosc, 8 species): the masking recipe's proportions, soft-mask and
// strand handling, the learning-rate schedule, conservation tracks, the
// safetensors writer, checkpoints that reload to identical logits, a resumed
// run that equals an uninterrupted one, and clear errors for bad input.
// libtorch before Qt: Qt's `slots` macro breaks libtorch's headers.
#include <torch/torch.h>

#include "checkpoint.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <random>

#include "conservation_track.h"
#include "gpnmsa/error.h"
#include "gpnmsa/model.h"
#include "gpnmsa/tokens.h"
#include "gpnmsa/training.h"
#include "mlm_batch.h"

using namespace gpnmsa;

namespace {

const std::string kStore = GPNMSA_TEST_DATA "/parity/msa.zarr";

TrainOptions tinyOptions(const QString& out) {
  TrainOptions o;
  o.msa = kStore;
  o.train = {{"1", 1, 3000}};
  o.validation = {{"chr1", 3001, 5000}};
  o.output = out.toStdString();
  o.hiddenSize = 64;  // >= 6 + 5 * 8 species
  o.heads = 4;
  o.layers = 1;
  o.intermediateSize = 64;
  o.batchSize = 4;
  o.steps = 6;
  o.warmupSteps = 2;
  o.learningRate = 1e-3;
  o.validationWindows = 8;
  o.validateEvery = 3;
  o.saveEvery = 100;
  o.threads = 1;  // bitwise-reproducible reductions
  return o;
}

// One window of 128 rows x (1 + species) bytes.
std::vector<char> window(const std::string& human, int species, char speciesBase) {
  std::vector<char> rows;
  for (char h : human) {
    rows.push_back(h);
    for (int s = 0; s < species; ++s) rows.push_back(speciesBase);
  }
  return rows;
}

void expectThrows(const std::function<void()>& f, const char* needle) {
  try {
    f();
  } catch (const Error& e) {
    QVERIFY2(QString(e.what()).contains(needle), e.what());
    return;
  }
  QFAIL(qPrintable(QString("no error containing '%1'").arg(needle)));
}

}  // namespace

class TestTraining : public QObject {
  Q_OBJECT

 private slots:
  void maskingProportions() {
    // 128 upper-case bases; 15% chosen; of those 80% -> mask, 10% random, 10% kept.
    std::string human;
    for (int i = 0; i < kWindowSize; ++i) human.push_back("ACGT"[i % 4]);
    const auto rows = window(human, 2, 'A');
    training::MlmBatch b;
    b.length = kWindowSize;
    b.species = 2;
    training::MaskingOptions m;
    std::mt19937_64 rng(7);
    const int windows = 2000;
    for (int w = 0; w < windows; ++w) training::appendTrainingWindow(rows.data(), 3, false, nullptr, nullptr, m, rng, &b);
    const double n = double(windows) * kWindowSize;
    const double chosen = double(b.selected.size());
    QVERIFY2(std::fabs(chosen / n - 0.15) < 0.005, qPrintable(QString::number(chosen / n)));
    int masked = 0, same = 0, other = 0;
    for (size_t k = 0; k < b.selected.size(); ++k) {
      const int64_t i = b.selected[k] % kWindowSize;
      const int64_t original = baseToken(human[size_t(i)]);
      QCOMPARE(b.labels[k], original);  // the label is always the true base
      QCOMPARE(b.weights[k], 1.0f);
      const int64_t input = b.human[size_t(b.selected[k])];
      if (input == kMaskToken) ++masked;
      else if (input == original) ++same;
      else ++other;
    }
    // Random replacement draws any of the 4 bases: kept = 10% + 10%/4.
    QVERIFY(std::fabs(masked / chosen - 0.800) < 0.01);
    QVERIFY(std::fabs(same / chosen - 0.125) < 0.01);
    QVERIFY(std::fabs(other / chosen - 0.075) < 0.01);
    // Positions not chosen keep their base.
    std::vector<bool> isChosen(b.human.size(), false);
    for (auto s : b.selected) isChosen[size_t(s)] = true;
    for (size_t i = 0; i < b.human.size(); ++i)
      if (!isChosen[i]) QCOMPARE(b.human[i], int64_t(baseToken(human[i % kWindowSize])));
  }

  void softMaskGapsAndReverseStrand() {
    // Rows 0-63 lower case, 64-95 'N', 96-127 upper case 'C'; species all 'G'.
    std::string human(64, 'a');
    human += std::string(32, 'N') + std::string(32, 'C');
    const auto rows = window(human, 1, 'G');
    training::MlmBatch b;
    b.length = kWindowSize;
    b.species = 1;
    training::MaskingOptions m;
    m.maskFraction = 0.5;
    std::mt19937_64 rng(3);
    for (int w = 0; w < 50; ++w) training::appendTrainingWindow(rows.data(), 2, true, nullptr, nullptr, m, rng, &b);
    QVERIFY(!b.selected.empty());
    for (size_t k = 0; k < b.selected.size(); ++k) {
      const int64_t i = b.selected[k] % kWindowSize;
      const int64_t row = kWindowSize - 1 - i;  // reverse strand: mirrored
      QVERIFY2(row < 64 || row >= 96, "an N position was chosen");
      if (row < 64) {
        QCOMPARE(b.labels[k], int64_t(4));  // complement of a = T
        QCOMPARE(b.weights[k], 0.1f);
      } else {
        QCOMPARE(b.labels[k], int64_t(3));  // complement of C = G
        QCOMPARE(b.weights[k], 1.0f);
      }
    }
    for (size_t i = 0; i < b.aux.size(); ++i) QCOMPARE(b.aux[i], int64_t(2));  // G -> C on the reverse strand
  }

  void learningRateSchedule() {
    QCOMPARE(cosineLearningRate(1e-3, 5, 10, 110), 5e-4);
    QCOMPARE(cosineLearningRate(1e-3, 10, 10, 110), 1e-3);
    QVERIFY(std::fabs(cosineLearningRate(1e-3, 60, 10, 110) - 5e-4) < 1e-12);
    QVERIFY(std::fabs(cosineLearningRate(1e-3, 110, 10, 110)) < 1e-12);
    QVERIFY(cosineLearningRate(1e-3, 30, 10, 110) > cosineLearningRate(1e-3, 31, 10, 110));
  }

  void conservationTracks() {
    QTemporaryDir dir;
    const QString bg = dir.filePath("p.bedGraph"), wig = dir.filePath("c.wig");
    {
      std::ofstream f(bg.toStdString());
      f << "track type=bedGraph\nchr1\t10\t13\t2.5\nchr9\t0\t5\t1\n1\t20\t21\t-1\n";
    }
    {
      std::ofstream f(wig.toStdString());
      f << "fixedStep chrom=chr1 start=11 step=2 span=1\n0.5\n0.7\nvariableStep chrom=1\n30 0.9\n";
    }
    const std::vector<training::Span> spans = {{"1", 8, 32}};
    auto resolve = [](std::string_view c) -> std::optional<std::string> {
      if (c == "chr1" || c == "1") return std::string("1");
      return std::nullopt;
    };
    const auto p = training::readConservationTrack(bg.toStdString(), spans, resolve);
    QVERIFY(std::isnan(p[0][0]) && std::isnan(p[0][1]));
    QCOMPARE(p[0][2], 2.5f);  // row 10
    QCOMPARE(p[0][4], 2.5f);  // row 12
    QVERIFY(std::isnan(p[0][5]));
    QCOMPARE(p[0][12], -1.0f);  // row 20
    const auto c = training::readConservationTrack(wig.toStdString(), spans, resolve);
    QCOMPARE(c[0][2], 0.5f);   // 1-based 11 = row 10
    QCOMPARE(c[0][4], 0.7f);   // 13 = row 12
    QVERIFY(std::isnan(c[0][3]));
    QCOMPARE(c[0][21], 0.9f);  // 30 = row 29
    {
      std::ofstream f(bg.toStdString());
      f << "chr1\t10\tx\t2\n";
    }
    expectThrows([&] { training::readConservationTrack(bg.toStdString(), spans, resolve); }, "p.bedGraph:1");
  }

  void safetensorsRoundTrip() {
    QTemporaryDir dir;
    TensorMap t;
    torch::manual_seed(1);
    t["a.weight"] = torch::randn({3, 5});
    t["b"] = torch::randn({7}).to(torch::kFloat16);
    t["c"] = torch::randn({2, 2, 2}).to(torch::kBFloat16);
    const std::string path = dir.filePath("m.safetensors").toStdString();
    writeSafetensors(path, t, {{"format", "pt"}});
    const auto back = readSafetensors(path);
    QCOMPARE(back.size(), t.size());
    for (const auto& [k, v] : t) QVERIFY2(torch::equal(back.at(k), v.to(torch::kFloat32)), k.c_str());
  }

  void checkpointReloadsAndResumeMatches() {
    QTemporaryDir dir;
    // Uninterrupted: 6 steps.
    TrainOptions straight = tinyOptions(dir.filePath("straight"));
    std::vector<TrainProgress> seen;
    const auto r = trainModel(straight, [&](const TrainProgress& p) { seen.push_back(p); });
    QCOMPARE(r.lastStep, int64_t(6));
    QCOMPARE(int(seen.size()), 6);
    QCOMPARE(r.reloadMaxAbsDiff, 0.0);  // identical logits from the saved files
    QVERIFY(seen[2].validationLoss > 0 && seen[5].validationLoss > 0 && seen[0].validationLoss < 0);
    QVERIFY(seen.back().saved);

    // The checkpoint is a model `gpnmsa score` loads.
    const auto model = GpnMsaModel::load(straight.output);
    QCOMPARE(model->config().hiddenSize, 64);
    QCOMPARE(model->config().speciesCount(), 8);

    // Interrupted (stop request) after 3 steps, then resumed: the same
    // weights as the uninterrupted run (same schedule, data and optimizer state).
    TrainOptions first = tinyOptions(dir.filePath("resumed"));
    std::atomic<bool> stop{false};
    const auto r1 = trainModel(first, [&](const TrainProgress& p) { if (p.step == 2) stop = true; }, &stop);
    QVERIFY(r1.stopped);
    QCOMPARE(r1.lastStep, int64_t(3));  // the step in flight completes and is saved
    TrainOptions second = tinyOptions(dir.filePath("resumed"));
    second.resume = first.output;
    const auto r2 = trainModel(second);
    QCOMPARE(r2.firstStep, int64_t(3));
    QCOMPARE(r2.lastStep, int64_t(6));
    const auto a = readSafetensors(straight.output + "/model.safetensors");
    const auto b = readSafetensors(second.output + "/model.safetensors");
    QCOMPARE(a.size(), b.size());
    for (const auto& [k, v] : a)
      QVERIFY2(torch::equal(v, b.at(k)),
               qPrintable(QString("%1: max |difference| %2").arg(k.c_str()).arg((v - b.at(k)).abs().max().item<double>())));
    // ... and training did change them.
    TrainOptions zero = tinyOptions(dir.filePath("one"));
    zero.steps = 1;
    trainModel(zero);
    const auto c = readSafetensors(zero.output + "/model.safetensors");
    QVERIFY(!torch::equal(a.at("cls.predictions.decoder.weight"), c.at("cls.predictions.decoder.weight")));
    // Resuming past the end is refused with a reason.
    expectThrows([&] { trainModel(second); }, "already at step 6");
  }

  void learnsConservedColumns() {
    // With a learning rate fit for a tiny model, 60 steps must lower the
    // held-out loss clearly below the uniform 4-base loss (ln 4 = 1.386):
    // the species rows of the fixture predict the human base.
    QTemporaryDir dir;
    TrainOptions o = tinyOptions(dir.filePath("learn"));
    o.steps = 60;
    o.batchSize = 8;
    o.warmupSteps = 5;
    o.learningRate = 3e-3;
    o.validateEvery = 60;
    o.validationWindows = 16;
    const auto r = trainModel(o);
    QVERIFY2(r.lastValidationLoss > 0 && r.lastValidationLoss < 1.2,
             qPrintable(QString::number(r.lastValidationLoss)));
  }

  void badInput() {
    QTemporaryDir dir;
    TrainOptions o = tinyOptions(dir.filePath("bad"));
    o.train = {{"chr7", 1, 1000}};
    expectThrows([&] { trainModel(o); }, "chromosome not in the alignment");
    o.train = {{"1", 4950, 5200}};
    expectThrows([&] { trainModel(o); }, "is not inside chromosome 1");
    o.train = {{"1", 1, 100}};
    expectThrows([&] { trainModel(o); }, "shorter than one 128-bp window");
    o = tinyOptions(dir.filePath("bad"));
    o.hiddenSize = 40;  // < 6 + 5 * 8
    expectThrows([&] { trainModel(o); }, "exceeds hidden_size");
    o = tinyOptions(dir.filePath("bad"));
    o.resume = GPNMSA_TEST_DATA "/parity/species89";
    expectThrows([&] { trainModel(o); }, "species");
    o = tinyOptions(dir.filePath("bad"));
    o.flipNonConserved = true;
    expectThrows([&] { trainModel(o); }, "phastCons");
    QCOMPARE(parseTrainRegion("chr22:1,000-2,000").end, int64_t(2000));
    expectThrows([] { parseTrainRegion("chr22:1000"); }, "expected chr:start-end");
  }
};

QTEST_GUILESS_MAIN(TestTraining)
#include "test_training.moc"
