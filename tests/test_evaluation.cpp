// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa evaluate` and the alignment-frequency baseline: AUROC / AUPRC
// against hand computations and brute force, the baseline against an
// independent count on tests/data/parity/msa.zarr, and the CLI end to
// end (score --baseline, then evaluate), with its error cases.
#include <QtTest>

#include <cmath>
#include <random>

#include "gpnmsa/af_baseline.h"
#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "gpnmsa/evaluation.h"
#include "gpnmsa/model.h"
#include "gpnmsa/scorer.h"
#include "support/parity_fixtures.h"
#include "support/run_program.h"

using namespace testsupport;

namespace {

// Brute force: over every (positive, negative) pair, 1 if the positive scores
// higher, 1/2 on a tie; divided by the number of pairs.
double pairwiseAuroc(const std::vector<double>& s, const std::vector<char>& y) {
  double wins = 0, pairs = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!y[i]) continue;
    for (size_t j = 0; j < s.size(); ++j) {
      if (y[j]) continue;
      pairs += 1;
      wins += s[i] > s[j] ? 1.0 : s[i] == s[j] ? 0.5 : 0.0;
    }
  }
  return wins / pairs;
}

// Brute force average precision: for each distinct score t, from the highest
// down, precision and recall of "score >= t", summing (R_k - R_{k-1}) * P_k.
double bruteAveragePrecision(const std::vector<double>& s, const std::vector<char>& y) {
  std::vector<double> thresholds = s;
  std::sort(thresholds.begin(), thresholds.end(), std::greater<double>());
  thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
  double positives = 0;
  for (char c : y) positives += c ? 1 : 0;
  double ap = 0, lastRecall = 0;
  for (double t : thresholds) {
    double tp = 0, called = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] >= t) {
        called += 1;
        tp += y[i] ? 1 : 0;
      }
    }
    const double recall = tp / positives;
    ap += (recall - lastRecall) * (tp / called);
    lastRecall = recall;
  }
  return ap;
}

// Independent of the library: count species bases in a fetched row.
double countedBaseline(const std::vector<char>& row, char ref, char alt) {
  int nRef = 0, nAlt = 0;
  for (size_t c = 1; c < row.size(); ++c) {
    const QChar b = QChar(row[c]).toUpper();
    if (b == QChar(ref).toUpper()) ++nRef;
    if (b == QChar(alt).toUpper()) ++nAlt;
  }
  return std::log((nAlt + 1.0) / (nRef + 1.0));
}

}  // namespace

