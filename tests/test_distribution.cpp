// SPDX-License-Identifier: GPL-3.0-or-later
// Reference score distributions (gpnmsa distribution) and the percentiles that
// score outputs get from them, checked against direct computations.
#include <QtTest>
#include <cmath>
#include <random>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "gpnmsa/model.h"
#include "gpnmsa/score_distribution.h"
#include "gpnmsa/scorer.h"
#include "support/parity_fixtures.h"
#include "support/run_program.h"

using namespace testsupport;
using gpnmsa::ScoreDistribution;

namespace {

// The share (%) of `raw` strictly greater than s: what percentile() estimates.
double directPercentile(const std::vector<float>& raw, float s) {
  size_t greater = 0;
  for (float x : raw) greater += x > s;
  return 100.0 * double(greater) / double(raw.size());
}

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Every "# key=value" line of a distribution file.
QMap<QString, QString> headerOf(const QString& path) {
  QMap<QString, QString> h;
  for (const QByteArray& line : readAll(path).split('\n')) {
    if (!line.startsWith("# ") || !line.contains('=') || line.startsWith("# percentile(")) continue;
    const int eq = line.indexOf('=');
    h[QString::fromUtf8(line.mid(2, eq - 2))] = QString::fromUtf8(line.mid(eq + 1));
  }
  return h;
}

}  // namespace

