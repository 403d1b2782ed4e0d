// SPDX-License-Identifier: GPL-3.0-or-later
// The zip reader behind zipped stores: archives made by the `zip` tool (stored,
// deflated, forced ZIP64) and by libzip read back byte for byte like the
// directory they were made from; the sidecar index is created, reused,
// rebuilt when the zip changes or the sidecar is damaged; broken archives give
// errors naming the file and the problem.
#include <zip.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <thread>

#include "chunk_source.h"
#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "support/core_helpers.h"
#include "random_access_file.h"
#include "zip_index.h"

namespace fs = std::filesystem;
using gpnmsa::AlignmentStore;
using namespace gpnmsa::store;

using testsupport::allRows;
using testsupport::errorOf;

namespace {

const std::string kParity = std::string(GPNMSA_TEST_DATA) + "/parity";

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// A store whose chunks are NOT Blosc-compressed (compressor null), so the
// zip tool really deflates them: 2 arrays, 700 and 300 rows of 5 columns,
// chunks of 128 rows, a pattern that tells every row and column apart.
char cell(int array, int row, int col) {
  static const char kBases[] = "ACGT-acgtN";
  return kBases[(row * 7 + col * 3 + array * 5 + row / 11) % 10];
}

void writeRawStore(const std::string& dir) {
  fs::create_directories(dir);
  writeFile(dir + "/.zgroup", "{\n    \"zarr_format\": 2\n}");
  const int rows[2] = {700, 300};
  const char* names[2] = {"2", "Y"};
  for (int a = 0; a < 2; ++a) {
    fs::create_directories(dir + "/" + names[a]);
    writeFile(dir + "/" + names[a] + "/.zarray",
              "{\"chunks\": [128, 5], \"compressor\": null, \"dtype\": \"|S1\", \"fill_value\": \"\", "
              "\"filters\": null, \"order\": \"C\", \"shape\": [" + std::to_string(rows[a]) +
                  ", 5], \"zarr_format\": 2}");
    for (int c = 0; c * 128 < rows[a]; ++c) {
      std::string chunk(128 * 5, '\0');
      for (int r = 0; r < 128 && c * 128 + r < rows[a]; ++r)
        for (int k = 0; k < 5; ++k) chunk[std::size_t(r * 5 + k)] = cell(a, c * 128 + r, k);
      writeFile(dir + "/" + names[a] + "/" + std::to_string(c) + ".0", chunk);
    }
  }
}

// Runs the `zip` tool in `dir` (so that entry names are relative).
bool zipTool(const std::string& dir, const QStringList& args) {
  QProcess p;
  p.setWorkingDirectory(QString::fromStdString(dir));
  p.start("zip", args);
  return p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// Zips `dir` with libzip, entries under `prefix`.
bool libzipZip(const std::string& dir, const std::string& zipPath, const std::string& prefix,
               bool deflate) {
  int err = 0;
  zip_t* za = zip_open(zipPath.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!za) return false;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_directory()) continue;
    const std::string name = prefix + fs::relative(e.path(), dir).generic_string();
    zip_source_t* src = zip_source_file(za, e.path().c_str(), 0, -1);
    const zip_int64_t idx = src ? zip_file_add(za, name.c_str(), src, 0) : -1;
    if (idx < 0) return false;
    zip_set_file_compression(za, zip_uint64_t(idx), deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
  }
  return zip_close(za) == 0;
}

std::string expectedRows() {
  std::string out;
  const int rows[2] = {700, 300};
  for (int a = 0; a < 2; ++a)
    for (int r = 0; r < rows[a]; ++r)
      for (int k = 0; k < 5; ++k) out += cell(a, r, k);
  return out;
}

// Offset of the first occurrence of `needle` in `hay`, or npos.
std::size_t findBytes(const std::string& hay, const std::string& needle, std::size_t from = 0) {
  return hay.find(needle, from);
}

}  // namespace


