// SPDX-License-Identifier: GPL-3.0-or-later
// import-maf tolerance: real third-party MAFs contain `s` rows that contradict
// themselves (size differing from the text's bases, a strand other than + or -,
// start + size beyond srcSize). Such a row is skipped — that species is a gap
// in that block — and counted per reason and per species with the first line
// numbers; `--strict` stops at the first one. The test injects such rows into
// a real MAF excerpt (the project's data has no MAF that already has them) and
// checks that the store equals the one made from the MAF with those rows deleted.
#include <htslib/bgzf.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>

#include "gpnmsa/maf_import.h"
#include "support/core_helpers.h"
#include "support/run_program.h"
#include "support/text_files.h"

namespace {

// Its reference is a 1-Mb excerpt (srcSize 1,000,001): small scratch matrices.
const QString kMaf = QStringLiteral(GPNMSA_TEST_DATA "/real/maf/hg17.5way.chr22_14500000-15500000.phast.maf.gz");

// The MAF's lines (without newlines).
QList<QByteArray> mafLines() {
  BGZF* f = bgzf_open(kMaf.toLocal8Bit().constData(), "r");
  if (!f) return {};
  QByteArray text;
  char buf[65536];
  ssize_t n;
  while ((n = bgzf_read(f, buf, sizeof buf)) > 0) text.append(buf, qsizetype(n));
  bgzf_close(f);
  return text.split('\n');
}

// Field `i` (0 = "s") of an `s` line replaced by `value`.
QByteArray withField(const QByteArray& line, int i, const QByteArray& value) {
  QList<QByteArray> f = line.simplified().split(' ');
  f[i] = value;
  return f.join(' ');
}

// The 1-based line numbers the test spoils, and how (each checked to be the row it means).
struct Injection {
  int line;
  QByteArray src;
  int field;
  QByteArray value;
  const char* reason;
};
const Injection kInjections[] = {
    {4, "rn3.chr2", 3, "107", "size differs from the text's bases"},     // text has 106 bases
    {12, "rn3.chr2", 4, "?", "unknown strand"},
    {13, "mm5.chr3", 5, "56198172", "start + size beyond srcSize"},      // start 56198171 + 282
    {17, "hg17.chr22", 3, "989", "size differs from the text's bases"},  // the reference row: block dropped
};

QStringList speciesOf(const QList<QByteArray>& lines) {
  QStringList out;
  for (const auto& l : lines) {
    if (!l.startsWith("s ")) continue;
    const QString asmName = QString::fromLatin1(l.simplified().split(' ')[1]).section('.', 0, 0);
    if (asmName != "hg17" && !out.contains(asmName)) out << asmName;
  }
  return out;
}

gpnmsa::MafImportOptions options(const QString& maf, const QString& out, const QStringList& species) {
  gpnmsa::MafImportOptions o;
  o.mafs = {maf.toStdString()};
  for (const auto& s : species) o.species.push_back(s.toStdString());
  o.refPrefix = "hg17";
  o.output = out.toStdString();
  return o;
}

}  // namespace

