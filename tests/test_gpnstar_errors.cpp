// SPDX-License-Identifier: GPL-3.0-or-later
// Broken GPN-Star model folders: each gives a gpnmsa::Error naming the file
// and, for tensors, the key, never a crash or a silently different model.
// Also the extremes of clade_thres (no pooled clade; one clade of everyone).
#include <QtTest>

#include <cmath>

#include "gpnmsa/error.h"
#include "gpnmsa/gpn_star_model.h"
#include "gpnmsa/model_kind.h"
#include "gpnmsa/phylo_inputs.h"

namespace {

QString tinyDir() { return QStringLiteral(GPNMSA_TEST_DATA "/gpnstar/tiny"); }

QByteArray readAll(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(path));
  return f.readAll();
}

void writeAll(const QString& path, const QByteArray& bytes) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
  f.write(bytes);
}

// A copy of the tiny model in `dir`, with `replace` (relative path -> bytes)
// applied; an empty QByteArray leaves that file out.
QString tinyCopy(const QTemporaryDir& dir, const QMap<QString, QByteArray>& replace = {}) {
  for (const QString rel : {"config.json", "model.safetensors", "phylo_dist/pairwise.npy",
                            "phylo_dist/in_clade.npy"}) {
    const QByteArray bytes = replace.contains(rel) ? replace[rel] : readAll(tinyDir() + "/" + rel);
    if (!bytes.isNull()) writeAll(dir.filePath(rel), bytes);
  }
  return dir.path();
}

// A .npy v1 file: the header dict as given, padded as numpy pads it, then `values`.
QByteArray npy(const QByteArray& dict, const QByteArray& data) {
  QByteArray header = dict;
  const int unpadded = 10 + header.size() + 1;
  header += QByteArray((64 - unpadded % 64) % 64, ' ') + '\n';
  QByteArray out("\x93NUMPY\x01\x00", 8);
  out += char(header.size() & 0xff);
  out += char(header.size() >> 8);
  return out + header + data;
}

