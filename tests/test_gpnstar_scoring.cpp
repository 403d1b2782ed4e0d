// SPDX-License-Identifier: GPL-3.0-or-later
// The scorer with a GPN-Star model through AlignmentModel (library level):
// model kind dispatch, the window rule, the column-count check, variant
// scores with calibration and region logits against the golden values of an
// independent implementation (tests/data/gpnstar, tolerance 1e-4); and the
// GPN-MSA adapter giving exactly GpnMsaModel's numbers.
#include <QtTest>

#include <cmath>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/calibration.h"
#include "gpnmsa/error.h"
#include "gpnmsa/forward_passes.h"
#include "gpnmsa/gpnmsa_alignment_model.h"
#include "gpnmsa/logo_heights.h"
#include "gpnmsa/model_kind.h"
#include "gpnmsa/scorer.h"
#include "support/parity_fixtures.h"

using namespace testsupport;

namespace {

std::string star(const char* path) { return std::string(GPNMSA_TEST_DATA "/gpnstar/") + path; }

std::vector<gpnmsa::Variant> goldenVariants(const TsvTable& golden) {
  std::vector<gpnmsa::Variant> v;
  for (const QStringList& row : golden.rows) {
    gpnmsa::Variant x;
    x.chrom = row[0].toStdString();
    x.pos = row[1].toLongLong();
    x.ref = row[2].toStdString();
    x.alt = row[3].toStdString();
    x.record = int64_t(v.size());
    v.push_back(x);
  }
  return v;
}

void expectNear(double got, const QString& want, const QString& what) {
  if (want.isEmpty()) {
    QVERIFY2(std::isnan(got), qPrintable(what + ": expected none, got " + QString::number(got)));
    return;
  }
  QVERIFY2(withinTolerance(got, want.toDouble()), qPrintable(what + ": " + QString::number(got, 'g', 9) + " vs " + want));
}

}  // namespace

class TestGpnStarScoring : public QObject {
  Q_OBJECT
  std::unique_ptr<gpnmsa::AlignmentModel> model_;
  std::unique_ptr<gpnmsa::AlignmentStore> store_;
  std::shared_ptr<const gpnmsa::CalibrationTable> calibration_;

 private slots:
  void initTestCase() {
    model_ = gpnmsa::loadModel(star("tiny"));
    store_ = gpnmsa::AlignmentStore::open(star("msa/12/all.zarr"));
    calibration_ = gpnmsa::CalibrationTable::fromModelDir(star("tiny"));
    QVERIFY(calibration_);
  }

  void kindAndWindow() {
    QCOMPARE(model_->kind(), gpnmsa::ModelKind::GpnStar);
    QCOMPARE(model_->columnCount(), 12);
    QCOMPARE(gpnmsa::defaultWindowLength(*model_), 128);
    const auto msa = gpnmsa::loadModel((parityDir() + "/tiny").toStdString());
    QCOMPARE(msa->kind(), gpnmsa::ModelKind::GpnMsa);
    QVERIFY(dynamic_cast<const gpnmsa::GpnMsaAlignmentModel*>(msa.get()));
    QCOMPARE(gpnmsa::defaultWindowLength(*msa), 128);
    // The released V100 store's 100 columns keep 128; P243 / M447's take 256.
    const auto v100 = gpnmsa::loadModel(star("species100"));
    QCOMPARE(v100->columnCount(), 100);
    QCOMPARE(gpnmsa::defaultWindowLength(*v100), 128);
  }

  void calibrationTables() {
    QCOMPARE(calibration_->llrRows(), size_t(3072));
    QCOMPARE(calibration_->entropyRows(), size_t(1024));
    const TsvTable llr = readTsv(QStringLiteral(GPNMSA_TEST_DATA "/gpnstar/calibration_llr.tsv"));
    for (size_t i = 0; i < llr.rows.size(); i += 97) {
      const std::string key = llr.rows[i][0].toStdString();
      expectNear(calibration_->llrNeutralMean(key.substr(0, 5), key[6]), llr.rows[i][1], llr.rows[i][0]);
    }
    QVERIFY(std::isnan(calibration_->llrNeutralMean("GCAGN", 'A')));
    QVERIFY(std::isnan(calibration_->entropyNeutralMean("NNACG")));
    // Beyond a chromosome end the context is N; soft-masked bases upper-cased.
    QCOMPARE(gpnmsa::pentanucleotide(*store_, "1", 0).substr(0, 2), std::string("NN"));
    QCOMPARE(gpnmsa::pentanucleotide(*store_, "1", 1000), std::string("ACACA"));
  }

