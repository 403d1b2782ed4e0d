// SPDX-License-Identifier: GPL-3.0-or-later
// What users type in the locus box or --region: good and bad input.
#include <QtTest>

#include "gpnmsa/chrom_names.h"
#include "gpnmsa/locus.h"

Q_DECLARE_METATYPE(gpnmsa::Locus::Kind)

class TestLocus : public QObject {
  Q_OBJECT
 private slots:
  void good_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<gpnmsa::Locus::Kind>("kind");
    QTest::addColumn<QString>("chrom");
    QTest::addColumn<qlonglong>("start");
    QTest::addColumn<qlonglong>("end");
    QTest::addColumn<QString>("ref");
    QTest::addColumn<QString>("alt");
    using K = gpnmsa::Locus::Kind;
    QTest::newRow("chr:pos") << "chr1:12345" << K::Position << "chr1" << 12345LL << 12345LL << "" << "";
    QTest::newRow("bare chrom") << "17:7,676,154" << K::Position << "17" << 7676154LL << 7676154LL << "" << "";
    QTest::newRow("region with commas") << "chrX:1,000-2,000" << K::Region << "chrX" << 1000LL << 2000LL << "" << "";
    QTest::newRow("spaces") << "  1 : 5 - 9 " << K::Region << "1" << 5LL << 9LL << "" << "";
    QTest::newRow("gnomAD style") << "chr17-7676154-G-A" << K::Variant << "chr17" << 7676154LL << 7676154LL << "G" << "A";
    QTest::newRow("colon style") << "17:7676154:g:a" << K::Variant << "17" << 7676154LL << 7676154LL << "G" << "A";
    QTest::newRow("single base region") << "1:5-5" << K::Region << "1" << 5LL << 5LL << "" << "";
  }
  void good() {
    QFETCH(QString, text);
    QFETCH(gpnmsa::Locus::Kind, kind);
    QFETCH(QString, chrom);
    QFETCH(qlonglong, start);
    QFETCH(qlonglong, end);
    QFETCH(QString, ref);
    QFETCH(QString, alt);
    std::string error;
    const auto l = gpnmsa::parseLocus(text.toStdString(), &error);
    QVERIFY2(l.has_value(), error.c_str());
    QVERIFY(l->kind == kind);
    QCOMPARE(QString::fromStdString(l->chrom), chrom);
    QCOMPARE(l->start, start);
    QCOMPARE(l->end, end);
    QCOMPARE(QString::fromStdString(l->ref), ref);
    QCOMPARE(QString::fromStdString(l->alt), alt);
  }

  void bad_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mention");
    QTest::newRow("empty") << "" << "empty";
    QTest::newRow("no position") << "chr1" << "expected";
    QTest::newRow("letters") << "chr1:abc" << "abc";
    QTest::newRow("zero") << "chr1:0" << "not a position";
    QTest::newRow("negative range") << "1:-5" << "range";
    QTest::newRow("end before start") << "1:200-100" << "before its start";
    QTest::newRow("bad allele") << "1-100-X-A" << "REF";
    QTest::newRow("bad alt") << "1:100:A:<DEL>" << "ALT";
    QTest::newRow("too many colons") << "1:2:3" << "expected";
    QTest::newRow("missing chrom") << ":100" << "chromosome";
  }
  void bad() {
    QFETCH(QString, text);
    QFETCH(QString, mention);
    std::string error;
    QVERIFY(!gpnmsa::parseLocus(text.toStdString(), &error).has_value());
    QVERIFY2(QString::fromStdString(error).contains(mention), error.c_str());
  }

  void chrPrefix() {
    QCOMPARE(gpnmsa::stripChrPrefix("chr1"), std::string("1"));
    QCOMPARE(gpnmsa::stripChrPrefix("Chr22"), std::string("22"));
    QCOMPARE(gpnmsa::stripChrPrefix("CHRX"), std::string("X"));
    QCOMPARE(gpnmsa::stripChrPrefix("chrM"), std::string("M"));
    QCOMPARE(gpnmsa::stripChrPrefix("17"), std::string("17"));
    QCOMPARE(gpnmsa::stripChrPrefix("chr"), std::string("chr"));
  }
};

QTEST_APPLESS_MAIN(TestLocus)
#include "test_locus.moc"