class TestMafTolerance : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  QString spoiled_, deleted_;
  QStringList species_;

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    const auto lines = mafLines();
    QVERIFY(lines.size() > 30);
    species_ = speciesOf(lines);
    QList<QByteArray> spoiled = lines, deleted;
    for (const auto& inj : kInjections) {
      const QByteArray& l = lines[inj.line - 1];
      QVERIFY2(l.simplified().split(' ').value(1) == inj.src, l.constData());
      spoiled[inj.line - 1] = withField(l, inj.field, inj.value);
    }
    for (int i = 0; i < lines.size(); ++i) {
      const bool hit = std::any_of(std::begin(kInjections), std::end(kInjections),
                                   [&](const Injection& inj) { return inj.line == i + 1; });
      if (!hit) deleted << lines[i];
    }
    spoiled_ = tmp_.path() + "/spoiled.maf";
    deleted_ = tmp_.path() + "/deleted.maf";
    QVERIFY(testsupport::writeTextFile(spoiled_, spoiled.join('\n')));
    QVERIFY(testsupport::writeTextFile(deleted_, deleted.join('\n')));
  }

  // Skipped rows are gaps: the store equals the one without those rows.
  void skipsAndCounts() {
    const QString a = tmp_.path() + "/spoiled.zarr", b = tmp_.path() + "/deleted.zarr";
    gpnmsa::MafImportResult r;
    try {
      r = gpnmsa::importMaf(options(spoiled_, a, species_));
      gpnmsa::importMaf(options(deleted_, b, species_));
    } catch (const gpnmsa::Error& e) {
      QFAIL(e.what());
    }
    const std::string got = testsupport::allRows(*gpnmsa::AlignmentStore::open(a.toStdString()));
    const std::string want = testsupport::allRows(*gpnmsa::AlignmentStore::open(b.toStdString()));
    QVERIFY(!got.empty());
    QVERIFY2(got == want, "store from the MAF with malformed rows differs from the MAF without them");

    QCOMPARE(r.malformed.total, int64_t(4));
    QCOMPARE(r.malformed.byReason.at("size differs from the text's bases"), int64_t(2));
    QCOMPARE(r.malformed.byReason.at("unknown strand"), int64_t(1));
    QCOMPARE(r.malformed.byReason.at("start + size beyond srcSize"), int64_t(1));
    QCOMPARE(r.malformed.bySpecies.at("rn3"), int64_t(2));
    QCOMPARE(r.malformed.bySpecies.at("mm5"), int64_t(1));
    QCOMPARE(r.malformed.bySpecies.at("hg17"), int64_t(1));
    QCOMPARE(r.malformed.bySpecies.count("galGal2"), std::size_t(0));
    QCOMPARE(r.blocksMalformedReference, int64_t(1));
    QCOMPARE(int(r.malformed.first.size()), 4);
    QVERIFY2(r.malformed.first[0] == spoiled_.toStdString() + ":4: text has 106 bases but size is 107",
             r.malformed.first[0].c_str());
    QVERIFY(QString::fromStdString(r.malformed.first[1]).startsWith(spoiled_ + ":12: bad strand '?'"));
  }

  void strictStopsAtTheFirst() {
    auto o = options(spoiled_, tmp_.path() + "/strict.zarr", species_);
    o.strict = true;
    EXPECT_ERROR(gpnmsa::importMaf(o), (spoiled_ + ":4:").toStdString(), "rn3.chr2", "106 bases",
                 "--strict");
    QVERIFY(!QFileInfo::exists(tmp_.path() + "/strict.zarr"));
  }

  // The command prints the counts and the first line numbers, and --strict fails.
  void commandSummary() {
    const QStringList args{"import-maf", "--maf", spoiled_, "--species", species_.join(','), "--ref-prefix",
                           "hg17", "-q", "-o", tmp_.path() + "/cli.zarr"};
    auto run = testsupport::runProgram(QStringLiteral(GPNMSA_CLI), args);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    for (const QString& needle : {QString("4 malformed 's' row(s) skipped"), QString("unknown strand (1)"),
                                  QString("size differs from the text's bases (2)"), QString("rn3(2)"),
                                  QString("mm5(1)"), QString("1 block(s) dropped"), spoiled_ + ":4:",
                                  spoiled_ + ":13:", spoiled_ + ":17:"}) {
      QVERIFY2(run.err.contains(needle), qPrintable(needle + " not in:\n" + run.err));
    }
    run = testsupport::runProgram(QStringLiteral(GPNMSA_CLI), QStringList(args) << "--strict");
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(spoiled_ + ":4:") && run.err.contains("--strict"), qPrintable(run.err));
  }
};

QTEST_APPLESS_MAIN(TestMafTolerance)
#include "test_maf_tolerance.moc"