  void variantsMatchGolden() {
    const TsvTable golden = readTsv(QStringLiteral(GPNMSA_TEST_DATA "/gpnstar/variants.tsv"));
    gpnmsa::ScoreOptions o;
    o.batchSize = 6;  // several batches, a site pair split across none
    o.calibration = calibration_;
    const gpnmsa::Scorer scorer(*model_, *store_, o);
    QCOMPARE(scorer.windowLength(), 128);
    const int64_t before = gpnmsa::forwardPassesOnThisThread();
    const auto rows = scorer.score(goldenVariants(golden));
    // 23 sites pass the reference check, two windows each, 6 windows a pass.
    QCOMPARE(gpnmsa::forwardPassesOnThisThread() - before, int64_t(8));
    QCOMPARE(rows.size(), golden.rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      const QStringList& g = golden.rows[i];
      const QString where = g[0] + ":" + g[1];
      QCOMPARE(QString(gpnmsa::statusName(rows[i].status)), g[golden.column("status")]);
      expectNear(rows[i].score, g[golden.column("score")], where + " score");
      expectNear(rows[i].scoreFwd, g[golden.column("score_fwd")], where + " fwd");
      expectNear(rows[i].scoreRev, g[golden.column("score_rev")], where + " rev");
      expectNear(rows[i].scoreCalibrated, g[golden.column("llr_calibrated")], where + " calibrated");
    }
    // Without the table: the same raw scores, no calibrated ones, and the
    // 5-mer with N is plain ok.
    const gpnmsa::Scorer plain(*model_, *store_);
    const auto raw = plain.score(goldenVariants(golden));
    for (size_t i = 0; i < raw.size(); ++i) {
      QVERIFY(std::isnan(raw[i].scoreCalibrated));
      if (gpnmsa::isScored(raw[i].status)) QCOMPARE(raw[i].score, rows[i].score);
    }
    QCOMPARE(raw[22].status, gpnmsa::VariantStatus::Ok);
  }

  void regionLogitsMatchGolden() {
    const TsvTable golden = readTsv(QStringLiteral(GPNMSA_TEST_DATA "/gpnstar/region_logits.tsv"));
    const gpnmsa::Scorer scorer(*model_, *store_);
    const auto region = scorer.regionLogits("1", 1001, 1030);
    QCOMPARE(region.positions.size(), golden.rows.size());
    for (size_t i = 0; i < golden.rows.size(); ++i) {
      const auto& p = region.positions[i];
      const QStringList& g = golden.rows[i];
      const QString where = "1:" + g[1];
      for (int b = 0; b < 4; ++b) expectNear(p.acgt[size_t(b)], g[3 + b], where + " logit " + "ACGT"[b]);
      const double entropy = gpnmsa::entropyBits(gpnmsa::softmax4(p.acgt)) * std::log(2.0);
      expectNear(entropy, g[golden.column("entropy")], where + " entropy");
      const std::string context = gpnmsa::pentanucleotide(*store_, "1", p.pos - 1);
      expectNear(entropy / calibration_->entropyNeutralMean(context), g[golden.column("entropy_calibrated")],
                 where + " entropy_calibrated");
      const auto logo = gpnmsa::calibratedLogoHeights(p.acgt, p.ref, context, *calibration_);
      QVERIFY(logo);
      for (int b = 0; b < 4; ++b)
        expectNear((*logo)[size_t(b)], g[golden.column(QString("logo_") + "ACGT"[b])], where + " logo");
    }
  }

  // Near an end GPN-Star pads (the site stays at the centre) instead of
  // shifting: chromosome X is 2600 rows, its last position is scored.
  void edgesArePadded() {
    const gpnmsa::Scorer scorer(*model_, *store_);
    const auto region = scorer.regionLogits("X", 2599, 2600);
    QCOMPARE(region.positions.size(), size_t(2));
    QVERIFY(region.positions[1].windowPadded);
    QVERIFY(!region.positions[1].windowShifted);
  }

  void mismatchesRefused() {
    const auto split = gpnmsa::AlignmentStore::open(star("msa_split/8/all.zarr"));
    try {
      const gpnmsa::Scorer scorer(*model_, *split);
      QFAIL("an 8-column store was accepted for a 12-column model");
    } catch (const gpnmsa::Error& e) {
      QVERIFY2(QString(e.what()).contains("has 8 columns") && QString(e.what()).contains("expects 12"), e.what());
    }
    // Odd, or longer than max_position_embeddings (256).
    for (int window : {129, 258}) {
      gpnmsa::ScoreOptions o;
      o.windowLength = window;
      const auto make = [&]() { return gpnmsa::Scorer(*model_, *store_, o).windowLength(); };
      QVERIFY_THROWS_EXCEPTION(gpnmsa::Error, make());
    }
  }

