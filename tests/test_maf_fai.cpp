// SPDX-License-Identifier: GPL-3.0-or-later
// import-maf must not write beside its input: it once wrote `<fasta>.fai`
// next to the reference FASTA, and in a read-only folder failed with a message
// blaming the FASTA. A FASTA without an index is indexed in the output's
// temporary directory (removed afterwards); an existing `.fai` is only read.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "support/run_program.h"
#include "support/text_files.h"

class TestMafFai : public QObject {
  Q_OBJECT

 private slots:
  void nothingWrittenBesideTheFasta() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString in = tmp.path() + "/in";
    QVERIFY(QDir().mkpath(in));
    QVERIFY(testsupport::writeTextFile(in + "/ref.fa", ">chr1\nacgtACGTAC\n"));
    QVERIFY(testsupport::writeTextFile(in + "/a.maf", "a\ns hg38.chr1 2 3 + 10 gTA\ns mm10.chr2 5 3 + 100 GCA\n"));
    // Read-only, as input folders often are (root could still write: the listing check below holds anyway).
    QVERIFY(QFile::setPermissions(in, QFile::ReadOwner | QFile::ExeOwner));
    const auto run = testsupport::runProgram(
        QStringLiteral(GPNMSA_CLI), {"import-maf", "-q", "--maf", in + "/a.maf", "--reference", in + "/ref.fa",
                                     "--species", "mm10", "-o", tmp.path() + "/out.zarr"});
    QFile::setPermissions(in, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(QDir(in).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList({"a.maf", "ref.fa"}));
    // Nothing but the store beside the output either.
    QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList({"in", "out.zarr"}));
    const QStringList store = QDir(tmp.path() + "/out.zarr").entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    QCOMPARE(store, QStringList({".zgroup", "1"}));
  }

  void helpNamesTheTemporaryFiles() {
    const auto run = testsupport::runProgram(QStringLiteral(GPNMSA_CLI), {"import-maf", "--help"});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(".fai") && run.out.contains(".tmp-"), qPrintable(run.out));
  }
};

QTEST_APPLESS_MAIN(TestMafFai)
#include "test_maf_fai.moc"
