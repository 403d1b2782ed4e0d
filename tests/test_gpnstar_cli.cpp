// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa score` and `gpnmsa logits` with a GPN-Star model folder, end to end
// (real process, real Zarr store, real Parquet calibration tables), against
// the golden values of an independent implementation of the published model
// (tests/data/gpnstar/variants.tsv and region_logits.tsv; tolerance 1e-4).
#include <QtTest>

#include <cmath>

#include "support/parity_fixtures.h"
#include "support/run_program.h"

using namespace testsupport;

namespace {

QString star(const QString& path) { return QStringLiteral(GPNMSA_TEST_DATA "/gpnstar/") + path; }

// variants.tsv as the input a user has: chrom pos ref alt.
QString variantInput(const QTemporaryDir& tmp) {
  const QString path = tmp.filePath("variants.tsv");
  if (QFile::exists(path)) return path;
  const TsvTable golden = readTsv(star("variants.tsv"));
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
  QTextStream s(&f);
  s << "chrom\tpos\tref\talt\n";
  for (const QStringList& row : golden.rows) s << row[0] << '\t' << row[1] << '\t' << row[2] << '\t' << row[3] << '\n';
  return path;
}

// A golden number and ours: both empty, or both numbers within 1e-4.
void compareCell(const QString& got, const QString& want, const QString& what) {
  if (want.isEmpty()) {
    QVERIFY2(got.isEmpty(), qPrintable(what + ": expected no value, got " + got));
    return;
  }
  bool ok = false;
  const double g = got.toDouble(&ok);
  QVERIFY2(ok, qPrintable(what + ": expected " + want + ", got '" + got + "'"));
  QVERIFY2(withinTolerance(g, want.toDouble()), qPrintable(what + ": " + got + " vs golden " + want));
}

}  // namespace

