// SPDX-License-Identifier: GPL-3.0-or-later
// Variant scores and region logits against tests/data/parity (an
// independent implementation of the published scoring), through the Zarr
// directory and the zipped store; statuses for what cannot be scored.
#include <QtTest>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "gpnmsa/model.h"
#include "gpnmsa/region_variants.h"
#include "gpnmsa/scorer.h"
#include "gpnmsa/text.h"
#include "gpnmsa/tokens.h"
#include "support/parity_fixtures.h"

using namespace testsupport;
using gpnmsa::VariantStatus;

class TestScoring : public QObject {
  Q_OBJECT
  std::unique_ptr<gpnmsa::GpnMsaModel> model_;
  std::unique_ptr<gpnmsa::AlignmentStore> dirStore_;

  static gpnmsa::Variant variant(const std::string& chrom, int64_t pos, const std::string& ref,
                                 const std::string& alt) {
    gpnmsa::Variant v;
    v.chrom = chrom;
    v.pos = pos;
    v.ref = ref;
    v.alt = alt;
    return v;
  }

 // A writable copy of the parity store (directory layout) at `root`.
  static bool copyParityStore(const QString& root) {
    const QString from = parityDir() + "/msa.zarr";
    for (const QString& sub : {QString(), QStringLiteral("/1"), QStringLiteral("/X")}) {
      if (!QDir().mkpath(root + sub)) return false;
      for (const QString& f : QDir(from + sub).entryList(QDir::Files | QDir::Hidden))
        if (!QFile::copy(from + sub + "/" + f, root + sub + "/" + f)) return false;
    }
    return true;
  }

 private slots:
  void initTestCase() {
    model_ = gpnmsa::GpnMsaModel::load((parityDir() + "/tiny").toStdString());
    dirStore_ = gpnmsa::AlignmentStore::open((parityDir() + "/msa.zarr").toStdString());
  }

  void variantsTsv_data() {
    QTest::addColumn<QString>("store");
    QTest::addColumn<int>("batch");
    QTest::newRow("directory") << "msa.zarr" << 32;
    QTest::newRow("zip") << "msa.zarr.zip" << 32;
    QTest::newRow("directory, batch 2") << "msa.zarr" << 2;
  }
  void variantsTsv() {
    QFETCH(QString, store);
    QFETCH(int, batch);
    auto msa = gpnmsa::AlignmentStore::open((parityDir() + "/" + store).toStdString());
    gpnmsa::ScoreOptions options;
    options.batchSize = batch;
    gpnmsa::Scorer scorer(*model_, *msa, options);
    const TsvTable t = readTsv(parityDir() + "/variants.tsv");
    std::vector<gpnmsa::Variant> vs;
    for (const auto& r : t.rows)
      vs.push_back(variant(r[0].toStdString(), r[1].toLongLong(), r[2].toStdString(), r[3].toStdString()));
    QCOMPARE(int(vs.size()), 24);
    int64_t lastDone = -1;
    const auto out = scorer.score(vs, [&](int64_t done, int64_t total) {
      QCOMPARE(total, int64_t(vs.size()));
      QVERIFY(done >= lastDone);
      lastDone = done;
    });
    QCOMPARE(lastDone, int64_t(vs.size()));
    for (size_t i = 0; i < vs.size(); ++i) {
      const auto& r = t.rows[i];
      QCOMPARE(gpnmsa::statusName(out[i].status), "ok");
      QVERIFY2(withinTolerance(out[i].score, r[t.column("score")].toDouble()),
               qPrintable(QString("%1: %2 vs %3").arg(r.join(' ')).arg(out[i].score)));
      QVERIFY(withinTolerance(out[i].scoreFwd, r[t.column("score_fwd")].toDouble()));
      QVERIFY(withinTolerance(out[i].scoreRev, r[t.column("score_rev")].toDouble()));
    }
  }

