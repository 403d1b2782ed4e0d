// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa import-store --tar`: a tar.gz made here by Debian's tar from the
// parity store becomes a zip whose every object is byte-identical to the
// directory's and which scores exactly like it; broken or foreign archives
// give errors naming the archive and leave no output behind.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include "chunk_source.h"
#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "gpnmsa/store_import.h"
#include "support/core_helpers.h"
#include "support/run_program.h"

namespace fs = std::filesystem;
using namespace gpnmsa;

namespace {

const QString kParity = QStringLiteral(GPNMSA_TEST_DATA) + "/parity";

testsupport::ProgramRun run(const QString& program, const QStringList& args, const QString& dir = {}) {
  return testsupport::runProgram(program, args, 600000, dir);
}

// The file names (relative) under `root`, sorted.
QStringList filesUnder(const QString& root) {
  QStringList out;
  for (const auto& e : fs::recursive_directory_iterator(root.toStdString()))
    if (e.is_regular_file()) out << QString::fromStdString(fs::relative(e.path(), root.toStdString()).string());
  out.sort();
  return out;
}

// Lines of a TSV output without its '#' header (which names the store).
QStringList dataLines(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {"(unreadable)"};
  QStringList out;
  for (const QString& line : QString::fromUtf8(f.readAll()).split('\n'))
    if (!line.startsWith('#')) out << line;
  return out;
}

}  // namespace

