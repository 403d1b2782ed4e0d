// SPDX-License-Identifier: GPL-3.0-or-later
// The alignment store against independent data: column 0 must equal the
// fixture's reference.fa (parsed here), the zip must equal the directory,
// and every broken store must give a gpnmsa::Error that names the culprit.
#include <zip.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QCryptographicHash>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <thread>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "support/core_helpers.h"

namespace fs = std::filesystem;
using gpnmsa::AlignmentStore;
using Bytes = std::vector<char>;

using testsupport::allRows;
using testsupport::errorOf;

namespace {

const std::string kParity = std::string(GPNMSA_TEST_DATA) + "/parity";
const std::string kDir = kParity + "/msa.zarr";
const std::string kZip = kParity + "/msa.zarr.zip";
constexpr int kCols = 9;

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::map<std::string, std::string> readFasta(const std::string& path) {
  std::map<std::string, std::string> seqs;
  std::ifstream in(path);
  std::string line, name;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] == '>') {
      name = line.substr(1, line.find_first_of(" \t") - 1);
    } else {
      seqs[name] += line;
    }
  }
  return seqs;
}

std::string column(const Bytes& rows, int c) {
  std::string out;
  for (std::size_t i = std::size_t(c); i < rows.size(); i += kCols) out += rows[i];
  return out;
}

QByteArray qbytes(const std::string& s) { return QByteArray::fromStdString(s); }
QByteArray qbytes(const Bytes& b) { return QByteArray(b.data(), qsizetype(b.size())); }