  void regionLogits() {
    gpnmsa::ScoreOptions batch16;
    batch16.batchSize = 16;
    gpnmsa::Scorer scorer(*model_, *dirStore_, batch16);
    const TsvTable t = readTsv(parityDir() + "/region_logits.tsv");
    const auto region = scorer.regionLogits("chr1", 1001, 1030);
    QCOMPARE(region.chrom, std::string("1"));
    QCOMPARE(region.positions.size(), t.rows.size());
    for (size_t i = 0; i < t.rows.size(); ++i) {
      const auto& r = t.rows[i];
      const auto& p = region.positions[i];
      QCOMPARE(p.pos, r[1].toLongLong());
      QCOMPARE(QChar(p.ref).toUpper(), r[2].at(0).toUpper());
      for (int k = 0; k < 4; ++k)
        QVERIFY2(withinTolerance(p.acgt[k], r[3 + k].toDouble()),
                 qPrintable(QString("%1 %2: %3 vs %4").arg(r[1]).arg("ACGT"[k]).arg(p.acgt[k]).arg(r[3 + k])));
    }
  }

  // Region logits and variant scores are two views of the same passes:
  // llr = logit[alt] - logit[ref] of the strand-averaged logits.
  void regionLogitsAgreeWithScores() {
    gpnmsa::Scorer scorer(*model_, *dirStore_);
    const auto region = scorer.regionLogits("1", 1228, 1232);
    const auto& p = region.positions[2];  // 1:1230, G>A scores 2.400664 in variants.tsv
    QCOMPARE(QChar(p.ref).toUpper(), QChar('G'));
    QVERIFY(withinTolerance(p.acgt[0] - p.acgt[2], 2.400664));
  }

  void windowPlacement() {
    auto w = gpnmsa::placeWindow(1000, 5000);
    QCOMPARE(w.start, int64_t(936));
    QCOMPARE(w.index, 64);
    QVERIFY(!w.shifted);
    w = gpnmsa::placeWindow(0, 5000);
    QCOMPARE(w.start, int64_t(0));
    QCOMPARE(w.index, 0);
    QVERIFY(w.shifted);
    w = gpnmsa::placeWindow(4999, 5000);
    QCOMPARE(w.start, int64_t(5000 - 128));
    QCOMPARE(w.index, 127);
    w = gpnmsa::placeWindow(64, 5000);  // first centred position
    QVERIFY(!w.shifted);
    w = gpnmsa::placeWindow(63, 5000);
    QVERIFY(w.shifted);
    QCOMPARE(w.index, 63);
  }

  // Near both ends of both chromosomes: scored in a shifted window, and the
  // score equals what the model gives on that window built here by hand.
  void chromosomeEnds_data() {
    QTest::addColumn<QString>("chrom");
    QTest::addColumn<qlonglong>("pos");
    QTest::newRow("1:1") << "1" << 1LL;
    QTest::newRow("1:40") << "1" << 40LL;
    QTest::newRow("1:4990") << "1" << 4990LL;
    QTest::newRow("1:5000") << "1" << 5000LL;
    QTest::newRow("X:3000") << "X" << 3000LL;
    QTest::newRow("X:2") << "X" << 2LL;
  }
  void chromosomeEnds() {
    QFETCH(QString, chrom);
    QFETCH(qlonglong, pos);
    const int C = dirStore_->columns();
    const int64_t len = dirStore_->length(chrom.toStdString());
    const int64_t start = std::clamp<int64_t>(pos - 1 - 64, 0, len - 128);
    const auto rows = dirStore_->fetch(chrom.toStdString(), start, start + 128);
    const int idx = int(pos - 1 - start);
    const char ref = char(std::toupper(rows[size_t(idx) * C]));
    const char alt = ref == 'A' ? 'C' : 'A';
    gpnmsa::Scorer scorer(*model_, *dirStore_);
    const auto out = scorer.score({variant(chrom.toStdString(), pos, std::string(1, ref), std::string(1, alt))});
    QCOMPARE(out[0].status, VariantStatus::OkWindowShifted);
    QVERIFY(!out[0].detail.empty());
    // Independent forward strand: tokens built directly from the rows.
    std::vector<uint8_t> human(128), aux(128 * (C - 1));
    for (int r = 0; r < 128; ++r) {
      human[r] = gpnmsa::baseToken(rows[size_t(r) * C]);
      for (int s = 0; s < C - 1; ++s) aux[size_t(r) * (C - 1) + s] = gpnmsa::baseToken(rows[size_t(r) * C + 1 + s]);
    }
    human[idx] = gpnmsa::kMaskToken;
    const auto logits = model_->logits(human.data(), aux.data(), 1, 128);
    const float want = logits[size_t(idx) * 6 + gpnmsa::baseToken(alt)] - logits[size_t(idx) * 6 + gpnmsa::baseToken(ref)];
    QVERIFY2(withinTolerance(out[0].scoreFwd, want, 1e-5), qPrintable(QString("%1 vs %2").arg(out[0].scoreFwd).arg(want)));
    QVERIFY(std::isfinite(out[0].score));
  }

