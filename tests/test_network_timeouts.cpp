// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 17 defect 7: every network read has a connect and a stall timeout.
// A server that accepts and never answers, or stops sending in the middle,
// used to hang `annotate --scores http://...` and `score --msa http://...zip`
// forever; now each gives up after the timeout (2 s here, through
// GPNMSA_CONNECT_TIMEOUT / GPNMSA_STALL_TIMEOUT) with a message naming the
// URL and the setting. The wait below is only a guard against the old hang.
#include <QtTest>

#include "support/parity_fixtures.h"
#include "support/silent_server.h"

using namespace testsupport;

class TestNetworkTimeouts : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

  struct Run {
    bool finished = false;
    int code = -1;
    QString err;
  };
  static Run run(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("GPNMSA_CONNECT_TIMEOUT", "2");
    env.insert("GPNMSA_STALL_TIMEOUT", "2");
    env.insert("XDG_CACHE_HOME", QDir::tempPath() + "/gpnmsa-timeout-test-cache");
    p.setProcessEnvironment(env);
    p.start(GPNMSA_CLI, args);
    Run r;
    r.finished = p.waitForFinished(90000);  // the old behaviour: never
    if (!r.finished) p.kill();
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
  }

  QString query() {
    const QString in = tmp_.filePath("query.tsv");
    QFile q(in);
    if (q.open(QIODevice::WriteOnly)) q.write("chrom\tpos\tref\talt\n1\t4498\tT\tC\n");
    return in;
  }

 private slots:
  void initTestCase() { QVERIFY(tmp_.isValid()); }

  void silentServer_data() {
    QTest::addColumn<QString>("command");
    QTest::newRow("annotate --scores") << "annotate";
    QTest::newRow("score --msa") << "score";
  }
  void silentServer() {
    QFETCH(QString, command);
    MisbehavingServer server;
    const QString why = server.start(MisbehavingServer::Mode::Silent);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    const QString url = server.url(command == "annotate" ? "scores.tsv.gz" : "msa.zarr.zip");
    const QStringList args = command == "annotate"
        ? QStringList{"annotate", "-q", "--scores", url, "-i", query(), "-o", tmp_.filePath("out.tsv")}
        : QStringList{"score", "-q", "--model", parityDir() + "/tiny", "--msa", url, "-i", query(), "-o", tmp_.filePath("out.tsv")};
    const Run r = run(args);
    QVERIFY2(r.finished, "gpnmsa still waiting for a server that never answers");
    QVERIFY(r.code != 0);
    QVERIFY2(r.err.contains(url + ": no answer from the server within 2 s (connect timeout; set GPNMSA_CONNECT_TIMEOUT"),
             qPrintable(r.err));
  }

  // The server answers the opening requests, then sends nothing for a read
  // further into the file.
  void stallingServer() {
    MisbehavingServer server;
    const QString why = server.start(MisbehavingServer::Mode::Stalling);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    const QString url = server.url("msa.zarr.zip");
    const Run r = run({"score", "-q", "--model", parityDir() + "/tiny", "--msa", url, "-i", query(), "-o", tmp_.filePath("out.tsv")});
    QVERIFY2(r.finished, "gpnmsa still waiting for a server that stopped sending");
    QVERIFY(r.code != 0);
    QVERIFY2(r.err.contains(url + ": no data from the server within 2 s (stall timeout; set GPNMSA_STALL_TIMEOUT"),
             qPrintable(r.err));
  }

  void helpNamesTheSettings() {
    QProcess p;
    p.start(GPNMSA_CLI, {"--help"});
    QVERIFY(p.waitForFinished(60000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(out.contains("GPNMSA_CONNECT_TIMEOUT") && out.contains("GPNMSA_STALL_TIMEOUT"), qPrintable(out));
  }

  void badSetting() {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("GPNMSA_STALL_TIMEOUT", "soon");
    p.setProcessEnvironment(env);
    p.start(GPNMSA_CLI, {"annotate", "-q", "--scores", "http://127.0.0.1:9/x.tsv.gz", "-i", query(), "-o", "-"});
    QVERIFY(p.waitForFinished(60000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(p.exitCode() != 0 && err.contains("GPNMSA_STALL_TIMEOUT='soon': expected whole seconds"), qPrintable(err));
  }
};

QTEST_GUILESS_MAIN(TestNetworkTimeouts)
#include "test_network_timeouts.moc"
