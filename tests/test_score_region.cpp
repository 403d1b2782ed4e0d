// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa score-region` end to end (issue 14, part 1): its rows equal those
// `gpnmsa score -o .tsv.bgz` writes for every SNV of the same region, the file
// reads back with tabix, and its bigWig tracks read back with libBigWig hold
// the logo heights of `gpnmsa logits` and the lowest of the three scores.
#define NOCURL
#include <bigWig.h>

#include <QtTest>
#include <cmath>
#include <map>

#include "gpnmsa/logo_heights.h"
#include "support/parity_fixtures.h"
#include "support/run_program.h"
#include "support/text_files.h"

using namespace testsupport;

namespace {

ProgramRun runCli(const QStringList& args) { return runProgram(QStringLiteral(GPNMSA_CLI), args); }

QString zcat(const QString& path) { return runProgram("bgzip", {"-dc", path}).out; }

// Every value of a bigWig's chromosome: 1-based position -> value.
std::map<int64_t, float> bigWigValues(const QString& path, const char* chrom) {
  std::map<int64_t, float> out;
  bigWigFile_t* fp = bwOpen(path.toLocal8Bit().constData(), nullptr, "r");
  if (!fp) return out;
  const uint32_t tid = bwGetTid(fp, chrom);
  if (tid != uint32_t(-1)) {
    bwOverlappingIntervals_t* iv = bwGetValues(fp, chrom, 0, fp->cl->len[tid], 0);
    for (uint32_t k = 0; iv && k < iv->l; ++k) out[int64_t(iv->start[k]) + 1] = iv->value[k];
    if (iv) bwDestroyOverlappingIntervals(iv);
  }
  bwClose(fp);
  return out;
}

}  // namespace

struct Region {
  QString chrom;
  int start, end;
};
Q_DECLARE_METATYPE(Region)