  void statuses() {
    gpnmsa::Scorer scorer(*model_, *dirStore_);
    // 1:4498 is T in the reference (variants.tsv); 1:101..140 is an N stretch.
    const std::vector<gpnmsa::Variant> vs = {
        variant("1", 4498, "T", "C"),       // ok
        variant("chr1", 4498, "T", "G"),    // ok, chr prefix, same site
        variant("1", 4498, "G", "C"),       // ref mismatch
        variant("1", 4498, "T", "TA"),      // indel
        variant("1", 4498, "TC", "GA"),     // mnv
        variant("1", 4498, "T", "<DEL>"),   // symbolic
        variant("1", 4498, "T", "N"),       // invalid
        variant("7", 100, "A", "C"),        // unknown chromosome
        variant("1", 5001, "A", "C"),       // beyond the end
        variant("1", 120, "N", "A"),        // N allele
        variant("1", 120, "A", "C"),        // reference is N there
    };
    const auto out = scorer.score(vs);
    const std::vector<VariantStatus> want = {
        VariantStatus::Ok, VariantStatus::Ok, VariantStatus::RefMismatch, VariantStatus::Indel,
        VariantStatus::Mnv, VariantStatus::Symbolic, VariantStatus::InvalidAllele,
        VariantStatus::UnknownChromosome, VariantStatus::OutOfRange, VariantStatus::InvalidAllele,
        VariantStatus::RefIsN};
    for (size_t i = 0; i < vs.size(); ++i) {
      QVERIFY2(out[i].status == want[i], qPrintable(QString("row %1: %2 (%3)").arg(i).arg(gpnmsa::statusName(out[i].status)).arg(QString::fromStdString(out[i].detail))));
      QCOMPARE(std::isnan(out[i].score), !gpnmsa::isScored(want[i]));
      if (!gpnmsa::isScored(want[i])) QVERIFY(!out[i].detail.empty());
    }
    QVERIFY(withinTolerance(out[0].score, -6.466166));
    QVERIFY(QString::fromStdString(out[2].detail).contains("1:4498"));
  }

  // Issue 17 defect 6: a model that yields NaN/Inf logits (NaN weights, a
  // negative layer_norm_eps) gives status error with the reason, never ok
  // with an empty score.
  void nonFiniteScoresAreErrors_data() {
    QTest::addColumn<bool>("nanWeights");
    QTest::addColumn<QByteArray>("eps");
    QTest::newRow("NaN weights") << true << QByteArray("1e-12");
    QTest::newRow("negative layer_norm_eps") << false << QByteArray("-1e6");
  }
  void nonFiniteScoresAreErrors() {
    QFETCH(bool, nanWeights);
    QFETCH(QByteArray, eps);
    QTemporaryDir dir;
    QFile cfgIn(parityDir() + "/tiny/config.json"), wIn(parityDir() + "/tiny/model.safetensors");
    QVERIFY(cfgIn.open(QIODevice::ReadOnly) && wIn.open(QIODevice::ReadOnly));
    QByteArray cfg = cfgIn.readAll(), weights = wIn.readAll();
    cfg.replace("\"layer_norm_eps\": 1e-12", "\"layer_norm_eps\": " + eps);
    if (nanWeights) {
      // One layer's intermediate weights become quiet NaNs (0x7fc00000,
      // little-endian); the tied-vector check leaves them alone.
      quint64 n = 0;
      for (int i = 7; i >= 0; --i) n = (n << 8) | quint8(weights[i]);
      const QJsonObject header = QJsonDocument::fromJson(weights.mid(8, qsizetype(n))).object();
      const QJsonArray range =
          header["model.encoder.layer.0.intermediate.dense.weight"].toObject()["data_offsets"].toArray();
      QCOMPARE(range.size(), 2);
      const qsizetype from = qsizetype(8 + n) + qsizetype(range[0].toDouble());
      const qsizetype to = qsizetype(8 + n) + qsizetype(range[1].toDouble());
      for (qsizetype i = from; i + 4 <= to; i += 4) {
        weights[i] = 0; weights[i + 1] = 0; weights[i + 2] = char(0xc0); weights[i + 3] = 0x7f;
      }
    }
    QFile cfgOut(dir.filePath("config.json")), wOut(dir.filePath("model.safetensors"));
    QVERIFY(cfgOut.open(QIODevice::WriteOnly) && wOut.open(QIODevice::WriteOnly));
    cfgOut.write(cfg);
    wOut.write(weights);
    cfgOut.close();
    wOut.close();
    auto model = gpnmsa::GpnMsaModel::load(dir.path().toStdString());
    gpnmsa::Scorer scorer(*model, *dirStore_);
    const auto out = scorer.score({variant("1", 4498, "T", "C"), variant("1", 730, "T", "C")});
    for (const auto& r : out) {
      QVERIFY2(r.status == VariantStatus::Error, gpnmsa::statusName(r.status));
      QVERIFY2(QString::fromStdString(r.detail).contains("non-finite score") &&
                   QString::fromStdString(r.detail).contains("check the model weights"),
               r.detail.c_str());
      QVERIFY(std::isnan(r.score));
    }
  }

