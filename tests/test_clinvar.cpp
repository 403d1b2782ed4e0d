// SPDX-License-Identifier: GPL-3.0-or-later
// ClinVar lookups (gpnmsa::ClinVarFile) against an excerpt of NCBI's
// clinvar.vcf.gz (tests/data/clinvar/), indexed here with Debian's tabix:
// every extracted field compared with an independent parse of the file's text.
#include <QtTest>

#include "gpnmsa/clinvar.h"
#include "gpnmsa/error.h"
#include "support/run_program.h"
#include "support/text_files.h"

using namespace gpnmsa;

namespace {

const QString kExcerpt = QStringLiteral(GPNMSA_TEST_DATA "/clinvar/clinvar_20230710.GRCh37.excerpt.vcf.gz");

// One record of the file, parsed here without the code under test.
struct Line {
  QString chrom, id, ref, alt;
  qint64 pos = 0;
  QMap<QString, QString> info;
};

QList<Line> parseVcf(const QString& gz) {
  const testsupport::ProgramRun r = testsupport::runProgram("bgzip", {"-dc", gz});
  QList<Line> out;
  for (const QString& text : r.out.split('\n', Qt::SkipEmptyParts)) {
    if (text.startsWith('#')) continue;
    const QStringList f = text.split('\t');
    Line l{f[0], f[2], f[3], f[4], f[1].toLongLong(), {}};
    for (const QString& kv : f[7].split(';')) {
      const qsizetype eq = kv.indexOf('=');
      if (eq > 0) l.info[kv.left(eq)] = kv.mid(eq + 1);
    }
    out.append(l);
  }
  return out;
}

// The readable form, spelled out independently: '_' as ' ', "|_" as "|".
QString readable(QString s) { return s.replace("|_", "|").replace('_', ' ').trimmed(); }

int expectedStars(const QString& s) {
  static const QMap<QString, int> stars = {
      {"practice_guideline", 4},
      {"reviewed_by_expert_panel", 3},
      {"criteria_provided,_multiple_submitters,_no_conflicts", 2},
      {"criteria_provided,_conflicting_interpretations", 1},
      {"criteria_provided,_single_submitter", 1},
      {"no_assertion_criteria_provided", 0},
      {"no_assertion_provided", 0},
  };
  return stars.value(s, -1);
}

Variant variant(const QString& chrom, qint64 pos, const QString& ref, const QString& alt) {
  Variant v;
  v.chrom = chrom.toStdString();
  v.pos = pos;
  v.ref = ref.toStdString();
  v.alt = alt.toStdString();
  return v;
}

QString error(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace

class TestClinVar : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString indexed_;  // the excerpt with a .tbi beside it
  QList<Line> lines_;

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    indexed_ = tmp_.filePath("clinvar.vcf.gz");
    QVERIFY(QFile::copy(kExcerpt, indexed_));
    const testsupport::ProgramRun r = testsupport::runProgram("tabix", {"-p", "vcf", indexed_});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    lines_ = parseVcf(kExcerpt);
    QVERIFY(lines_.size() >= 250);
  }

  void starsAndText() {
    QCOMPARE(clinVarStars("practice_guideline"), 4);
    QCOMPARE(clinVarStars("reviewed_by_expert_panel"), 3);
    QCOMPARE(clinVarStars("criteria_provided,_multiple_submitters,_no_conflicts"), 2);
    QCOMPARE(clinVarStars("criteria_provided,_conflicting_classifications"), 1);
    QCOMPARE(clinVarStars("criteria_provided,_conflicting_interpretations"), 1);
    QCOMPARE(clinVarStars("criteria_provided,_single_submitter"), 1);
    QCOMPARE(clinVarStars("no_classification_provided"), 0);
    QCOMPARE(clinVarStars("something_else"), -1);
    QCOMPARE(clinVarStars(""), -1);
    QCOMPARE(clinVarText("Pathogenic|_risk_factor"), std::string("Pathogenic|risk factor"));
    QCOMPARE(clinVarText("Conflicting_interpretations_of_pathogenicity"),
             std::string("Conflicting interpretations of pathogenicity"));
  }

  // Every record of the excerpt looked up by its own allele, with and without
  // "chr": each field as the file's text says.
  void everyRecordMatches() {
    const auto file = ClinVarFile::open(indexed_.toStdString());
    std::vector<Variant> vs;
    QList<const Line*> expected;
    for (const Line& l : lines_) {
      if (l.alt == ".") continue;
      vs.push_back(variant(l.chrom, l.pos, l.ref, l.alt));
      vs.push_back(variant("chr" + l.chrom, l.pos, l.ref.toLower(), l.alt));
      expected << &l << &l;
    }
    const std::vector<ClinVarMatch> got = file->lookup(vs);
    QCOMPARE(got.size(), vs.size());
    QSet<int> starsSeen;
    for (size_t i = 0; i < got.size(); ++i) {
      const Line& l = *expected[qsizetype(i)];
      const ClinVarMatch& m = got[i];
      const QString where = l.chrom + ":" + QString::number(l.pos) + " " + l.ref + ">" + l.alt;
      QVERIFY2(m.found, qPrintable(where));
      // Several records may share a position; the match is the one with this REF/ALT.
      QCOMPARE(QString::fromStdString(m.id), l.id);
      QCOMPARE(QString::fromStdString(m.significance), readable(l.info.value("CLNSIG")));
      QCOMPARE(QString::fromStdString(m.reviewStatus), readable(l.info.value("CLNREVSTAT")));
      QCOMPARE(m.stars, expectedStars(l.info.value("CLNREVSTAT")));
      QCOMPARE(QString::fromStdString(m.condition), readable(l.info.value("CLNDN")));
      starsSeen << m.stars;
    }
    QCOMPARE(starsSeen, (QSet<int>{0, 1, 2}));
  }