class TestScoreRegion : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

  static QStringList tiny() { return {"--model", parityDir() + "/tiny", "--msa", parityDir() + "/msa.zarr.zip"}; }

  // Every ordered (REF, ALT) pair at every position: `gpnmsa score` keeps
  // the three whose REF is the reference (the others are ref_mismatch, not
  // written to .tsv.bgz), so the reference comes from the scorer itself.
  QString everySnv(const QString& name, const QList<Region>& regions) {
    QByteArray text = "chrom\tpos\tref\talt\n";
    for (const Region& r : regions)
      for (int pos = r.start; pos <= r.end; ++pos)
        for (char ref : {'A', 'C', 'G', 'T'})
          for (char alt : {'A', 'C', 'G', 'T'})
            if (ref != alt)
              text += r.chrom.toUtf8() + '\t' + QByteArray::number(pos) + '\t' + ref + '\t' + alt + '\n';
    const QString path = tmp_.filePath(name);
    writeTextFile(path, text);
    return path;
  }

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    bwInit(1 << 17);
  }

  // The tiny parity store: chromosome 1 (5,000 bp) from its start (window
  // shifted) across its N stretch (101-140); X's last 110 bp (its end); the
  // demo: across the edge of its aligned part (chunks absent / NUL-filled).
  void equalsScoreOfEverySnv_data() {
    QTest::addColumn<QStringList>("engine");
    QTest::addColumn<QString>("bed");
    QTest::addColumn<QList<Region>>("regions");
    QTest::addColumn<int>("unscored");  // positions without rows
    QTest::newRow("tiny: chr1 start, N stretch, X end")
        << tiny() << "1\t0\t200\tfirst\nchrX\t2890\t3000\n"
        << QList<Region>{{"1", 1, 200}, {"X", 2891, 3000}} << 40;
    QTest::newRow("demo: edge of the aligned part")
        << QStringList{} << "chr22\t16599949\t16600060\n" << QList<Region>{{"chr22", 16599950, 16600060}} << -1;
  }
  void equalsScoreOfEverySnv() {
    QFETCH(QStringList, engine);
    QFETCH(QString, bed);
    QFETCH(QList<Region>, regions);
    QFETCH(int, unscored);
    const QString tag = QString::number(QTest::currentDataTag()[0] == 't' ? 1 : 2);
    const QString bedPath = tmp_.filePath("regions" + tag + ".bed");
    QVERIFY(writeTextFile(bedPath, bed.toUtf8()));
    const QStringList common = engine + QStringList{"--threads", "1", "--batch-size", "16", "-q"};
    const QString region = tmp_.filePath("region" + tag + ".tsv.bgz"), prefix = tmp_.filePath("tracks" + tag);
    ProgramRun r = runCli(QStringList{"score-region", "--regions-bed", bedPath, "-o", region, "--bigwig-prefix",
                                      prefix} + common);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString single = tmp_.filePath("single" + tag + ".tsv.bgz");
    r = runCli(QStringList{"score", "-i", everySnv("every" + tag + ".tsv", regions), "-o", single} + common);
    QVERIFY2(r.code == 0, qPrintable(r.err));

    const QString text = zcat(region);
    QVERIFY(!text.isEmpty());
    QCOMPARE(text, zcat(single));  // identical rows, identical text

    // Three rows per position that has them, REF upper case, ALTs A,C,G,T order.
    const QStringList lines = text.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size() % 3, 0);
    int positions = 0;
    for (const Region& g : regions) positions += g.end - g.start + 1;
    if (unscored >= 0) QCOMPARE(lines.size() / 3, positions - unscored);
    else QVERIFY(lines.size() / 3 < positions && lines.size() > 0);  // the demo: part unaligned

    // Reads back with tabix: a sub-range gives exactly those rows.
    const QStringList first = lines.first().split('\t');
    const int from = first[1].toInt() + 5, to = from + 9;
    r = runProgram("tabix", {region, first[0] + ":" + QString::number(from) + "-" + QString::number(to)});
    QCOMPARE(r.code, 0);
    QStringList want;
    for (const QString& l : lines) {
      const QStringList f = l.split('\t');
      if (f[0] == first[0] && f[1].toInt() >= from && f[1].toInt() <= to) want << l;
    }
    QVERIFY(!want.isEmpty());
    QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts), want);

    // min_score: the lowest of each position's three scores (3 decimals in the TSV).
    std::map<QString, std::map<int64_t, double>> minimum;
    for (const QString& l : lines) {
      const QStringList f = l.split('\t');
      auto& m = minimum[f[0]];
      const double s = f[4].toDouble();
      const auto it = m.find(f[1].toLongLong());
      if (it == m.end() || s < it->second) m[f[1].toLongLong()] = s;
    }
    for (const auto& [chrom, byPos] : minimum) {
      const QByteArray ucsc = "chr" + chrom.toUtf8();  // UCSC names in the tracks
      const auto values = bigWigValues(prefix + ".min_score.bw", ucsc.constData());
      QCOMPARE(values.size(), byPos.size());
      for (const auto& [pos, s] : byPos) {
        QVERIFY2(values.count(pos), qPrintable(chrom + ":" + QString::number(pos)));
        QVERIFY2(std::fabs(values.at(pos) - s) <= 0.0005 + 1e-6, qPrintable(QString::number(pos)));
      }
    }

    // Logo heights: those of the logits `gpnmsa logits` computes, as the app draws them.
    const Region g = regions.first();
    const QString logits = tmp_.filePath("logits" + tag + ".tsv");
    const QString gChrom = g.chrom.startsWith("chr") ? g.chrom : "chr" + g.chrom;
    const auto& scored = minimum[g.chrom.startsWith("chr") ? g.chrom.mid(3) : g.chrom];
    const int64_t lo = scored.begin()->first, hi = scored.rbegin()->first;
    r = runCli(QStringList{"logits", "--region", gChrom + ":" + QString::number(lo) + "-" + QString::number(hi), "-o",
                           logits} + common);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const TsvTable t = readTsv(logits);
    std::array<std::map<int64_t, float>, 4> logo;
    const char* bases[] = {"A", "C", "G", "T"};
    for (int k = 0; k < 4; ++k)
      logo[size_t(k)] = bigWigValues(prefix + ".logo_" + bases[k] + ".bw", gChrom.toUtf8().constData());
    int compared = 0;
    for (const QStringList& row : t.rows) {
      const int64_t pos = row[t.column("pos")].toLongLong();
      if (!scored.count(pos)) {
        QVERIFY(!logo[0].count(pos));  // no SNVs, no track value
        continue;
      }
      const std::array<float, 4> acgt = {row[t.column("A")].toFloat(), row[t.column("C")].toFloat(),
                                         row[t.column("G")].toFloat(), row[t.column("T")].toFloat()};
      const auto heights = gpnmsa::logoHeights(acgt);
      for (size_t k = 0; k < 4; ++k)
        QVERIFY2(std::fabs(logo[k].at(pos) - heights[k]) < 1e-4,
                 qPrintable(QString("%1 %2: %3 vs %4").arg(pos).arg(bases[k]).arg(logo[k].at(pos)).arg(heights[k])));
      ++compared;
    }
    QCOMPARE(compared, int(scored.size()));
  }

  // Chunks scored apart and put together (the workflow's merge) equal one run.
  void chunksMergeToOneRun() {
    const QStringList common = tiny() + QStringList{"--threads", "1", "-q"};
    const QString whole = tmp_.filePath("whole.tsv.bgz");
    QCOMPARE(runCli(QStringList{"score-region", "--region", "1:61-260", "-o", whole, "--bigwig-prefix",
                                tmp_.filePath("whole")} + common).code, 0);
    QString joined;
    QStringList parts;
    for (const QString& part : QStringList{"1:61-150", "1:151-260"}) {
      const QString name = tmp_.filePath("part-" + QString(part).replace(':', '_'));
      const ProgramRun r = runCli(QStringList{"score-region", "--region", part, "-o", name + ".tsv.bgz",
                                              "--bigwig-prefix", name} + common);
      QVERIFY2(r.code == 0, qPrintable(r.err));
      joined += zcat(name + ".tsv.bgz");
      parts << name + ".min_score.bw";
    }
    QCOMPARE(joined, zcat(whole));
    const QString merged = tmp_.filePath("merged.min_score.bw");
    const ProgramRun r = runCli(QStringList{"merge-bigwig", "-o", merged} + parts);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto want = bigWigValues(tmp_.filePath("whole.min_score.bw"), "chr1");
    QVERIFY(want.size() > 100);
    {
      const auto got = bigWigValues(merged, "chr1");
      QCOMPARE(got.size(), want.size());
      for (const auto& [pos, value] : want)
        QVERIFY2(got.at(pos) == value, qPrintable(QString("position %1: merged %2, whole %3")
                                                      .arg(pos).arg(double(got.at(pos)), 0, 'g', 9)
                                                      .arg(double(value), 0, 'g', 9)));
    }
    // Out of order: refused, naming the file.
    const ProgramRun bad = runCli(QStringList{"merge-bigwig", "-o", tmp_.filePath("bad.bw"), parts[1], parts[0]});
    QCOMPARE(bad.code, 1);
    QVERIFY2(bad.err.contains(parts[0]) && bad.err.contains("position order"), qPrintable(bad.err));
    QVERIFY(!QFile::exists(tmp_.filePath("bad.bw")));
  }

  // SIGTERM (as Ctrl-C) mid-run: status 130 and no file left, not even a temporary one.
  void interruptLeavesNothing() {
    QTemporaryDir dir;
    QProcess p;
    p.start(QStringLiteral(GPNMSA_CLI), QStringList{"score-region", "--threads", "1"} + tiny() +
                                            QStringList{"--region", "1:1-5000", "-o", dir.filePath("out.tsv.bgz"),
                                                        "--bigwig-prefix", dir.filePath("t")});
    QVERIFY(p.waitForStarted());
    QThread::sleep(3);  // the whole chromosome takes minutes
    p.terminate();
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 130);
    QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("no output written"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{});
  }

  void badInput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("bed");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown chromosome") << QStringList{"--region", "chr7:1-100"} << "" << "chromosome 'chr7'";
    QTest::newRow("start after end") << QStringList{"--region", "1:200-100"} << "" << "1:200-100";
    QTest::newRow("past the end") << QStringList{"--region", "X:2990-3010"} << "" << "ends past chromosome X";
    QTest::newRow("garbage BED line") << QStringList{} << "1\t0\t100\n# fine\n1\t200\tabc\n" << "bad.bed:3:";
    QTest::newRow("BED chromosome") << QStringList{} << "1\t0\t100\nchr9\t0\t10\n" << "bad.bed:2: chromosome 'chr9'";
    QTest::newRow("overlap") << QStringList{"--region", "1:50-60"} << "1\t0\t100\n" << "overlaps";
    QTest::newRow("output name") << QStringList{"--region", "1:1-10", "-o", "x.tsv"} << "" << ".tsv.bgz";
  }
  void badInput() {
    QFETCH(QStringList, args);
    QFETCH(QString, bed);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QStringList all = QStringList{"score-region"} + tiny() + args;
    if (!bed.isEmpty()) {
      QVERIFY(writeTextFile(dir.filePath("bad.bed"), bed.toUtf8()));
      all << "--regions-bed" << dir.filePath("bad.bed");
    }
    if (!args.contains("-o")) all << "-o" << dir.filePath("out.tsv.bgz");
    all << "--bigwig-prefix" << dir.filePath("t");
    const ProgramRun r = runCli(all);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY2(r.err.count('\n') <= 2, qPrintable(r.err));  // one clear message, no crash dump
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), bed.isEmpty() ? QStringList{} : QStringList{"bad.bed"});
  }
};

QTEST_GUILESS_MAIN(TestScoreRegion)
#include "test_score_region.moc"
