// SPDX-License-Identifier: GPL-3.0-or-later
// The GPN-Star forward pass against golden values from an independent
// implementation of the published model (tests/data/gpnstar/*/forward_cases.json):
// logits of every fixture checkpoint, and each intermediate the fixtures record.
#include <QtTest>

#include "gpnmsa/error.h"
#include "gpnmsa/gpn_star_model.h"
#include "gpnmsa/model_kind.h"
#include "support/parity_fixtures.h"

using namespace testsupport;

namespace {

QString starDir(const QString& model) { return QStringLiteral(GPNMSA_TEST_DATA "/gpnstar/") + model; }

// One forward_cases.json input set (the top level, or its two_targets case).
struct Inputs {
  int batch = 0, length = 0, rows = 0, species = 0;
  std::vector<uint8_t> targets, source;
  std::vector<int> targetSpecies;
  gpnmsa::GpnStarBatch batchView() const {
    return {targets.data(), source.data(), targetSpecies.data(), batch, length, rows};
  }
};

Inputs readInputs(const QJsonObject& o) {
  Inputs in;
  const auto ids = o["input_ids"].toArray();
  in.batch = ids.size();
  in.length = ids[0].toArray().size();
  in.rows = ids[0].toArray()[0].toArray().size();
  in.species = o["source_ids"].toArray()[0].toArray()[0].toArray().size();
  in.targets = flat<uint8_t>(o["input_ids"]);
  in.source = flat<uint8_t>(o["source_ids"]);
  in.targetSpecies = flat<int>(o["target_species"]);
  return in;
}

void expectClose(const std::vector<float>& got, const std::vector<float>& want, const QString& what) {
  QCOMPARE(got.size(), want.size());
  const double worst = worstRatio(got, want);
  qInfo("%s: worst error %.3g of tolerance", qPrintable(what), worst);
  QVERIFY2(worst <= 1.0, qPrintable(QString("%1 differ: %2x tolerance").arg(what).arg(worst)));
}

std::unique_ptr<gpnmsa::GpnStarModel> loadModel(const QString& dir) {
  return gpnmsa::GpnStarModel::load(dir.toStdString());
}

}  // namespace

class TestGpnStarParity : public QObject {
  Q_OBJECT

