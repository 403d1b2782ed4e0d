// SPDX-License-Identifier: GPL-3.0-or-later
// import-maf on a filesystem too small for its scratch matrix: the command once
// died of SIGBUS writing the memory-mapped matrix (and left `.X.zarr.tmp-*`
// behind). Now the scratch space is reserved up front, so a full disk is an
// error (exit 1, naming the file and the shortage) and nothing is left behind.
// The small filesystem is a real tmpfs mounted without root inside a user and
// mount namespace (`unshare -rm`); where that is not allowed the test skips
// (saying so) rather than pass without having filled a disk.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "support/run_program.h"
#include "support/text_files.h"

// In the namespace: mount a 256 KiB tmpfs on $1, import into it, print the exit
// status and what is left there.
static const char* const kScript = R"SH(
mount -t tmpfs -o size=256k none "$1" || exit 99
"$2" import-maf -q --maf "$3" --species mm10 -o "$1/out.zarr"
echo "exit=$?"
echo "left=[$(ls -A "$1")]"
)SH";

class TestMafDiskFull : public QObject {
  Q_OBJECT

 private slots:
  void fullDiskIsAnError() {
    if (testsupport::runProgram("unshare", {"-rm", "true"}).code != 0) {
      QSKIP("unshare -rm (user and mount namespaces) is not allowed here: cannot mount a small tmpfs without root");
    }
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    // One block of 300,000 columns: 900 KB of scratch matrix (3 columns), far over 256 KiB.
    const int n = 300000;
    const QByteArray bases(n, 'A');
    const QString maf = tmp.path() + "/big.maf";
    QVERIFY(testsupport::writeTextFile(maf, "##maf version=1\na score=1\ns hg38.chr1 0 " + QByteArray::number(n) +
                                                " + " + QByteArray::number(n) + " " + bases + "\ns mm10.chr1 0 " +
                                                QByteArray::number(n) + " + " + QByteArray::number(n) + " " +
                                                bases + "\n\n"));
    const QString mnt = tmp.path() + "/small";
    QVERIFY(QDir().mkpath(mnt));
    const auto run = testsupport::runProgram(
        "unshare", {"-rm", "sh", "-c", kScript, "sh", mnt, QStringLiteral(GPNMSA_CLI), maf});
    if (run.code == 99) QSKIP(qPrintable("mounting a tmpfs in a user namespace is not allowed here: " + run.err));
    QVERIFY2(run.code == 0, qPrintable(QString("exit %1: %2 %3").arg(run.code).arg(run.out, run.err)));
    QVERIFY2(run.out.contains("exit=1\n"), qPrintable(run.out + run.err));  // not 135 (SIGBUS)
    QVERIFY2(run.out.contains("left=[]"), qPrintable(run.out));
    QVERIFY2(run.err.contains("scratch") && run.err.contains("No space left on device") &&
                 run.err.contains(mnt),
             qPrintable(run.err));
  }
};

QTEST_APPLESS_MAIN(TestMafDiskFull)
#include "test_maf_disk_full.moc"
