// SPDX-License-Identifier: GPL-3.0-or-later
// The forward pass against golden logits from an independent implementation
// of the published model (tests/data/parity/*/forward_cases.json).
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
    compareLogits(parityPath(dir), cases, key.toUtf8().constData(), withAux);
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
    QVERIFY(QFile::copy(parityPath(model + "/pytorch_model.bin"), tmp.filePath("pytorch_model.bin")));
    auto loaded = gpnmsa::GpnMsaModel::load(tmp.path().toStdString());
    QVERIFY(QString::fromStdString(loaded->weightsFile()).endsWith("pytorch_model.bin"));
    loaded.reset();
    compareLogits(tmp.path(), model, "logits", true);
  }

  // BF16 checkpoints: a BF16 file (made here from the F32 one, rounding to
  // nearest even) must give exactly the logits of an F32 file holding the
  // same rounded values.
  void bf16Weights() {
    QFile f(parityDir() + "/tiny/model.safetensors");
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray file = f.readAll();
    quint64 n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | quint8(file[i]);
    const QJsonObject header = QJsonDocument::fromJson(file.mid(8, int(n))).object();
    const QByteArray data = file.mid(int(8 + n));
    QJsonObject hBf, hF32;
    QByteArray dBf, dF32;
    for (auto it = header.begin(); it != header.end(); ++it) {
      if (it.key() == "__metadata__") continue;
      QJsonObject e = it.value().toObject();
      const auto off = e["data_offsets"].toArray();
      const int begin = off[0].toInt(), end = off[1].toInt();
      QJsonObject eb = e, ef = e;
      eb["dtype"] = "BF16";
      eb["data_offsets"] = QJsonArray{dBf.size(), dBf.size() + (end - begin) / 2};
      ef["data_offsets"] = QJsonArray{dF32.size(), dF32.size() + (end - begin)};
      for (int i = begin; i < end; i += 4) {
        quint32 u;
        std::memcpy(&u, data.constData() + i, 4);
        const quint16 bf = quint16((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
        const quint32 back = quint32(bf) << 16;
        dBf.append(reinterpret_cast<const char*>(&bf), 2);
        dF32.append(reinterpret_cast<const char*>(&back), 4);
      }
      hBf[it.key()] = eb;
      hF32[it.key()] = ef;
    }
    auto write = [](const QString& dir, const QJsonObject& h, const QByteArray& d) {
      QVERIFY(QFile::copy(parityDir() + "/tiny/config.json", dir + "/config.json"));
      const QByteArray json = QJsonDocument(h).toJson(QJsonDocument::Compact);
      QByteArray len(8, '\0');
      for (int i = 0; i < 8; ++i) len[i] = char((quint64(json.size()) >> (8 * i)) & 0xff);
      QFile out(dir + "/model.safetensors");
      QVERIFY(out.open(QIODevice::WriteOnly));
      out.write(len + json + d);
    };
    QTemporaryDir bfDir, f32Dir;
    write(bfDir.path(), hBf, dBf);
    write(f32Dir.path(), hF32, dF32);
    const Cases c = loadCases("tiny");
    const auto a = gpnmsa::GpnMsaModel::load(bfDir.path().toStdString())->logits(c.ids.data(), c.aux.data(), c.batch, c.length);
    const auto b = gpnmsa::GpnMsaModel::load(f32Dir.path().toStdString())->logits(c.ids.data(), c.aux.data(), c.batch, c.length);
    QCOMPARE(a.size(), b.size());
    QVERIFY(a == b);
    // and the rounding changed the model's output (the BF16 path is really taken)
    QVERIFY(worstRatio(a, flat<float>(c.json["logits"])) > 0.01);
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