class TestGpnStarCli : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

  static ProgramRun gpnmsa(const QStringList& args) { return runProgram(QStringLiteral(GPNMSA_CLI), args); }
  static QStringList tiny(const QString& store = "msa/12/all.zarr") {
    return {"--model", star("tiny"), "--msa", star(store), "--threads", "1"};
  }

 private slots:
  void initTestCase() { QVERIFY(tmp_.isValid()); }

  // Raw and calibrated scores and statuses, edge padding and a 5-mer with N included.
  void scoreTableMatchesGolden() {
    const QString out = tmp_.filePath("scores.tsv");
    const ProgramRun r = gpnmsa(QStringList{"score", "-q"} + tiny() + QStringList{"-i", variantInput(tmp_), "-o", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const TsvTable golden = readTsv(star("variants.tsv"));
    const TsvTable got = readTsv(out);
    QCOMPARE(got.rows.size(), golden.rows.size());
    for (const char* c : {"score", "score_fwd", "score_rev", "score_calibrated", "entropy", "entropy_calibrated"})
      QVERIFY2(got.column(c) >= 0, c);
    QSet<QString> statuses;
    for (size_t i = 0; i < golden.rows.size(); ++i) {
      const QStringList& g = golden.rows[i];
      const QStringList& o = got.rows[i];
      const QString where = g[0] + ":" + g[1];
      QCOMPARE(o[got.column("pos")], g[golden.column("pos")]);
      QCOMPARE(o[got.column("status")], g[golden.column("status")]);
      statuses.insert(g[golden.column("status")]);
      compareCell(o[got.column("score")], g[golden.column("score")], where + " score");
      compareCell(o[got.column("score_fwd")], g[golden.column("score_fwd")], where + " score_fwd");
      compareCell(o[got.column("score_rev")], g[golden.column("score_rev")], where + " score_rev");
      // ref_mismatch rows have no score, so no calibrated one either.
      compareCell(o[got.column("score_calibrated")], g[golden.column("llr_calibrated")], where + " calibrated");
    }
    // The fixture covers every GPN-Star status this command can give.
    QCOMPARE(statuses, (QSet<QString>{"ok", "edge_padded", "no_calibration", "ref_mismatch"}));
  }

  // A variant's entropy is that of its site's logits: region_logits.tsv's.
  void scoreEntropyMatchesRegionLogits() {
    const TsvTable logits = readTsv(star("region_logits.tsv"));
    const QString in = tmp_.filePath("sites.tsv");
    {
      QFile f(in);
      QVERIFY(f.open(QIODevice::WriteOnly));
      QTextStream s(&f);
      s << "chrom\tpos\tref\talt\n";
      for (const QStringList& row : logits.rows)
        s << row[0] << '\t' << row[1] << '\t' << row[2] << '\t' << (row[2].toUpper() == "A" ? "C" : "A") << '\n';
    }
    const QString out = tmp_.filePath("sites-scored.tsv");
    const ProgramRun r = gpnmsa(QStringList{"score", "-q"} + tiny() + QStringList{"-i", in, "-o", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const TsvTable got = readTsv(out);
    QCOMPARE(got.rows.size(), logits.rows.size());
    for (size_t i = 0; i < got.rows.size(); ++i) {
      const QString where = "1:" + logits.rows[i][1];
      compareCell(got.rows[i][got.column("entropy")], logits.rows[i][logits.column("entropy")], where + " entropy");
      compareCell(got.rows[i][got.column("entropy_calibrated")], logits.rows[i][logits.column("entropy_calibrated")],
                  where + " entropy_calibrated");
    }
  }

  // VCF output: every value declared in the header with Number and Type.
  void scoreVcfDeclaresStarFields() {
    const QString in = tmp_.filePath("in.vcf");
    {
      QFile f(in);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("##fileformat=VCFv4.2\n##contig=<ID=1,length=4000>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
              "1\t3162\t.\tT\tA,G\t.\t.\t.\n1\t599\t.\tA\tG\t.\t.\t.\n");
    }
    const QString out = tmp_.filePath("out.vcf");
    const ProgramRun r = gpnmsa(QStringList{"score", "-q"} + tiny() + QStringList{"-i", in, "-o", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.contains("##INFO=<ID=GPN_STAR,Number=A,Type=Float,Description=\"GPN-Star score"));
    QVERIFY(text.contains("##INFO=<ID=GPN_STAR_CAL,Number=A,Type=Float"));
    QVERIFY(text.contains("##INFO=<ID=GPN_STAR_ENT,Number=1,Type=Float"));
    QVERIFY(text.contains("##INFO=<ID=GPN_STAR_ENT_CAL,Number=1,Type=Float"));
    QString first, second;
    for (const QString& line : text.split('\n')) {
      if (line.startsWith("1\t3162\t")) first = line.section('\t', 7, 7);
      if (line.startsWith("1\t599\t")) second = line.section('\t', 7, 7);
    }
    // The fixture's golden values (variants.tsv), to float precision in the VCF.
    const TsvTable golden = readTsv(star("variants.tsv"));
    const auto goldenValue = [&](const QString& pos, const QString& alt, const char* column) {
      for (const auto& row : golden.rows)
        if (row[golden.column("pos")] == pos && row[golden.column("alt")] == alt)
          return row[golden.column(column)].toDouble();
      return std::nan("");
    };
    const auto value = [](const QString& info, const QString& key) {
      for (const QString& kv : info.split(';'))
        if (kv.startsWith(key + "=")) return kv.mid(key.size() + 1);
      return QString();
    };
    const auto near = [](const QString& got, double want) {
      return !std::isnan(want) && std::fabs(got.toDouble() - want) < 1e-4;
    };
    QVERIFY2(near(value(first, "GPN_STAR").split(',')[0], goldenValue("3162", "A", "score")), qPrintable(first));
    QVERIFY2(near(value(first, "GPN_STAR_CAL").split(',')[0], goldenValue("3162", "A", "llr_calibrated")),
             qPrintable(first));
    QCOMPARE(value(first, "GPN_STAR").split(',').size(), 2);
    QVERIFY(!value(first, "GPN_STAR_ENT").isEmpty());
    // 599: a 5-mer with N: scored, no calibrated value.
    QVERIFY2(near(value(second, "GPN_STAR"), goldenValue("599", "G", "score")), qPrintable(second));
    QVERIFY2(value(second, "GPN_STAR_CAL").isEmpty(), qPrintable(second));
  }

  void logitsMatchGolden() {
    const QString out = tmp_.filePath("logits.tsv");
    const ProgramRun r = gpnmsa(QStringList{"logits", "-q"} + tiny() + QStringList{"--region", "1:1001-1030", "-o", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const TsvTable golden = readTsv(star("region_logits.tsv"));
    const TsvTable got = readTsv(out);
    QCOMPARE(got.rows.size(), golden.rows.size());
    for (size_t i = 0; i < golden.rows.size(); ++i) {
      QCOMPARE(got.rows[i][got.column("pos")], golden.rows[i][golden.column("pos")]);
      for (const char* c : {"A", "C", "G", "T", "entropy", "entropy_calibrated", "logo_A", "logo_C", "logo_G", "logo_T"}) {
        QVERIFY2(got.column(c) >= 0, c);
        compareCell(got.rows[i][got.column(c)], golden.rows[i][golden.column(c)],
                    "1:" + golden.rows[i][1] + " " + c);
      }
    }
  }

  // The window rule: tiny (12 columns) takes 128 by default; --window is
  // checked against max_position_embeddings (256) and must be even.
  void windowOption() {
    const QString in = variantInput(tmp_);
    ProgramRun r = gpnmsa(QStringList{"score", "-q"} + tiny() + QStringList{"-i", in, "-o", "-", "--window", "512"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("window length 512") && r.err.contains("at most 256"), qPrintable(r.err));
    r = gpnmsa(QStringList{"score", "-q"} + tiny() + QStringList{"-i", in, "-o", "-", "--window", "127"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("must be even"), qPrintable(r.err));
    // A longer window sees more context: other scores, the same statuses
    // (no fixture variant is within 128 bp of an end but those within 64).
    const ProgramRun base = gpnmsa(QStringList{"score", "-q"} + tiny() + QStringList{"-i", in, "-o", "-"});
    QVERIFY2(base.code == 0, qPrintable(base.err));
    r = gpnmsa(QStringList{"score", "-q"} + tiny() + QStringList{"-i", in, "-o", "-", "--window", "256"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(r.out.count("\tok\t"), 20);
    QCOMPARE(r.out.count("\tedge_padded\t"), 2);
    QVERIFY(r.out.section('\n', 2, 2).section('\t', 5, 5) != base.out.section('\n', 2, 2).section('\t', 5, 5));
  }

  // M447-style stores: a folder of <n>/all.zarr, or --msa given twice in
  // that order; the same rows as the one 12-column store.
  void splitStores() {
    const QString in = variantInput(tmp_);
    const ProgramRun one = gpnmsa(QStringList{"score", "-q"} + tiny() + QStringList{"-i", in, "-o", "-"});
    QVERIFY2(one.code == 0, qPrintable(one.err));
    const auto rows = [](const QString& out) { return out.section('\n', 1); };  // without the comment line
    const ProgramRun folder = gpnmsa(QStringList{"score", "-q"} + tiny("msa_split") + QStringList{"-i", in, "-o", "-"});
    QVERIFY2(folder.code == 0, qPrintable(folder.err));
    QCOMPARE(rows(folder.out), rows(one.out));
    const ProgramRun twice = gpnmsa(QStringList{"score", "-q"} + tiny("msa_split/8/all.zarr") +
                                    QStringList{"--msa", star("msa_split/4/all.zarr"), "-i", in, "-o", "-"});
    QVERIFY2(twice.code == 0, qPrintable(twice.err));
    QCOMPARE(rows(twice.out), rows(one.out));
    QVERIFY(twice.out.section('\n', 0, 0).contains("msa_split/8/all.zarr + "));
  }

  // A store of another alignment would score silently wrong: refused.
  void columnCountChecked() {
    const ProgramRun r = gpnmsa(QStringList{"score", "-q"} + tiny("msa_split/8/all.zarr") +
                               QStringList{"-i", variantInput(tmp_), "-o", "-"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("has 8 columns") && r.err.contains("expects 12") && r.err.contains("pairwise.npy"),
             qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestGpnStarCli)
#include "test_gpnstar_cli.moc"
