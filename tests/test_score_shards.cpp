// SPDX-License-Identifier: GPL-3.0-or-later
// GPN-Star's precomputed score shards (Parquet per chromosome, written by the
// fixture generator's own Parquet writer, tests/data/gpnstar/scores): looked
// up through PrecomputedScores in every accepted layout (release folder tree,
// score-set folder, llr/ folder, flat folder, one file, http URLs on a real
// nginx), and by `gpnmsa annotate`. Expected values come from the fixtures'
// own tables (bigwig_values.tsv: what the llr_{A,C,G,T} tracks hold, 3
// decimals; region_logits.tsv: the reference base), not from this reader.
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <map>

#include "gpnmsa/error.h"
#include "gpnmsa/precomputed_scores.h"
#include "score_shards.h"
#include "support/loopback_nginx.h"
#include "support/parity_fixtures.h"

using namespace gpnmsa;

namespace {
const QString kData = QStringLiteral(GPNMSA_TEST_DATA "/gpnstar/");

struct Expected {
  QString ref;
  std::map<QString, double> llr;  // alt -> llr_calibrated (3 decimals)
};

// 1-based pos -> the fixture's reference base and calibrated LLRs.
std::map<qlonglong, Expected> expectedScores() {
  std::map<qlonglong, Expected> out;
  const auto region = testsupport::readTsv(kData + "region_logits.tsv");
  for (const auto& r : region.rows) out[r[1].toLongLong()].ref = r[2];
  const auto bigwig = testsupport::readTsv(kData + "scores/bigwig_values.tsv");
  const int a = bigwig.column("llr_A");
  for (const auto& r : bigwig.rows) {
    Expected& e = out[r[1].toLongLong() + 1];  // BigWig: 0-based start
    for (int k = 0; k < 4; ++k) e.llr[QString("ACGT")[k]] = r[a + k].toDouble();
  }
  return out;
}

int run(const QStringList& args, QString* err = nullptr) {
  QProcess p;
  p.start(GPNMSA_CLI, args);
  p.waitForFinished(300000);
  if (err) *err = QString::fromUtf8(p.readAllStandardError());
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

Variant snv(const std::string& chrom, int64_t pos, const std::string& ref, const std::string& alt) {
  Variant v;
  v.chrom = chrom;
  v.pos = pos;
  v.ref = ref;
  v.alt = alt;
  return v;
}

bool copy(const QString& from, const QString& to) {
  QDir().mkpath(QFileInfo(to).path());
  return QFile::copy(from, to);
}
}  // namespace

class TestScoreShards : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString release_;  // a gpn-star-scores checkout: data/<set>/{llr,entropy}/
  std::map<qlonglong, Expected> expected_;
  std::vector<Variant> all_;  // every covered SNV of the fixture region