class TestImportStore : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir tmp_;
  QString path(const QString& name) const { return tmp_.filePath(name); }

  // tar czf NAME -C DIR MEMBERS...
  bool makeTar(const QString& name, const QString& dir, const QStringList& members) const {
    const auto r = run("tar", QStringList{"czf", path(name), "-C", dir} + members);
    if (r.code != 0) qWarning("tar: %s", qPrintable(r.err));
    return r.code == 0;
  }

  // Only the outputs a test expects in the scratch folder (no temporary leftovers).
  QStringList hiddenFiles() const {
    return QDir(tmp_.path()).entryList(QStringList{".*"}, QDir::Files | QDir::Hidden);
  }

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    QVERIFY(makeTar("msa.tar.gz", kParity, {"msa.zarr"}));
  }

  void everyObjectIsByteIdentical_data() {
    QTest::addColumn<bool>("zip64");
    QTest::newRow("plain") << false;
    QTest::newRow("forced ZIP64") << true;
  }
  void everyObjectIsByteIdentical() {
    QFETCH(bool, zip64);
    TarImportOptions o;
    o.tarPath = path("msa.tar.gz").toStdString();
    o.output = path(zip64 ? "msa64.zip" : "msa.zip").toStdString();
    o.forceZip64 = zip64;
    int64_t lastDone = -1, total = 0;
    o.progress = [&](int64_t done, int64_t t) {
      QVERIFY(done >= lastDone);
      lastDone = done;
      total = t;
    };
    const TarImportResult r = importTarStore(o);
    const QStringList files = filesUnder(kParity + "/msa.zarr");
    QCOMPARE(r.root, std::string("msa.zarr/"));
    QCOMPARE(r.entries, uint64_t(files.size()));
    QCOMPARE(r.arrays, uint64_t(2));
    QCOMPARE(total, int64_t(QFileInfo(path("msa.tar.gz")).size()));
    QCOMPARE(lastDone, total);

    store::ZipChunkSource zip(o.output);
    store::DirectoryChunkSource dir((kParity + "/msa.zarr").toStdString());
    uint64_t bytes = 0;
    for (const QString& f : files) {
      const auto a = dir.read(f.toStdString(), uint64_t(1) << 30);
      const auto b = zip.read(f.toStdString(), uint64_t(1) << 30);
      QVERIFY2(a && b, qPrintable(f));
      QVERIFY2(*a == *b, qPrintable(f));
      bytes += a->size();
    }
    QCOMPARE(r.dataBytes, bytes);
    const auto s1 = AlignmentStore::open((kParity + "/msa.zarr").toStdString());
    const auto s2 = AlignmentStore::open(o.output);
    QCOMPARE(s2->columns(), s1->columns());
    for (const ChromosomeInfo& c : s1->chromosomes())
      QVERIFY(s2->fetch(c.name, 0, c.length) == s1->fetch(c.name, 0, c.length));
    QVERIFY(hiddenFiles().isEmpty());
    // An independent zip reader (Python's zipfile) agrees: every CRC right, every entry stored.
    const auto py = run("python3", {"-c",
                                    "import sys, zipfile\n"
                                    "z = zipfile.ZipFile(sys.argv[1])\n"
                                    "assert z.testzip() is None\n"
                                    "assert all(i.compress_type == 0 for i in z.infolist())\n"
                                    "print(len(z.infolist()))",
                                    QString::fromStdString(o.output)});
    QVERIFY2(py.code == 0, qPrintable(py.err));
    QCOMPARE(py.out.trimmed(), QString::number(files.size()));
  }

  // A file above the writer's 8 MiB in-memory limit is streamed and its CRC
  // patched into the header afterwards.
  void largeFileIsStreamed() {
    const QString src = path("large");
    QVERIFY(run("cp", {"-r", kParity + "/msa.zarr", src}).code == 0);
    QByteArray big(9 << 20, '\0');
    for (int i = 0; i < big.size(); ++i) big[i] = char((i * 2654435761u) >> 24);
    QFile f(src + "/1/.zattrs");
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(big);
    f.close();
    QVERIFY(makeTar("large.tar.gz", path(""), {"large"}));
    TarImportOptions o;
    o.tarPath = path("large.tar.gz").toStdString();
    o.output = path("large.zip").toStdString();
    (void)importTarStore(o);
    store::ZipChunkSource zip(o.output);
    const auto got = zip.read("1/.zattrs", uint64_t(1) << 30);
    QVERIFY(got && got->size() == std::size_t(big.size()));
    QVERIFY(std::equal(got->begin(), got->end(), big.constBegin()));
    const auto py = run("python3", {"-c", "import sys, zipfile; assert zipfile.ZipFile(sys.argv[1]).testzip() is None",
                                    QString::fromStdString(o.output)});
    QVERIFY2(py.code == 0, qPrintable(py.err));
  }

  // The command line, end to end: the imported zip scores exactly like the directory.
  void importedZipScoresLikeTheDirectory() {
    const QString cli = QStringLiteral(GPNMSA_CLI);
    const auto imp = run(cli, {"import-store", "--tar", path("msa.tar.gz"), "-o", path("cli.zip")});
    QVERIFY2(imp.code == 0, qPrintable(imp.err));
    QVERIFY(imp.err.contains("wrote " + path("cli.zip")));
    for (const QString& store : {kParity + "/msa.zarr", path("cli.zip")}) {
      const QString out = path(QFileInfo(store).fileName() + ".tsv");
      const auto r = run(cli, {"score", "-q", "--model", kParity + "/tiny", "--msa", store, "-i",
                               kParity + "/variants.tsv", "-o", out, "--threads", "1"});
      QVERIFY2(r.code == 0, qPrintable(r.err));
    }
    const QStringList a = dataLines(path("msa.zarr.tsv")), b = dataLines(path("cli.zip.tsv"));
    QVERIFY(a.size() > 20);
    QCOMPARE(b, a);
  }

  void truncatedArchiveLeavesNoOutput() {
    QFile full(path("msa.tar.gz"));
    QVERIFY(full.open(QIODevice::ReadOnly));
    const QByteArray bytes = full.readAll();
    for (const double keep : {0.5, 0.97}) {
      QFile cut(path("cut.tar.gz"));
      QVERIFY(cut.open(QIODevice::WriteOnly));
      cut.write(bytes.left(int(bytes.size() * keep)));
      cut.close();
      TarImportOptions o;
      o.tarPath = path("cut.tar.gz").toStdString();
      o.output = path("cut.zip").toStdString();
      EXPECT_ERROR(importTarStore(o), "cut.tar.gz", "truncated or corrupt archive");
      QVERIFY(!QFile::exists(path("cut.zip")));
      QVERIFY2(hiddenFiles().isEmpty(), qPrintable(hiddenFiles().join(' ')));
    }
    // The command: exit status 1, one message, no output.
    const auto r = run(QStringLiteral(GPNMSA_CLI), {"import-store", "-q", "--tar", path("cut.tar.gz"), "-o", path("cut.zip")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("cut.tar.gz"), qPrintable(r.err));
    QVERIFY(!QFile::exists(path("cut.zip")));
    // An existing output stays as it was.
    QFile old(path("old.zip"));
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("keep me");
    old.close();
    TarImportOptions o;
    o.tarPath = path("cut.tar.gz").toStdString();
    o.output = path("old.zip").toStdString();
    EXPECT_ERROR(importTarStore(o), "cut.tar.gz");
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("keep me"));
  }

  void foreignArchivesAreRefused() {
    // A store tree to spoil in several ways.
    const QString src = path("src");
    QVERIFY(QDir().mkpath(src));
    QVERIFY(run("cp", {"-r", kParity + "/msa.zarr", src + "/a.zarr"}).code == 0);
    auto importOf = [&](const QString& tar) {
      TarImportOptions o;
      o.tarPath = path(tar).toStdString();
      o.output = path("bad.zip").toStdString();
      return importTarStore(o);
    };
    // A file beside the store.
    QFile readme(src + "/README");
    QVERIFY(readme.open(QIODevice::WriteOnly));
    readme.write("hi\n");
    readme.close();
    QVERIFY(makeTar("beside.tar.gz", src, {"README", "a.zarr"}));
    EXPECT_ERROR(importOf("beside.tar.gz"), "beside.tar.gz", "outside the Zarr store 'a.zarr/'");
    // No .zarray for chromosome X's chunks.
    QVERIFY(QFile::remove(src + "/a.zarr/X/.zarray"));
    QVERIFY(makeTar("noarray.tar.gz", src, {"a.zarr"}));
    EXPECT_ERROR(importOf("noarray.tar.gz"), "noarray.tar.gz", "a.zarr/X/.zarray");
    // No .zgroup.
    QVERIFY(QFile::remove(src + "/a.zarr/.zgroup"));
    QVERIFY(makeTar("nogroup.tar.gz", src, {"a.zarr"}));
    EXPECT_ERROR(importOf("nogroup.tar.gz"), "nogroup.tar.gz", "no .zgroup");
    // A link.
    QVERIFY(QFile::link("README", src + "/link"));
    QVERIFY(makeTar("link.tar.gz", src, {"link"}));
    EXPECT_ERROR(importOf("link.tar.gz"), "'link'", "not a regular file");
    // A name twice (tar -r appends a newer copy of a file).
    QVERIFY(run("tar", {"cf", path("twice.tar"), "-C", src, "a.zarr/1"}).code == 0);
    QVERIFY(run("tar", {"rf", path("twice.tar"), "-C", src, "a.zarr/1/0.0"}).code == 0);
    EXPECT_ERROR(importOf("twice.tar"), "twice.tar", "'a.zarr/1/0.0' appears twice");
    // Not an archive at all.
    QVERIFY(QFile::copy(kParity + "/variants.tsv", path("text.tar.gz")));
    EXPECT_ERROR(importOf("text.tar.gz"), "text.tar.gz");
    QVERIFY(!QFile::exists(path("bad.zip")));
    QVERIFY(hiddenFiles().isEmpty());
  }
};

QTEST_GUILESS_MAIN(TestImportStore)
#include "test_import_store.moc"
