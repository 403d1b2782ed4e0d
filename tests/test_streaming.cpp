// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa score` / `annotate` stream their input and output a chunk of
// records at a time (issue 17, defect 8): peak memory does not grow with the
// number of variants, and chunk boundaries (GPNMSA_CHUNK_RECORDS, and the
// sorted runs of the .tsv.bgz layout, GPNMSA_SORT_RUN_ROWS) change no byte
// of any output. Inputs are generated here.
#include <QtTest>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "support/parity_fixtures.h"
#include "support/run_program.h"
#include "support/text_files.h"

using namespace testsupport;

namespace {

struct Measured {
  int code = -1;
  long maxRssKb = 0;  // the child's peak resident set (getrusage of that child)
};

// Runs gpnmsa with `env` added, output to /dev/null, and returns its exit
// code and peak RSS (wait4's rusage: this child alone).
Measured runMeasured(const QStringList& args, const QStringList& env = {}) {
  std::vector<std::string> store{GPNMSA_CLI};
  for (const QString& a : args) store.push_back(a.toStdString());
  std::vector<char*> argv;
  for (std::string& s : store) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::vector<std::string> envStore;
  for (const QString& e : env) envStore.push_back(e.toStdString());
  const pid_t pid = fork();
  if (pid == 0) {
    for (std::string& e : envStore) putenv(e.data());
    const int fd = open("/dev/null", O_WRONLY);
    dup2(fd, 1);
    dup2(fd, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  Measured m;
  if (pid < 0) return m;
  int status = 0;
  struct rusage ru {};
  if (wait4(pid, &status, 0, &ru) != pid) return m;
  m.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  m.maxRssKb = ru.ru_maxrss;
  return m;
}

QByteArray contents(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable " + path.toUtf8() + ">");
}

// The parity fixture's records (scored by the tiny model) as
// {chrom, pos, id, ref, alt} fields.
QList<QStringList> parityRecords() {
  QList<QStringList> out;
  for (const QByteArray& line : contents(parityDir() + "/variants.vcf").split('\n')) {
    if (line.isEmpty() || line.startsWith('#')) continue;
    out.append(QString::fromUtf8(line).split('\t').mid(0, 5));
  }
  return out;
}

QByteArray vcfHeader() {
  return "##fileformat=VCFv4.2\n##contig=<ID=1>\n##contig=<ID=X>\n##contig=<ID=7>\n"
         "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
}

}  // namespace

class TestStreaming : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString mixedVcf_, mixedTsv_;  // see writeMixedInputs
  QString scores_;               // scores.tsv.bgz of them (score, one chunk)

  QString path(const QString& name) const { return tmp_.filePath(name); }
  QStringList engine() const {
    return {"--model", parityDir() + "/tiny", "--msa", parityDir() + "/msa.zarr"};
  }
  // Runs with GPNMSA_CHUNK_RECORDS etc. set (or not) in the environment.
  static ProgramRun gpnmsaWith(const QStringList& env, const QStringList& args) {
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const QString& kv : env) e.insert(kv.section('=', 0, 0), kv.section('=', 1));
    p.setProcessEnvironment(e);
    p.start(QStringLiteral(GPNMSA_CLI), args);
    p.waitForFinished(600000);
    ProgramRun r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
  }

