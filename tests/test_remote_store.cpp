// SPDX-License-Identifier: GPL-3.0-or-later
// A zipped alignment store on a real web server (Debian's nginx on loopback,
// started and stopped here): opened by URL, it reads the same bytes as the
// local file, scoring and logits through `gpnmsa --msa URL` equal the local
// results, a second open is served from the on-disk cache (index sidecar +
// fetched entries) without fetching chunks again, the cache stays within its
// bound, a replaced zip is not served from a stale cache, and a missing URL
// gives an error naming it.
#include <QtTest>

#include "support/loopback_nginx.h"
#include <filesystem>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "support/core_helpers.h"

namespace fs = std::filesystem;
using gpnmsa::AlignmentStore;

using testsupport::allRows;

namespace {

const QString kParity = QStringLiteral(GPNMSA_TEST_DATA "/parity");

uint64_t dirBytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file()) total += it->file_size();
  }
  return total;
}

int fileCount(const std::string& dir) {
  int n = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file()) ++n;
  }
  return n;
}

}  // namespace

class TestRemoteStore : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  testsupport::LoopbackNginx nginx_;

  static int run(const QStringList& args, const QStringList& env, QString* out, QString* err) {
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const QString& kv : env) e.insert(kv.section('=', 0, 0), kv.section('=', 1));
    p.setProcessEnvironment(e);
    p.start(GPNMSA_CLI, args);
    p.waitForFinished(600000);
    *out = QString::fromUtf8(p.readAllStandardOutput());
    *err = QString::fromUtf8(p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  }

  QString url(const QString& name) const { return nginx_.url(name); }
  std::string cache(const QString& name) const { return tmp_.filePath("cache-" + name).toStdString(); }

  gpnmsa::StoreOptions opts(const QString& cacheName) const {
    gpnmsa::StoreOptions o;
    o.cacheDir = cache(cacheName);
    o.cacheBytes = 1;  // nothing kept in memory: every fetch reads the source
    return o;
  }

  int requestCount() const {
    QFile log(tmp_.filePath("access.log"));
    if (!log.open(QIODevice::ReadOnly)) return 0;
    return log.readAll().count('\n');
  }

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    QDir(tmp_.path()).mkpath("www");
    QVERIFY(QFile::copy(kParity + "/msa.zarr.zip", tmp_.filePath("www/msa.zarr.zip")));
    // A deflated copy made by the zip tool, under a folder like the release.
    QProcess zip;
    zip.setWorkingDirectory(kParity);
    zip.start("zip", {"-q", "-r", "-X", "-9", tmp_.filePath("www/deflated.zip"), "msa.zarr"});
    QVERIFY(zip.waitForFinished(60000) && zip.exitCode() == 0);
    for (const QString& f : QDir(tmp_.filePath("www")).entryList(QDir::Files))
      testsupport::LoopbackNginx::makeReadable(tmp_.filePath("www/" + f));

    const QString why = nginx_.start(tmp_.path());
    QVERIFY2(why.isEmpty(), qPrintable(why));
  }

  void cleanupTestCase() {
    nginx_.stop();
  }

  void sameBytesAsLocal_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("zarr-python zip (stored)") << "msa.zarr.zip";
    QTest::newRow("zip tool (deflated, under a folder)") << "deflated.zip";
  }
  void sameBytesAsLocal() {
    QFETCH(QString, name);
    const auto local = AlignmentStore::open(tmp_.filePath("www/" + name).toStdString());
    const std::string want = allRows(*local);
    std::unique_ptr<AlignmentStore> remote;
    try {
      remote = AlignmentStore::open(url(name).toStdString(), opts(name));
    } catch (const gpnmsa::Error& e) {
      QFAIL(e.what());
    }
    QCOMPARE(remote->columns(), local->columns());
    QCOMPARE(remote->chromosomes().size(), local->chromosomes().size());
    QVERIFY(allRows(*remote) == want);
    QCOMPARE(remote->path(), url(name).toStdString());

    // Second open: index from its sidecar, every chunk from the entry cache.
    // Only the open itself talks to the server, never for a chunk: hopen's
    // first GET, one ranged GET that tells the size (htslib 1.16 learns it
    // from Content-Range), and the end records (to check that the cached
    // index still describes the file) - at most 4 requests against 16 chunks.
    const int chunks = fileCount(cache(name) + "/chunks");
    QVERIFY2(chunks >= 16, qPrintable(QString::number(chunks)));  // 10 + 6 chunks (+ metadata)
    QCOMPARE(fileCount(cache(name) + "/zip-index"), 1);
    const int before = requestCount();
    auto again = AlignmentStore::open(url(name).toStdString(), opts(name));
    QVERIFY(allRows(*again) == want);
    const int used = requestCount() - before;
    QVERIFY2(used <= 4, qPrintable(QString("%1 requests for a cached store").arg(used)));

    // A damaged cache file is refetched (the CRC catches it), not trusted.
    for (const auto& e : fs::recursive_directory_iterator(cache(name) + "/chunks")) {
      if (e.is_regular_file()) {
        std::FILE* f = std::fopen(e.path().c_str(), "r+b");
        QVERIFY(f);
        std::fputc('#', f);
        std::fclose(f);
      }
    }
    auto third = AlignmentStore::open(url(name).toStdString(), opts(name));
    QVERIFY(allRows(*third) == want);
  }

  void cacheStaysWithinBound() {
    gpnmsa::StoreOptions o = opts("bounded");
    o.remoteCacheBytes = 12000;  // about three of the fixture's ~3.6-kB chunks
    auto s = AlignmentStore::open(url("msa.zarr.zip").toStdString(), o);
    const auto local = AlignmentStore::open(tmp_.filePath("www/msa.zarr.zip").toStdString());
    for (int round = 0; round < 2; ++round) QVERIFY(allRows(*s) == allRows(*local));
    const uint64_t bytes = dirBytes(cache("bounded") + "/chunks");
    QVERIFY2(bytes > 0 && bytes <= 12000, qPrintable(QString::number(bytes)));
    // Disabled cache: nothing written.
    o = opts("off");
    o.remoteCacheBytes = 0;
    QVERIFY(allRows(*AlignmentStore::open(url("msa.zarr.zip").toStdString(), o)) == allRows(*local));
    QCOMPARE(dirBytes(cache("off") + "/chunks"), uint64_t(0));
  }

  void replacedZipIsNotServedFromCache() {
    const QString www = tmp_.filePath("www/changing.zip");
    QVERIFY(QFile::copy(tmp_.filePath("www/deflated.zip"), www));
    testsupport::LoopbackNginx::makeReadable(www);
    const std::string u = url("changing.zip").toStdString();
    const std::string first = allRows(*AlignmentStore::open(u, opts("changing")));
    QVERIFY(QFile::remove(www));
    QVERIFY(QFile::copy(tmp_.filePath("www/msa.zarr.zip"), www));
    testsupport::LoopbackNginx::makeReadable(www);
    auto s = AlignmentStore::open(u, opts("changing"));
    QVERIFY(allRows(*s) == first);  // same store content, different archive layout
    QCOMPARE(fileCount(cache("changing") + "/zip-index"), 1);  // replaced, not added
  }

  void missingUrl() {
    const std::string u = url("absent.zip").toStdString();
    try {
      AlignmentStore::open(u, opts("absent"));
      QFAIL("no error for a missing URL");
    } catch (const gpnmsa::Error& e) {
      const std::string msg = e.what();
      QVERIFY2(msg.find(u) != std::string::npos && msg.find("cannot open") != std::string::npos, msg.c_str());
    }
    // Nothing listens on port 9 (discard) on loopback in the test machines.
    const std::string dead = "http://127.0.0.1:9/x.zip";
    try {
      AlignmentStore::open(dead, opts("absent"));
      QFAIL("no error for an unreachable server");
    } catch (const gpnmsa::Error& e) {
      QVERIFY2(std::string(e.what()).find(dead) != std::string::npos, e.what());
    }
  }

  void cliScoresAndLogitsMatchLocal() {
    const QString in = tmp_.filePath("query.tsv");
    QFile q(in);
    QVERIFY(q.open(QIODevice::WriteOnly));
    QFile v(kParity + "/variants.tsv");
    QVERIFY(v.open(QIODevice::ReadOnly));
    q.write("chrom\tpos\tref\talt\n");
    v.readLine();
    while (!v.atEnd()) {
      const QList<QByteArray> f = v.readLine().trimmed().split('\t');
      if (f.size() >= 4) q.write(f[0] + "\t" + f[1] + "\t" + f[2] + "\t" + f[3] + "\n");
    }
    q.close();
    const QStringList env = {"XDG_CACHE_HOME=" + tmp_.filePath("xdg")};
    const QStringList model = {"--model", kParity + "/tiny", "--threads", "1"};
    for (const QStringList& cmd : {QStringList{"score", "-q", "-i", in, "-o", "-"},
                                   QStringList{"logits", "-q", "--region", "chr1:1,001-1,030", "-o", "-"}}) {
      QString local, remote, err;
      QVERIFY2(run(cmd + model + QStringList{"--msa", kParity + "/msa.zarr.zip"}, env, &local, &err) == 0, qPrintable(err));
      QVERIFY2(run(cmd + model + QStringList{"--msa", url("msa.zarr.zip")}, env, &remote, &err) == 0, qPrintable(err));
      // Same rows apart from a provenance line naming the store.
      QStringList l = local.split('\n'), r = remote.split('\n');
      l.erase(std::remove_if(l.begin(), l.end(), [](const QString& s) { return s.startsWith("#"); }), l.end());
      r.erase(std::remove_if(r.begin(), r.end(), [](const QString& s) { return s.startsWith("#"); }), r.end());
      QVERIFY(l.size() > 20);
      QCOMPARE(r, l);
    }
    // The CLI used the user cache directory.
    QVERIFY(fileCount(tmp_.filePath("xdg/gpnmsa/chunks").toStdString()) > 0);
    QString out, err;
    QVERIFY(run(QStringList{"score", "-q", "-i", in, "-o", "-", "--msa", url("nothere.zip")} + model, env, &out, &err) != 0);
    QVERIFY2(err.contains(url("nothere.zip")), qPrintable(err));
  }
};

QTEST_GUILESS_MAIN(TestRemoteStore)
#include "test_remote_store.moc"