class TestDistribution : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

  static ProgramRun gpnmsa(const QStringList& args) { return runProgram(QStringLiteral(GPNMSA_CLI), args); }
  static QStringList tiny() { return {"--model", parityDir() + "/tiny", "--msa", parityDir() + "/msa.zarr"}; }

  // The tiny model's reference scores at `positions` positions, computed here.
  static std::vector<float> rawScores(int64_t positions, uint64_t seed) {
    auto model = gpnmsa::GpnMsaModel::load((parityDir() + "/tiny").toStdString());
    auto store = gpnmsa::AlignmentStore::open((parityDir() + "/msa.zarr").toStdString());
    gpnmsa::Scorer scorer(*model, *store);
    return gpnmsa::referenceScoresAtPositions(scorer, *store, positions, seed);
  }

 private slots:
  void initTestCase() { QVERIFY(tmp_.isValid()); }

  // percentile(s) = % of reference scores strictly greater than s, within a
  // quantile step of the exact share of the raw scores.
  void percentileMatchesDirectComputation() {
    std::mt19937_64 rng(5);
    std::vector<float> raw;
    for (int i = 0; i < 20000; ++i) raw.push_back(float(double(rng() % 1000000) / 1e5 - 8.0));  // -8..2
    for (int i = 0; i < 500; ++i) raw.push_back(0.0f);  // a tie block
    const ScoreDistribution d = ScoreDistribution::fromScores(raw, {{"method", "test"}});
    QCOMPARE(d.value("count"), QStringLiteral("20500").toStdString());
    for (float s : {-7.9f, -6.5f, -3.0f, -1.25f, -0.001f, 0.0f, 0.5f, 1.9f}) {
      const double got = d.percentile(s), want = directPercentile(raw, s);
      QVERIFY2(std::fabs(got - want) < 0.15, qPrintable(QString("score %1: %2 vs %3").arg(s).arg(got).arg(want)));
    }
    QCOMPARE(d.percentile(-100.0f), 100.0);  // below every reference score
    QCOMPARE(d.percentile(100.0f), 0.0);
    QCOMPARE(d.percentile(*std::max_element(raw.begin(), raw.end())), 0.0);  // none strictly greater
    QVERIFY(std::isnan(d.percentile(NAN)));
    QCOMPARE(gpnmsa::formatPercentile(98.74), std::string("98.7"));
    QCOMPARE(gpnmsa::formatPercentile(NAN), std::string());
  }

  void writeReadRoundTrip() {
    const ScoreDistribution d = ScoreDistribution::fromScores({-3.0f, -1.0f, 0.5f, 2.0f}, {{"method", "test"}, {"seed", "3"}});
    const QString path = tmp_.filePath("round.tsv");
    d.write(path.toStdString());
    const ScoreDistribution back = ScoreDistribution::read(path.toStdString());
    QVERIFY(back.quantileScores() == d.quantileScores());
    QVERIFY(back.header() == d.header());
    QCOMPARE(back.percentile(-1.0f), d.percentile(-1.0f));
    // Errors name the file and the line.
    QByteArray text = readAll(path);
    text.replace("0.500\t", "0.500\tx");
    const QString bad = tmp_.filePath("bad.tsv");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
    f.close();
    try {
      ScoreDistribution::read(bad.toStdString());
      QFAIL("a malformed row was accepted");
    } catch (const gpnmsa::Error& e) {
      const int line = int(text.left(text.indexOf("0.500\tx")).count('\n')) + 1;
      QVERIFY2(QString(e.what()).contains(bad + ", line " + QString::number(line)), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(gpnmsa::Error, ScoreDistribution::read(tmp_.filePath("missing.tsv").toStdString()));
  }

  // gpnmsa distribution: same seed -> same bytes; header says how it was made;
  // quantiles equal a direct computation from the raw scores.
  void commandIsDeterministicAndDirect() {
    const QString a = tmp_.filePath("a.tsv"), b = tmp_.filePath("b.tsv");
    for (const QString& out : {a, b}) {
      const ProgramRun r = gpnmsa(QStringList{"distribution"} + tiny() + QStringList{"--positions", "40", "--seed", "7", "-o", out, "--quiet"});
      QVERIFY2(r.code == 0, qPrintable(r.err));
    }
    QCOMPARE(readAll(a), readAll(b));
    const QMap<QString, QString> h = headerOf(a);
    QCOMPARE(h["method"], QString("positions"));
    QCOMPARE(h["positions"], QString("40"));
    QCOMPARE(h["seed"], QString("7"));
    QCOMPARE(h["model"], parityDir() + "/tiny");
    const std::vector<float> raw = rawScores(40, 7);
    QCOMPARE(h["count"], QString::number(raw.size()));
    QCOMPARE(raw.size(), size_t(120));  // all three SNVs of each position
    const ScoreDistribution direct = ScoreDistribution::fromScores(raw, {});
    QVERIFY(ScoreDistribution::read(a.toStdString()).quantileScores() == direct.quantileScores());
    // Another seed, other positions.
    const ProgramRun c = gpnmsa(QStringList{"distribution"} + tiny() + QStringList{"--positions", "40", "--seed", "8", "-o", tmp_.filePath("c.tsv"), "--quiet"});
    QVERIFY2(c.code == 0, qPrintable(c.err));
    QVERIFY(readAll(tmp_.filePath("c.tsv")) != readAll(a));
  }

  // The bundle's recorded command (resources/demo/ABOUT.txt) with a smaller N:
  // same header but for N and count.
  void bundleCommandSmallN() {
    const QString bundle = QStringLiteral(GPNMSA_SOURCE_DIR "/resources/demo/model/score_distribution.tsv");
    QVERIFY(QFile::exists(bundle));
    QVERIFY(readAll(QStringLiteral(GPNMSA_SOURCE_DIR "/resources/demo/ABOUT.txt")).contains(
        "gpnmsa distribution --model resources/demo/model --msa resources/demo/msa.zarr.zip --positions 1000 --seed 1"));
    const QString out = tmp_.filePath("demo.tsv");
    ProgramRun r = runProgram(QStringLiteral(GPNMSA_CLI),
                              {"distribution", "--model", "resources/demo/model", "--msa", "resources/demo/msa.zarr.zip",
                               "--positions", "10", "--seed", "1", "-o", out, "--quiet"},
                              600000, QStringLiteral(GPNMSA_SOURCE_DIR));
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QMap<QString, QString> got = headerOf(out), want = headerOf(bundle);
    QCOMPARE(got["positions"], QString("10"));
    QCOMPARE(got["count"], QString("30"));
    for (auto* h : {&got, &want}) {
      h->remove("positions");
      h->remove("count");
    }
    QCOMPARE(got, want);
    const ScoreDistribution d = ScoreDistribution::read(bundle.toStdString());
    QCOMPARE(d.value("count"), std::string("3000"));
  }

  // Method "sample": a score file sampled through its index. Asking for every
  // record gives the distribution of all of the file's scores.
  void sampleScoreFile() {
    const QString bgz = tmp_.filePath("mine.tsv.bgz");
    ProgramRun r = gpnmsa(QStringList{"score"} + tiny() + QStringList{"-i", parityDir() + "/variants.vcf", "-o", bgz, "--quiet"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    std::vector<float> all;
    {
      QProcess p;
      p.start("bgzip", {"-dc", bgz});
      QVERIFY(p.waitForFinished());
      for (const QByteArray& line : p.readAllStandardOutput().split('\n'))
        if (!line.isEmpty()) all.push_back(line.split('\t').value(4).toFloat());
    }
    QVERIFY(all.size() > 10);
    const QString a = tmp_.filePath("s1.tsv"), b = tmp_.filePath("s2.tsv"), full = tmp_.filePath("sall.tsv");
    for (const QString& out : {a, b}) {
      r = gpnmsa({"distribution", "--scores", bgz, "--sample", "10", "--seed", "3", "-o", out, "--quiet"});
      QVERIFY2(r.code == 0, qPrintable(r.err));
    }
    QCOMPARE(readAll(a), readAll(b));
    QMap<QString, QString> h = headerOf(a);
    QCOMPARE(h["method"], QString("sample"));
    QCOMPARE(h["count"], QString("10"));
    QCOMPARE(h["scores"], bgz);
    r = gpnmsa({"distribution", "--scores", bgz, "--sample", QString::number(all.size()), "-o", full, "--quiet"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(ScoreDistribution::read(full.toStdString()).quantileScores() ==
            ScoreDistribution::fromScores(all, {}).quantileScores());
    r = gpnmsa({"distribution", "--scores", bgz, "--sample", QString::number(all.size() + 1), "-o", full});
    QVERIFY2(r.code == 1 && r.err.contains("found only"), qPrintable(r.err));
    r = gpnmsa({"distribution", "--scores", bgz, "-o", full});
    QCOMPARE(r.code, 1);  // --scores needs --sample
  }

  // gpnmsa score --distribution: table column percentile and INFO/GPN_MSA_PCT
  // equal the percentile computed here, and agree with the raw scores.
  void scoreWritesPercentiles() {
    const QString dist = tmp_.filePath("tiny-dist.tsv");
    ProgramRun r = gpnmsa(QStringList{"distribution"} + tiny() + QStringList{"--positions", "60", "-o", dist, "--quiet"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const ScoreDistribution d = ScoreDistribution::read(dist.toStdString());
    const std::vector<float> raw = rawScores(60, 1);
    const QString vcf = parityDir() + "/variants.vcf";
    const QString tsv = tmp_.filePath("pct.tsv"), outVcf = tmp_.filePath("pct.vcf");
    for (const QString& out : {tsv, outVcf}) {
      r = gpnmsa(QStringList{"score"} + tiny() + QStringList{"-i", vcf, "-o", out, "--distribution", dist, "--quiet"});
      QVERIFY2(r.code == 0, qPrintable(r.err));
    }
    const TsvTable t = readTsv(tsv);
    const int pc = t.column("percentile"), sc = t.column("score");
    QCOMPARE(pc, t.column("detail") + 1);
    int checked = 0;
    QMap<QString, QString> byVariant;
    for (const QStringList& row : t.rows) {
      if (row[sc].isEmpty()) {
        QVERIFY(row[pc].isEmpty());
        continue;
      }
      const float s = row[sc].toFloat();
      QCOMPARE(row[pc], QString::fromStdString(gpnmsa::formatPercentile(d.percentile(s))));
      QVERIFY2(std::fabs(row[pc].toDouble() - directPercentile(raw, s)) <= 100.0 / double(raw.size()) + 0.1,
               qPrintable(row.join(' ')));
      byVariant[row[0] + ":" + row[1] + ":" + row[4]] = row[pc];
      ++checked;
    }
    QVERIFY(checked > 5);
    const QByteArray text = readAll(outVcf);
    QVERIFY(text.contains("##INFO=<ID=GPN_MSA_PCT,Number=A,Type=Float,Description=\"Percentile"));
    QVERIFY(text.contains("Not a clinical classification"));
    int vcfChecked = 0;
    for (const QByteArray& line : text.split('\n')) {
      if (line.startsWith('#') || line.isEmpty()) continue;
      const QList<QByteArray> f = line.split('\t');
      const QList<QByteArray> alts = f[4].split(',');
      for (const QByteArray& kv : f[7].split(';')) {
        if (!kv.startsWith("GPN_MSA_PCT=")) continue;
        const QList<QByteArray> vals = kv.mid(12).split(',');
        for (int i = 0; i < alts.size(); ++i) {
          const QString key = QString::fromUtf8(f[0] + ":" + f[1] + ":" + alts[i]);
          if (vals[i] == ".") continue;
          QCOMPARE(vals[i].toDouble(), byVariant.value(key).toDouble());
          ++vcfChecked;
        }
      }
    }
    QCOMPARE(vcfChecked, checked);
    // An input that already declares the field is refused.
    r = gpnmsa(QStringList{"score"} + tiny() + QStringList{"-i", outVcf, "-o", tmp_.filePath("again.vcf"), "--distribution", dist, "--info-field", "GPN_MSA2"});
    QVERIFY2(r.code == 1 && r.err.contains("GPN_MSA_PCT"), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestDistribution)
#include "test_distribution.moc"