  // A corrupt chunk fails only the rows that need it, with a status naming it.
  void corruptChunk() {
    QTemporaryDir tmp;
    const QString root = tmp.filePath("msa.zarr");
    QVERIFY(copyParityStore(root));
    QFile chunk(root + "/1/8.0");  // rows 4096..4607: holds 1:4498 and 1:4104
    QVERIFY(chunk.setPermissions(chunk.permissions() | QFile::WriteOwner));
    QVERIFY(chunk.open(QIODevice::WriteOnly | QIODevice::Truncate));
    chunk.write(QByteArray(200, 'x'));
    chunk.close();
    auto store = gpnmsa::AlignmentStore::open(root.toStdString());
    gpnmsa::Scorer scorer(*model_, *store);
    const auto out = scorer.score({variant("1", 4498, "T", "C"), variant("1", 730, "T", "C")});
    QCOMPARE(out[0].status, VariantStatus::Error);
    QVERIFY2(QString::fromStdString(out[0].detail).contains("1/8.0"), out[0].detail.c_str());
    QCOMPARE(out[1].status, VariantStatus::Ok);
    QVERIFY(withinTolerance(out[1].score, -9.578182));
  }

  // An absent chunk means "no alignment here": status not_aligned, never a
  // score; region logits over it are refused. Here: the parity store with
  // chunk 1/0.0 (rows 0..511) removed, read as a directory.
  void absentChunkIsNotAligned() {
    QTemporaryDir tmp;
    const QString root = tmp.filePath("msa.zarr");
    QVERIFY(copyParityStore(root));
    QVERIFY(QFile::remove(root + "/1/0.0"));
    auto store = gpnmsa::AlignmentStore::open(root.toStdString());
    QVERIFY(!store->isAligned("1", 0));
    QVERIFY(!store->isAligned("chr1", 511));
    QVERIFY(store->isAligned("1", 512));
    QVERIFY(!store->anyAligned("1", 0, 512));
    QVERIFY(store->anyAligned("1", 500, 513));
    QCOMPARE(store->firstUnaligned("1", 500, 600).value_or(-1), int64_t(500));
    QVERIFY(!store->firstUnaligned("1", 512, 5000));
    QVERIFY_THROWS_EXCEPTION(gpnmsa::Error, store->isAligned("1", 5000));
    // The whole parity store: every row aligned (as in the released store).
    QVERIFY(!dirStore_->firstUnaligned("1", 0, dirStore_->length("1")));

    gpnmsa::Scorer scorer(*model_, *store);
    const auto out = scorer.score({variant("1", 100, "A", "C"), variant("1", 4498, "T", "C"),
                                   variant("1", 5001, "A", "C")});
    QCOMPARE(out[0].status, VariantStatus::NotAligned);
    QVERIFY(std::isnan(out[0].score) && std::isnan(out[0].baseline));
    QVERIFY2(QString::fromStdString(out[0].detail).contains("no alignment at 1:100"), out[0].detail.c_str());
    QCOMPARE(QString(gpnmsa::statusName(out[0].status)), QString("not_aligned"));
    QCOMPARE(out[1].status, VariantStatus::Ok);
    QVERIFY(withinTolerance(out[1].score, -6.466166));  // the same as with the chunk there
    QCOMPARE(out[2].status, VariantStatus::OutOfRange);
    try {
      (void)scorer.regionLogits("1", 500, 520);
      QFAIL("expected an error");
    } catch (const gpnmsa::Error& e) {
      QVERIFY2(QString(e.what()).contains("no alignment at 1:500"), e.what());
    }
    QCOMPARE(scorer.regionLogits("1", 600, 602).positions.size(), size_t(3));
    // SNVs of a region: refused where nothing is aligned; only aligned positions otherwise.
    try {
      (void)gpnmsa::regionSnvs(*store, "chr1", 1, 100);
      QFAIL("expected an error");
    } catch (const gpnmsa::Error& e) {
      QVERIFY2(QString(e.what()).contains("no alignment at chr1:1-100"), e.what());
    }
    const auto snvs = gpnmsa::regionSnvs(*store, "1", 505, 520);
    QVERIFY(!snvs.empty());
    for (const auto& v : snvs) QVERIFY(v.pos >= 513);
  }

