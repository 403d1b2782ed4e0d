// SPDX-License-Identifier: GPL-3.0-or-later
// The `gpnmsa` command end to end, as a user runs it (real process, real files).
#include <QtTest>
#include <cmath>

#include "gpnmsa/version.h"
#include "support/text_files.h"
#include "support/parity_fixtures.h"
#include "support/run_program.h"

using namespace testsupport;

class TestCli : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

  using Run = testsupport::ProgramRun;
  static Run gpnmsa(const QStringList& args) { return testsupport::runProgram(QStringLiteral(GPNMSA_CLI), args); }

  static QStringList tiny(const QString& store) {
    return {"--model", parityDir() + "/tiny", "--msa", parityDir() + "/" + store};
  }

  // A VCF made from variants.tsv, as a user would have it.
  QString fixtureVcf() {
    const QString path = tmp_.filePath("variants.vcf");
    if (QFile::exists(path)) return path;
    const TsvTable t = readTsv(parityDir() + "/variants.tsv");
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    QTextStream s(&f);
    s << "##fileformat=VCFv4.2\n##contig=<ID=1>\n##contig=<ID=X>\n"
         "##INFO=<ID=DP,Number=1,Type=Integer,Description=\"depth\">\n"
         "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
    for (size_t i = 0; i < t.rows.size(); ++i)
      s << "chr" << t.rows[i][0] << '\t' << t.rows[i][1] << "\tv" << i << '\t' << t.rows[i][2] << '\t'
        << t.rows[i][3] << "\t.\tPASS\tDP=" << i << '\n';
    return path;
  }

  // Reads our TSV output: chrom pos -> score, status.
  static TsvTable readOutput(const QString& path) { return readTsv(path); }

 private slots:
  void initTestCase() { QVERIFY(tmp_.isValid()); }

  void scoreReproducesGolden_data() {
    QTest::addColumn<QString>("store");
    QTest::newRow("directory") << "msa.zarr";
    QTest::newRow("zip") << "msa.zarr.zip";
  }
  void scoreReproducesGolden() {
    QFETCH(QString, store);
    const QString out = tmp_.filePath("scores-" + store + ".tsv");
    const Run r = gpnmsa(QStringList{"score"} + tiny(store) + QStringList{"-i", fixtureVcf(), "-o", out, "--threads", "1"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const TsvTable golden = readTsv(parityDir() + "/variants.tsv");
    const TsvTable got = readOutput(out);
    QCOMPARE(got.rows.size(), golden.rows.size());
    for (size_t i = 0; i < golden.rows.size(); ++i) {
      QCOMPARE(got.rows[i][got.column("chrom")], "chr" + golden.rows[i][0]);
      QCOMPARE(got.rows[i][got.column("pos")], golden.rows[i][1]);
      QCOMPARE(got.rows[i][got.column("status")], QString("ok"));
      QVERIFY(withinTolerance(got.rows[i][got.column("score")].toDouble(), golden.rows[i][4].toDouble()));
    }
    QFile f(out);
    f.open(QIODevice::ReadOnly);
    QVERIFY(f.readLine().startsWith("# gpnmsa"));
  }

  void scoreToStdout() {
    const Run r = gpnmsa(QStringList{"score", "-q"} + tiny("msa.zarr") + QStringList{"-i", fixtureVcf(), "-o", "-"});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("\n1\t") || r.out.contains("\nchr1\t"));
    QCOMPARE(r.out.count("\tok"), 24);
  }

  void scoreToVcf() {
    const QString out = tmp_.filePath("scored.vcf");
    const Run r = gpnmsa(QStringList{"score", "-q"} + tiny("msa.zarr.zip") + QStringList{"-i", fixtureVcf(), "-o", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.contains("##INFO=<ID=GPN_MSA,Number=A,Type=Float"));
    QVERIFY(text.contains("##gpnmsa"));
    QVERIFY(text.contains("DP=0;GPN_MSA=-6.46"));  // 1:4498 T>C scores -6.466166
  }

  // Scoring a file we scored before: refused before any scoring, input intact.
  void existingInfoFieldRefused() {
    const QString once = tmp_.filePath("once.vcf"), twice = tmp_.filePath("twice.vcf");
    QCOMPARE(gpnmsa(QStringList{"score", "-q"} + tiny("msa.zarr") + QStringList{"-i", fixtureVcf(), "-o", once}).code, 0);
    const Run r = gpnmsa(QStringList{"score"} + tiny("msa.zarr") + QStringList{"-i", once, "-o", twice});
    QVERIFY(r.code != 0);
    QVERIFY2(r.err.contains("already has INFO/GPN_MSA") && !r.err.contains("scoring:"), qPrintable(r.err));
    // Core's typed error, worded here with the flags that remedy it.
    QVERIFY2(r.err.contains("--overwrite-info") && r.err.contains("--info-field"), qPrintable(r.err));
    QVERIFY(!QFile::exists(twice));
    const Run ok = gpnmsa(QStringList{"score", "-q", "--overwrite-info"} + tiny("msa.zarr") + QStringList{"-i", once, "-o", twice});
    QVERIFY2(ok.code == 0, qPrintable(ok.err));
    QFile f(twice);
    f.open(QIODevice::ReadOnly);
    QCOMPARE(QString::fromUtf8(f.readAll()).count(";GPN_MSA="), 24);
  }

  void logitsReproducesGolden() {
    const QString out = tmp_.filePath("logits.tsv");
    const Run r = gpnmsa(QStringList{"logits", "-q"} + tiny("msa.zarr") + QStringList{"--region", "chr1:1,001-1,030", "-o", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const TsvTable golden = readTsv(parityDir() + "/region_logits.tsv");
    const TsvTable got = readTsv(out);
    QCOMPARE(got.header, golden.header);
    QCOMPARE(got.rows.size(), golden.rows.size());
    for (size_t i = 0; i < golden.rows.size(); ++i) {
      QCOMPARE(got.rows[i][1], golden.rows[i][1]);
      QCOMPARE(got.rows[i][2], golden.rows[i][2]);
      for (int k = 3; k < 7; ++k) QVERIFY(withinTolerance(got.rows[i][k].toDouble(), golden.rows[i][k].toDouble()));
    }
  }

  // The fast paths are opt-in and say what they are: multi-mask logits are
  // close to the golden ones but not equal; bf16 scores are close to F32.
  void fastModesAreLabelledAndClose() {
    const QString out = tmp_.filePath("logits-mm.tsv");
    const Run r = gpnmsa(QStringList{"logits", "-q", "--multi-mask", "4"} + tiny("msa.zarr") +
                         QStringList{"--region", "chr1:1,001-1,030", "-o", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(QString::fromUtf8(f.readLine()).contains("mode=multi-mask:4x16(approximate)"));
    const TsvTable golden = readTsv(parityDir() + "/region_logits.tsv");
    const TsvTable got = readTsv(out);
    QCOMPARE(got.rows.size(), golden.rows.size());
    double worst = 0;
    for (size_t i = 0; i < golden.rows.size(); ++i)
      for (int k = 3; k < 7; ++k)
        worst = std::max(worst, std::fabs(got.rows[i][k].toDouble() - golden.rows[i][k].toDouble()));
    QVERIFY2(worst > 1e-4 && worst < 1.0, qPrintable(QString::number(worst)));

    const QString bf16 = tmp_.filePath("bf16.tsv");
    const Run b = gpnmsa(QStringList{"score", "-q", "--precision", "bf16"} + tiny("msa.zarr") +
                         QStringList{"-i", fixtureVcf(), "-o", bf16});
    QVERIFY2(b.code == 0, qPrintable(b.err));
    const TsvTable scores = readOutput(bf16);
    const TsvTable exact = readTsv(parityDir() + "/variants.tsv");
    QCOMPARE(scores.rows.size(), exact.rows.size());
    for (size_t i = 0; i < exact.rows.size(); ++i)
      QVERIFY(std::fabs(scores.rows[i][scores.column("score")].toDouble() - exact.rows[i][4].toDouble()) < 0.5);
    const Run bad = gpnmsa(QStringList{"score", "-q", "--precision", "f8"} + tiny("msa.zarr") +
                           QStringList{"-i", fixtureVcf(), "-o", "-"});
    QVERIFY(bad.code != 0);
    QVERIFY2(bad.err.contains("f8"), qPrintable(bad.err));
  }

  // Bad input: one clear message naming the problem, non-zero status, no output file.
  void badInputs_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString out = QDir::tempPath() + "/gpnmsa-test-never-written.tsv";
    QTest::newRow("missing input") << QStringList{"score", "-i", "/nonexistent/in.vcf", "-o", out} << "/nonexistent/in.vcf";
    QTest::newRow("unwritable output") << QStringList{"score", "-i", parityDir() + "/variants.tsv", "-o", "/nonexistent-dir/out.tsv"} << "/nonexistent-dir";
    QTest::newRow("bad extension") << QStringList{"score", "-i", parityDir() + "/variants.tsv", "-o", "out.xlsx"} << "out.xlsx";
    QTest::newRow("model dir without config") << QStringList{"score", "--model", "/tmp", "-i", parityDir() + "/variants.tsv", "-o", out} << "config.json";
    QTest::newRow("species mismatch") << QStringList{"score", "--model", parityDir() + "/species89", "--msa", parityDir() + "/msa.zarr", "-i", parityDir() + "/variants.tsv", "-o", out} << "species";
    QTest::newRow("region outside chromosome") << QStringList{"logits", "--region", "22:50818460-50818500", "-o", out} << "not inside chromosome 22 (1-50818468)";
    QTest::newRow("region not aligned") << QStringList{"logits", "--region", "chr22:1000000-1000010", "-o", out} << "no alignment at 22:1000000";
    // Issue 17, defect 10: a region longer than the result can hold in
    // memory (was bad_alloc, "internal error", against a long chromosome).
    QTest::newRow("region too long") << QStringList{"logits", "--region", "22:1-50000000", "-o", out} << "22:1-50000000 spans 50000000 positions; logits are computed for at most 10000000";
    QTest::newRow("unknown chromosome region") << QStringList{"logits", "--region", "chr7:1-10", "-o", out} << "chr7";
    QTest::newRow("malformed region") << QStringList{"logits", "--region", "1:abc", "-o", out} << "abc";
    // htslib's own diagnosis ("[E::vcf_hdr_read] No sample line") is part of our message.
    const QString noHeader = tmp_.filePath("no-chrom-line.vcf");
    QFile f(noHeader);
    if (f.open(QIODevice::WriteOnly)) f.write("##fileformat=VCFv4.2\n1\t100\t.\tA\tC\n");
    f.close();
    QTest::newRow("VCF without #CHROM line") << QStringList{"score", "-i", noHeader, "-o", out} << "no-chrom-line.vcf: cannot read the VCF header (truncated file, or no #CHROM line?): No sample line";
    QTest::newRow("text output extension") << QStringList{"score", "-i", parityDir() + "/variants.tsv", "-o", QDir::tempPath() + "/gpnmsa-test-out.txt"} << "unknown output format '.txt'; known extensions: .tsv, .csv, .vcf, .vcf.gz, .vcf.bgz, .bcf";
  }
  void badInputs() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const QString out = QDir::tempPath() + "/gpnmsa-test-never-written.tsv";
    QFile::remove(out);
    const Run r = gpnmsa(args);
    QVERIFY2(r.code == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY2(!r.err.contains("internal error"), qPrintable(r.err));
    QVERIFY2(!r.err.contains("[E::") && !r.err.contains("[W::"), qPrintable(r.err));  // no stray htslib lines
    QVERIFY(!QFile::exists(out));
  }

  // Command-line mistakes: status 1 (not CLI11's 105-114), the bad word named.
  void usageErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("messages");
    QTest::newRow("unknown subcommand") << QStringList{"frobnicate"}
                                        << QStringList{"unknown subcommand 'frobnicate'", "score, logits, annotate, import-maf"};
    QTest::newRow("no subcommand") << QStringList{} << QStringList{"no subcommand given", "score"};
    QTest::newRow("unknown option") << QStringList{"score", "--bogus", "-i", "x.vcf", "-o", "-"}
                                    << QStringList{"score: ", "--bogus", "gpnmsa score --help"};
    QTest::newRow("missing option") << QStringList{"annotate", "-i", "x.vcf", "-o", "-"} << QStringList{"annotate: ", "--scores"};
    QTest::newRow("out of range") << QStringList{"score", "--threads", "5000", "-i", "x.vcf", "-o", "-"} << QStringList{"--threads", "5000"};
    QTest::newRow("option without value") << QStringList{"logits", "-o", "-", "--region"} << QStringList{"--region"};
  }
  void usageErrors() {
    QFETCH(QStringList, args);
    QFETCH(QStringList, messages);
    const Run r = gpnmsa(args);
    QCOMPARE(r.code, 1);
    for (const QString& m : messages) QVERIFY2(r.err.contains(m), qPrintable(r.err));
    QVERIFY2(r.err.startsWith("gpnmsa: error: ") && r.err.count('\n') == 1, qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
  }

  void helpAndVersionSucceed() {
    for (const QStringList& args : {QStringList{"--help"}, QStringList{"score", "--help"}, QStringList{"--version"}}) {
      const Run r = gpnmsa(args);
      QCOMPARE(r.code, 0);
      QVERIFY2(r.out.contains("gpnmsa") && r.err.isEmpty(), qPrintable(r.out + r.err));
    }
  }

  // --version names the version and the source commit (the one buildCommit() reports).
  void versionNamesVersionAndCommit() {
    const Run r = gpnmsa({"--version"});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out.trimmed(), QStringLiteral("gpnmsa " GPNMSA_VERSION " (commit %1)").arg(gpnmsa::buildCommit()));
  }

  // Nothing scored (all indels): the summary says so; no "N variants/s".
  void emptyRunReportsNoRate() {
    const QString in = tmp_.filePath("indels.tsv");
    QVERIFY(testsupport::writeTextFile(in, "chrom\tpos\tref\talt\n1\t4498\tT\tTC\n1\t4600\tAG\tA\n"));
    const Run r = gpnmsa(QStringList{"score"} + tiny("msa.zarr") + QStringList{"-i", in, "-o", "-"});
    // Not a single row scored: the output is still written (nothing is lost),
    // the reason said once, and the exit status is 1 (issue 11).
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("scoring: 2 variants in 0s, none scored"), qPrintable(r.err));
    QVERIFY2(r.err.count("none of the 2 variants could be scored (indel 2; e.g. indel") == 1 &&
                 r.err.contains("single-nucleotide variants only"),
             qPrintable(r.err));
    QVERIFY2(!r.err.contains("/s"), qPrintable(r.err));
    QCOMPARE(r.out.count("\tindel\t"), 2);
  }

  // Real hg38 positions against a store that lacks their chromosome: said
  // once, with the likely cause, exit 1; a run with one scored row exits 0.
  void nothingScoredSaysWhy() {
    const QString in = tmp_.filePath("elsewhere.tsv");
    QFile f(in);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("chrom\tpos\tref\talt\nchr7\t117559590\tG\tA\nchr7\t117559591\tC\tT\n");
    f.close();
    const QString out = tmp_.filePath("elsewhere.out.tsv");
    Run r = gpnmsa(QStringList{"score", "-q"} + tiny("msa.zarr") + QStringList{"-i", in, "-o", out});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.count("none of the 2 variants could be scored (unknown_chromosome 2") == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains("wrong genome build or region?"), qPrintable(r.err));
    QVERIFY(QFile::exists(out));  // written all the same: every row says why
    f.open(QIODevice::Append);
    f.write("chr1\t1230\tG\tA\n");
    f.close();
    r = gpnmsa(QStringList{"score", "-q"} + tiny("msa.zarr") + QStringList{"-i", in, "-o", out});
    QVERIFY2(r.code == 0 && !r.err.contains("none of"), qPrintable(r.err));
  }

  // An annotated input (SnpEff ANN; chromosome 22 positions the demo does not
  // cover): every row gets the eight annotation columns, scored or not, taken
  // from the file's most severe (here: first) entry; a VCF output keeps ANN as it was.
  void annotatedInputGetsColumns() {
    const QString in = QStringLiteral(GPNMSA_TEST_DATA "/annotations/snpeff_ann_chr22.vcf");
    QFile f(in);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    QStringList annField;  // INFO/ANN of each record, as written
    for (const QString& line : QString::fromUtf8(f.readAll()).split('\n'))
      if (!line.isEmpty() && !line.startsWith('#'))
        for (const QString& kv : line.split('\t')[7].split(';'))
          if (kv.startsWith("ANN=")) annField << kv.mid(4);
    QCOMPARE(annField.size(), 20);

    const QString tsv = tmp_.filePath("annotated.tsv");
    const Run r = gpnmsa({"score", "-q", "-i", in, "-o", tsv});
    // None of these GRCh37 positions lies in the demo's aligned region: the
    // run says so and exits 1, and still writes every row with its columns.
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("none of the 20 variants could be scored"), qPrintable(r.err));
    QFile t(tsv);
    QVERIFY(t.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(t.readAll()).split('\n', Qt::SkipEmptyParts);
    QVERIFY2(lines[0].contains(" annotations=INFO/ANN"), qPrintable(lines[0]));
    const QStringList header = lines[1].split('\t');
    QCOMPARE(header.mid(header.size() - 8),
             QStringList({"gene", "transcript", "consequence", "impact", "hgvsc", "hgvsp", "af", "clinvar"}));
    QCOMPARE(lines.size() - 2, annField.size());
    for (int i = 0; i < annField.size(); ++i) {
      const QStringList first = annField[i].split(',')[0].split('|');
      const QStringList row = lines[i + 2].split('\t');
      QCOMPARE(row.mid(row.size() - 8),
               QStringList({first[3], first[6], first[1], first[2], first[9], first[10], "", ""}));
    }

    const QString vcf = tmp_.filePath("annotated.vcf");
    const Run v = gpnmsa({"score", "-q", "-i", in, "-o", vcf});
    QCOMPARE(v.code, 1);  // nothing scored, as above; the VCF is written all the same
    QFile back(vcf);
    QVERIFY(back.open(QIODevice::ReadOnly | QIODevice::Text));
    int kept = 0;
    for (const QString& line : QString::fromUtf8(back.readAll()).split('\n'))
      if (!line.isEmpty() && !line.startsWith('#')) kept += line.split('\t')[7].split(';').contains("ANN=" + annField[kept]);
    QCOMPARE(kept, annField.size());
  }

  // --af-field: an INFO key as the af column; an undeclared one is refused naming the flag.
  void afFieldOption() {
    const QString in = QStringLiteral(GPNMSA_TEST_DATA "/annotations/bcftools_bcsq.vcf");
    const Run r = gpnmsa({"score", "-q", "-i", in, "-o", "-", "--af-field", "AF"});
    QVERIFY2(r.code == 1 && r.err.contains("could be scored"), qPrintable(r.err));  // not in the demo's region
    QVERIFY2(r.out.contains(" annotations=INFO/BCSQ af=INFO/AF\n"), qPrintable(r.out.left(300)));
    QVERIFY(r.out.contains("\t69428\t.\tT\tG\t"));
    const Run bad = gpnmsa({"score", "-q", "-i", in, "-o", "-", "--af-field", "NOPE"});
    QCOMPARE(bad.code, 1);
    QVERIFY2(bad.err.contains("--af-field") && bad.err.contains("INFO/NOPE"), qPrintable(bad.err));
  }

  // --clinvar: exact allele matches in a ClinVar VCF (an excerpt of NCBI's
  // clinvar.vcf.gz, GRCh37) fill four columns after the others; the comment
  // line names the file; a VCF output is left as it was.
  void clinvarColumns() {
    const QString clinvar = tmp_.filePath("clinvar.vcf.gz");
    QVERIFY(QFile::copy(QStringLiteral(GPNMSA_TEST_DATA "/clinvar/clinvar_20230710.GRCh37.excerpt.vcf.gz"), clinvar));
    QCOMPARE(testsupport::runProgram("tabix", {"-p", "vcf", clinvar}).code, 0);
    const QString plain = tmp_.filePath("clinvar_scores.tsv");
    QFile s(plain);
    QVERIFY(s.open(QIODevice::WriteOnly));
    s.write("1\t69134\tA\tC\t-0.500\n1\t69134\tA\tG\t-1.250\n");  // the published layout
    s.close();
    QCOMPARE(testsupport::runProgram("bgzip", {"-f", plain}).code, 0);
    QCOMPARE(testsupport::runProgram("tabix", {"-s1", "-b2", "-e2", plain + ".gz"}).code, 0);
    const QString in = tmp_.filePath("clinvar_in.tsv");
    QFile t(in);
    QVERIFY(t.open(QIODevice::WriteOnly));
    t.write("chrom\tpos\tref\talt\n"
            "chr1\t69134\tA\tG\n"      // scored, in ClinVar
            "1\t69134\tA\tC\n"         // scored, other ALT: not in ClinVar
            "1\t69581\tC\tG\n");       // not scored, in ClinVar
    t.close();
    const Run r = gpnmsa({"annotate", "-q", "--scores", plain + ".gz", "--clinvar", clinvar, "-i", in, "-o", "-"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QVERIFY2(lines[0].endsWith(" clinvar=" + clinvar), qPrintable(lines[0]));
    const QStringList header = lines[1].split('\t');
    QCOMPARE(header.mid(header.size() - 5),
             QStringList({"detail", "clinvar_significance", "clinvar_stars", "clinvar_condition", "clinvar_id"}));
    auto tail = [&](int i) { const QStringList row = lines[i].split('\t'); return row.mid(row.size() - 4); };
    QCOMPARE(tail(2), QStringList({"Likely benign", "1", "Inborn genetic diseases", "2205837"}));
    QCOMPARE(tail(3), QStringList({"", "", "", ""}));
    QCOMPARE(tail(4), QStringList({"Uncertain significance", "1", "Inborn genetic diseases", "2252161"}));
    QVERIFY(lines[2].contains("\t-1.25"));

    // score: the same columns (positions outside the tiny store: nothing scored, exit 1).
    const Run sc = gpnmsa(QStringList{"score", "-q"} + tiny("msa.zarr") + QStringList{"--clinvar", clinvar, "-i", in, "-o", "-"});
    const QStringList scored = sc.out.split('\n', Qt::SkipEmptyParts);
    QVERIFY2(sc.code == 1 && scored.size() == 5 && scored[1].endsWith("\tclinvar_id"), qPrintable(sc.err + sc.out));
    QVERIFY2(scored[2].endsWith("\tLikely benign\t1\tInborn genetic diseases\t2205837"), qPrintable(scored[2]));

    // An annotated input keeps its own clinvar column; without --clinvar no new columns.
    const QString bcsq = QStringLiteral(GPNMSA_TEST_DATA "/annotations/bcftools_bcsq.vcf");
    const Run a = gpnmsa({"annotate", "-q", "--scores", plain + ".gz", "--clinvar", clinvar, "-i", bcsq, "-o", "-"});
    const QStringList ah = a.out.split('\n')[1].split('\t');
    QVERIFY2(ah.contains("clinvar") && ah.endsWith("clinvar_id"), qPrintable(a.err + a.out.left(400)));
    const Run plainRun = gpnmsa({"annotate", "-q", "--scores", plain + ".gz", "-i", in, "-o", "-"});
    QVERIFY2(plainRun.code == 0 && !plainRun.out.contains("clinvar_id") && !plainRun.out.contains(" clinvar="), qPrintable(plainRun.out));

    const QString vcf = tmp_.filePath("clinvar_out.vcf");
    QVERIFY2(gpnmsa({"annotate", "-q", "--scores", plain + ".gz", "--clinvar", clinvar, "-i", in, "-o", vcf}).code == 0,
             "VCF output");
    QFile v(vcf);
    QVERIFY(v.open(QIODevice::ReadOnly));
    QVERIFY(!v.readAll().contains("ID=CLINVAR"));  // VCF outputs: no ClinVar fields (tables only)

    const Run bad = gpnmsa({"annotate", "-q", "--scores", plain + ".gz", "--clinvar", QStringLiteral(GPNMSA_TEST_DATA "/clinvar/clinvar_20230710.GRCh37.excerpt.vcf.gz"), "-i", in, "-o", "-"});
    QVERIFY2(bad.code != 0 && bad.err.contains("no tabix index") && bad.err.contains("tabix -p vcf"), qPrintable(bad.err));
  }

  // With nothing configured the bundled default is used (README's run command).
  void bundledDefault() {
    // The demo bundle: its model scores its 400 simulated hold-out SNVs.
    const Run r = gpnmsa({"score", "-i", QStringLiteral(GPNMSA_SOURCE_DIR "/resources/demo/variants.vcf"), "-o", "-"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.err.contains("bundled default"));
    QVERIFY2(r.err.contains("SIMULATED"), qPrintable(r.err));  // the bundle says what it is
    QCOMPARE(r.out.count("\tok\t"), 400);
    // The bundle's reference distribution gives every scored SNV a percentile.
    QVERIFY2(r.err.contains("percentiles from") && r.err.contains("score_distribution.tsv"), qPrintable(r.err));
    const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    QVERIFY2(lines[0].contains(" distribution=") && lines[1].contains("\tdetail\tpercentile"), qPrintable(lines[1]));
    for (int i = 2; i < lines.size(); ++i) {
      bool ok = false;
      const double pct = lines[i].section('\t', 10, 10).toDouble(&ok);
      QVERIFY2(ok && pct >= 0 && pct <= 100, qPrintable(lines[i]));
    }
  }

  // The demo is at real hg38 coordinates: chr22:16,700,000 scores, chr22:1,000,000
  // (on chromosome 22 but outside the aligned region) is not_aligned, a position
  // past hg38 chr22's end is out_of_range.
  void demoAtHg38Coordinates() {
    const QString in = tmp_.filePath("hg38.vcf");
    QVERIFY(testsupport::writeTextFile(in, "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
            "chr22\t16700000\tin_region\tG\tA\t.\t.\t.\n"
            "chr22\t1000000\tnot_aligned\tA\tG\t.\t.\t.\n"
            "chr22\t50818469\tpast_end\tA\tG\t.\t.\t.\n"));
    const Run r = gpnmsa({"score", "-i", in, "-o", "-"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);  // provenance comment, header, 3 rows
    QVERIFY2(lines[2].startsWith("chr22\t16700000\tin_region\t") && lines[2].contains("\tok\t"), qPrintable(lines[2]));
    QVERIFY2(lines[3].contains("\tnot_aligned\tno alignment at 22:1000000 (the store has no data there"), qPrintable(lines[3]));
    QVERIFY2(lines[4].contains("\tout_of_range\t") && lines[4].contains("1-50818468"), qPrintable(lines[4]));
    QVERIFY2(r.err.contains("not_aligned 1, ok 1, out_of_range 1"), qPrintable(r.err));
    // The bundled VCF says where it is.
    QFile vcf(QStringLiteral(GPNMSA_SOURCE_DIR "/resources/demo/variants.vcf"));
    QVERIFY(vcf.open(QIODevice::ReadOnly));
    QVERIFY(QString::fromUtf8(vcf.readAll()).contains("##contig=<ID=22,length=50818468,"));
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
