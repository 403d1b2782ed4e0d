// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa import-maf` must not exit 0 with a store that holds no data: an empty
// MAF, a --ref-prefix (or --chrom) that matches no block, and a --species path
// that does not exist (once taken as a species name) each fail with exit 1,
// saying why, and leave no store behind.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "support/run_program.h"
#include "support/text_files.h"

namespace {

const QString kMaf = QStringLiteral(GPNMSA_TEST_DATA "/real/maf/hg38.multiz100way.chr22_10510072.maftk.maf");

testsupport::ProgramRun gpnmsa(const QStringList& args) {
  return testsupport::runProgram(QStringLiteral(GPNMSA_CLI), args);
}

}  // namespace

class TestImportMafNoData : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;

  QString out() const { return tmp_.path() + "/out.zarr"; }

  void expectFailure(const QStringList& args, const QStringList& needles) {
    const auto run = gpnmsa(QStringList{"import-maf", "-q", "-o", out()} + args);
    QVERIFY2(run.code == 1, qPrintable(QString("exit %1: %2").arg(run.code).arg(run.err)));
    for (const auto& n : needles) QVERIFY2(run.err.contains(n), qPrintable(n + " not in: " + run.err));
    QVERIFY2(!run.err.contains("internal error"), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(out()));
    const auto left = QDir(tmp_.path()).entryList({".out.zarr*"}, QDir::AllEntries | QDir::Hidden);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(' ')));
  }

 private slots:
  void initTestCase() { QVERIFY(tmp_.isValid()); }

  void emptyMaf() {
    const QString empty = tmp_.path() + "/empty.maf";
    QVERIFY(testsupport::writeTextFile(empty, ""));
    expectFailure({"--maf", empty, "--species", "panTro4"}, {empty, "no alignment blocks"});
    const QString headerOnly = tmp_.path() + "/header.maf";
    QVERIFY(testsupport::writeTextFile(headerOnly, "##maf version=1\n# nothing else\n"));
    expectFailure({"--maf", headerOnly, "--species", "panTro4"}, {headerOnly, "no alignment blocks"});
  }

  void refPrefixMatchesNothing() {
    expectFailure({"--maf", kMaf, "--species", "panTro4", "--ref-prefix", "hg19"},
                  {"no block has a reference row 'hg19.<chrom>'", "1 block(s) read", "hg38", "--ref-prefix"});
  }

  void chromMatchesNothing() {
    expectFailure({"--maf", kMaf, "--species", "panTro4", "--chrom", "chr7"},
                  {"no block on the requested chromosome(s)", "chr7"});
  }

  void speciesPathMissing() {
    const QString missing = tmp_.path() + "/species.txt";
    expectFailure({"--maf", kMaf, "--species", missing}, {"--species " + missing, "no such file"});
    expectFailure({"--maf", kMaf, "--species", "species-list.txt"}, {"--species species-list.txt", "no such file"});
  }

  // The same options on a small MAF with data are fine (the cases above fail for their reason only;
  // the real excerpt's 50-Mb chromosome would make a large scratch matrix).
  void goodImportStillWorks() {
    const QString small = tmp_.path() + "/small.maf";
    QVERIFY(testsupport::writeTextFile(small, "a\ns hg38.chr22 2 4 + 10 ACGT\ns panTro4.chr1 0 4 + 10 ACGA\n"));
    const auto run = gpnmsa({"import-maf", "-q", "--maf", small, "--species", "panTro4", "-o", out()});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(QFileInfo::exists(out() + "/22/.zarray"));
    QVERIFY(QDir(out()).removeRecursively());
  }
};

QTEST_APPLESS_MAIN(TestImportMafNoData)
#include "test_import_maf_no_data.moc"