  // Every covered SNV looked up in `path`: scored, and equal to the table.
  void checkAll(const QString& path, const std::string& chromSpelling) {
    const auto scores = PrecomputedScores::open(path.toStdString());
    QCOMPARE(scores->layout(), PrecomputedScores::Layout::GpnStarShards);
    std::vector<Variant> query = all_;
    for (Variant& v : query) v.chrom = chromSpelling;
    const auto rows = scores->annotate(query);
    QCOMPARE(rows.size(), query.size());
    for (const ScoredVariant& r : rows) {
      const QString what = QString("%1 %2:%3 %4>%5").arg(path).arg(r.variant.chrom.c_str()).arg(r.variant.pos)
                               .arg(r.variant.ref.c_str(), r.variant.alt.c_str());
      QVERIFY2(r.status == VariantStatus::Ok, qPrintable(what + ": " + QString::fromStdString(r.detail)));
      const double want = expected_.at(r.variant.pos).llr.at(QString::fromStdString(r.variant.alt));
      QVERIFY2(std::fabs(r.score - want) <= 5e-4 + 1e-6, qPrintable(what + QString(": %1 vs %2").arg(r.score).arg(want)));
    }
  }

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    expected_ = expectedScores();
    QCOMPARE(int(expected_.size()), 30);
    for (const auto& [pos, e] : expected_) {
      QVERIFY(!e.ref.isEmpty());
      QCOMPARE(e.llr.at(e.ref), 0.0);  // the reference's track is 0: the tables agree on REF
      for (const QString alt : {"A", "C", "G", "T"})
        if (alt != e.ref) all_.push_back(snv("1", pos, e.ref.toStdString(), alt.toStdString()));
    }
    release_ = tmp_.filePath("www/gpn-star-scores");
    const QString set = release_ + "/data/gpn-star-fixture-tiny/";
    QVERIFY(copy(kData + "scores/llr_chr1.parquet", set + "llr/llr_chr1.parquet"));
    QVERIFY(copy(kData + "scores/entropy_chr1.parquet", set + "entropy/entropy_chr1.parquet"));
  }

  void everyLayoutGivesTheTablesValues() {
    const QString set = release_ + "/data/gpn-star-fixture-tiny";
    for (const QString& path : {release_, set, set + "/", set + "/llr", kData + "scores", set + "/llr/llr_chr1.parquet"}) {
      checkAll(path, "1");
      if (QTest::currentTestFailed()) return;
    }
    checkAll(set, "chr1");  // chr1 == 1
  }

  void statusesOfWhatTheShardsLack() {
    const auto scores = PrecomputedScores::open(kData.toStdString() + "scores");
    QCOMPARE(scores->chromosomes(), std::vector<std::string>{"1"});
    const Expected& e1010 = expected_.at(1010);
    const std::string wrongRef = e1010.ref == "A" ? "C" : "A";
    std::string alt;
    for (const char* b : {"A", "C", "G", "T"})
      if (alt.empty() && b != wrongRef && b != e1010.ref.toStdString()) alt = b;
    const auto rows = scores->annotate({snv("X", 1010, "A", "C"), snv("1", 999, "A", "C"), snv("1", 1010, wrongRef, alt),
                                        snv("1", 1010, "AT", "A"), snv("1", 0, "A", "C"), snv("chrY", 5, "A", "G")});
    QCOMPARE(rows[0].status, VariantStatus::NotInScoreFile);  // no shard: no score, not a failure
    QVERIFY2(QString::fromStdString(rows[0].detail).contains("llr_chrX.parquet"), rows[0].detail.c_str());
    QCOMPARE(rows[1].status, VariantStatus::NotInScoreFile);  // position not covered
    QCOMPARE(rows[2].status, VariantStatus::RefMismatch);
    QVERIFY2(QString::fromStdString(rows[2].detail).contains("shard has " + e1010.ref),
             rows[2].detail.c_str());
    QCOMPARE(rows[3].status, VariantStatus::Indel);
    QCOMPARE(rows[4].status, VariantStatus::OutOfRange);
    QCOMPARE(rows[5].status, VariantStatus::NotInScoreFile);
  }

  // Only the row groups whose pos statistics cover a position are decoded
  // (llr_chr1: 3 row groups; position 1012's rows straddle groups 0 and 1), and the
  // last two stay decoded.
  void readsOnlyTheCoveringRowGroups() {
    detail::ScoreShards shards(kData.toStdString() + "scores");
    detail::ScoreShards::Cursor cursor;
    auto look = [&](int64_t pos) {
      const Expected& e = expected_.at(pos);
      const QString alt = e.ref == "A" ? "C" : "A";
      const auto hit = shards.lookup(cursor, "1", pos, e.ref.toStdString(), alt.toStdString());
      QCOMPARE(hit.kind, detail::ScoreShards::Hit::Kind::Found);
      QVERIFY(std::fabs(hit.llrCalibrated - e.llr.at(alt)) <= 5e-4 + 1e-6);
      QVERIFY(!std::isnan(hit.absLlrCalibrated));
    };
    look(1020);
    QCOMPARE(cursor.groupsDecoded(), int64_t(1));
    look(1019);  // same group: cached
    QCOMPARE(cursor.groupsDecoded(), int64_t(1));
    look(1013);
    QCOMPARE(cursor.groupsDecoded(), int64_t(1));
    look(1012);  // covered by groups 0 and 1: group 1 cached, group 0 decoded
    QCOMPARE(cursor.groupsDecoded(), int64_t(2));
    look(1005);  // group 0, cached
    QCOMPARE(cursor.groupsDecoded(), int64_t(2));
    look(1030);  // group 2
    QCOMPARE(cursor.groupsDecoded(), int64_t(3));
  }

  // A reference distribution from shards: distinct rows, seeded; all 90 rows
  // give exactly the table's 90 alt values; more than there are is an error.
  void sampleDrawsRowsOfTheShards() {
    std::vector<double> table;
    for (const auto& [pos, e] : expected_)
      for (const auto& [alt, v] : e.llr)
        if (alt != e.ref) table.push_back(v);
    std::sort(table.begin(), table.end());
    QCOMPARE(int(table.size()), 90);
    const auto scores = PrecomputedScores::open(kData.toStdString() + "scores");
    const auto a = scores->sample(40, 7), b = scores->sample(40, 7), c = scores->sample(40, 8);
    QCOMPARE(a, b);
    QVERIFY(a != c);
    for (float v : a) {
      const auto near = std::lower_bound(table.begin(), table.end(), double(v) - 5e-4 - 1e-6);
      QVERIFY2(near != table.end() && std::fabs(*near - v) <= 5e-4 + 1e-6, qPrintable(QString::number(v)));
    }
    auto all = scores->sample(90, 1);
    std::sort(all.begin(), all.end());
    for (size_t i = 0; i < all.size(); ++i) QVERIFY(std::fabs(all[i] - table[i]) <= 5e-4 + 1e-6);
    try {
      scores->sample(91, 1);
      QFAIL("91 scores sampled from 90 rows");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("only 90 scores"), e.what());
    }
  }

  void corruptShardsNameFileAndColumn() {
    // Data pages overwritten (footer intact): the first column decoded fails.
    const QString bad = tmp_.filePath("corrupt/llr_chr1.parquet");
    QVERIFY(copy(kData + "scores/llr_chr1.parquet", bad));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::ReadWrite));
    f.seek(4);
    f.write(QByteArray(400, '\xff'));
    f.close();
    const auto scores = PrecomputedScores::open(tmp_.filePath("corrupt").toStdString());
    try {
      scores->annotate({snv("1", 1010, expected_.at(1010).ref.toStdString(), "G")});
      QFAIL("a corrupt shard was read");
    } catch (const Error& e) {
      const QString msg = e.what();
      QVERIFY2(msg.contains("corrupt/llr_chr1.parquet") && msg.contains("column '"), e.what());
    }
    // A Parquet file that is not a score shard: the missing column is named.
    QVERIFY(copy(QStringLiteral(GPNMSA_TEST_DATA "/parquet/edge_cases.parquet"), tmp_.filePath("other/llr_chr2.parquet")));
    try {
      PrecomputedScores::open(tmp_.filePath("other/llr_chr2.parquet").toStdString());
      QFAIL("a table without a pos column was accepted");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("no column 'pos'"), e.what());
    }
    try {
      PrecomputedScores::open(kData.toStdString() + "scores/entropy_chr1.parquet");
      QFAIL("an entropy shard was taken for LLR scores");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("an entropy shard"), e.what());
    }
    // A folder without shards says what it expected.
    QDir().mkpath(tmp_.filePath("empty"));
    try {
      PrecomputedScores::open(tmp_.filePath("empty").toStdString());
      QFAIL("an empty folder was accepted");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("llr_chr<chrom>.parquet"), e.what());
    }
  }

  void annotateCommand() {
    const QString in = tmp_.filePath("query.tsv");
    QFile q(in);
    QVERIFY(q.open(QIODevice::WriteOnly));
    q.write("chrom\tpos\tref\talt\n");
    for (const Variant& v : all_) q.write(QString("chr1\t%1\t%2\t%3\n").arg(v.pos).arg(v.ref.c_str(), v.alt.c_str()).toUtf8());
    q.write("chr2\t1010\tA\tC\n");  // no shard for chromosome 2
    q.close();
    const QString out = tmp_.filePath("annotated.tsv");
    QString err;
    QCOMPARE(run({"annotate", "-q", "--scores", release_ + "/data/gpn-star-fixture-tiny", "-i", in, "-o", out}, &err), 0);
    const auto t = testsupport::readTsv(out);
    QCOMPARE(t.rows.size(), all_.size() + 1);
    const int pos = t.column("pos"), alt = t.column("alt"), score = t.column("score"), status = t.column("status");
    QVERIFY(pos >= 0 && alt >= 0 && score >= 0 && status >= 0);
    for (size_t i = 0; i < all_.size(); ++i) {
      QCOMPARE(t.rows[i][status], QString("ok"));
      const double want = expected_.at(t.rows[i][pos].toLongLong()).llr.at(t.rows[i][alt]);
      QVERIFY(std::fabs(t.rows[i][score].toDouble() - want) <= 5e-4 + 1e-6);
    }
    QCOMPARE(t.rows.back()[status], QString("not_in_score_file"));

    // VCF: the score under INFO/GPN_STAR_CAL, declared with Number and Type.
    const QString vcf = tmp_.filePath("annotated.vcf");
    QCOMPARE(run({"annotate", "-q", "--scores", release_ + "/data/gpn-star-fixture-tiny/llr/llr_chr1.parquet", "-i", in,
                  "-o", vcf}, &err), 0);
    QFile v(vcf);
    QVERIFY(v.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(v.readAll());
    QVERIFY2(text.contains("##INFO=<ID=GPN_STAR_CAL,Number=A,Type=Float,Description=\"GPN-Star calibrated score"),
             qPrintable(text.left(2000)));
    const Variant& first = all_.front();
    const double want = expected_.at(first.pos).llr.at(QString::fromStdString(first.alt));
    const QRegularExpression line(QString("\\n(chr)?1\\t%1\\t[^\\t]*\\t%2\\t%3\\t[^\\n]*GPN_STAR_CAL=([-0-9.e]+)")
                                      .arg(first.pos).arg(first.ref.c_str(), first.alt.c_str()));
    const auto m = line.match(text);
    QVERIFY2(m.hasMatch(), qPrintable(text.right(3000)));
    QVERIFY(std::fabs(m.captured(2).toDouble() - want) <= 5e-4 + 1e-6);
  }

  // Over http, in place: a folder URL (shards found by name, a chromosome
  // without one is a 404 = no score) and one shard's URL give the same values.
  void overHttp() {
    testsupport::LoopbackNginx nginx;
    const QString why = nginx.start(tmp_.path());
    if (why.contains("not installed")) QSKIP(qPrintable(why));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    for (const char* f : {"llr/llr_chr1.parquet", "entropy/entropy_chr1.parquet"})
      testsupport::LoopbackNginx::makeReadable(release_ + "/data/gpn-star-fixture-tiny/" + QString(f));
    const QString folder = nginx.url("gpn-star-scores/data/gpn-star-fixture-tiny/");
    checkAll(folder, "chr1");
    if (QTest::currentTestFailed()) return;
    checkAll(folder + "llr/llr_chr1.parquet", "1");
    if (QTest::currentTestFailed()) return;
    const auto scores = PrecomputedScores::open(folder.toStdString());
    const auto rows = scores->annotate({snv("7", 1010, "A", "C")});
    QCOMPARE(rows[0].status, VariantStatus::NotInScoreFile);
    QVERIFY2(QString::fromStdString(rows[0].detail).contains("llr_chr7.parquet"), rows[0].detail.c_str());
    // A shard URL that is not there at all is an error when opening.
    try {
      PrecomputedScores::open(nginx.url("nothing/llr_chr1.parquet").toStdString());
      QFAIL("a missing shard URL was accepted");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("404"), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestScoreShards)
#include "test_score_shards.moc"
