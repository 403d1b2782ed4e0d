// SPDX-License-Identifier: GPL-3.0-or-later
// A score file on a real web server (Debian's nginx on loopback, started and
// stopped here): `gpnmsa annotate --scores http://...` fetches only the parts
// it needs (HTTP range requests) and gives the same rows as the local file.
#include <QtTest>

#include "support/loopback_nginx.h"

class TestRemoteScores : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  testsupport::LoopbackNginx nginx_;

  static int run(const QString& program, const QStringList& args, QString* out = nullptr, QString* err = nullptr) {
    QProcess p;
    p.start(program, args);
    p.waitForFinished(300000);
    if (out) *out = QString::fromUtf8(p.readAllStandardOutput());
    if (err) *err = QString::fromUtf8(p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  }

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    QDir(tmp_.path()).mkpath("www");
    // A score file large enough for many BGZF blocks (synthetic values:
    // this test is about transport, not about scores).
    QFile f(tmp_.filePath("www/scores.tsv"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    const char* bases = "ACGT";
    for (int pos = 1; pos <= 60000; ++pos) {
      const char ref = bases[(pos * 7) % 4];
      for (int a = 0; a < 4; ++a)
        if (bases[a] != ref)
          f.write(QString("1\t%1\t%2\t%3\t%4\n").arg(pos).arg(ref).arg(bases[a]).arg(-(pos % 997) / 100.0 - a, 0, 'f', 2).toUtf8());
    }
    f.close();
    QCOMPARE(run("bgzip", {"-f", f.fileName()}), 0);
    QCOMPARE(run("tabix", {"-s1", "-b2", "-e2", f.fileName() + ".gz"}), 0);

    const QString why = nginx_.start(tmp_.path());
    QVERIFY2(why.isEmpty(), qPrintable(why));
  }

  void cleanupTestCase() {
    nginx_.stop();
  }

  void annotateOverHttp() {
    const QString in = tmp_.filePath("query.tsv");
    QFile q(in);
    QVERIFY(q.open(QIODevice::WriteOnly));
    q.write("chrom\tpos\tref\talt\n");
    const char* bases = "ACGT";
    for (int pos : {5, 12345, 30001, 59999}) {
      const char ref = bases[(pos * 7) % 4];
      const char alt = bases[((pos * 7) + 1) % 4];
      q.write(QString("chr1\t%1\t%2\t%3\n").arg(pos).arg(ref).arg(alt).toUtf8());
    }
    q.write("1\t70000\tA\tC\n");  // beyond the file: not_in_score_file
    q.close();
    QString local, remote, err;
    QCOMPARE(run(GPNMSA_CLI, {"annotate", "-q", "--scores", tmp_.filePath("www/scores.tsv.gz"), "-i", in, "-o", "-"}, &local, &err), 0);
    const QString url = nginx_.url("scores.tsv.gz");
    QVERIFY2(run(GPNMSA_CLI, {"annotate", "-q", "--scores", url, "-i", in, "-o", "-"}, &remote, &err) == 0, qPrintable(err));
    // Same rows apart from the provenance line naming the source.
    QStringList l = local.split('\n'), r = remote.split('\n');
    l.removeFirst();
    r.removeFirst();
    QCOMPARE(r, l);
    QCOMPARE(r.filter("\tok").size(), 4);
    QCOMPARE(r.filter("not_in_score_file").size(), 1);
    QFile log(tmp_.filePath("access.log"));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QString entries = QString::fromUtf8(log.readAll());
    QVERIFY2(entries.contains("\" 206 "), qPrintable(entries));  // range requests, not whole downloads
  }

  void unreachableServer() {
    QString out, err;
    QVERIFY(run(GPNMSA_CLI, {"annotate", "--scores", nginx_.url("missing.tsv.gz"),
                             "-i", tmp_.filePath("query.tsv"), "-o", "-"}, &out, &err) != 0);
    QVERIFY2(err.contains("missing.tsv.gz"), qPrintable(err));
  }
};

QTEST_GUILESS_MAIN(TestRemoteScores)
#include "test_remote_scores.moc"