  // The bundled demo at real hg38 coordinates: chromosome 22 at its full
  // length, only the chunks of chr22:16,600,000-16,800,000 present (zip).
  void demoAtHg38Coordinates() {
    const std::string demo = GPNMSA_SOURCE_DIR "/resources/demo";
    auto store = gpnmsa::AlignmentStore::open(demo + "/msa.zarr.zip");
    QCOMPARE(store->length("chr22"), int64_t(50818468));
    QVERIFY(store->isAligned("22", 16700000 - 1));
    QVERIFY(!store->isAligned("22", 1000000 - 1));
    QVERIFY(!store->firstUnaligned("chr22", 16600000 - 1, 16800000));  // every row of the region
    QCOMPARE(store->firstUnaligned("22", 16599990, 16600010).value_or(-1), int64_t(16599990));
    QCOMPARE(store->firstUnaligned("22", 16799990, 16800010).value_or(-1), int64_t(16800000));
    // hg38 chr22:16,700,000 is G (human row, real sequence).
    QCOMPARE(gpnmsa::toUpperAscii(store->fetch("22", 16700000 - 1, 16700000)[0]), 'G');

    auto model = gpnmsa::GpnMsaModel::load(demo + "/model");
    gpnmsa::Scorer scorer(*model, *store);
    const auto out = scorer.score({variant("chr22", 16700000, "G", "A"),
                                   variant("chr22", 1000000, "A", "G"),
                                   variant("22", 16599990, "A", "G"),  // edge chunk, before the region
                                   variant("22", 50818469, "A", "G")});
    QCOMPARE(out[0].status, VariantStatus::Ok);
    QVERIFY(std::isfinite(out[0].score));
    QCOMPARE(out[1].status, VariantStatus::NotAligned);
    QVERIFY2(QString::fromStdString(out[1].detail).contains("no alignment at 22:1000000"), out[1].detail.c_str());
    QCOMPARE(out[2].status, VariantStatus::NotAligned);
    QCOMPARE(out[3].status, VariantStatus::OutOfRange);
    QVERIFY2(QString::fromStdString(out[3].detail).contains("1-50818468"), out[3].detail.c_str());
    for (size_t i = 1; i < out.size(); ++i) QVERIFY(std::isnan(out[i].score));
  }

  void speciesMismatch() {
    auto big = gpnmsa::GpnMsaModel::load((parityDir() + "/species89").toStdString());
    try {
      gpnmsa::Scorer scorer(*big, *dirStore_);
      QFAIL("expected an error");
    } catch (const gpnmsa::Error& e) {
      const QString msg = e.what();
      QVERIFY2(msg.contains("8 species") && msg.contains("89"), qPrintable(msg));
    }
  }

  void cancel() {
    gpnmsa::ScoreOptions batch2;
    batch2.batchSize = 2;
    gpnmsa::Scorer scorer(*model_, *dirStore_, batch2);
    std::vector<gpnmsa::Variant> vs;
    for (int p = 200; p < 400; ++p) vs.push_back(variant("1", p, "A", "C"));
    std::atomic<bool> stop{false};
    const auto out = scorer.score(vs, [&](int64_t done, int64_t) { if (done > 0) stop = true; }, &stop);
    QVERIFY(std::count_if(out.begin(), out.end(), [](const auto& r) { return r.status == VariantStatus::Pending; }) > 100);
  }
};

QTEST_APPLESS_MAIN(TestScoring)
#include "test_scoring.moc"