  // A VCF of the parity records, unsorted (X before 1, positions shuffled by
  // the fixture), every third one multi-allelic (all three non-REF bases), an
  // indel and a record without ALT in between; and the same as TSV.
  void writeMixedInputs(const QString& vcf, const QString& tsv) {
    QByteArray v = vcfHeader(), t = "chrom\tpos\tid\tref\talt\n";
    const QList<QStringList> recs = parityRecords();
    QList<QStringList> ordered;
    for (const QStringList& r : recs)
      if (r[0] == "X") ordered.append(r);
    for (const QStringList& r : recs)
      if (r[0] != "X") ordered.append(r);
    int i = 0;
    for (QStringList r : ordered) {
      if (i % 3 == 1) {
        QStringList alts;
        for (const char* b : {"A", "C", "G", "T"})
          if (r[3] != QLatin1String(b)) alts << QString::fromLatin1(b);
        r[4] = alts.join(',');
      }
      const QByteArray line = r.join('\t').toUtf8();
      v += line + "\t.\t.\t.\n";
      t += line + "\n";
      if (i == 5) {
        v += "1\t1000\tindel1\tAT\tA\t.\t.\t.\n";
        t += "1\t1000\tindel1\tAT\tA\n";
      }
      if (i == 8) v += "X\t900\tnoalt\tA\t.\t.\t.\t.\n";
      ++i;
    }
    QVERIFY(writeTextFile(vcf, v));
    QVERIFY(writeTextFile(tsv, t));
  }

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    mixedVcf_ = path("mixed.vcf");
    mixedTsv_ = path("mixed.tsv");
    writeMixedInputs(mixedVcf_, mixedTsv_);
    // A published-layout score file of those variants, for annotate.
    scores_ = path("scores.tsv.bgz");
    const ProgramRun r = gpnmsaWith({}, QStringList{"score", "-q"} + engine() + QStringList{"-i", mixedVcf_, "-o", scores_});
    QVERIFY2(r.code == 0, qPrintable(r.err));
  }

  // Before streaming, 300,000 two-ALT records cost far more than 24 (score,
  // measured here: +243 MB for a TSV output, +431 MB for a VCF.gz one); now a
  // few MB. The bound (+64 MB) sits far from both. Each output kind streams
  // separately: a table, and a VCF that copies the input's records.
  void peakMemoryDoesNotGrowWithVariants_data() {
    QTest::addColumn<QString>("ext");
    QTest::newRow("tsv") << ".tsv";
    QTest::newRow("vcf.gz") << ".vcf.gz";
  }

  void peakMemoryDoesNotGrowWithVariants() {
    QFETCH(QString, ext);
    const QString small = path("small.vcf"), big = path("big.vcf");
    if (!QFileInfo::exists(big)) {
      QByteArray head = vcfHeader();
      for (const QStringList& r : parityRecords()) head += r.join('\t').toUtf8() + "\t.\t.\t.\n";
      QVERIFY(writeTextFile(small, head));
      QFile f(big);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(head);
      QByteArray block;
      for (int i = 0; i < 300000; ++i) {  // chromosome 7 is not in the store: quick unknown_chromosome rows
        block += "7\t" + QByteArray::number(1000 + i) + "\t.\tA\tC,G\t.\t.\t.\n";
        if (block.size() > (1 << 20)) {
          f.write(block);
          block.clear();
        }
      }
      f.write(block);
    }
    const QStringList args = QStringList{"score", "-q"} + engine();
    const Measured base = runMeasured(args + QStringList{"-i", small, "-o", path("small" + ext)});
    const Measured many = runMeasured(args + QStringList{"-i", big, "-o", path("big" + ext)});
    qInfo("%s: peak RSS %ld KB for 24 variants, %ld KB for 600,024", qPrintable(ext), base.maxRssKb, many.maxRssKb);
    QCOMPARE(base.code, 0);
    QCOMPARE(many.code, 0);
    QVERIFY(base.maxRssKb > 0);
    QVERIFY2(many.maxRssKb < base.maxRssKb + 64 * 1024,
             qPrintable(QString("%1 KB for 600,024 variants vs %2 KB for 24").arg(many.maxRssKb).arg(base.maxRssKb)));
    QVERIFY(QFileInfo(path("big" + ext)).size() > 100000);  // all rows were written
  }

  // Outputs with a chunk of 2 records (multi-allelic records, an indel and a
  // no-ALT record across boundaries; sorted runs of 3 rows for .tsv.bgz) are
  // byte-identical to those of a run that reads the input in one chunk. Each
  // writer once: the sorted score layout, VCF copied as BCF and as text, a
  // VCF synthesised from a table input, TSV and CSV tables.
  // `score` runs with --batch-size 2 (one site per forward pass): with larger
  // batches a chunk edge changes how many windows share a pass, and the BLAS
  // kernel chosen for another row count can move a score in its 6th decimal
  // (as the position of a site in today's unchunked batches already does).
  // `annotate` (exact lookups) covers the other writers, quicker.
  void chunkBoundariesChangeNoByte_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<bool>("vcfInput");
    QTest::addColumn<QString>("ext");
    QTest::newRow("score vcf -> tsv.bgz") << "score" << true << ".tsv.bgz";
    QTest::newRow("score vcf -> bcf") << "score" << true << ".bcf";
    QTest::newRow("score tsv -> vcf.gz") << "score" << false << ".vcf.gz";
    QTest::newRow("annotate vcf -> tsv") << "annotate" << true << ".tsv";
    QTest::newRow("annotate vcf -> vcf") << "annotate" << true << ".vcf";
    QTest::newRow("annotate tsv -> csv") << "annotate" << false << ".csv";
  }

  void chunkBoundariesChangeNoByte() {
    QFETCH(QString, command);
    QFETCH(bool, vcfInput);
    QFETCH(QString, ext);
    const QString input = vcfInput ? mixedVcf_ : mixedTsv_;
    // The same command line (it is in the VCF header), only the environment differs.
    const QString out = path("out" + ext);
    QStringList args = command == "score"
                           ? QStringList{"score", "-q", "--batch-size", "2"} + engine()
                           : QStringList{"annotate", "-q", "--scores", scores_};
    args += QStringList{"-i", input, "-o", out};
    ProgramRun r = gpnmsaWith({}, args);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QByteArray one = contents(out);
    const QByteArray oneIndex = ext == ".tsv.bgz" ? contents(out + ".tbi") : QByteArray();
    r = gpnmsaWith({"GPNMSA_CHUNK_RECORDS=2", "GPNMSA_SORT_RUN_ROWS=3"}, args);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(one.size() > 200);
    QVERIFY(one == contents(out));
    if (ext == ".tsv.bgz") {
      QVERIFY(oneIndex == contents(out + ".tbi"));
      // Sorted (chromosomes in order of first appearance, X here, then
      // position) and indexed: tabix finds a row.
      r = runProgram("tabix", {out, "X:821-821"});
      QCOMPARE(r.out.trimmed(), QString("X\t821\tA\tC\t-2.160"));
    }
  }

  // The summary is a running tally over every chunk, not the last one's.
  void summaryCountsEveryChunk() {
    const ProgramRun r = gpnmsaWith({"GPNMSA_CHUNK_RECORDS=2"},
                                    QStringList{"score"} + engine() + QStringList{"-i", mixedVcf_, "-o", path("s.tsv")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    // 24 records, 8 of them with 3 ALTs: 40 SNVs scored, plus the indel and the no-ALT record.
    QVERIFY2(r.err.contains("wrote 42 rows to " + path("s.tsv") + " (indel 1, ok 40, symbolic_allele 1)"), qPrintable(r.err));
  }

  // The chunk size is read from the environment, and a bad one is refused.
  void badChunkSizeRefused() {
    const ProgramRun r = gpnmsaWith({"GPNMSA_CHUNK_RECORDS=0"},
                                    QStringList{"score"} + engine() +
                                        QStringList{"-i", parityDir() + "/variants.vcf", "-o", path("x.tsv")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("GPNMSA_CHUNK_RECORDS='0'"), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(path("x.tsv")));
  }
};

QTEST_GUILESS_MAIN(TestStreaming)
#include "test_streaming.moc"