class TestZipIndex : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  std::string root_, store_;

  std::string path(const std::string& name) const { return root_ + "/" + name; }

  gpnmsa::StoreOptions opts(uint64_t minEntries = 0) const {
    gpnmsa::StoreOptions o;
    o.cacheDir = root_ + "/cache";
    o.zipIndexMinEntries = minEntries;
    return o;
  }

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    root_ = tmp_.path().toStdString();
    store_ = path("raw.zarr");
    writeRawStore(store_);
    QCOMPARE(allRows(*AlignmentStore::open(store_)), expectedRows());
  }

  void zipToolArchives_data() {
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<bool>("deflated");
    QTest::addColumn<bool>("zip64");
    QTest::newRow("stored") << QStringList{"-0"} << false << false;
    QTest::newRow("deflated") << QStringList{"-9"} << true << false;
    QTest::newRow("stored zip64") << QStringList{"-0", "-fz"} << false << true;
    QTest::newRow("deflated zip64") << QStringList{"-6", "-fz"} << true << true;
  }

  void zipToolArchives() {
    QFETCH(QStringList, flags);
    QFETCH(bool, deflated);
    QFETCH(bool, zip64);
    const std::string zip = path(QTest::currentDataTag() + std::string(".zip"));
    fs::remove(zip);
    for (const bool underFolder : {false, true}) {
      // At the archive root, then under a folder like the release's.
      const std::string dir = underFolder ? root_ : store_;
      const QString what = underFolder ? "raw.zarr" : ".";
      QVERIFY(zipTool(dir, QStringList{"-q", "-r", "-X"} + flags + QStringList{QString::fromStdString(zip), what}));
      auto file = openRandomAccessFile(zip);
      QCOMPARE(readZipEndRecords(*file).zip64, zip64);
      for (const uint64_t minEntries : {uint64_t(0), uint64_t(1000000)}) {  // sidecar or memory
        std::unique_ptr<AlignmentStore> s;
        const std::string err = errorOf([&] { s = AlignmentStore::open(zip, opts(minEntries)); });
        QVERIFY2(s, err.c_str());
        QCOMPARE(s->columns(), 5);
        QCOMPARE(allRows(*s), expectedRows());
      }
      ZipSourceOptions zo;
      zo.cacheDir = root_ + "/cache";
      ZipChunkSource src(zip, zo);
      QCOMPARE(src.prefix(), std::string(underFolder ? "raw.zarr/" : ""));
      const auto info = src.index().find(src.prefix() + "2/3.0");
      QVERIFY(info.has_value());
      QCOMPARE(info->method, uint16_t(deflated ? 8 : 0));
      QCOMPARE(info->uncompressedSize, uint64_t(640));
      QVERIFY(deflated ? info->compressedSize < 640 : info->compressedSize == 640);
      QCOMPARE(src.index().chunkRecordCount(), uint64_t(6 + 3));
      QVERIFY(!src.read("2/9.0", 1 << 20).has_value());  // absent chunk: fill value, not an error
      fs::remove(zip);
      fs::remove(zip + ".gpnmsa-index");
    }
  }

  void libzipArchives() {
    for (const bool deflate : {false, true}) {
      const std::string zip = path(deflate ? "libzip-deflate.zip" : "libzip-store.zip");
      QVERIFY(libzipZip(store_, zip, "msa.zarr/", deflate));
      auto s = AlignmentStore::open(zip, opts());
      QCOMPARE(allRows(*s), expectedRows());
      ZipChunkSource src(zip);
      QCOMPARE(src.index().find("msa.zarr/Y/2.0")->method, uint16_t(deflate ? 8 : 0));
    }
    // The authors' own zip (zarr-python's ZipStore) too.
    auto fixture = AlignmentStore::open(kParity + "/msa.zarr.zip");
    auto dir = AlignmentStore::open(kParity + "/msa.zarr");
    QCOMPARE(allRows(*fixture), allRows(*dir));
  }

  // The user chose where files besides the outputs go (gpnmsa --cache-dir):
  // the sidecar is written there, never beside the zip.
  void sidecarOnlyInTheChosenCacheDir() {
    const std::string zip = path("chosen.zip");
    QVERIFY(zipTool(store_, {"-q", "-r", "-X", "-0", QString::fromStdString(zip), "."}));
    ZipSourceOptions zo;
    zo.cacheDir = root_ + "/chosen-cache";
    zo.sidecarMinEntries = 0;
    zo.sidecarBesideZip = false;
    {
      ZipChunkSource source(zip, zo);
      QVERIFY(!fs::exists(zip + ".gpnmsa-index"));
      const std::string sidecar = source.index().sidecarPath();
      QVERIFY2(sidecar.rfind(zo.cacheDir + "/zip-index/", 0) == 0, sidecar.c_str());
      QVERIFY(fs::is_regular_file(sidecar));
    }
    ZipChunkSource again(zip, zo);
    QVERIFY(again.index().fromSidecar());
    QVERIFY(!fs::exists(zip + ".gpnmsa-index"));
  }

  void sidecarCreatedReusedRebuilt() {
    const std::string zip = path("side.zip");
    QVERIFY(zipTool(store_, {"-q", "-r", "-X", "-0", QString::fromStdString(zip), "."}));
    ZipSourceOptions zo;
    zo.cacheDir = root_ + "/cache";
    zo.sidecarMinEntries = 0;
    const std::string sidecar = zip + ".gpnmsa-index";
    {
      ZipChunkSource first(zip, zo);
      QVERIFY(!first.index().fromSidecar());
      QCOMPARE(first.index().sidecarPath(), sidecar);
      QVERIFY(fs::is_regular_file(sidecar));
    }
    const auto stamp = fs::last_write_time(sidecar);
    {
      ZipChunkSource second(zip, zo);
      QVERIFY(second.index().fromSidecar());
      QCOMPARE(second.index().entryCount(), uint64_t(2 + 1 + 2 + 6 + 3));
      QCOMPARE(fs::last_write_time(sidecar), stamp);
      auto s = AlignmentStore::open(zip, opts());
      QCOMPARE(allRows(*s), expectedRows());
    }
    // Below the threshold no sidecar is written (nor read).
    {
      ZipSourceOptions big = zo;
      big.sidecarMinEntries = 1000;
      ZipChunkSource small(zip, big);
      QVERIFY(!small.index().fromSidecar());
      QVERIFY(small.index().sidecarPath().empty());
    }

    // The zip changes (one chunk rewritten, so offsets move): rebuilt, and
    // the new bytes are read, not the old offsets.
    const std::string changed = path("changed.zarr");
    fs::copy(store_, changed, fs::copy_options::recursive);
    std::string chunk = readFile(changed + "/Y/1.0");
    chunk[0] = 'Z';
    writeFile(changed + "/.zattrs", "{\"note\": \"a new entry before the chunks moves every offset\"}");
    writeFile(changed + "/Y/1.0", chunk);
    fs::remove(zip);
    QVERIFY(zipTool(changed, {"-q", "-r", "-X", "-0", QString::fromStdString(zip), "."}));
    {
      ZipChunkSource third(zip, zo);
      QVERIFY(!third.index().fromSidecar());
      QVERIFY(fs::last_write_time(sidecar) != stamp || third.index().entryCount() == 15);
      auto s = AlignmentStore::open(zip, opts());
      QCOMPARE(s->fetch("Y", 128, 129)[0], 'Z');
    }
    {
      ZipChunkSource fourth(zip, zo);
      QVERIFY(fourth.index().fromSidecar());
    }

    // A damaged sidecar is ignored and replaced.
    for (const std::string& junk : {std::string("garbage"), readFile(sidecar).substr(0, 200)}) {
      writeFile(sidecar, junk);
      ZipChunkSource fifth(zip, zo);
      QVERIFY(!fifth.index().fromSidecar());
      QCOMPARE(fifth.read("Y/1.0", 1 << 20)->at(0), 'Z');
      ZipChunkSource sixth(zip, zo);
      QVERIFY(sixth.index().fromSidecar());
    }

    // Next to the zip is impossible (a directory has the sidecar's name):
    // the sidecar goes to the cache directory instead.
    fs::remove(sidecar);
    fs::create_directory(sidecar);
    {
      ZipChunkSource seventh(zip, zo);
      const std::string where = seventh.index().sidecarPath();
      QVERIFY2(where.rfind(root_ + "/cache/zip-index/", 0) == 0, where.c_str());
      ZipChunkSource eighth(zip, zo);
      QVERIFY(eighth.index().fromSidecar());
      QCOMPARE(eighth.index().sidecarPath(), where);
    }
    fs::remove(sidecar);
  }

  void brokenArchives() {
    const std::string good = path("good.zip");
    QVERIFY(zipTool(store_, {"-q", "-r", "-X", "-0", QString::fromStdString(good), "."}));
    const std::string bytes = readFile(good);
    auto variant = [&](const std::string& name, const std::string& content) {
      const std::string p = path(name);
      writeFile(p, content);
      return p;
    };

    // Truncated anywhere: the end record is gone.
    for (std::size_t keep : {bytes.size() - 5, bytes.size() / 2, std::size_t(30)}) {
      const std::string p = variant("cut" + std::to_string(keep) + ".zip", bytes.substr(0, keep));
      EXPECT_ERROR(AlignmentStore::open(p, opts()), p, "truncated");
    }
    const std::string empty = variant("empty.zip", "PK\x05\x06");
    EXPECT_ERROR(ZipChunkSource(empty), empty, "too short");

    // A central-directory entry with a bad signature.
    const std::size_t cd = bytes.find(std::string("PK\x01\x02", 4));
    QVERIFY(cd != std::string::npos);
    std::string badCd = bytes;
    badCd[cd + 2] = 9;
    std::string p = variant("badcd.zip", badCd);
    EXPECT_ERROR(AlignmentStore::open(p, opts()), p, "central directory entry 1 ", "bad signature");

    // The end record pointing past itself.
    const std::size_t eocd = bytes.rfind(std::string("PK\x05\x06", 4));
    std::string badEnd = bytes;
    badEnd[eocd + 16] = char(0xFF);
    badEnd[eocd + 17] = char(0x7F);
    p = variant("badend.zip", badEnd);
    EXPECT_ERROR(AlignmentStore::open(p, opts()), p, "central directory");

    // A chunk's local header overwritten: the read names the chunk.
    const std::size_t local = findBytes(bytes, "Y/1.0");
    QVERIFY(local != std::string::npos && local > 30);
    std::string badLocal = bytes;
    badLocal[local - 30] = 'X';
    p = variant("badlocal.zip", badLocal);
    EXPECT_ERROR(AlignmentStore::open(p, opts())->fetch("Y", 128, 129), p + ":Y/1.0",
                 "no local file header");

    // A flipped data byte: the CRC catches it.
    std::string badData = bytes;
    badData[local + 5 + 10] ^= 1;
    p = variant("baddata.zip", badData);
    EXPECT_ERROR(AlignmentStore::open(p, opts())->fetch("Y", 128, 129), p + ":Y/1.0", "CRC-32");
    // Rows of other chunks still read.
    QCOMPARE(AlignmentStore::open(p, opts())->fetch("Y", 0, 1)[0], cell(1, 0, 0));

    // Deflated data damaged.
    const std::string dz = path("deflated.zip");
    QVERIFY(zipTool(store_, {"-q", "-r", "-X", "-9", QString::fromStdString(dz), "."}));
    std::string d = readFile(dz);
    const std::size_t dl = findBytes(d, "2/4.0");
    for (int i = 0; i < 40; ++i) d[dl + 5 + 20 + std::size_t(i)] = char(0xFF - i);
    p = variant("baddeflate.zip", d);
    EXPECT_ERROR(AlignmentStore::open(p, opts())->fetch("2", 512, 513), p + ":2/4.0", "corrupt zip entry");

    // Not a zip at all (but starting like one).
    p = variant("notzip.zip", std::string("PK\x03\x04", 4) + std::string(5000, 'x'));
    EXPECT_ERROR(AlignmentStore::open(p, opts()), p, "not a zip archive, or a truncated one");
  }

  void concurrentReads() {
    const std::string zip = path("conc.zip");
    QVERIFY(zipTool(store_, {"-q", "-r", "-X", "-6", QString::fromStdString(zip), "."}));
    auto s = AlignmentStore::open(zip, opts());
    const std::string want = expectedRows();
    std::atomic<int> bad{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        gpnmsa::StoreOptions o = opts();
        o.cacheBytes = 1;  // no in-memory cache: every fetch reads the zip
        auto mine = AlignmentStore::open(zip, o);
        for (int i = 0; i < 50; ++i) {
          const int row = (i * 37 + t * 101) % 700;
          if (mine->fetch("2", row, row + 1)[0] != cell(0, row, 0)) ++bad;
          if (s->fetch("Y", row % 300, row % 300 + 1)[2] != cell(1, row % 300, 2)) ++bad;
        }
      });
    }
    for (auto& th : threads) th.join();
    QCOMPARE(bad.load(), 0);
  }
};

QTEST_GUILESS_MAIN(TestZipIndex)
#include "test_zip_index.moc"