class TestEvaluation : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

  using Run = testsupport::ProgramRun;
  static Run gpnmsa(const QStringList& args) { return testsupport::runProgram(QStringLiteral(GPNMSA_CLI), args); }

  QString write(const QString& name, const QString& text) {
    const QString path = tmp_.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) qFatal("cannot write %s", qPrintable(path));
    f.write(text.toUtf8());
    return path;
  }

  // The parity variants as a VCF; every third one (from the second) labelled
  // Pathogenic_, the rest Common_ (made up for the test: 8 positives, 16
  // negatives; chosen so that the model and the baseline differ in AUROC).
  QString labelledVcf() {
    const TsvTable t = readTsv(parityDir() + "/variants.tsv");
    QString text = "##fileformat=VCFv4.2\n##contig=<ID=1>\n##contig=<ID=X>\n"
                   "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
    for (size_t i = 0; i < t.rows.size(); ++i)
      text += t.rows[i][0] + '\t' + t.rows[i][1] + '\t' + (i % 3 == 1 ? "Pathogenic_" : "Common_") +
              QString::number(i) + '\t' + t.rows[i][2] + '\t' + t.rows[i][3] + "\t.\tPASS\t.\n";
    return write("labelled.vcf", text);
  }

  // Expected metrics of the parity variants under labelledVcf()'s labels,
  // from the golden scores and an independent count of the store.
  void expectedParityMetrics(double* modelAuroc, double* modelAp, double* afAuroc, double* afAp) {
    const TsvTable t = readTsv(parityDir() + "/variants.tsv");
    auto store = gpnmsa::AlignmentStore::open((parityDir() + "/msa.zarr").toStdString());
    std::vector<double> model, af;
    std::vector<char> y;
    for (size_t i = 0; i < t.rows.size(); ++i) {
      const auto& r = t.rows[i];
      const int64_t pos = r[1].toLongLong();
      const auto row = store->fetch(r[0].toStdString(), pos - 1, pos);
      model.push_back(-r[t.column("score")].toDouble());  // lower = positive
      af.push_back(-countedBaseline(row, r[2].at(0).toLatin1(), r[3].at(0).toLatin1()));
      y.push_back(i % 3 == 1);
    }
    *modelAuroc = pairwiseAuroc(model, y);
    *modelAp = bruteAveragePrecision(model, y);
    *afAuroc = pairwiseAuroc(af, y);
    *afAp = bruteAveragePrecision(af, y);
  }

  // "column -> {auroc, auprc}" from evaluate's --output TSV.
  static QMap<QString, QStringList> readMetrics(const QString& path) {
    const TsvTable t = readTsv(path);
    QMap<QString, QStringList> m;
    for (const auto& r : t.rows) m[r[t.column("score")]] = r;
    return m;
  }

 private slots:
  void initTestCase() { QVERIFY(tmp_.isValid()); }

  // --- metrics ---

  void handComputedWithTies() {
    // scores   0.9  0.8  0.8  0.5  0.3  0.3
    // labels    +    +    -    +    -    -        P = 3, N = 3
    // Average ranks (ascending): 0.3,0.3 -> 1.5,1.5; 0.5 -> 3; 0.8,0.8 -> 4.5,4.5; 0.9 -> 6.
    // Positive ranks 3 + 4.5 + 6 = 13.5; U = 13.5 - 3*4/2 = 7.5; AUROC = 7.5/9 = 0.833333.
    // AP, thresholds from the top: 0.9 -> TP 1 FP 0, P = 1, +1/3 recall: 1/3;
    // 0.8 (one +, one - together) -> TP 2 FP 1, P = 2/3: +2/9; 0.5 -> TP 3 FP 1, P = 3/4: +1/4;
    // 0.3 adds no recall. AP = 1/3 + 2/9 + 1/4 = 29/36 = 0.805556
    // (breaking the 0.8 tie positive-first would give 0.916667).
    const std::vector<double> s{0.9, 0.8, 0.8, 0.5, 0.3, 0.3};
    const std::vector<char> y{1, 1, 0, 1, 0, 0};
    QCOMPARE(gpnmsa::auroc(s, y), 7.5 / 9);
    QVERIFY(std::fabs(gpnmsa::averagePrecision(s, y) - 29.0 / 36) < 1e-12);
    // Order of the rows does not matter.
    const std::vector<double> s2{0.3, 0.8, 0.5, 0.9, 0.3, 0.8};
    const std::vector<char> y2{0, 0, 1, 1, 0, 1};
    QCOMPARE(gpnmsa::auroc(s2, y2), 7.5 / 9);
    QVERIFY(std::fabs(gpnmsa::averagePrecision(s2, y2) - 29.0 / 36) < 1e-12);
  }

  void edgeCases() {
    // All tied: AUROC 1/2; one threshold with TP 2 of 4: AP = 1 * 2/4 = 0.5.
    QCOMPARE(gpnmsa::auroc({1, 1, 1, 1}, {1, 0, 0, 1}), 0.5);
    QCOMPARE(gpnmsa::averagePrecision({1, 1, 1, 1}, {1, 0, 0, 1}), 0.5);
    // Perfect and reversed.
    QCOMPARE(gpnmsa::auroc({3, 2, 1}, {1, 0, 0}), 1.0);
    QCOMPARE(gpnmsa::averagePrecision({3, 2, 1}, {1, 0, 0}), 1.0);
    QCOMPARE(gpnmsa::auroc({1, 2, 3}, {1, 0, 0}), 0.0);
    QVERIFY(std::fabs(gpnmsa::averagePrecision({1, 2, 3}, {1, 0, 0}) - 1.0 / 3) < 1e-12);
    QVERIFY_THROWS_EXCEPTION(gpnmsa::Error, gpnmsa::auroc({1, 2}, {0, 0}));
    QVERIFY_THROWS_EXCEPTION(gpnmsa::Error, gpnmsa::averagePrecision({1, 2}, {1, 1}));
  }

  void bruteForce() {
    std::mt19937 rng(7);
    for (int trial = 0; trial < 50; ++trial) {
      const int n = 2 + int(rng() % 60);
      std::vector<double> s(static_cast<size_t>(n));
      std::vector<char> y(static_cast<size_t>(n));
      for (int i = 0; i < n; ++i) {
        s[size_t(i)] = double(rng() % 6);  // few distinct values: many ties
        y[size_t(i)] = char(rng() % 3 == 0);
      }
      y[0] = 1;
      y[1] = 0;
      QVERIFY(std::fabs(gpnmsa::auroc(s, y) - pairwiseAuroc(s, y)) < 1e-12);
      QVERIFY(std::fabs(gpnmsa::averagePrecision(s, y) - bruteAveragePrecision(s, y)) < 1e-12);
    }
  }

  // A table: labels from a column, a lower-is-positive and a
  // higher-is-positive score, missing values, an unlabelled row.
  void evaluateTable() {
    const QString path = write("table.tsv",
                               "# a comment line\n"
                               "id\tlabel\tscore\tphylop\n"
                               "a\tP\t-3\t5\n"
                               "b\tP\t-1\t.\n"
                               "c\tB\t-1\t1\n"
                               "d\tB\t2\t0.5\n"
                               "e\tB\t\t2\n"
                               "f\tother\t0\t0\n");
    gpnmsa::EvaluateOptions o;
    o.labelColumn = "label";
    o.positive = {"p"};  // case-insensitive
    o.negative = {"B"};  // "other" is then unlabelled
    o.higherIsPositive = {"phylop"};
    o.scores = {"score"};
    const auto e = gpnmsa::evaluate(gpnmsa::readLabeledTable(path.toStdString()), o);
    QCOMPARE(e.rows, int64_t(6));
    QCOMPARE(e.unlabelled, int64_t(1));
    QCOMPARE(int(e.metrics.size()), 2);
    // score, ranked on -score: a 3(+), b 1(+), c 1(-), d -2(-); e has no score.
    // Pairs: a>c, a>d, b=c (1/2), b>d: 3.5/4 = 0.875.
    // AP: 3 -> TP1 FP0, +1/2 * 1; 1 -> TP2 FP1, +1/2 * 2/3. = 0.833333.
    const auto& m = e.metrics[0];
    QCOMPARE(m.column, std::string("score"));
    QVERIFY(!m.higherIsPositive);
    QCOMPARE(m.positives, int64_t(2));
    QCOMPARE(m.negatives, int64_t(2));
    QCOMPARE(m.missing, int64_t(1));
    QCOMPARE(m.auroc, 0.875);
    QVERIFY(std::fabs(m.auprc - (0.5 + 1.0 / 3)) < 1e-12);
    // phylop as is: a 5(+) above c 1, d 0.5, e 2 (-); b has none.
    const auto& h = e.metrics[1];
    QVERIFY(h.higherIsPositive);
    QCOMPARE(h.positives, int64_t(1));
    QCOMPARE(h.negatives, int64_t(3));
    QCOMPARE(h.missing, int64_t(1));
    QCOMPARE(h.auroc, 1.0);
    QCOMPARE(h.auprc, 1.0);
    const std::string text = gpnmsa::formatEvaluation(e);
    QVERIFY2(text.find("1 rows without a positive or negative label") != std::string::npos, text.c_str());
    QVERIFY2(text.find("score: 1 labelled rows without a numeric value") != std::string::npos, text.c_str());
    QVERIFY2(text.find("0.8750") != std::string::npos, text.c_str());
  }

  void evaluateErrors() {
    const QString path = write("small.csv", "id,label,score\nx,P,1\ny,B,2\n");
    const auto t = gpnmsa::readLabeledTable(path.toStdString());
    QCOMPARE(t.format, std::string("CSV"));
    auto expectError = [&](const gpnmsa::EvaluateOptions& o, const char* what) {
      try {
        gpnmsa::evaluate(t, o);
        QFAIL(qPrintable(QString("no error; expected: ") + what));
      } catch (const gpnmsa::Error& e) {
        QVERIFY2(std::string(e.what()).find(what) != std::string::npos, e.what());
        QVERIFY2(std::string(e.what()).find(path.toStdString()) != std::string::npos ||
                     dynamic_cast<const gpnmsa::OptionError*>(&e) != nullptr,  // about settings, not the file
                 e.what());
      }
    };
    gpnmsa::EvaluateOptions o;
    o.labelColumn = "label";
    o.positive = {"P"};
    o.scores = {"nope"};
    expectError(o, "no score column 'nope'");
    o.scores = {"score"};
    o.labelColumn = "class";
    expectError(o, "no label column 'class'");
    o.labelColumn = "label";
    o.positive = {"Q"};
    expectError(o, "no positive rows");
    o.positive = {"P", "B"};
    expectError(o, "no negative rows");
    o.positive = {"P"};
    o.labelFromId = true;
    expectError(o, "exactly one of the two");
    // Typed, naming the settings, so each front end words them (the CLI
    // names its flags: tested in cli below).
    try {
      gpnmsa::evaluate(t, o);
      QFAIL("no error for two label sources");
    } catch (const gpnmsa::OptionError& e) {
      QCOMPARE(e.options(), (std::vector<std::string>{"label-column", "label-from-id"}));
      QVERIFY2(std::string(e.what()).find("--") == std::string::npos, e.what());
    }
    try {
      gpnmsa::readLabeledTable(tmp_.filePath("absent.tsv").toStdString());
      QFAIL("no error for a missing file");
    } catch (const gpnmsa::Error& e) {
      QVERIFY2(std::string(e.what()).find("absent.tsv: cannot open") != std::string::npos, e.what());
    }
  }

  // The headerless benchmark VCF: ID prefixes, one row per record.
  void readsClinvarExample() {
    const QString path = GPNMSA_TEST_DATA "/real/variants/clinvar-gnomad-example.vcf";
    const auto t = gpnmsa::readLabeledTable(path.toStdString());
    QCOMPARE(t.format, std::string("headerless VCF"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    int records = 0, pathogenic = 0;
    for (const QByteArray& line : f.readAll().split('\n')) {
      if (line.isEmpty() || line.startsWith('#')) continue;
      ++records;
      if (line.split('\t').value(2).startsWith("Pathogenic_")) ++pathogenic;
    }
    QCOMPARE(int(t.rows.size()), records);
    const int id = t.column("id");
    QVERIFY(id >= 0);
    int seen = 0;
    for (const auto& r : t.rows) seen += r[size_t(id)].rfind("Pathogenic_", 0) == 0;
    QCOMPARE(seen, pathogenic);
    QVERIFY(pathogenic > 0 && pathogenic < records);
  }

  // A VCF with header: INFO String labels and a Float score (the demo's
  // truth CLASS and simulated RATE; lower rate = constrained).
  void vcfInfoFields() {
    const QString path = GPNMSA_SOURCE_DIR "/resources/demo/variants.vcf";
    QVERIFY2(QFile::exists(path), qPrintable(path + " is missing"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    std::vector<double> rate;
    std::vector<char> y;
    for (const QByteArray& line : f.readAll().split('\n')) {
      if (line.isEmpty() || line.startsWith('#')) continue;
      const auto info = line.split('\t').value(7).split(';');
      char label = -1;
      double r = NAN;
      for (const auto& kv : info) {
        if (kv == "CLASS=constrained") label = 1;
        if (kv == "CLASS=neutral") label = 0;
        if (kv.startsWith("RATE=")) r = kv.mid(5).toDouble();
      }
      QVERIFY(label >= 0 && !std::isnan(r));
      rate.push_back(-r);
      y.push_back(label);
    }
    gpnmsa::EvaluateOptions o;
    o.labelColumn = "CLASS";
    o.positive = {"constrained"};
    o.scores = {"INFO/RATE"};
    const auto e = gpnmsa::evaluate(gpnmsa::readLabeledTable(path.toStdString()), o);
    QCOMPARE(e.metrics.size(), size_t(1));
    QCOMPARE(e.metrics[0].positives + e.metrics[0].negatives, int64_t(y.size()));
    QVERIFY(std::fabs(e.metrics[0].auroc - pairwiseAuroc(rate, y)) < 1e-12);
    QVERIFY(std::fabs(e.metrics[0].auprc - bruteAveragePrecision(rate, y)) < 1e-12);
  }

  // --- the baseline ---

  void baselineHandChecked() {
    // A made-up row: human 'a' (soft-masked), then 8 species:
    // T t A - C N a g  -> ref A: A, a = 2; alt T: T, t = 2; gaps, N, others not counted.
    const char row[] = {'a', 'T', 't', 'A', '-', 'C', 'N', 'a', 'g'};
    const auto n = gpnmsa::countAlleles(row, 9, 'A', 'T');
    QCOMPARE(n.ref, 2);
    QCOMPARE(n.alt, 2);
    QCOMPARE(gpnmsa::alignmentFrequencyBaseline(row, 9, 'A', 'T'), 0.0f);
    // alt C: 1 species; log((1+1)/(2+1)) = log(2/3).
    QCOMPARE(gpnmsa::alignmentFrequencyBaseline(row, 9, 'a', 'c'), float(std::log(2.0 / 3.0)));
    // The human column is not counted: a row whose only T is the human base.
    const char human[] = {'T', 'A', 'A', 'A'};
    QCOMPARE(gpnmsa::alignmentFrequencyBaseline(human, 4, 'A', 'T'), float(std::log(1.0 / 4.0)));
  }

  void baselineOnFixtureStore() {
    auto model = gpnmsa::GpnMsaModel::load((parityDir() + "/tiny").toStdString());
    auto store = gpnmsa::AlignmentStore::open((parityDir() + "/msa.zarr").toStdString());
    QCOMPARE(store->columns(), 9);
    const TsvTable t = readTsv(parityDir() + "/variants.tsv");
    std::vector<gpnmsa::Variant> vs;
    for (const auto& r : t.rows) {
      gpnmsa::Variant v;
      v.chrom = r[0].toStdString();
      v.pos = r[1].toLongLong();
      v.ref = r[2].toStdString();
      v.alt = r[3].toStdString();
      vs.push_back(v);
    }
    gpnmsa::Scorer scorer(*model, *store);
    const auto out = scorer.score(vs);
    int nonZero = 0;
    for (size_t i = 0; i < vs.size(); ++i) {
      const auto row = store->fetch(vs[i].chrom, vs[i].pos - 1, vs[i].pos);
      const double want = countedBaseline(row, vs[i].ref[0], vs[i].alt[0]);
      QVERIFY2(std::fabs(out[i].baseline - want) < 1e-6,
               qPrintable(QString("%1:%2 %3 vs %4 (row %5)").arg(QString::fromStdString(vs[i].chrom))
                              .arg(vs[i].pos).arg(out[i].baseline).arg(want)
                              .arg(QString::fromLatin1(row.data(), int(row.size())))));
      nonZero += want != 0;
      // Parity: the model score is untouched.
      QVERIFY(withinTolerance(out[i].score, t.rows[i][t.column("score")].toDouble()));
    }
    QVERIFY(nonZero > 0);
    // A site checked by hand in the fixture store; see kHandRow.
    const auto row = store->fetch("1", kHandPos - 1, kHandPos);
    QCOMPARE(QString::fromLatin1(row.data(), int(row.size())), QString(kHandRow));
    QCOMPARE(gpnmsa::alignmentFrequencyBaseline(row.data(), 9, kHandRef, kHandAlt), float(kHandValue));
    // Unscored rows get no baseline.
    gpnmsa::Variant bad = vs[0];
    bad.ref = bad.ref == "A" ? "C" : "A";
    QVERIFY(std::isnan(scorer.score({bad})[0].baseline));
  }

  // --- the command line ---

  void scoreWithBaselineThenEvaluate() {
    double mAuroc, mAp, aAuroc, aAp;
    expectedParityMetrics(&mAuroc, &mAp, &aAuroc, &aAp);
    const QStringList engine{"--model", parityDir() + "/tiny", "--msa", parityDir() + "/msa.zarr",
                             "--threads", "1", "-q"};
    // VCF route: INFO/GPN_MSA and INFO/GPNMSA_AF.
    const QString vcf = tmp_.filePath("scored.vcf");
    Run r = gpnmsa(QStringList{"score", "--baseline"} + engine + QStringList{"-i", labelledVcf(), "-o", vcf});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QFile f(vcf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY2(text.contains("##INFO=<ID=GPNMSA_AF,Number=A,Type=Float,Description=\"Alignment-frequency baseline"),
             qPrintable(text.left(2000)));
    QCOMPARE(text.count(";GPNMSA_AF="), 24);
    const QString metrics = tmp_.filePath("metrics.tsv");
    r = gpnmsa({"evaluate", "-i", vcf, "--label-from-id", "--positive", "Pathogenic", "--score", "GPN_MSA",
                "--score", "GPNMSA_AF", "-o", metrics});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("GPN_MSA") && r.out.contains("GPNMSA_AF") && r.out.contains("AUROC"), qPrintable(r.out));
    auto m = readMetrics(metrics);
    QCOMPARE(m.size(), 2);
    for (const auto& [col, auroc, ap] : {std::tuple{QString("GPN_MSA"), mAuroc, mAp},
                                         std::tuple{QString("GPNMSA_AF"), aAuroc, aAp}}) {
      const QStringList row = m.value(col);
      QVERIFY2(row.size() == 7, qPrintable(col));
      QCOMPARE(row[1], QString("lower_is_positive"));
      QCOMPARE(row[2], QString("8"));
      QCOMPARE(row[3], QString("16"));
      QCOMPARE(row[4], QString("0"));
      QVERIFY2(std::fabs(row[5].toDouble() - auroc) < 2e-6, qPrintable(col + ": " + row[5] + " vs " + QString::number(auroc)));
      QVERIFY2(std::fabs(row[6].toDouble() - ap) < 2e-6, qPrintable(col + ": " + row[6] + " vs " + QString::number(ap)));
      QVERIFY2(r.out.contains(QString::number(auroc, 'f', 4)), qPrintable(r.out));
    }
    // The two scores rank differently (else the test could not tell them apart).
    QVERIFY(std::fabs(mAuroc - aAuroc) > 1e-3);

    // TSV route: column af_baseline; model scores unchanged.
    const QString tsv = tmp_.filePath("scored.tsv");
    r = gpnmsa(QStringList{"score", "--baseline"} + engine + QStringList{"-i", labelledVcf(), "-o", tsv});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const TsvTable got = readTsv(tsv);
    const TsvTable golden = readTsv(parityDir() + "/variants.tsv");
    QVERIFY(got.column("af_baseline") == got.column("score_rev") + 1);
    for (size_t i = 0; i < golden.rows.size(); ++i)
      QVERIFY(withinTolerance(got.rows[i][got.column("score")].toDouble(), golden.rows[i][4].toDouble()));
    r = gpnmsa({"evaluate", "-i", tsv, "--label-from-id", "--positive", "pathogenic", "--score", "score",
                "--score", "af_baseline", "-o", metrics});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    m = readMetrics(metrics);
    QVERIFY(std::fabs(m.value("score").value(5).toDouble() - mAuroc) < 2e-6);
    QVERIFY(std::fabs(m.value("af_baseline").value(5).toDouble() - aAuroc) < 2e-6);
    // --higher-is-positive flips the ranking: AUROC becomes 1 - AUROC.
    r = gpnmsa({"evaluate", "-i", tsv, "--label-from-id", "--positive", "Pathogenic", "--higher-is-positive",
                "af_baseline", "-o", metrics});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    m = readMetrics(metrics);
    QCOMPARE(m.size(), 1);
    QCOMPARE(m.value("af_baseline").value(1), QString("higher_is_positive"));
    QVERIFY(std::fabs(m.value("af_baseline").value(5).toDouble() - (1 - aAuroc)) < 2e-6);

    // Without --baseline the outputs are as before.
    const QString plain = tmp_.filePath("plain.tsv");
    r = gpnmsa(QStringList{"score"} + engine + QStringList{"-i", labelledVcf(), "-o", plain});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(readTsv(plain).header.join(','), QString("chrom,pos,id,ref,alt,score,score_fwd,score_rev,status,detail"));
    // The published score layout has no room for it: refused before scoring.
    r = gpnmsa(QStringList{"score", "--baseline"} + engine + QStringList{"-i", labelledVcf(), "-o", tmp_.filePath("s.tsv.bgz")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("--baseline"), qPrintable(r.err));
  }

  void evaluateCliErrors() {
    const QString table = write("cli.tsv", "id\tlabel\tscore\nPathogenic_1\tP\t-2\nCommon_2\tB\t1\nCommon_3\tB\t\n");
    const QString metrics = tmp_.filePath("never.tsv");
    struct Case {
      QStringList args;
      QString message;
    };
    const QList<Case> cases{
        {{"--label-column", "label", "--positive", "P", "--score", "missing_col"}, "no score column 'missing_col'"},
        {{"--label-column", "nolabel", "--positive", "P"}, "no label column 'nolabel'"},
        {{"--label-from-id", "--positive", "Benign"}, "no positive rows"},
        {{"--label-from-id", "--positive", "Pathogenic,Common"}, "no negative rows"},
    };
    for (const Case& c : cases) {
      const Run r = gpnmsa(QStringList{"evaluate", "-i", table, "-o", metrics} + c.args);
      QVERIFY2(r.code == 1, qPrintable(c.args.join(' ') + ": " + r.err));
      QVERIFY2(r.err.contains("gpnmsa: error: ") && r.err.contains(c.message) && r.err.contains(table),
               qPrintable(r.err));
      QVERIFY(!QFile::exists(metrics));
    }
    Run r = gpnmsa({"evaluate", "-i", tmp_.filePath("absent.vcf"), "--label-from-id", "--positive", "P"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("absent.vcf: cannot open"), qPrintable(r.err));
    // Both label sources at once: a usage error.
    r = gpnmsa({"evaluate", "-i", table, "--label-from-id", "--label-column", "label", "--positive", "P"});
    QVERIFY(r.code != 0);
    QVERIFY2(r.err.contains("--label-column") && r.err.contains("--label-from-id"), qPrintable(r.err));
    QVERIFY(!QFile::exists(metrics));
    // A good run says what it left out.
    r = gpnmsa({"evaluate", "-i", table, "--label-column", "label", "--positive", "P"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("score: 1 labelled rows without a numeric value were left out"), qPrintable(r.out));
    QVERIFY2(r.out.contains("1.0000"), qPrintable(r.out));
  }

 private:
  // Read off the fixture store at 1:4498 (T>C): human 't', then the 8 species
  // T T T N T - A C. Ref T in 4 species (N and '-' not counted), alt C in 1:
  // log((1 + 1) / (4 + 1)) = log(0.4) = -0.916291.
  static constexpr int64_t kHandPos = 4498;
  static constexpr const char* kHandRow = "tTTTNT-AC";
  static constexpr char kHandRef = 'T', kHandAlt = 'C';
  static constexpr double kHandValue = -0.91629073187415511;
};

QTEST_GUILESS_MAIN(TestEvaluation)
#include "test_evaluation.moc"