// A writable copy of the fixture directory inside `tmp`.
std::string copyStore(const QTemporaryDir& tmp, const std::string& name = "msa.zarr") {
  const fs::path dst = fs::path(tmp.path().toStdString()) / name;
  fs::copy(kDir, dst, fs::copy_options::recursive);
  fs::permissions(dst, fs::perms::owner_all, fs::perm_options::add);
  for (const auto& e : fs::recursive_directory_iterator(dst)) {
    fs::permissions(e.path(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
  }
  return dst.string();
}

// Zips `dir` with every entry under `prefix` ("" or "msa.zarr/").
bool makeZip(const std::string& dir, const std::string& zipPath, const std::string& prefix,
             bool deflate) {
  int err = 0;
  zip_t* za = zip_open(zipPath.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!za) return false;
  if (!prefix.empty()) zip_dir_add(za, prefix.substr(0, prefix.size() - 1).c_str(), 0);
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = prefix + fs::relative(e.path(), dir).generic_string();
    if (e.is_directory()) {
      zip_dir_add(za, name.c_str(), 0);
      continue;
    }
    zip_source_t* src = zip_source_file(za, e.path().c_str(), 0, -1);
    const zip_int64_t idx = src ? zip_file_add(za, name.c_str(), src, 0) : -1;
    if (idx < 0) return false;
    zip_set_file_compression(za, zip_uint64_t(idx), deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
  }
  return zip_close(za) == 0;
}

void editZarray(const std::string& file, const std::function<void(QJsonObject&)>& edit) {
  QJsonObject obj = QJsonDocument::fromJson(qbytes(readFile(file))).object();
  edit(obj);
  writeFile(file, QJsonDocument(obj).toJson().toStdString());
}

}  // namespace


class TestAlignmentStore : public QObject {
  Q_OBJECT
  std::map<std::string, std::string> fasta_;
  std::unique_ptr<AlignmentStore> dir_, zip_;
  std::map<std::string, Bytes> full_;  // every row of each chromosome, from the directory

 private slots:
  void initTestCase() {
    fasta_ = readFasta(kParity + "/reference.fa");
    QCOMPARE(fasta_.size(), std::size_t(2));
    QCOMPARE(fasta_["1"].size(), std::size_t(5000));
    QCOMPARE(fasta_["X"].size(), std::size_t(3000));
    dir_ = AlignmentStore::open(kDir);
    zip_ = AlignmentStore::open(kZip);
    full_["1"] = dir_->fetch("1", 0, 5000);
    full_["X"] = dir_->fetch("X", 0, 3000);
  }

  void shape() {
    for (AlignmentStore* s : {dir_.get(), zip_.get()}) {
      QCOMPARE(s->columns(), kCols);
      QCOMPARE(s->speciesCount(), 8);
      const auto& chroms = s->chromosomes();
      QCOMPARE(chroms.size(), std::size_t(2));
      QCOMPARE(chroms[0].name, std::string("1"));
      QCOMPARE(chroms[0].length, int64_t(5000));
      QCOMPARE(chroms[0].chunkRows, int64_t(512));
      QCOMPARE(chroms[1].name, std::string("X"));
      QCOMPARE(chroms[1].length, int64_t(3000));
      QCOMPARE(s->length("1"), int64_t(5000));
      QCOMPARE(s->length("chrX"), int64_t(3000));
      QCOMPARE(full_["1"].size(), std::size_t(5000 * kCols));
    }
    QCOMPARE(dir_->path(), kDir);
  }

  void referenceColumnEqualsFasta() {
    for (AlignmentStore* s : {dir_.get(), zip_.get()}) {
      for (const auto& [chrom, seq] : fasta_) {
        QCOMPARE(qbytes(column(s->fetch(chrom, 0, int64_t(seq.size())), 0)), qbytes(seq));
      }
    }
    // The documented N stretch (1-based 101..140) and soft-masking survive.
    const std::string col0 = column(full_["1"], 0);
    QCOMPARE(qbytes(col0.substr(100, 40)), QByteArray(40, 'N'));
    QVERIFY(col0[99] != 'N' && col0[140] != 'N');
    QVERIFY(col0.find_first_of("acgt") != std::string::npos);
  }

  // The spec says A, C, G, T or '-'; the fixture also has scattered 'N'
  // (about 1% of species cells, as real alignments do), never lower case.
  void speciesColumnsAreBasesOrGaps() {
    for (const auto& [chrom, rows] : full_) {
      std::map<char, int> seen;
      for (int c = 1; c < kCols; ++c) {
        for (char b : column(rows, c)) {
          QVERIFY2(std::string("ACGTN-").find(b) != std::string::npos, qPrintable(QString(b)));
          ++seen[b];
        }
      }
      for (char b : std::string("ACGT-")) QVERIFY(seen[b] > 0);
      QVERIFY(seen['N'] * 50 < int(rows.size()));
    }
  }

  void directoryAndZipIdentical() {
    for (const auto& [chrom, rows] : full_) {
      QCOMPARE(qbytes(zip_->fetch(chrom, 0, dir_->length(chrom))), qbytes(rows));
    }
  }

  void fetchRanges() {
    const std::vector<std::tuple<std::string, int64_t, int64_t>> ranges = {
        {"1", 0, 1},       {"1", 511, 513},   {"1", 500, 1600}, {"1", 4999, 5000},
        {"1", 4608, 5000}, {"1", 1023, 2049}, {"X", 2559, 2561}, {"X", 2560, 3000},
        {"X", 0, 3000},    {"X", 2999, 3000}, {"1", 10, 10},    {"1", 5000, 5000}};
    for (AlignmentStore* s : {dir_.get(), zip_.get()}) {
      for (const auto& [chrom, start, end] : ranges) {
        const Bytes got = s->fetch(chrom, start, end);
        QCOMPARE(got.size(), std::size_t(end - start) * kCols);
        const Bytes& all = full_[chrom];
        QCOMPARE(qbytes(got), qbytes(Bytes(all.begin() + start * kCols, all.begin() + end * kCols)));
        QCOMPARE(qbytes(column(got, 0)), qbytes(fasta_[chrom].substr(start, end - start)));
      }
    }
  }

  void chromosomeNames() {
    for (AlignmentStore* s : {dir_.get(), zip_.get()}) {
      QCOMPARE(s->resolve("1").value_or("?"), std::string("1"));
      QCOMPARE(s->resolve("chr1").value_or("?"), std::string("1"));
      QCOMPARE(s->resolve("Chr1").value_or("?"), std::string("1"));
      QCOMPARE(s->resolve("chrX").value_or("?"), std::string("X"));
      QCOMPARE(s->resolve("x").value_or("?"), std::string("X"));
      QVERIFY(!s->resolve("2").has_value());
      QVERIFY(!s->resolve("chr11").has_value());
      QVERIFY(!s->resolve("").has_value());
      QCOMPARE(qbytes(s->fetch("chrX", 100, 200)), qbytes(s->fetch("X", 100, 200)));
    }
  }

  void outOfRangeIsAnError() {
    for (AlignmentStore* s : {dir_.get(), zip_.get()}) {
      EXPECT_ERROR(s->fetch("1", 4990, 5001), "out of range", "'1'", "[4990, 5001)", "5000");
      EXPECT_ERROR(s->fetch("1", -1, 5), "out of range", "[-1, 5)");
      EXPECT_ERROR(s->fetch("chrX", 10, 5), "out of range", "'X'", "3000");
      EXPECT_ERROR(s->fetch("X", 3000, 3001), "out of range");
      EXPECT_ERROR(s->fetch("chr7", 0, 1), "unknown chromosome 'chr7'");
      EXPECT_ERROR(s->length("7"), "unknown chromosome '7'");
    }
  }

  void corruptChunks() {
    QTemporaryDir tmp;
    const std::string dir = copyStore(tmp);
    std::string garbage(3700, '\0');
    std::mt19937 rng(7);
    for (char& c : garbage) c = char(rng());
    writeFile(dir + "/1/3.0", garbage);
    const std::string chunk4 = readFile(dir + "/1/4.0");
    writeFile(dir + "/1/4.0", chunk4.substr(0, chunk4.size() / 2));
    writeFile(dir + "/X/1.0", chunk4.substr(0, 10));
    const std::string zipPath = tmp.path().toStdString() + "/corrupt.zip";
    QVERIFY(makeZip(dir, zipPath, "", false));
    for (const std::string& path : {dir, zipPath}) {
      auto s = AlignmentStore::open(path);
      QCOMPARE(qbytes(s->fetch("1", 0, 1536)), qbytes(Bytes(full_["1"].begin(), full_["1"].begin() + 1536 * kCols)));
      EXPECT_ERROR(s->fetch("1", 1536, 1537), "chunk '1/3.0'", "corrupt", path);
      EXPECT_ERROR(s->fetch("1", 1000, 2100), "chunk '1/3.0'");
      EXPECT_ERROR(s->fetch("1", 2048, 2049), "chunk '1/4.0'", "corrupt", path);
      EXPECT_ERROR(s->fetch("X", 600, 601), "chunk 'X/1.0'", "corrupt");
      QCOMPARE(qbytes(s->fetch("1", 4999, 5000)), qbytes(Bytes(full_["1"].end() - kCols, full_["1"].end())));
    }
  }

  // Issue 17 defect 11: a chunk is read only up to what its array allows
  // (cells + Blosc header), and only from a regular file; a link to
  // /dev/zero used to read until bad_alloc, a huge chunk was read whole.
  void chunkReadsAreCapped() {
    QTemporaryDir tmp;
    const std::string dir = copyStore(tmp);
    // Far more than a 512-row chunk of this store can hold, even uncompressed.
    writeFile(dir + "/1/3.0", std::string(8 << 20, 'A'));
    fs::remove(dir + "/1/4.0");
    fs::create_symlink("/dev/zero", dir + "/1/4.0");
    auto s = AlignmentStore::open(dir);
    EXPECT_ERROR(s->fetch("1", 1536, 1537), "1/3.0", "8388608 bytes, more than the");
    EXPECT_ERROR(s->fetch("1", 2048, 2049), "1/4.0", "not a regular file");
    QCOMPARE(qbytes(s->fetch("1", 0, 10)), qbytes(Bytes(full_["1"].begin(), full_["1"].begin() + 10 * kCols)));
    // The zip source applies the same cap to an entry's declared size.
    fs::remove(dir + "/1/4.0");
    const std::string zipPath = tmp.path().toStdString() + "/big.zip";
    QVERIFY(makeZip(dir, zipPath, "", true));
    EXPECT_ERROR(AlignmentStore::open(zipPath)->fetch("1", 1536, 1537), "1/3.0", "8388608 bytes, more than the");
  }

  void oversizedMetadataIsRefused() {
    QTemporaryDir tmp;
    const std::string dir = copyStore(tmp);
    writeFile(dir + "/X/.zarray", readFile(dir + "/X/.zarray") + std::string(2 << 20, ' '));
    EXPECT_ERROR(AlignmentStore::open(dir), "X/.zarray", "more than the");
  }

  void missingChunksReadAsFill() {
    QTemporaryDir tmp;
    const std::string dir = copyStore(tmp);
    fs::remove(dir + "/1/2.0");
    fs::remove(dir + "/X/0.0");
    editZarray(dir + "/X/.zarray", [](QJsonObject& o) { o["fill_value"] = "LQ=="; });  // b"-"
    auto s = AlignmentStore::open(dir);
    // fill_value "" (zarr-python: b"") reads as byte 0.
    QCOMPARE(qbytes(s->fetch("1", 1024, 1536)), QByteArray(512 * kCols, '\0'));
    QCOMPARE(qbytes(s->fetch("1", 1023, 1024)), qbytes(Bytes(full_["1"].begin() + 1023 * kCols, full_["1"].begin() + 1024 * kCols)));
    QCOMPARE(qbytes(s->fetch("1", 1536, 1537)), qbytes(Bytes(full_["1"].begin() + 1536 * kCols, full_["1"].begin() + 1537 * kCols)));
    QCOMPARE(qbytes(s->fetch("X", 0, 512)), QByteArray(512 * kCols, '-'));
    QCOMPARE(qbytes(s->fetch("X", 512, 3000)), qbytes(Bytes(full_["X"].begin() + 512 * kCols, full_["X"].end())));
    editZarray(dir + "/X/.zarray", [](QJsonObject& o) { o["fill_value"] = "N"; });  // a literal
    QCOMPARE(qbytes(AlignmentStore::open(dir)->fetch("X", 0, 512)), QByteArray(512 * kCols, 'N'));
  }

  void otherLayouts() {
    QTemporaryDir tmp;
    // A zip with a folder prefix and deflated entries.
    const std::string prefixed = tmp.path().toStdString() + "/prefixed.zip";
    QVERIFY(makeZip(kDir, prefixed, "msa.zarr/", true));
    // dimension_separator "/" (chunks in 1/<r>/0) and an uncompressed array.
    const std::string dir = copyStore(tmp);
    for (int64_t r = 0; r < 10; ++r) {
      const std::string k = dir + "/1/" + std::to_string(r);
      fs::rename(k + ".0", k + ".tmp");
      fs::create_directory(k);
      fs::rename(k + ".tmp", k + "/0");
    }
    editZarray(dir + "/1/.zarray", [](QJsonObject& o) { o["dimension_separator"] = "/"; });
    for (int64_t r = 0; r < 6; ++r) {
      std::string raw(512 * kCols, '\0');  // zarr pads the last chunk to full size
      const int64_t rows = std::min<int64_t>(512, 3000 - r * 512);
      std::copy_n(full_["X"].begin() + r * 512 * kCols, rows * kCols, raw.begin());
      writeFile(dir + "/X/" + std::to_string(r) + ".0", raw);
    }
    editZarray(dir + "/X/.zarray", [](QJsonObject& o) { o["compressor"] = QJsonValue(); });
    for (const std::string& path : {prefixed, dir}) {
      auto s = AlignmentStore::open(path);
      for (const auto& [chrom, rows] : full_) {
        QCOMPARE(qbytes(s->fetch(chrom, 0, s->length(chrom))), qbytes(rows));
      }
    }
    writeFile(dir + "/X/2.0", std::string(100, 'A'));  // raw chunk of the wrong size
    EXPECT_ERROR(AlignmentStore::open(dir)->fetch("X", 1100, 1101), "chunk 'X/2.0'", "100 bytes");
  }

  void badMetadata_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");  // JSON
    QTest::addColumn<QString>("needle");
    QTest::newRow("dtype") << "dtype" << "\"<f4\"" << "dtype '<f4' is not supported (expected |S1)";
    QTest::newRow("order") << "order" << "\"F\"" << "order";
    QTest::newRow("compressor") << "compressor" << "{\"id\":\"zlib\",\"level\":1}" << "compressor";
    QTest::newRow("filters") << "filters" << "[{\"id\":\"delta\"}]" << "filters";
    QTest::newRow("column chunks") << "chunks" << "[512,3]" << "chunks";
    QTest::newRow("3-D") << "shape" << "[3000,9,1]" << "shape";
    QTest::newRow("format") << "zarr_format" << "3" << "zarr_format";
    QTest::newRow("fill") << "fill_value" << "\"abc\"" << "fill_value";
    QTest::newRow("separator") << "dimension_separator" << "\"-\"" << "dimension_separator";
    QTest::newRow("no dtype") << "dtype" << "" << "missing field 'dtype'";
    QTest::newRow("not JSON") << "" << "{not json" << "invalid JSON";
  }

  void badMetadata() {
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, needle);
    QTemporaryDir tmp;
    const std::string dir = copyStore(tmp);
    const std::string file = dir + "/X/.zarray";
    if (field.isEmpty()) {
      writeFile(file, value.toStdString());
    } else {
      editZarray(file, [&](QJsonObject& o) {
        if (value.isEmpty()) o.remove(field);
        else o[field] = QJsonDocument::fromJson(("[" + value + "]").toUtf8()).array()[0];
      });
    }
    EXPECT_ERROR(AlignmentStore::open(dir), file + ": ", needle.toStdString());
  }

  void mismatchedColumns() {
    QTemporaryDir tmp;
    const std::string dir = copyStore(tmp);
    editZarray(dir + "/X/.zarray", [](QJsonObject& o) {
      o["shape"] = QJsonArray{3000, 7};
      o["chunks"] = QJsonArray{512, 7};
    });
    EXPECT_ERROR(AlignmentStore::open(dir), "different column counts", "'1' has 9", "'X' has 7");
  }

  void notAStore() {
    QTemporaryDir tmp;
    const std::string root = tmp.path().toStdString();
    EXPECT_ERROR(AlignmentStore::open(root), "not a Zarr store: " + root, "no .zgroup");
    EXPECT_ERROR(AlignmentStore::open(root + "/absent"), "not a Zarr store", "no such file");
    EXPECT_ERROR(AlignmentStore::open(kParity + "/reference.fa"), "not a Zarr store");
    fs::create_directory(root + "/plain");
    writeFile(root + "/plain/readme.txt", "hello");
    QVERIFY(makeZip(root + "/plain", root + "/plain.zip", "", false));
    EXPECT_ERROR(AlignmentStore::open(root + "/plain.zip"), "not a Zarr store", "no .zgroup");
    writeFile(root + "/plain/.zgroup", "{\"zarr_format\": 2}");
    EXPECT_ERROR(AlignmentStore::open(root + "/plain"), "no arrays");
    writeFile(root + "/plain/.zgroup", "{\"zarr_format\": 3}");
    EXPECT_ERROR(AlignmentStore::open(root + "/plain"), ".zgroup", "zarr_format");
  }

  void truncatedZip() {
    QTemporaryDir tmp;
    const std::string bytes = readFile(kZip);
    for (std::size_t keep : {bytes.size() / 2, bytes.size() - 10, std::size_t(100), std::size_t(2)}) {
      const std::string path = tmp.path().toStdString() + "/cut" + std::to_string(keep) + ".zip";
      writeFile(path, bytes.substr(0, keep));
      EXPECT_ERROR(AlignmentStore::open(path)->fetch("1", 0, 5000), path);
    }
  }

  void cacheStaysWithinBound() {
    const std::size_t chunk = 512 * kCols;
    for (std::size_t bound : {std::size_t(0), 3 * chunk, 3 * chunk + 100}) {
      gpnmsa::StoreOptions options;
      options.cacheBytes = bound;
      auto s = AlignmentStore::open(kZip, options);
      for (const auto& [chrom, rows] : full_) {
        for (int64_t r = 0; r < s->length(chrom); r += 100) {
          const int64_t end = std::min(r + 100, s->length(chrom));
          QCOMPARE(qbytes(s->fetch(chrom, r, end)), qbytes(Bytes(rows.begin() + r * kCols, rows.begin() + end * kCols)));
          QVERIFY(s->cachedBytes() <= bound);
        }
      }
      QCOMPARE(s->cachedBytes(), bound / chunk * chunk);  // full of whole chunks
    }
    auto big = AlignmentStore::open(kDir);  // default bound holds all 10 + 6 chunks
    big->fetch("1", 0, 5000);
    big->fetch("X", 0, 3000);
    QCOMPARE(big->cachedBytes(), 16 * chunk);
  }

  void concurrentFetches() {
    for (const std::string& path : {kDir, kZip}) {
      gpnmsa::StoreOptions options;
      options.cacheBytes = 2 * 512 * kCols;  // forces eviction while threads read
      auto s = AlignmentStore::open(path, options);
      std::atomic<int> bad{0}, done{0};
      std::vector<std::thread> threads;
      for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
          std::mt19937 rng(unsigned(t + 1));
          for (int i = 0; i < 300; ++i) {
            const std::string chrom = (rng() % 2) ? "1" : "chrX";
            const Bytes& all = full_[chrom == "1" ? "1" : "X"];
            const int64_t len = int64_t(all.size() / kCols);
            const int64_t start = int64_t(rng() % uint32_t(len));
            const int64_t end = std::min(len, start + int64_t(rng() % 1500));
            try {
              if (s->fetch(chrom, start, end) != Bytes(all.begin() + start * kCols, all.begin() + end * kCols)) ++bad;
            } catch (...) {
              ++bad;
            }
            ++done;
          }
        });
      }
      for (auto& th : threads) th.join();
      QCOMPARE(done.load(), 1200);
      QCOMPARE(bad.load(), 0);
    }
  }

  // The bundled demo store (resources/demo/msa.zarr.zip): hg38 chromosome 22
  // at its full length with only the chunks of chr22:16,600,000-16,800,000
  // present. zarr-python 2 (the authors' library) and our reader agree on
  // its layout and on every byte of the aligned rows; absent chunks are
  // "not aligned" (isAligned) and read as the fill value (NUL).
  void demoStoreAtHg38Coordinates() {
    const QString zipPath = QStringLiteral(GPNMSA_SOURCE_DIR "/resources/demo/msa.zarr.zip");
    const char* const py = R"PY(
import hashlib, json, sys
import zarr
store = zarr.ZipStore(sys.argv[1], mode="r")
a = zarr.open_group(store, mode="r")["22"]
lo, hi = 16599999, 16800000
print(json.dumps({
    "shape": list(a.shape), "chunks": list(a.chunks), "dtype": a.dtype.str,
    "fill": a.fill_value.decode() if a.fill_value is not None else None,
    "initialized": a.nchunks_initialized,
    "sha256": hashlib.sha256(a[lo:hi].tobytes()).hexdigest(),
    "outside": sorted(set(x.decode() for x in a[999990:1000010].ravel())),
}))
store.close()
)PY";
    QProcess p;
    p.start("/usr/bin/python3", {"-c", QString::fromLatin1(py), zipPath});
    QVERIFY2(p.waitForFinished(300000), "python3 did not finish");
    const QByteArray out = p.readAllStandardOutput();
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
             qPrintable("zarr-python failed to read the demo store:\n" + QString::fromUtf8(p.readAllStandardError())));
    const QJsonObject seen = QJsonDocument::fromJson(out).object();
    QCOMPARE(seen.value("shape").toArray(), (QJsonArray{50818468, 90}));
    QCOMPARE(seen.value("chunks").toArray(), (QJsonArray{512, 90}));
    QCOMPARE(seen.value("dtype").toString(), QString("|S1"));
    // Chunks 32421 (holds row 16,599,999) to 32812 (row 16,799,999).
    QCOMPARE(seen.value("initialized").toInt(), 32812 - 32421 + 1);
    QCOMPARE(seen.value("outside").toArray(), QJsonArray{QString("")});  // fill value

    auto store = AlignmentStore::open(zipPath.toStdString());
    QCOMPARE(store->length("22"), int64_t(50818468));
    QCOMPARE(store->columns(), 90);
    const Bytes rows = store->fetch("chr22", 16599999, 16800000);
    QCOMPARE(QCryptographicHash::hash(QByteArrayView(rows.data(), qsizetype(rows.size())),
                                      QCryptographicHash::Sha256).toHex(),
             seen.value("sha256").toString().toLatin1());
    // Chunk presence: the first and last rows of the region, and just outside.
    QVERIFY(store->isAligned("22", 16599999));
    QVERIFY(store->isAligned("22", 16799999));
    QVERIFY(!store->isAligned("22", 32421 * 512 - 1));
    QVERIFY(!store->isAligned("22", 32813 * 512));
    QVERIFY(!store->isAligned("22", 0));
    QVERIFY(!store->isAligned("22", 50818467));
    QVERIFY(!store->anyAligned("22", 0, 16599999 - 512));
    QCOMPARE(store->fetch("22", 999999, 1000000), Bytes(90, '\0'));
    QVERIFY_THROWS_EXCEPTION(gpnmsa::Error, store->isAligned("22", 50818468));
  }
};

QTEST_APPLESS_MAIN(TestAlignmentStore)
#include "test_alignment_store.moc"