QString loadError(const QString& dir) {
  try {
    gpnmsa::GpnStarModel::load(dir.toStdString());
  } catch (const gpnmsa::Error& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

#define EXPECT_ERROR(dir, ...)                                                       \
  do {                                                                               \
    const QString msg = loadError(dir);                                              \
    QVERIFY2(!msg.isEmpty(), "loaded without an error");                             \
    for (const char* part : {__VA_ARGS__})                                           \
      QVERIFY2(msg.contains(QLatin1String(part)), qPrintable("message: " + msg));    \
  } while (0)

}  // namespace

class TestGpnStarErrors : public QObject {
  Q_OBJECT

 private slots:
  void missingNpy() {
    QTemporaryDir tmp;
    const QString dir = tinyCopy(tmp, {{"phylo_dist/in_clade.npy", QByteArray()}});
    EXPECT_ERROR(dir, "phylo_dist/in_clade.npy", "missing");
  }

  // config.json's phylo_dist_path is used when both files are there; the
  // bundled folder otherwise (the released configs name a training path).
  void configuredPhyloPath() {
    QTemporaryDir tmp;
    const QString dir = tinyCopy(tmp);
    QByteArray config = readAll(tinyDir() + "/config.json");
    config.replace("results/phylo_info/fixture/12/phylo_dist/0.2", "elsewhere");
    writeAll(dir + "/config.json", config);
    QCOMPARE(QString::fromStdString(gpnmsa::GpnStarModel::load(dir.toStdString())->phylogeny().directory),
             dir + "/phylo_dist");
    QVERIFY(QDir(dir).rename("phylo_dist", "elsewhere"));
    QCOMPARE(QString::fromStdString(gpnmsa::GpnStarModel::load(dir.toStdString())->phylogeny().directory),
             dir + "/elsewhere");
  }

  void wrongDtype() {
    QTemporaryDir tmp;
    const QByteArray f4 = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (12,), }", QByteArray(48, '\0'));
    EXPECT_ERROR(tinyCopy(tmp, {{"phylo_dist/in_clade.npy", f4}}), "in_clade.npy", "'<f4'", "float64");
  }

  void fortranOrder() {
    QTemporaryDir tmp;
    const QByteArray pair = readAll(tinyDir() + "/phylo_dist/pairwise.npy");
    QByteArray fortran = pair;
    fortran.replace("'fortran_order': False", "'fortran_order': True ");
    QCOMPARE(fortran.size(), pair.size());
    EXPECT_ERROR(tinyCopy(tmp, {{"phylo_dist/pairwise.npy", fortran}}), "pairwise.npy", "Fortran");
  }

  void wrongShape() {
    QTemporaryDir tmp;
    const QByteArray eleven = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (11,), }", QByteArray(88, '\0'));
    EXPECT_ERROR(tinyCopy(tmp, {{"phylo_dist/in_clade.npy", eleven}}), "in_clade.npy", "(11,)", "12 species");
  }

  void dataShorterThanShape() {
    QTemporaryDir tmp;
    QByteArray pair = readAll(tinyDir() + "/phylo_dist/pairwise.npy");
    pair.chop(8);
    EXPECT_ERROR(tinyCopy(tmp, {{"phylo_dist/pairwise.npy", pair}}), "pairwise.npy", "(12, 12)");
  }

  void notNpy() {
    QTemporaryDir tmp;
    EXPECT_ERROR(tinyCopy(tmp, {{"phylo_dist/pairwise.npy", QByteArray("hello, world")}}), "pairwise.npy", "magic");
  }

  void asymmetricDistances() {
    QTemporaryDir tmp;
    QByteArray pair = readAll(tinyDir() + "/phylo_dist/pairwise.npy");
    const int dataStart = pair.size() - 12 * 12 * 8;
    double v = 0;
    std::memcpy(&v, pair.constData() + dataStart + 8, 8);  // [0, 1]
    v += 0.5;
    std::memcpy(pair.data() + dataStart + 8, &v, 8);
    EXPECT_ERROR(tinyCopy(tmp, {{"phylo_dist/pairwise.npy", pair}}), "not symmetric", "[0, 1]");
  }

  // A key renamed in the safetensors header (same length, so offsets hold).
  void missingTensor() {
    QTemporaryDir tmp;
    QByteArray weights = readAll(tinyDir() + "/model.safetensors");
    QVERIFY(weights.contains("model.source_embedding.embed.weight"));
    weights.replace("model.source_embedding.embed.weight", "model.source_embedding.embxd.weight");
    EXPECT_ERROR(tinyCopy(tmp, {{"model.safetensors", weights}}), "model.safetensors",
                 "missing tensor 'model.source_embedding.embed.weight'");
  }

  void misShapedTensor() {
    QTemporaryDir tmp;
    QByteArray config = readAll(tinyDir() + "/config.json");
    config.replace("\"intermediate_size\": 128", "\"intermediate_size\": 96");
    EXPECT_ERROR(tinyCopy(tmp, {{"config.json", config}}), "model.safetensors",
                 "'model.encoder.layer.0.intermediate.dense.weight' has shape [128, 64], expected [96, 64]");
  }

  // embedding_size is the head's width: a config claiming E = H is refused.
  void headWidthFromConfig() {
    QTemporaryDir tmp;
    QByteArray config = readAll(tinyDir() + "/config.json");
    config.replace("\"embedding_size\": 48", "\"embedding_size\": 64");
    EXPECT_ERROR(tinyCopy(tmp, {{"config.json", config}}), "cls.predictions.transform.dense.weight",
                 "embedding_size");
  }

  void headBiasUnderAnotherName() {
    QTemporaryDir tmp;
    QByteArray weights = readAll(tinyDir() + "/model.safetensors");
    // Renaming the head bias to a key no GPN-Star module has.
    weights.replace("\"cls.predictions.bias\"", "\"cls.predictions.bizs\"");
    EXPECT_ERROR(tinyCopy(tmp, {{"model.safetensors", weights}}), "missing tensor 'cls.predictions.bias'");
  }

  void oddHeadCount() {
    QTemporaryDir tmp;
    QByteArray config = readAll(tinyDir() + "/config.json");
    config.replace("\"num_attention_heads\": 4", "\"num_attention_heads\": 3");
    EXPECT_ERROR(tinyCopy(tmp, {{"config.json", config}}), "config.json", "num_attention_heads 3");
  }

  void unknownModelType() {
    QTemporaryDir tmp;
    QByteArray config = readAll(tinyDir() + "/config.json");
    config.replace("\"GPNStar\"", "\"BERT\"");
    const QString dir = tinyCopy(tmp, {{"config.json", config}});
    try {
      gpnmsa::modelKind(dir.toStdString());
      QFAIL("no error");
    } catch (const gpnmsa::Error& e) {
      QVERIFY2(QString(e.what()).contains("model_type \"BERT\""), e.what());
    }
  }

  // clade_thres 0: every species its own clade (nothing pooled); 10: one
  // clade holding every species, the human's own, so column attention has
  // nothing unmasked. Both must run and give finite logits that differ from
  // the released threshold's.
  void cladeExtremes_data() {
    QTest::addColumn<QByteArray>("threshold");
    QTest::addColumn<int>("clades");
    QTest::newRow("all single") << QByteArray("0.0") << 12;
    QTest::newRow("one clade") << QByteArray("10.0") << 1;
  }
  void cladeExtremes() {
    QFETCH(QByteArray, threshold);
    QFETCH(int, clades);
    QTemporaryDir tmp;
    QByteArray config = readAll(tinyDir() + "/config.json");
    QVERIFY(config.contains("\"clade_thres\": 0.2"));
    config.replace("\"clade_thres\": 0.2", "\"clade_thres\": " + threshold);
    auto m = gpnmsa::GpnStarModel::load(tinyCopy(tmp, {{"config.json", config}}).toStdString());
    QCOMPARE(int(m->phylogeny().clades.size()), clades);
    auto released = gpnmsa::GpnStarModel::load(tinyDir().toStdString());
    std::vector<uint8_t> source(16 * 12);
    for (size_t i = 0; i < source.size(); ++i) source[i] = uint8_t(1 + (i * 7) % 4);
    std::vector<uint8_t> targets(16);
    for (size_t p = 0; p < targets.size(); ++p) targets[p] = source[p * 12];
    targets[8] = source[8 * 12] = 5;
    std::vector<int> species{0};
    const gpnmsa::GpnStarBatch batch{targets.data(), source.data(), species.data(), 1, 16, 1};
    const auto got = m->logits(batch);
    const auto base = released->logits(batch);
    QCOMPARE(got.size(), size_t(16 * 6));
    double diff = 0;
    for (size_t i = 0; i < got.size(); ++i) {
      QVERIFY(std::isfinite(got[i]));
      diff = std::max(diff, double(std::fabs(got[i] - base[i])));
    }
    QVERIFY2(diff > 1e-3, qPrintable(QString("largest difference %1").arg(diff)));
  }

  void badInputs() {
    auto m = gpnmsa::GpnStarModel::load(tinyDir().toStdString());
    std::vector<uint8_t> targets(8, 1), source(8 * 12, 1);
    std::vector<int> species{0};
    source[5] = 6;
    try {
      m->logits({targets.data(), source.data(), species.data(), 1, 8, 1});
      QFAIL("no error");
    } catch (const gpnmsa::Error& e) {
      QVERIFY2(QString(e.what()).contains("source token 6"), e.what());
    }
    source[5] = 1;
    species[0] = 12;
    try {
      m->logits({targets.data(), source.data(), species.data(), 1, 8, 1});
      QFAIL("no error");
    } catch (const gpnmsa::Error& e) {
      QVERIFY2(QString(e.what()).contains("target species 12"), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestGpnStarErrors)
#include "test_gpnstar_errors.moc"