  void mismatchesGiveNoMatch() {
    const auto file = ClinVarFile::open(indexed_.toStdString());
    const Line& l = lines_.front();  // 1:69134 A>G
    QCOMPARE(l.pos, 69134);
    const QString otherAlt = l.alt == "T" ? "C" : "T";
    const std::vector<ClinVarMatch> got = file->lookup({
        variant(l.chrom, l.pos, l.ref, otherAlt),      // other ALT
        variant(l.chrom, l.pos, "C", l.alt),           // other REF
        variant(l.chrom, l.pos + 1, l.ref, l.alt),     // other position
        variant("2", l.pos, l.ref, l.alt),             // chromosome not in the file
        variant(l.chrom, l.pos, l.ref + "A", l.alt),   // longer REF
        variant(l.chrom, 877831, "T", "."),            // a record without ALT matches nothing
        variant(l.chrom, l.pos, l.ref, l.alt),         // the record itself
    });
    for (size_t i = 0; i + 1 < got.size(); ++i) QVERIFY2(!got[i].found, qPrintable(QString::number(i)));
    QVERIFY(got.back().found);
    QCOMPARE(clinVarValues(got[0]), std::vector<std::string>(4));
    QCOMPARE(clinVarValues(got.back()),
             (std::vector<std::string>{"Likely benign", "1", "Inborn genetic diseases", "2205837"}));
  }

  // A multi-allelic record (not NCBI's layout, but a valid VCF): each ALT matches.
  void multiAllelicRecord() {
    const QString plain = tmp_.filePath("multi.vcf");
    QVERIFY(testsupport::writeTextFile(plain, "##fileformat=VCFv4.1\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
            "chr7\t100\t11\tA\tC,G\t.\t.\tCLNSIG=Pathogenic|_risk_factor;CLNREVSTAT=reviewed_by_expert_panel;"
            "CLNDN=Disease_A|not_provided\n"
            "chr7\t100\t12\tA\tT\t.\t.\tCLNSIG=Benign;CLNREVSTAT=practice_guideline;CLNDN=not_provided\n"));
    QCOMPARE(testsupport::runProgram("bgzip", {"-f", plain}).code, 0);
    QCOMPARE(testsupport::runProgram("tabix", {"-p", "vcf", plain + ".gz"}).code, 0);
    const auto file = ClinVarFile::open((plain + ".gz").toStdString());
    const auto got = file->lookup({variant("7", 100, "A", "G"), variant("7", 100, "A", "C"),
                                   variant("chr7", 100, "A", "T"), variant("7", 100, "A", "C,G")});
    QVERIFY(got[0].found && got[1].found && got[2].found && !got[3].found);
    QCOMPARE(got[0].id, std::string("11"));
    QCOMPARE(got[1].significance, std::string("Pathogenic|risk factor"));
    QCOMPARE(got[1].stars, 3);
    QCOMPARE(got[1].condition, std::string("Disease A|not provided"));
    QCOMPARE(got[2].id, std::string("12"));
    QCOMPARE(got[2].stars, 4);
  }

  void unusableFiles() {
    const QString noIndex = tmp_.filePath("noindex.vcf.gz");
    QVERIFY(QFile::copy(kExcerpt, noIndex));
    QString e = error([&] { ClinVarFile::open(noIndex.toStdString()); });
    QVERIFY2(e.startsWith(noIndex + ": no tabix index") && e.contains("tabix -p vcf " + noIndex), qPrintable(e));

    const QString plain = tmp_.filePath("plain.vcf");
    const testsupport::ProgramRun r = testsupport::runProgram("bgzip", {"-dc", kExcerpt});
    QVERIFY(testsupport::writeTextFile(plain, r.out.toUtf8()));
    e = error([&] { ClinVarFile::open(plain.toStdString()); });
    QVERIFY2(e.startsWith(plain + ": not bgzip-compressed") && e.contains("bgzip " + plain) &&
                 e.contains("tabix -p vcf " + plain + ".gz"),
             qPrintable(e));

    e = error([&] { ClinVarFile::open("/nonexistent/clinvar.vcf.gz"); });
    QVERIFY2(e.startsWith("/nonexistent/clinvar.vcf.gz: cannot open the ClinVar file: ") && !e.contains("[E::"),
             qPrintable(e));
  }
};

QTEST_GUILESS_MAIN(TestClinVar)
#include "test_clinvar.moc"
