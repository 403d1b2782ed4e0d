// SPDX-License-Identifier: GPL-3.0-or-later
// One rule for chromosome names, the same for every file: the resolver's
// tiers, and the alignment store and a score file answering the same user
// spellings alike (before, "chrx" was found in the store but not in the
// score file). Also the core's "every SNV of a region" against the store.
#include <QtTest>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/chrom_names.h"
#include "gpnmsa/error.h"
#include "gpnmsa/precomputed_scores.h"
#include "gpnmsa/region_variants.h"
#include "gpnmsa/text.h"

using gpnmsa::ChromResolver;

namespace {
QString parity(const char* name) { return QStringLiteral(GPNMSA_TEST_DATA "/parity/") + name; }
}  // namespace

class TestChromNames : public QObject {
  Q_OBJECT
 private slots:
  void tiers_data() {
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("found");  // "" = none
    const QStringList released{"1", "10", "2", "X", "Y", "MT"};
    const QStringList ucsc{"chr1", "chr2", "chrX", "chrM", "chrUn_KI270302v1"};
    QTest::newRow("exact") << released << "X" << "X";
    QTest::newRow("chr prefix") << released << "chrX" << "X";
    QTest::newRow("lower case chr prefix") << released << "chrx" << "X";
    QTest::newRow("lower case bare") << released << "x" << "X";
    QTest::newRow("upper case prefix") << released << "CHR1" << "1";
    QTest::newRow("Chr prefix") << released << "Chr10" << "10";
    QTest::newRow("bare to ucsc") << ucsc << "2" << "chr2";
    QTest::newRow("lower bare to ucsc") << ucsc << "x" << "chrX";
    QTest::newRow("ucsc exact") << ucsc << "chrM" << "chrM";
    QTest::newRow("ucsc contig, other case") << ucsc << "chrun_ki270302v1" << "chrUn_KI270302v1";
    QTest::newRow("absent") << released << "chr7" << "";
    QTest::newRow("no prefix match inside") << released << "hr1" << "";
    QTest::newRow("M is not MT") << released << "chrM" << "";
    QTest::newRow("empty query") << released << "" << "";
  }
  void tiers() {
    QFETCH(QStringList, names);
    QFETCH(QString, query);
    QFETCH(QString, found);
    std::vector<std::string> n;
    for (const QString& s : names) n.push_back(s.toStdString());
    const ChromResolver r(n);
    const auto got = r.resolve(query.toStdString());
    QCOMPARE(got ? QString::fromStdString(*got) : QString(), found);
  }

  // An exact spelling beats a case-folded one; the first of two names that
  // fold together wins for the folded query.
  void exactBeatsFolded() {
    const ChromResolver r({"chrUn_x", "chrUn_X"});
    QCOMPARE(*r.resolve("chrUn_X"), std::string("chrUn_X"));
    QCOMPARE(*r.resolve("chrUn_x"), std::string("chrUn_x"));
    QCOMPARE(*r.resolve("CHRUN_X"), std::string("chrUn_x"));
    QCOMPARE(*r.find("chrUn_X"), size_t(1));
  }

  void stripAndCase() {
    QCOMPARE(gpnmsa::stripChrPrefix("chrM"), std::string("M"));
    QCOMPARE(gpnmsa::stripChrPrefix("CHR17"), std::string("17"));
    QCOMPARE(gpnmsa::stripChrPrefix("chr"), std::string("chr"));
    QCOMPARE(gpnmsa::stripChrPrefix("17"), std::string("17"));
    QCOMPARE(gpnmsa::toUpperAscii("acgtN-\xe9"), std::string("ACGTN-\xe9"));
    QCOMPARE(gpnmsa::toLowerAscii("F32"), std::string("f32"));
    QVERIFY(gpnmsa::equalsIgnoreCase("ChrX", "cHRx"));
    QVERIFY(!gpnmsa::equalsIgnoreCase("chrX", "chrX1"));
    QVERIFY(gpnmsa::startsWithIgnoreCase("HTTPS://x", "https://"));
  }

