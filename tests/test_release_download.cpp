// SPDX-License-Identifier: GPL-3.0-or-later
// The published files by name, end to end against a mirror on loopback: a
// real nginx serving the released layout made from the parity fixtures, the
// model's large file behind a 302 to a "CDN" path that carries X-Linked-Etag
// and X-Linked-Size as the model hub does, throttled so a download can be
// cut: `gpnmsa fetch-model` survives a dropped connection (nginx's worker
// killed) and a Ctrl-C, resumes with a Range request, checks the SHA-256, and
// `score --model NAME --msa NAME` / `annotate --scores NAME` over http equal
// the local runs. A wrong digest, a 404, a file without a digest and an
// unreachable server are refused with one plain message.
#include <QCryptographicHash>
#include <QtTest>

#include <signal.h>

#include "support/release_mirror.h"

namespace {

const QString kParity = testsupport::ReleaseMirror::parity();
const QString kRev = testsupport::ReleaseMirror::revision();


QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Output rows without the provenance line (it names the inputs).
QStringList dataRows(const QString& path) {
  QStringList rows;
  for (const QString& line : QString::fromUtf8(readAll(path)).split('\n'))
    if (!line.startsWith('#') && !line.isEmpty()) rows << line;
  return rows;
}

}  // namespace

class TestReleaseDownload : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  testsupport::ReleaseMirror mirror_;
  QString modelSha_, scoresFile_;

  QProcessEnvironment env(const QString& cache) const {
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert("GPNMSA_RELEASES", mirror_.manifest());
    e.insert("GPNMSA_RELEASE_BASE", mirror_.base());
    e.insert("XDG_CACHE_HOME", cache);
    return e;
  }

  int run(const QStringList& args, const QString& cache, QString* err = nullptr) const {
    QProcess p;
    p.setProcessEnvironment(env(cache));
    p.start(GPNMSA_CLI, args);
    p.waitForFinished(300000);
    if (err) *err = QString::fromUtf8(p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  }

  // Starts `args`, waits until `part` holds at least `bytes`, calls `cut`,
  // and returns the exit status.
  template <typename Cut>
  int runAndCut(const QStringList& args, const QString& cache, const QString& part, qint64 bytes, Cut cut,
                QString* err) const {
    QProcess p;
    p.setProcessEnvironment(env(cache));
    p.start(GPNMSA_CLI, args);
    bool cutDone = false;
    while (!p.waitForFinished(10)) {
      if (!cutDone && QFileInfo(part).size() >= bytes) {
        cut(p);
        cutDone = true;
      }
    }
    if (err) *err = QString::fromUtf8(p.readAllStandardError());
    if (!cutDone) return -2;  // finished before it could be cut: the throttle did not hold
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  }

  QString accessLog() const { return mirror_.accessLog(); }

  // nginx's worker processes (the master respawns one that dies).
  QList<qint64> workers() const {
    QList<qint64> pids;
    const QString children = QString::fromLatin1(
        readAll(QString("/proc/%1/task/%1/children").arg(mirror_.nginxPid())));
    for (const QString& pid : children.split(' ', Qt::SkipEmptyParts)) pids << pid.toLongLong();
    return pids;
  }

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    // The score file: made by gpnmsa score from the parity fixtures.
    scoresFile_ = tmp_.filePath("local/scores.tsv.bgz");
    QDir().mkpath(tmp_.filePath("local"));
    QDir().mkpath(tmp_.filePath("mirror"));
    QString err;
    QCOMPARE(run({"score", "-q", "--model", kParity + "/tiny", "--msa", kParity + "/msa.zarr.zip", "-i",
                  kParity + "/variants.tsv", "-o", scoresFile_},
                 tmp_.filePath("cache-local"), &err),
             0);
    const QString why = mirror_.start(tmp_.filePath("mirror"), scoresFile_);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    modelSha_ = mirror_.modelSha();
  }

  void cleanupTestCase() { mirror_.stop(); }

  // A dropped connection keeps the partial file; the next attempt asks for
  // the rest (206) and ends with the exact file, digest checked.
  void droppedDownloadResumes() {
    const QString cache = tmp_.filePath("cache-drop");
    const QString dir = cache + "/gpnmsa/models/gpn-msa-sapiens/" + kRev;
    const QString part = dir + "/model.safetensors.part";
    QString err;
    const int first = runAndCut({"fetch-model"}, cache, part, 40000, [this](QProcess&) {
      for (qint64 pid : workers()) ::kill(pid_t(pid), SIGKILL);
    }, &err);
    QVERIFY2(first != -2, "the download finished before it could be cut");
    QCOMPARE(first, 1);
    QVERIFY2(err.contains("could not download " + mirror_.url("m/songlab/gpn-msa-sapiens/resolve/" + kRev +
                                                             "/model.safetensors")),
             qPrintable(err));
    QVERIFY2(err.contains("To download by hand:"), qPrintable(err));
    const qint64 kept = QFileInfo(part).size();
    QVERIFY2(kept >= 40000 && kept < QFileInfo(kParity + "/tiny/model.safetensors").size(),
             qPrintable(QString::number(kept)));
    QVERIFY(!QFileInfo::exists(dir + "/model.safetensors"));

    const int rangeRequestsBefore = accessLog().count(QString("/cdn/%1 HTTP/1.1\" 206").arg(modelSha_));
    QCOMPARE(run({"fetch-model", "--release", "gpn-msa-sapiens"}, cache, &err), 0);
    QVERIFY2(err.contains("resuming after " + QString::number(kept) + " bytes"), qPrintable(err));
    QCOMPARE(accessLog().count(QString("/cdn/%1 HTTP/1.1\" 206").arg(modelSha_)), rangeRequestsBefore + 1);
    QCOMPARE(readAll(dir + "/model.safetensors"), readAll(kParity + "/tiny/model.safetensors"));
    QCOMPARE(readAll(dir + "/config.json"), readAll(kParity + "/tiny/config.json"));
    QVERIFY(!QFileInfo::exists(part));
    QVERIFY(!QFileInfo::exists(part + ".meta"));

    // Complete: a second fetch asks the server nothing.
    const int requests = accessLog().count('\n');
    QCOMPARE(run({"fetch-model"}, cache, &err), 0);
    QVERIFY2(err.contains("already downloaded"), qPrintable(err));
    QCOMPARE(accessLog().count('\n'), requests);
  }

  // Ctrl-C: status 130, the partial file kept; the next run resumes. The
  // digest here comes only from the server's X-Linked-Etag.
  void interruptedDownloadResumes() {
    const QString dest = tmp_.filePath("dest-interrupt");
    const QString part = dest + "/model.safetensors.part";
    QString err;
    const int first = runAndCut({"fetch-model", "--release", "server-digest-model", "--dest", dest}, tmp_.filePath("c2"),
                                part, 30000, [](QProcess& p) { ::kill(pid_t(p.processId()), SIGINT); }, &err);
    QVERIFY2(first != -2, "the download finished before it could be interrupted");
    QCOMPARE(first, 130);
    QVERIFY2(err.contains("interrupted"), qPrintable(err));
    QVERIFY(QFileInfo(part).size() >= 30000);
    QCOMPARE(run({"fetch-model", "--release", "server-digest-model", "--dest", dest}, tmp_.filePath("c2"), &err), 0);
    QVERIFY2(err.contains("resuming after"), qPrintable(err));
    QCOMPARE(readAll(dest + "/model.safetensors"), readAll(kParity + "/tiny/model.safetensors"));
  }

  // A digest that does not match: refused, nothing left behind, and a later
  // --model NAME does not load the file either.
  void wrongDigestIsRefused() {
    const QString cache = tmp_.filePath("cache-wrong");
    const QString dir = cache + "/gpnmsa/models/wrong-digest-model/" + kRev;
    QString err;
    QCOMPARE(run({"fetch-model", "--release", "wrong-digest-model"}, cache, &err), 1);
    QVERIFY2(err.contains("its SHA-256 is " + modelSha_), qPrintable(err));
    QVERIFY2(err.contains("expected " + testsupport::ReleaseMirror::wrongSha()), qPrintable(err));
    QVERIFY2(err.contains(mirror_.url("m/plain/model.safetensors")), qPrintable(err));
    QVERIFY(!QFileInfo::exists(dir + "/model.safetensors"));
    QVERIFY(!QFileInfo::exists(dir + "/model.safetensors.part"));

    const QString out = tmp_.filePath("wrong.tsv");
    QCOMPARE(run({"score", "-q", "--model", "wrong-digest-model", "--msa", kParity + "/msa.zarr.zip", "-i",
                  kParity + "/variants.tsv", "-o", out},
                 cache, &err),
             1);
    QVERIFY2(err.contains("refusing"), qPrintable(err));
    QVERIFY(!QFileInfo::exists(out));
  }

  // Neither the manifest nor the server gives a digest: refused before the
  // body is read, unless --allow-unverified.
  void noDigestNeedsExplicitFlag() {
    const QString dest = tmp_.filePath("dest-nodigest");
    QString err;
    QCOMPARE(run({"fetch-model", "--release", "no-digest-model", "--dest", dest}, tmp_.filePath("c3"), &err), 1);
    QVERIFY2(err.contains("neither the release manifest nor the server gives its SHA-256"), qPrintable(err));
    QVERIFY(!QFileInfo::exists(dest + "/model.safetensors"));
    QCOMPARE(run({"fetch-model", "--release", "no-digest-model", "--dest", dest, "--allow-unverified"},
                 tmp_.filePath("c3"), &err),
             0);
    QCOMPARE(readAll(dest + "/model.safetensors"), readAll(kParity + "/tiny/model.safetensors"));
  }

  void notFoundSaysSo() {
    QString err;
    QCOMPARE(run({"fetch-model", "--release", "missing-model"}, tmp_.filePath("c4"), &err), 1);
    const QString url = mirror_.url("m/songlab/no-such-model/resolve/" + kRev + "/config.json");
    QVERIFY2(err.contains("could not download " + url + ": the server answered HTTP 404 (not found)"),
             qPrintable(err));
    QVERIFY2(err.contains("To download by hand: " + url + " into "), qPrintable(err));
    QCOMPARE(err.count('\n'), 2);  // the "downloading ..." line and the error
  }

  void unreachableServerSaysHowToDownloadByHand() {
    QTcpServer probe;  // a port nobody listens on
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString base = QString("http://127.0.0.1:%1").arg(probe.serverPort());
    probe.close();
    QString err;
    QCOMPARE(run({"fetch-model", "--release-base", base}, tmp_.filePath("c5"), &err), 1);
    QVERIFY2(err.contains("gpnmsa: error: could not download " + base + "/songlab/gpn-msa-sapiens/resolve/" + kRev +
                          "/config.json: "),
             qPrintable(err));
    QVERIFY2(err.contains("To download by hand: " + base), qPrintable(err));
  }

  // The whole online choice: the model fetched into the cache on first use,
  // the alignment and score file read in place over http, same rows as the
  // local files.
  void scoringByReleaseNamesEqualsLocal() {
    const QString cache = tmp_.filePath("cache-score");
    const QString local = tmp_.filePath("local.tsv"), remote = tmp_.filePath("remote.tsv");
    QString err;
    QCOMPARE(run({"score", "-q", "--model", kParity + "/tiny", "--msa", kParity + "/msa.zarr.zip", "-i",
                  kParity + "/variants.tsv", "-o", local},
                 cache, &err),
             0);
    QCOMPARE(run({"score", "--model", "gpn-msa-sapiens", "--msa", "multiz100way-89", "-i", kParity + "/variants.tsv",
                  "-o", remote},
                 cache, &err),
             0);
    QVERIFY2(err.contains("verified and saved in " + cache + "/gpnmsa/models/gpn-msa-sapiens/" + kRev), qPrintable(err));
    QVERIFY(dataRows(local).size() > 5);
    QCOMPARE(dataRows(remote), dataRows(local));
    QVERIFY(accessLog().contains("GET /cdn/msa.zarr.zip HTTP/1.1\" 206"));

    const QString localAnn = tmp_.filePath("local-ann.tsv"), remoteAnn = tmp_.filePath("remote-ann.tsv");
    QCOMPARE(run({"annotate", "-q", "--scores", scoresFile_, "-i", kParity + "/variants.tsv", "-o", localAnn}, cache,
                 &err),
             0);
    QCOMPARE(run({"annotate", "-q", "--scores", "gpn-msa-hg38-scores", "-i", kParity + "/variants.tsv", "-o",
                  remoteAnn},
                 cache, &err),
             0);
    QVERIFY(dataRows(localAnn).size() > 5);
    QCOMPARE(dataRows(remoteAnn), dataRows(localAnn));
    QVERIFY(accessLog().contains("GET /m/datasets/songlab/gpn-msa-hg38-scores/resolve/main/scores.tsv.bgz.tbi HTTP/1.1\" 200"));

    // A local path of that name wins over the release name.
    QVERIFY(QDir(tmp_.path()).mkpath("cwd/gpn-msa-sapiens"));
    QProcess p;
    p.setProcessEnvironment(env(cache));
    p.setWorkingDirectory(tmp_.filePath("cwd"));
    p.start(GPNMSA_CLI, {"score", "-q", "--model", "gpn-msa-sapiens", "--msa", kParity + "/msa.zarr.zip", "-i",
                         kParity + "/variants.tsv", "-o", tmp_.filePath("cwd/out.tsv")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(QString::fromUtf8(p.readAllStandardError()).contains("--model: "), "the empty local folder was not used");
  }
};

QTEST_GUILESS_MAIN(TestReleaseDownload)
#include "test_release_download.moc"
