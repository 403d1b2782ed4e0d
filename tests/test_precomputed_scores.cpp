// SPDX-License-Identifier: GPL-3.0-or-later
// The published precomputed-score layout (bgzip + tabix, `chrom pos ref alt
// score`): files made here with Debian's bgzip and tabix, read by
// `gpnmsa annotate`; and `gpnmsa score -o X.tsv.bgz` read back.
#include <QtTest>

#include "support/parity_fixtures.h"

using namespace testsupport;

class TestPrecomputedScores : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString scores_;  // published-layout file built from variants.tsv

  static int run(const QString& program, const QStringList& args, QString* err = nullptr, QString* out = nullptr) {
    QProcess p;
    p.start(program, args);
    p.waitForFinished(300000);
    if (err) *err = QString::fromUtf8(p.readAllStandardError());
    if (out) *out = QString::fromUtf8(p.readAllStandardOutput());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  }

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    // Three rows per site as in the release: the golden ALT with its golden
    // score (2 decimals), the other two ALTs with marker values 100+.
    const TsvTable t = readTsv(parityDir() + "/variants.tsv");
    std::vector<std::tuple<QString, qlonglong, QString>> lines;
    for (const auto& r : t.rows) {
      int marker = 100;
      for (const QString alt : {"A", "C", "G", "T"}) {
        if (alt == r[2]) continue;
        const QString score = alt == r[3] ? QString::number(r[4].toDouble(), 'f', 2) : QString::number(marker++);
        lines.emplace_back(r[0], r[1].toLongLong(), r[0] + '\t' + r[1] + '\t' + r[2] + '\t' + alt + '\t' + score);
      }
    }
    std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
      return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) < std::get<0>(b) : std::get<1>(a) < std::get<1>(b);
    });
    const QString plain = tmp_.filePath("scores.tsv");
    QFile f(plain);
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (const auto& l : lines) f.write((std::get<2>(l) + '\n').toUtf8());
    f.close();
    QString err;
    QCOMPARE(run("bgzip", {"-f", plain}, &err), 0);
    scores_ = plain + ".gz";
    QCOMPARE(run("tabix", {"-s1", "-b2", "-e2", scores_}, &err), 0);
  }

  void annotateVcf() {
    const QString out = tmp_.filePath("annotated.tsv");
    QString err;
    QCOMPARE(run(GPNMSA_CLI, {"annotate", "-q", "--scores", scores_, "-i",
                              QStringLiteral(GPNMSA_TEST_DATA "/parity/variants.vcf"), "-o", out}, &err), 0);
    const TsvTable golden = readTsv(parityDir() + "/variants.tsv");
    const TsvTable got = readTsv(out);
    QCOMPARE(got.rows.size(), golden.rows.size());
    for (size_t i = 0; i < golden.rows.size(); ++i) {
      QCOMPARE(got.rows[i][got.column("status")], QString("ok"));
      QVERIFY(std::fabs(got.rows[i][got.column("score")].toDouble() - golden.rows[i][4].toDouble()) <= 0.005 + 1e-9);
    }
    QFile f(out);
    f.open(QIODevice::ReadOnly);
    QVERIFY(f.readLine().contains("method=precomputed"));
  }

  void statuses() {
    const QString in = tmp_.filePath("mixed.tsv");
    QFile t(in);
    QVERIFY(t.open(QIODevice::WriteOnly));
    t.write("chrom\tpos\tref\talt\n"
            "chrX\t821\tA\tC\n"     // chr prefix: found
            "1\t4498\tT\tA\n"       // marker row, not the golden ALT
            "1\t4497\tA\tC\n"       // no row at this position
            "1\t4498\tG\tA\n"       // the file's REF is T
            "7\t100\tA\tC\n"        // chromosome absent
            "1\t4498\tT\tTA\n");    // indel
    t.close();
    QString err, out;
    QCOMPARE(run(GPNMSA_CLI, {"annotate", "-q", "--scores", scores_, "-i", in, "-o", "-"}, &err, &out), 0);
    const QStringList lines = out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 8);
    QVERIFY2(lines[2].contains("\t-2.16\t") || lines[2].contains("\t-2.160000\t"), qPrintable(lines[2]));
    QVERIFY(lines[3].contains("\t100") && lines[3].contains("\tok"));
    QVERIFY(lines[4].contains("not_in_score_file"));
    QVERIFY(lines[5].contains("ref_mismatch"));
    QVERIFY(lines[6].contains("unknown_chromosome"));
    QVERIFY(lines[7].contains("\tindel\t"));
  }

  // Our own scores written in the published layout read back identically.
  void scoreWritesPublishedLayout() {
    const QString bgz = tmp_.filePath("ours.tsv.bgz");
    QString err, out;
    QCOMPARE(run(GPNMSA_CLI, {"score", "-q", "--model", parityDir() + "/tiny", "--msa", parityDir() + "/msa.zarr", "-i", QStringLiteral(GPNMSA_TEST_DATA "/parity/variants.vcf"), "-o", bgz}, &err), 0);
    QVERIFY2(QFile::exists(bgz + ".tbi"), qPrintable(err));
    QCOMPARE(run("tabix", {bgz, "X:821-821"}, &err, &out), 0);  // Debian's tabix reads our index
    QCOMPARE(out.trimmed(), QString("X\t821\tA\tC\t-2.160"));
    QCOMPARE(run(GPNMSA_CLI, {"annotate", "-q", "--scores", bgz, "-i", QStringLiteral(GPNMSA_TEST_DATA "/parity/variants.vcf"), "-o", "-"}, &err, &out), 0);
    QCOMPARE(out.count("\tok"), 24);
  }

  void badScoreFiles() {
    QString err;
    const QString noIndex = tmp_.filePath("noindex.tsv.gz");
    QVERIFY(QFile::copy(scores_, noIndex));
    QVERIFY(run(GPNMSA_CLI, {"annotate", "--scores", noIndex, "-i", parityDir() + "/variants.tsv", "-o", "-"}, &err) != 0);
    QVERIFY2(err.contains("no tabix index"), qPrintable(err));
    QVERIFY(run(GPNMSA_CLI, {"annotate", "--scores", parityDir() + "/variants.tsv", "-i", parityDir() + "/variants.tsv", "-o", "-"}, &err) != 0);
    QVERIFY2(err.contains("not bgzip-compressed"), qPrintable(err));
    QVERIFY(run(GPNMSA_CLI, {"annotate", "--scores", "/nonexistent.tsv.bgz", "-i", parityDir() + "/variants.tsv", "-o", "-"}, &err) != 0);
    QVERIFY2(err.contains("/nonexistent.tsv.bgz"), qPrintable(err));
    // htslib's reason ("[E::hts_open_format] Failed to open file ... : No such
    // file or directory") is inside our one message, not a line of its own.
    QVERIFY2(err.startsWith("gpnmsa: error: /nonexistent.tsv.bgz: cannot open the score file: Failed to open file"), qPrintable(err));
    QVERIFY2(err.contains("No such file or directory") && err.count('\n') == 1, qPrintable(err));
    QVERIFY2(!err.contains("[E::"), qPrintable(err));
  }

  // Issue 17 defect 5: the .tbi of another real bgzip file (here: this
  // file's rows before 200 more were put in front) is refused by name; it
  // used to turn the rows of later chromosomes into not_in_score_file.
  void indexOfAnotherFileIsRefused() {
    QProcess unzip;
    unzip.start("bgzip", {"-dc", scores_});
    QVERIFY(unzip.waitForFinished(60000) && unzip.exitCode() == 0);
    QByteArray rows;
    for (int pos = 1; pos <= 200; ++pos) rows += "1\t" + QByteArray::number(pos) + "\tA\tC\t0.5\n";
    rows += unzip.readAllStandardOutput();
    const QString plain = tmp_.filePath("shifted.tsv");
    QFile f(plain);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(rows);
    f.close();
    QString err, out;
    QCOMPARE(run("bgzip", {"-f", plain}, &err), 0);
    const QString bgz = plain + ".gz";
    QVERIFY(QFile::copy(scores_ + ".tbi", bgz + ".tbi"));
    QVERIFY(run(GPNMSA_CLI, {"annotate", "--scores", bgz, "-i", QStringLiteral(GPNMSA_TEST_DATA "/parity/variants.vcf"),
                             "-o", "-"}, &err, &out) != 0);
    QVERIFY2(err.contains(bgz + ".tbi does not index " + bgz) &&
                 err.contains("rebuild it with tabix -s1 -b2 -e2 " + bgz), qPrintable(err));
    QVERIFY2(!out.contains("not_in_score_file"), qPrintable(out));
    // Rebuilt, the same file reads.
    QVERIFY(QFile::remove(bgz + ".tbi"));
    QCOMPARE(run("tabix", {"-s1", "-b2", "-e2", bgz}, &err), 0);
    QCOMPARE(run(GPNMSA_CLI, {"annotate", "-q", "--scores", bgz, "-i", QStringLiteral(GPNMSA_TEST_DATA "/parity/variants.vcf"),
                              "-o", "-"}, &err, &out), 0);
    QCOMPARE(out.count("\tok"), 24);
  }

  // Issue 17 defect 6: a row saying nan (or inf) is status error with the
  // reason, never ok with an empty score; the summary counts it as error.
  void nonFiniteScoreIsError() {
    const QString plain = tmp_.filePath("nan.tsv");
    QFile f(plain);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("1\t730\tT\tC\tnan\n"
            "1\t4498\tT\tC\tinf\n"
            "1\t4498\tT\tG\t-1.5\n");
    f.close();
    QString err, out;
    QCOMPARE(run("bgzip", {"-f", plain}, &err), 0);
    QCOMPARE(run("tabix", {"-s1", "-b2", "-e2", plain + ".gz"}, &err), 0);
    const QString in = tmp_.filePath("nan-in.tsv");
    QFile t(in);
    QVERIFY(t.open(QIODevice::WriteOnly));
    t.write("chrom\tpos\tref\talt\n1\t730\tT\tC\n1\t4498\tT\tC\n1\t4498\tT\tG\n");
    t.close();
    run(GPNMSA_CLI, {"annotate", "--scores", plain + ".gz", "-i", in, "-o", "-"}, &err, &out);
    const QStringList lines = out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QVERIFY2(lines[2].contains("\terror\t") && lines[2].contains("the score file says nan at 1:730-730"), qPrintable(lines[2]));
    QVERIFY2(lines[3].contains("\terror\t") && lines[3].contains("the score file says inf at 1:4498-4498"), qPrintable(lines[3]));
    QVERIFY2(lines[4].contains("\tok") && lines[4].contains("-1.5"), qPrintable(lines[4]));
    QVERIFY2(!out.contains("\tnan") && !out.contains("\tinf"), qPrintable(out));
    QVERIFY2(err.contains("ok 1") && err.contains("error 2"), qPrintable(err));
  }

  // Nothing in the score file: the summary says so instead of a rate.
  void emptyRunReportsNoRate() {
    QString err, out;
    // Not one row found: exit 1 with the reason (issue 11), output still written.
    QCOMPARE(run(GPNMSA_CLI, {"annotate", "--scores", scores_, "-i", QStringLiteral(GPNMSA_TEST_DATA "/io/columns.tsv"),
                              "-o", "-"}, &err, &out), 1);
    QVERIFY2(err.contains("none of the 4 variants have a precomputed score ("), qPrintable(err));
    QVERIFY(out.contains("\tindel\t"));
    QVERIFY2(err.contains("annotating: 4 variants in 0s, none found in the score file"), qPrintable(err));
    QVERIFY2(!err.contains("/s") && err.contains("wrote 4 rows to - (indel 1, "), qPrintable(err));
  }
};

QTEST_GUILESS_MAIN(TestPrecomputedScores)
#include "test_precomputed_scores.moc"