  // The alignment store and a score file resolve every spelling the same way.
  void storeAndScoreFileAgree() {
    const auto store = gpnmsa::AlignmentStore::open(parity("msa.zarr").toStdString());
    QTemporaryDir dir;
    const std::string scores = dir.filePath("scores.tsv.bgz").toStdString();
    std::vector<gpnmsa::ScoredVariant> rows(2);
    rows[0].variant = {"1", 1230, ".", "G", "A"};
    rows[1].variant = {"X", 454, ".", "A", "C"};
    for (auto& r : rows) {
      r.status = gpnmsa::VariantStatus::Ok;
      r.score = -1.5f;
    }
    rows[1].variant.ref = std::string(1, gpnmsa::toUpperAscii(store->fetch("X", 453, 454)[0]));
    rows[1].variant.alt = rows[1].variant.ref == "A" ? "C" : "A";
    rows[0].variant.ref = std::string(1, gpnmsa::toUpperAscii(store->fetch("1", 1229, 1230)[0]));
    rows[0].variant.alt = rows[0].variant.ref == "A" ? "C" : "A";
    QCOMPARE(gpnmsa::writeScoreFile(scores, rows), int64_t(2));
    const auto file = gpnmsa::PrecomputedScores::open(scores);
    for (const char* spelling : {"X", "x", "chrX", "chrx", "CHRX", "Chrx"}) {
      const auto inStore = store->resolve(spelling);
      QVERIFY2(inStore && *inStore == "X", spelling);
      gpnmsa::Variant v = rows[1].variant;
      v.chrom = spelling;
      const auto got = file->annotate({v});
      QVERIFY2(got[0].status == gpnmsa::VariantStatus::Ok, spelling);
      QCOMPARE(got[0].score, -1.5f);
    }
    gpnmsa::Variant absent = rows[0].variant;
    absent.chrom = "chr7";
    QVERIFY(!store->resolve("chr7"));
    QCOMPARE(file->annotate({absent})[0].status, gpnmsa::VariantStatus::UnknownChromosome);
  }

  // Every SNV of a region: three per A/C/G/T reference base, none at N (the
  // fixture's chromosome 1 has Ns at 101..140), REF as the store has it.
  void regionSnvsFollowTheStore() {
    const auto store = gpnmsa::AlignmentStore::open(parity("msa.zarr").toStdString());
    const auto v = gpnmsa::regionSnvs(*store, "chr1", 95, 145);
    const auto bases = store->fetch("1", 94, 145);
    size_t k = 0;
    for (int64_t p = 95; p <= 145; ++p) {
      const char ref = gpnmsa::toUpperAscii(bases[size_t((p - 95) * store->columns())]);
      if (p >= 101 && p <= 140) QCOMPARE(ref, 'N');
      if (ref == 'N') continue;
      for (char alt : {'A', 'C', 'G', 'T'}) {
        if (alt == ref) continue;
        QVERIFY(k < v.size());
        QCOMPARE(v[k].chrom, std::string("chr1"));  // as the user wrote it
        QCOMPARE(v[k].pos, p);
        QCOMPARE(v[k].ref, std::string(1, ref));
        QCOMPARE(v[k].alt, std::string(1, alt));
        QCOMPARE(v[k].record, int64_t(k));
        ++k;
      }
    }
    QCOMPARE(v.size(), k);
    QCOMPARE(k, size_t(3 * (51 - 40)));
    QCOMPARE(gpnmsa::regionSnvs(*store, "1", 95, 100, 1).size(), size_t(6));
    QVERIFY_THROWS_EXCEPTION(gpnmsa::Error, gpnmsa::regionSnvs(*store, "chr7", 1, 10));
    QVERIFY_THROWS_EXCEPTION(gpnmsa::Error, gpnmsa::regionSnvs(*store, "1", 4990, 5010));
  }
};

QTEST_GUILESS_MAIN(TestChromNames)
#include "test_chrom_names.moc"
