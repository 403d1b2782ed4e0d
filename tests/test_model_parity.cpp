// SPDX-License-Identifier: GPL-3.0-or-later
// The forward pass against golden logits from an independent implementation
// of the published model (shared/fixtures/parity/*/forward_cases.json).
#include <QtTest>

#include "gpnmsa/error.h"
#include "gpnmsa/model.h"
#include "support/parity_fixtures.h"

using namespace testsupport;

class TestModelParity : public QObject {
  Q_OBJECT

 private:
  struct Cases {
    int batch = 0, length = 0, species = 0;
    std::vector<uint8_t> ids, aux;
    QJsonObject json;
  };

  static Cases loadCases(const QString& model) {
    Cases c;
    c.json = readJson(parityDir() + "/" + model + "/forward_cases.json");
    const auto idsArr = c.json["input_ids"].toArray();
    c.batch = idsArr.size();
    c.length = idsArr[0].toArray().size();
    c.species = c.json["aux_tokens"].toArray()[0].toArray()[0].toArray().size();
    c.ids = flat<uint8_t>(c.json["input_ids"]);
    c.aux = flat<uint8_t>(c.json["aux_tokens"]);
    return c;
  }

  static void compareLogits(const QString& modelDir, const QString& casesModel,
                            const char* key, bool withAux) {
    auto model = gpnmsa::GpnMsaModel::load(modelDir.toStdString());
    const Cases c = loadCases(casesModel);
    QCOMPARE(model->config().speciesCount(), c.species);
    const auto got = model->logits(c.ids.data(), withAux ? c.aux.data() : nullptr, c.batch, c.length);
    const auto want = flat<float>(c.json[key]);
    QCOMPARE(got.size(), want.size());
    const double worst = worstRatio(got, want);
    qInfo("%s vs %s.%s: worst error %.3g of tolerance", qPrintable(modelDir),
          qPrintable(casesModel), key, worst);
    QVERIFY2(worst <= 1.0, qPrintable(QString("logits differ: %1x tolerance").arg(worst)));
  }

 private slots:
  void logits_data() {
    QTest::addColumn<QString>("dir");
    QTest::addColumn<QString>("cases");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("withAux");
    for (const QString m : {"tiny", "species89"}) {
      QTest::newRow(qPrintable(m + " safetensors")) << m << m << "logits" << true;
      QTest::newRow(qPrintable(m + " without aux")) << m << m << "logits_without_aux" << false;
      QTest::newRow(qPrintable(m + "-fp16 safetensors")) << m + "-fp16" << m << "logits_fp16_weights" << true;
    }
  }
  void logits() {
    QFETCH(QString, dir);
    QFETCH(QString, cases);
    QFETCH(QString, key);
    QFETCH(bool, withAux);
    compareLogits(parityDir() + "/" + dir, cases, key.toUtf8().constData(), withAux);
  }

  // pytorch_model.bin holds the same tensors: loaded alone (no safetensors
  // beside it) it must give the same logits.
  void pytorchBin_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("tiny") << "tiny";
    QTest::newRow("species89") << "species89";
  }
  void pytorchBin() {
    QFETCH(QString, model);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(QFile::copy(parityDir() + "/" + model + "/config.json", tmp.filePath("config.json")));
    QVERIFY(QFile::copy(parityDir() + "/" + model + "/pytorch_model.bin", tmp.filePath("pytorch_model.bin")));
    auto loaded = gpnmsa::GpnMsaModel::load(tmp.path().toStdString());
    QVERIFY(QString::fromStdString(loaded->weightsFile()).endsWith("pytorch_model.bin"));
    loaded.reset();
    compareLogits(tmp.path(), model, "logits", true);
  }

  void lastHidden() {
    auto model = gpnmsa::GpnMsaModel::load((parityDir() + "/tiny").toStdString());
    const Cases c = loadCases("tiny");
    const int H = model->config().hiddenSize;
    const auto hidden = model->lastHidden(c.ids.data(), c.aux.data(), c.batch, c.length);
    const auto sums = flat<float>(c.json["last_hidden_sum"]);
    const auto first8 = flat<float>(c.json["last_hidden_first8"]);
    for (int b = 0; b < c.batch; ++b) {
      double sum = 0;
      for (int i = 0; i < c.length * H; ++i) sum += hidden[size_t(b) * c.length * H + i];
      QVERIFY2(withinTolerance(sum, sums[b], 1e-4), qPrintable(QString("sum %1 vs %2").arg(sum).arg(sums[b])));
      for (int i = 0; i < 8; ++i)
        QVERIFY(withinTolerance(hidden[size_t(b) * c.length * H + i], first8[size_t(b) * 8 + i]));
    }
  }

  // logitsAt (head only at the masked index) equals the full logits there.
  void logitsAtMatchesFull() {
    auto model = gpnmsa::GpnMsaModel::load((parityDir() + "/species89").toStdString());
    const Cases c = loadCases("species89");
    const auto full = model->logits(c.ids.data(), c.aux.data(), c.batch, c.length);
    std::vector<int> pos(c.batch);
    for (int b = 0; b < c.batch; ++b) pos[b] = (b * 37 + 5) % c.length;
    const auto at = model->logitsAt(c.ids.data(), c.aux.data(), c.batch, c.length, pos.data());
    for (int b = 0; b < c.batch; ++b)
      for (int v = 0; v < 6; ++v)
        QVERIFY(withinTolerance(at[b * 6 + v], full[(size_t(b) * c.length + pos[b]) * 6 + v], 1e-5));
  }
};

QTEST_APPLESS_MAIN(TestModelParity)
#include "test_model_parity.moc"
