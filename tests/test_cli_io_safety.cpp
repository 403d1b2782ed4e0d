// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa score` / `annotate` against outputs and inputs that are not plain
// files (issue 17): -o resolving to the input, to a FIFO, device or directory;
// piped input; positions below 1. Each test writes its own bad files.
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

#include "support/parity_fixtures.h"
#include "support/run_program.h"
#include "support/text_files.h"

using namespace testsupport;

class TestCliIoSafety : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString scores_;  // a tiny published-layout score file (bgzip + tabix)

  static ProgramRun gpnmsa(const QStringList& args) { return runProgram(QStringLiteral(GPNMSA_CLI), args); }

  QString write(const QString& name, const QByteArray& text) {
    const QString path = tmp_.filePath(name);
    if (!writeTextFile(path, text)) qFatal("cannot write %s", qPrintable(path));
    return path;
  }
  static QByteArray contents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
  }
  QString vcf(const QString& name) {
    return write(name, "##fileformat=VCFv4.2\n##contig=<ID=1>\n"
                       "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n1\t10\tv1\tA\tC\t.\t.\t.\n");
  }
  QString tsv(const QString& name) { return write(name, "chrom\tpos\tref\talt\n1\t10\tA\tC\n"); }
  QStringList annotate(const QString& in, const QString& out) {
    return {"annotate", "-q", "--scores", scores_, "-i", in, "-o", out};
  }
  static QStringList score(const QString& in, const QString& out) {
    return {"score", "-q", "--model", parityDir() + "/tiny", "--msa", parityDir() + "/msa.zarr",
            "-i", in, "-o", out};
  }

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    const QString plain = write("scores.tsv", "1\t10\tA\tC\t-0.500\n1\t12\tA\tC\t-0.700\n");
    QCOMPARE(runProgram("bgzip", {"-f", plain}).code, 0);
    QCOMPARE(runProgram("tabix", {"-s1", "-b2", "-e2", plain + ".gz"}).code, 0);
    scores_ = plain + ".gz";
  }

  // Defect 3: an output that is the input under another name is refused
  // before any work, naming both, and the input keeps its bytes.
  void outputResolvingToInputIsRefused_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("alias");  // how -o names the input
    for (const char* command : {"annotate", "score"}) {
      for (const char* format : {"tsv", "vcf"}) {
        for (const char* alias : {"same", "dot-slash", "symlink", "hardlink"}) {
          QTest::newRow(qPrintable(QString("%1 %2 %3").arg(command, format, alias)))
              << command << format << alias;
        }
      }
    }
  }
  void outputResolvingToInputIsRefused() {
    QFETCH(QString, command);
    QFETCH(QString, format);
    QFETCH(QString, alias);
    const QString name = QString("self-%1-%2-%3.%2").arg(command, format, alias);
    const QString in = format == "vcf" ? vcf(name) : tsv(name);
    const QByteArray before = contents(in);
    QString out = in;
    if (alias == "dot-slash") {
      out = tmp_.path() + "/./" + name;
    } else if (alias == "symlink") {
      out = tmp_.filePath("link-" + name);
      QVERIFY(QFile::link(in, out));
    } else if (alias == "hardlink") {
      out = tmp_.filePath("hard-" + name);
      QCOMPARE(::link(in.toLocal8Bit().constData(), out.toLocal8Bit().constData()), 0);
    }
    const ProgramRun r = gpnmsa(command == "score" ? score(in, out) : annotate(in, out));
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(out) && r.err.contains(in) && r.err.contains("is the input"), qPrintable(r.err));
    QCOMPARE(contents(in), before);
  }

  // Defect 13: a FIFO, a device or a directory named by -o is refused before
  // any work ("not a regular file") and left as it was. The device is reached
  // through a symlink in the temporary directory, so that a regression
  // replaces the link and never /dev/null itself.
  void outputThatIsNotARegularFileIsRefused_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("fifo") << "fifo";
    QTest::newRow("device") << "device";
    QTest::newRow("directory") << "directory";
  }
  void outputThatIsNotARegularFileIsRefused() {
    QFETCH(QString, kind);
    const QString in = tsv("special-in-" + kind + ".tsv");
    const QString out = tmp_.filePath("special-out-" + kind + ".tsv");
    if (kind == "fifo") QCOMPARE(::mkfifo(out.toLocal8Bit().constData(), 0600), 0);
    if (kind == "device") QVERIFY(QFile::link("/dev/null", out));
    if (kind == "directory") QVERIFY(QDir().mkdir(out));
    struct stat before {};
    QCOMPARE(::lstat(out.toLocal8Bit().constData(), &before), 0);
    const ProgramRun r = gpnmsa(annotate(in, out));
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(out) && r.err.contains("not a regular file"), qPrintable(r.err));
    struct stat after {};
    QCOMPARE(::lstat(out.toLocal8Bit().constData(), &after), 0);
    QCOMPARE(after.st_mode & S_IFMT, before.st_mode & S_IFMT);
    QCOMPARE(after.st_ino, before.st_ino);
  }

  // Defect 15: piped input is refused with a message that says so (the
  // variants are read more than once), for `-i -` and for a FIFO.
  void pipedInputIsRefusedClearly_data() {
    QTest::addColumn<QString>("how");
    QTest::newRow("dash") << "dash";
    QTest::newRow("fifo") << "fifo";
  }
  void pipedInputIsRefusedClearly() {
    QFETCH(QString, how);
    const QString file = vcf("piped-" + how + ".vcf");
    QString in = "-";
    QProcess writer;  // keeps the FIFO's other end open, so that opening it does not block
    if (how == "fifo") {
      in = tmp_.filePath("piped.fifo");
      QCOMPARE(::mkfifo(in.toLocal8Bit().constData(), 0600), 0);
      writer.start("sh", {"-c", "cat \"$1\" > \"$2\"", "sh", file, in});
      QVERIFY(writer.waitForStarted());
    }
    QProcess p;
    if (how == "dash") p.setStandardInputFile(file);
    p.start(QStringLiteral(GPNMSA_CLI), annotate(in, "-"));
    // Before the fix a FIFO was opened twice and the second open waited for
    // a writer forever; a bound on the wait keeps a regression from hanging.
    if (!p.waitForFinished(120000)) p.kill();
    p.waitForFinished();
    const QString err = QString::fromUtf8(p.readAllStandardError());
    writer.kill();
    writer.waitForFinished();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(err.contains("is a pipe") && err.contains("give a file"), qPrintable(err));
  }

  // Defects 4 and 17: POS 0 and negative positions are error rows in every
  // input format, keep the position as written, and get no score.
  void positionsBelowOneAreErrorRows_data() {
    QTest::addColumn<QString>("format");
    QTest::newRow("vcf") << "vcf";
    QTest::newRow("headerless") << "headerless";
    QTest::newRow("tsv") << "tsv";
    QTest::newRow("csv") << "csv";
  }
  void positionsBelowOneAreErrorRows() {
    QFETCH(QString, format);
    QString in;
    if (format == "vcf") {
      in = write("pos0.vcf", "##fileformat=VCFv4.2\n##contig=<ID=1>\n"
                             "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                             "1\t0\t.\tA\tC\t.\t.\t.\n1\t-5\t.\tA\tC\t.\t.\t.\n1\t10\t.\tA\tC\t.\t.\t.\n");
    } else if (format == "headerless") {
      in = write("pos0.txt", "1\t0\t.\tA\tC\n1\t-5\t.\tA\tC\n1\t10\t.\tA\tC\n");
    } else if (format == "tsv") {
      in = write("pos0.tsv", "chrom\tpos\tref\talt\n1\t0\tA\tC\n1\t-5\tA\tC\n1\t10\tA\tC\n");
    } else {
      in = write("pos0.csv", "chrom,pos,ref,alt\n1,0,A,C\n1,-5,A,C\n1,10,A,C\n");
    }
    const ProgramRun r = gpnmsa(annotate(in, "-"));
    QVERIFY2(r.code == 0, qPrintable(r.err));  // one row scored: the run succeeds
    QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);  // provenance, header, three rows
    const QStringList header = lines[1].split('\t');
    const int pos = header.indexOf("pos"), status = header.indexOf("status"), detail = header.indexOf("detail"),
              scoreCol = header.indexOf("score");
    const QStringList zero = lines[2].split('\t'), negative = lines[3].split('\t'), good = lines[4].split('\t');
    QCOMPARE(zero[pos], QString("0"));
    QCOMPARE(zero[status], QString("out_of_range"));
    QVERIFY2(zero[detail].startsWith("POS 0: positions are 1-based"), qPrintable(zero[detail]));
    QVERIFY2(zero[detail].contains("record 1"), qPrintable(zero[detail]));
    QCOMPARE(zero[scoreCol], QString());
    QCOMPARE(negative[pos], QString("-5"));
    QCOMPARE(negative[status], QString("out_of_range"));
    QVERIFY2(negative[detail].startsWith("POS -5: positions are 1-based"), qPrintable(negative[detail]));
    QVERIFY2(negative[detail].contains("record 2"), qPrintable(negative[detail]));
    QCOMPARE(negative[scoreCol], QString());
    QCOMPARE(good[status], QString("ok"));
  }

  // Defect 17 in a VCF output: htslib cannot store a negative POS, so the
  // run is refused before any work instead of writing POS 0.
  void negativeVcfPositionIsNotRewrittenInVcfOutput() {
    const QString in = write("neg-out.vcf", "##fileformat=VCFv4.2\n##contig=<ID=1>\n"
                                            "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                                            "1\t-5\t.\tA\tC\t.\t.\t.\n1\t10\t.\tA\tC\t.\t.\t.\n");
    const QString out = tmp_.filePath("neg-out.out.vcf");
    const ProgramRun r = gpnmsa(annotate(in, out));
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(in) && r.err.contains("record 1") && r.err.contains("POS -5"), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
  }
};

QTEST_GUILESS_MAIN(TestCliIoSafety)
#include "test_cli_io_safety.moc"