 private slots:
  void logits_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("cases");
    QTest::addColumn<QString>("key");
    QTest::newRow("tiny") << "tiny" << "tiny" << "logits";
    QTest::newRow("tiny-fp16") << "tiny-fp16" << "tiny" << "logits_fp16_weights";
    QTest::newRow("tiny-table") << "tiny-table" << "tiny-table" << "logits";
    QTest::newRow("species100") << "species100" << "species100" << "logits";
  }
  void logits() {
    QFETCH(QString, model);
    QFETCH(QString, cases);
    QFETCH(QString, key);
    auto m = loadModel(starDir(model));
    const QJsonObject json = readJson(starDir(cases) + "/forward_cases.json");
    const Inputs in = readInputs(json);
    QCOMPARE(in.species, m->columnCount());
    expectClose(m->logits(in.batchView()), flat<float>(json[key]), model + " logits");
  }

  // Target rows [0, k]: row attention takes queries and keys from row 0 only,
  // column attention masks each row's own clade.
  void twoTargets_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("tiny") << "tiny";
    QTest::newRow("species100") << "species100";
  }
  void twoTargets() {
    QFETCH(QString, model);
    auto m = loadModel(starDir(model));
    const QJsonObject two = readJson(starDir(model) + "/forward_cases.json")["two_targets"].toObject();
    const Inputs in = readInputs(two);
    QCOMPARE(in.rows, 2);
    QVERIFY(in.targetSpecies[1] != 0);
    expectClose(m->logits(in.batchView()), flat<float>(two["logits"]), model + " two_targets logits");
  }

  // The scorer's entry point (human row = column 0) gives the same logits.
  void alignmentInterface() {
    auto m = loadModel(starDir("species100"));
    const QJsonObject json = readJson(starDir("species100") + "/forward_cases.json");
    const Inputs in = readInputs(json);
    const auto all = flat<float>(json["logits"]);
    std::vector<int> window, position;
    for (int b = 0; b < in.batch; ++b)
      for (int p = 0; p < in.length; ++p)
        if (in.targets[size_t(b * in.length + p)] == 5) {
          window.push_back(b);
          position.push_back(p);
        }
    QVERIFY(!window.empty());
    const auto got = m->logitsAtPairs(in.source.data(), in.batch, in.length, window.data(),
                                      position.data(), int(window.size()));
    std::vector<float> want;
    for (size_t i = 0; i < window.size(); ++i)
      for (int v = 0; v < 6; ++v) want.push_back(all[size_t((window[i] * in.length + position[i]) * 6 + v)]);
    expectClose(got, want, "logitsAtPairs");
  }

  void phylogeny_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("tiny") << "tiny";
    QTest::newRow("species100") << "species100";
  }
  void phylogeny() {
    QFETCH(QString, model);
    auto m = loadModel(starDir(model));
    const QJsonObject json = readJson(starDir(model) + "/forward_cases.json");
    const gpnmsa::Phylogeny& p = m->phylogeny();
    const auto clades = json["clades"].toArray();
    QCOMPARE(int(p.clades.size()), int(clades.size()));
    for (int c = 0; c < clades.size(); ++c) {
      const auto members = flat<int>(clades[c]);
      QCOMPARE(p.clades[size_t(c)], members);
    }
    QCOMPARE(p.cladeOf, flat<int>(json["clade_of_species"]));
    QVERIFY(std::fabs(p.maxEvolDist - json["max_evol_dist"].toDouble()) <= 1e-9);
    QCOMPARE(p.cladeOf[0], json["own_clade_of_target0"].toInt());
    const auto mean = p.meanDistanceToClades(0);
    expectClose(std::vector<float>(mean.begin(), mean.end()),
                flat<float>(json["clade_mean_distance_from_target0"]), model + " clade mean distances");
    QVERIFY(m->phylogeny().directory.size() > 0);
  }

  void intermediates_data() { phylogeny_data(); }
  void intermediates() {
    QFETCH(QString, model);
    auto m = loadModel(starDir(model));
    const QJsonObject json = readJson(starDir(model) + "/forward_cases.json");
    const Inputs in = readInputs(json);
    const int H = m->config().hiddenSize, C = int(m->phylogeny().clades.size());

    expectClose(m->fireSourceBias(), flat<float>(json["fire_source_bias"]), model + " FIRE source bias");
    const auto layers = json["fire_column_bias_target0"].toArray();
    QCOMPARE(layers.size(), m->config().numHiddenLayers);
    for (int l = 0; l < layers.size(); ++l)
      expectClose(m->fireColumnBias(l, 0), flat<float>(layers[l]),
                  model + " FIRE column bias, layer " + QString::number(l));

    const auto s = m->sourceEmbeddings(in.source.data(), in.batch, in.length);
    QCOMPARE(s.size(), size_t(in.batch) * size_t(in.length) * size_t(C) * size_t(H));
    std::vector<float> first8;
    for (int c = 0; c < C; ++c)  // window 0, position 0
      for (int k = 0; k < 8; ++k) first8.push_back(s[size_t(c * H + k)]);
    expectClose(first8, flat<float>(json["source_embeddings_window0_pos0_first8"]), model + " clade vectors");

    const auto hidden = m->lastHidden(in.batchView());
    std::vector<float> sums(size_t(in.batch), 0.f);
    const size_t perWindow = size_t(in.length) * size_t(H);
    for (int b = 0; b < in.batch; ++b) {
      double sum = 0;
      for (size_t i = 0; i < perWindow; ++i) sum += hidden[size_t(b) * perWindow + i];
      sums[size_t(b)] = float(sum);
    }
    expectClose(sums, flat<float>(json["last_hidden_sum"]), model + " last hidden sums");
    std::vector<float> pos64(hidden.begin() + 64 * H, hidden.begin() + 64 * H + 8);
    expectClose(pos64, flat<float>(json["last_hidden_window0_pos64_first8"]), model + " last hidden at 64");
  }

  // The stored table is used verbatim: tiny-table's is the sinusoid plus
  // noise, and only that table reproduces its logits (logits() above).
  void rotaryTable() {
    auto tiny = loadModel(starDir("tiny"));
    QVERIFY(tiny->rotaryTableStored());
    QVERIFY(tiny->rotaryTableIsSinusoid());
    auto table = loadModel(starDir("tiny-table"));
    QVERIFY(table->rotaryTableStored());
    QVERIFY(!table->rotaryTableIsSinusoid());
    // The two differ only in that table, so their logits must differ too.
    const QJsonObject json = readJson(starDir("tiny") + "/forward_cases.json");
    const Inputs in = readInputs(json);
    QVERIFY(worstRatio(table->logits(in.batchView()), flat<float>(json["logits"])) > 1.0);
  }

  void modelKinds() {
    QCOMPARE(gpnmsa::modelKind(starDir("tiny").toStdString()), gpnmsa::ModelKind::GpnStar);
    QCOMPARE(gpnmsa::modelKind(GPNMSA_TEST_DATA "/parity/tiny"), gpnmsa::ModelKind::GpnMsa);
    QCOMPARE(loadModel(starDir("tiny"))->kind(), gpnmsa::ModelKind::GpnStar);
  }
};

QTEST_GUILESS_MAIN(TestGpnStarParity)
#include "test_gpnstar_parity.moc"