  // M447's layout: <n>/all.zarr stores joined by columns in descending
  // string order of n; the fixture's 8 + 4 columns are the 12 of msa/12.
  void splitStoresJoinByColumns() {
    const auto parts = gpnmsa::splitStoreParts(star("msa_split"));
    QCOMPARE(parts.size(), size_t(2));
    QVERIFY(QString::fromStdString(parts[0]).endsWith("/8/all.zarr"));
    QVERIFY(QString::fromStdString(parts[1]).endsWith("/4/all.zarr"));
    QVERIFY(gpnmsa::splitStoreParts(star("msa/12/all.zarr")).empty());  // a store itself
    const auto joined = gpnmsa::AlignmentStore::open(star("msa_split"));
    const auto listed = gpnmsa::AlignmentStore::openColumns(parts);
    QCOMPARE(joined->columns(), 12);
    for (const char* chrom : {"1", "X"}) {
      const int64_t n = store_->length(chrom);
      QCOMPARE(joined->length(chrom), n);
      const auto want = store_->fetch(chrom, 0, n);
      QVERIFY(joined->fetch(chrom, 0, n) == want);
      QVERIFY(listed->fetch(chrom, 100, 700) == store_->fetch(chrom, 100, 700));
    }
    // The scores are those of the single store.
    gpnmsa::ScoreOptions o;
    o.calibration = calibration_;
    const TsvTable golden = readTsv(QStringLiteral(GPNMSA_TEST_DATA "/gpnstar/variants.tsv"));
    const auto a = gpnmsa::Scorer(*model_, *joined, o).score(goldenVariants(golden));
    const auto b = gpnmsa::Scorer(*model_, *store_, o).score(goldenVariants(golden));
    for (size_t i = 0; i < a.size(); ++i) {
      QCOMPARE(a[i].status, b[i].status);
      if (gpnmsa::isScored(a[i].status)) QCOMPARE(a[i].score, b[i].score);
    }
    // In the folder layout n names the column count: a renamed folder would
    // reorder the species silently, so it is refused.
    QTemporaryDir renamed;
    QVERIFY(QDir(renamed.path()).mkpath("9") && QDir(renamed.path()).mkpath("4"));
    QVERIFY(QFile::link(QString::fromStdString(parts[0]), renamed.filePath("9/all.zarr")));
    QVERIFY(QFile::link(QString::fromStdString(parts[1]), renamed.filePath("4/all.zarr")));
    try {
      gpnmsa::AlignmentStore::open(renamed.path().toStdString());
      QFAIL("a store of 8 columns in a folder named 9 was accepted");
    } catch (const gpnmsa::Error& e) {
      QVERIFY2(QString(e.what()).contains("has 8 columns but its folder is named 9"), e.what());
    }
    // Stores of other chromosome lengths cannot be joined.
    try {
      gpnmsa::AlignmentStore::openColumns({star("msa/12/all.zarr"), (parityDir() + "/msa.zarr").toStdString()});
      QFAIL("stores of different chromosome lengths were joined");
    } catch (const gpnmsa::Error& e) {
      QVERIFY2(QString(e.what()).contains("do not hold the same chromosomes"), e.what());
    }
  }

  // GPN-MSA through the adapter: the same numbers as the model itself.
  void gpnMsaAdapterIsExact() {
    const auto msa = gpnmsa::GpnMsaModel::load((parityDir() + "/tiny").toStdString());
    const gpnmsa::GpnMsaAlignmentModel adapter(*msa);
    const int length = 16, species = msa->config().speciesCount(), columns = species + 1, batch = 3;
    std::vector<uint8_t> tokens(size_t(batch) * length * columns), human(size_t(batch) * length),
        aux(size_t(batch) * length * species);
    for (size_t r = 0; r < human.size(); ++r) {
      for (int c = 0; c < columns; ++c) tokens[r * columns + c] = uint8_t((r * 7 + size_t(c) * 3) % 5);
      tokens[r * columns] = (r % 5 == 2) ? 5 : tokens[r * columns];
      human[r] = tokens[r * columns];
      for (int s = 0; s < species; ++s) aux[r * species + s] = tokens[r * columns + 1 + s];
    }
    const std::vector<int> window{0, 1, 2, 2}, pos{2, 7, 12, 0};
    const auto want = msa->logitsAtPairs(human.data(), aux.data(), batch, length, window.data(), pos.data(), 4);
    const auto got = adapter.logitsAtPairs(tokens.data(), batch, length, window.data(), pos.data(), 4);
    QCOMPARE(got, want);
  }
};

QTEST_GUILESS_MAIN(TestGpnStarScoring)
#include "test_gpnstar_scoring.moc"
