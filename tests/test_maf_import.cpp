// SPDX-License-Identifier: GPL-3.0-or-later
// MAF import: every real MAF in tests/data/real/maf is imported and the whole
// resulting store is compared with an independent reading of the MAF text,
// then read back with zarr-python 2 (the authors' library), as a directory and
// as a stored zip made by `zip -0 -r` (as the authors distribute it): shape,
// dtype, chunks, compressor and a SHA-256 of every array's bytes must equal
// what our AlignmentStore reads.
#include <htslib/bgzf.h>
#include <htslib/kstring.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "gpnmsa/maf_import.h"

namespace {

const QString kData = QStringLiteral(GPNMSA_TEST_DATA "/real");

// --- independent MAF reading (plain or gzip) ---
struct Row {
  std::string src, asmName;
  long long start = 0, size = 0, srcSize = 0;
  char strand = '+';
  std::string text;
};
using Block = std::vector<Row>;

std::string readAll(const std::string& path) {
  BGZF* f = bgzf_open(path.c_str(), "r");
  if (!f) return {};
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = bgzf_read(f, buf, sizeof buf)) > 0) out.append(buf, size_t(n));
  bgzf_close(f);
  return out;
}

std::vector<Block> parseMaf(const std::string& path) {
  std::istringstream in(readAll(path));
  std::vector<Block> blocks;
  std::string line;
  bool open = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("track", 0) == 0) {
      open = false;
      continue;
    }
    std::istringstream ls(line);
    std::string kind;
    ls >> kind;
    if (kind == "a") {
      blocks.emplace_back();
      open = true;
    } else if (kind == "s" && open) {
      Row r;
      ls >> r.src >> r.start >> r.size >> r.strand >> r.srcSize >> r.text;
      r.asmName = r.src.substr(0, r.src.find('.'));
      blocks.back().push_back(r);
    }
  }
  return blocks;
}

char rc(char c) {
  switch (c) {
    case 'A': return 'T'; case 'C': return 'G'; case 'G': return 'C'; case 'T': return 'A';
    case 'a': return 't'; case 'c': return 'g'; case 'g': return 'c'; case 't': return 'a';
    default: return c;
  }
}

struct Case {
  QString maf;
  std::string prefix;
};

void writeText(const QString& path, const std::string& text) {
  std::ofstream out(path.toStdString(), std::ios::binary);
  out << text;
}

template <class F>
QString errorOf(F&& f) {
  try {
    f();
  } catch (const gpnmsa::Error& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

// Run by /usr/bin/python3 (Debian's python3-zarr 2.x, python3-numcodecs):
// argv = directory store, zip of it, path of the group inside the zip.
// Prints, per store kind and array, what zarr-python sees.
const char* const kZarrPython = R"PY(
import hashlib, json, sys
import zarr
out = {"zarr_version": zarr.__version__}
for kind, path in (("dir", sys.argv[1]), ("zip", sys.argv[2])):
    if kind == "zip":
        store = zarr.ZipStore(path, mode="r")
        group = zarr.open_group(store, mode="r", path=sys.argv[3])
    else:
        store = None
        group = zarr.open_group(path, mode="r")
    arrays = {}
    for name, a in group.arrays():
        data = a[:]
        arrays[name] = {
            "shape": list(a.shape), "dtype": a.dtype.str, "chunks": list(a.chunks),
            "order": a.order,
            "compressor": a.compressor.get_config() if a.compressor is not None else None,
            "nchunks": a.nchunks, "initialized": a.nchunks_initialized,
            "sha256": hashlib.sha256(data.tobytes()).hexdigest(),
        }
    out[kind] = arrays
    if store is not None:
        store.close()
print(json.dumps(out, sort_keys=True))
)PY";

QByteArray sha256Hex(const char* data, std::size_t size) {
  return QCryptographicHash::hash(QByteArrayView(data, qsizetype(size)), QCryptographicHash::Sha256).toHex();
}

}  // namespace

class TestMafImport : public QObject {
  Q_OBJECT
 private slots:
  void realMafs_data();
  void realMafs();
  void allFilesCovered();
  void badInputs();
  void replacesAtomically();
};

static const std::vector<Case>& cases() {
  static const std::vector<Case> c = {
      {"hg38.multiz100way.chr22_10510072.maftk.maf", "hg38"},
      {"mm9.multiz30way.chr10_3009319.biopython.maf", "mm9"},
      {"hg16.5way.ucsc_test.biopython.maf", "hg16"},
      {"hg17.5way.chr22_14500000-15500000.phast.maf.gz", "hg17"},
      {"mm10.9species.chr12.bx-python.maf", "mm10"},
      {"mm8.11species.chr7_tiny.bx-python.maf", "mm8"},
  };
  return c;
}

void TestMafImport::allFilesCovered() {
  QDir dir(kData + "/maf");
  QVERIFY(dir.exists());
  const auto files = dir.entryList(QDir::Files);
  QVERIFY(!files.isEmpty());
  for (const auto& f : files) {
    const bool listed = std::any_of(cases().begin(), cases().end(),
                                    [&](const Case& c) { return c.maf == f; });
    QVERIFY2(listed, qPrintable("MAF not covered by the test: " + f));
  }
}

void TestMafImport::realMafs_data() {
  QTest::addColumn<QString>("maf");
  QTest::addColumn<QString>("prefix");
  for (const auto& c : cases()) {
    QTest::newRow(qPrintable(c.maf)) << c.maf << QString::fromStdString(c.prefix);
  }
}

void TestMafImport::realMafs() {
  QFETCH(QString, maf);
  QFETCH(QString, prefix);
  const std::string path = (kData + "/maf/" + maf).toStdString();
  const std::string pre = prefix.toStdString();
  auto blocks = parseMaf(path);
  QVERIFY(!blocks.empty());

  // Species: the other assemblies, in order of appearance; the last one is
  // left out (must be reported as skipped) and a fake one added (all '-').
  std::vector<std::string> all;
  std::string chrom;
  long long minStart = -1, maxEnd = 0, srcSize = 0;
  for (auto& b : blocks) {
    for (auto& r : b) {
      if (r.asmName == pre) continue;
      if (std::find(all.begin(), all.end(), r.asmName) == all.end()) all.push_back(r.asmName);
    }
    auto ref = std::find_if(b.begin(), b.end(), [&](const Row& r) { return r.asmName == pre; });
    QVERIFY(ref != b.end());
    // Reference on '-': the test flips the block itself.
    if (ref->strand == '-') {
      for (auto& r : b) {
        std::reverse(r.text.begin(), r.text.end());
        for (char& ch : r.text) ch = rc(ch);
      }
      ref->start = ref->srcSize - ref->start - ref->size;
      ref->strand = '+';
    }
    chrom = ref->src.substr(pre.size() + 1);
    srcSize = ref->srcSize;
    minStart = minStart < 0 ? ref->start : std::min(minStart, ref->start);
    maxEnd = std::max(maxEnd, ref->start + ref->size);
  }
  QVERIFY(all.size() >= 2);
  const std::string leftOut = all.back();
  std::vector<std::string> species(all.begin(), all.end() - 1);
  species.push_back("notInThisMaf");
  const int S = int(species.size());

  QTemporaryDir tmp;
  QVERIFY(tmp.isValid());
  gpnmsa::MafImportOptions opt;
  opt.mafs = {path};
  opt.species = species;
  opt.refPrefix = pre;
  opt.output = (tmp.path() + "/out.zarr").toStdString();
  std::string fastaSeq;
  const bool withFasta = pre == "hg17";
  if (withFasta) {
    // The phast excerpt FASTA: gzip (not bgzip) with header "> chr22".
    std::string fa = readAll((kData + "/reference/hg17.chr22_14500000-15500000.phast.fa.gz").toStdString());
    QVERIFY(!fa.empty());
    std::istringstream in(fa);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line[0] != '>') fastaSeq += line;
    }
    QCOMPARE((long long)fastaSeq.size(), srcSize);
    const QString faPath = tmp.path() + "/ref.fa";
    writeText(faPath, ">" + chrom + "\n" + fastaSeq + "\n");
    opt.referenceFasta = faPath.toStdString();
  } else {
    // Excerpts of big chromosomes: rebase with a margin of uncovered rows.
    opt.offset = std::max(0LL, minStart - 37);
    opt.length = maxEnd + 41 - opt.offset;
  }
  int progressCalls = 0;
  opt.progress = [&](int64_t, int64_t) { ++progressCalls; };

  gpnmsa::MafImportResult res;
  try {
    res = gpnmsa::importMaf(opt);
  } catch (const gpnmsa::Error& e) {
    QFAIL(e.what());
  }
  QVERIFY(progressCalls > 0);
  QCOMPARE(res.blocks, (int64_t)blocks.size());
  QCOMPARE(res.blocksUsed, (int64_t)blocks.size());
  QCOMPARE(int(res.chromosomes.size()), 1);
  QVERIFY(res.skippedSpecies.count(leftOut) == 1);
  QVERIFY(res.skippedSpecies.count("notInThisMaf") == 0);

  const long long offset = opt.offset;
  const long long length = withFasta ? srcSize : opt.length;
  QCOMPARE((long long)res.chromosomes[0].length, length);

  // Expected matrix from the independent reading; later blocks win.
  std::string expect(size_t(length) * size_t(1 + S), '-');
  std::vector<char> covered(size_t(length), 0);
  for (long long r = 0; r < length; ++r) {
    expect[size_t(r) * (1 + S)] = withFasta ? fastaSeq[size_t(r + offset)] : 'N';
  }
  for (const auto& b : blocks) {
    const Row& ref = *std::find_if(b.begin(), b.end(), [&](const Row& r) { return r.asmName == pre; });
    long long pos = ref.start;
    for (size_t c = 0; c < ref.text.size(); ++c) {
      if (ref.text[c] == '-') continue;
      const long long row = pos++ - offset;
      if (row < 0 || row >= length) continue;
      covered[size_t(row)] = 1;
      char* cell = &expect[size_t(row) * (1 + S)];
      if (!withFasta) cell[0] = ref.text[c];
      for (int s = 0; s < S; ++s) {
        auto it = std::find_if(b.begin(), b.end(), [&](const Row& r) { return r.asmName == species[size_t(s)]; });
        char v = '-';
        if (it != b.end()) {
          v = char(std::toupper((unsigned char)it->text[c]));
          if (v != 'A' && v != 'C' && v != 'G' && v != 'T') v = '-';
        }
        cell[1 + s] = v;
      }
    }
  }
  const long long nCovered = std::count(covered.begin(), covered.end(), 1);
  QCOMPARE((long long)res.chromosomes[0].coveredRows, nCovered);
  QVERIFY(nCovered < length);  // some rows are uncovered

  // Re-open twice (directory store, no zip).
  for (int round = 0; round < 2; ++round) {
    std::unique_ptr<gpnmsa::AlignmentStore> store;
    try {
      store = gpnmsa::AlignmentStore::open(opt.output);
    } catch (const gpnmsa::Error& e) {
      QFAIL(e.what());
    }
    QCOMPARE(store->columns(), 1 + S);
    QCOMPARE(int(store->chromosomes().size()), 1);
    const std::string stored = chrom.rfind("chr", 0) == 0 ? chrom.substr(3) : chrom;
    QCOMPARE(store->chromosomes()[0].name, stored);
    QCOMPARE((long long)store->length(stored), length);
    QCOMPARE((long long)store->chromosomes()[0].chunkRows, 512LL);
    QVERIFY(store->resolve(chrom).has_value());
    const auto got = store->fetch(stored, 0, length);
    QCOMPARE((long long)got.size(), (long long)expect.size());
    for (long long r = 0; r < length; ++r) {
      const std::string g(got.data() + r * (1 + S), size_t(1 + S));
      const std::string e(expect.data() + r * (1 + S), size_t(1 + S));
      if (g != e) {
        QFAIL(qPrintable(QString("row %1 (ref pos %2): got '%3' expected '%4'")
                             .arg(r).arg(r + offset).arg(QString::fromStdString(g))
                             .arg(QString::fromStdString(e))));
      }
      // The fake species is '-' everywhere; uncovered rows are '-' in every species.
      QCOMPARE(g[size_t(S)], '-');
      if (!covered[size_t(r)]) QCOMPARE(g.substr(1), std::string(size_t(S), '-'));
    }
  }
  // Metadata as zarr-python 2 writes it.
  QFile meta(QString::fromStdString(opt.output) + "/" +
             QString::fromStdString(chrom.rfind("chr", 0) == 0 ? chrom.substr(3) : chrom) + "/.zarray");
  QVERIFY(meta.open(QIODevice::ReadOnly));
  const QByteArray m = meta.readAll();
  QVERIFY(m.contains("\"cname\": \"lz4\""));
  QVERIFY(m.contains("\"dtype\": \"|S1\""));
  QVERIFY(m.contains("\"fill_value\": \"\""));
  // No temporary or scratch files left.
  const auto entries = QDir(tmp.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
  for (const auto& e : entries) QVERIFY2(!e.contains(".tmp-"), qPrintable(e));
  const auto inside = QDir(QString::fromStdString(opt.output)).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
  for (const auto& e : inside) QVERIFY2(!e.startsWith(".scratch"), qPrintable(e));

  // zarr-python 2 reads the store, as a directory and zipped as the authors
  // distribute it (stored entries under the store's folder), with the same
  // bytes as our reader and as the MAF text.
  const QString zipPath = tmp.path() + "/out.zarr.zip";
  {
    QProcess zip;
    zip.setWorkingDirectory(tmp.path());
    zip.start("zip", {"-q", "-0", "-r", "-X", zipPath, "out.zarr"});
    QVERIFY2(zip.waitForFinished(300000), "zip did not finish");
    QVERIFY2(zip.exitStatus() == QProcess::NormalExit && zip.exitCode() == 0,
             qPrintable("zip failed: " + QString::fromUtf8(zip.readAllStandardError())));
  }
  QProcess py;
  py.start("/usr/bin/python3", {"-c", kZarrPython, QString::fromStdString(opt.output), zipPath, "out.zarr"});
  QVERIFY2(py.waitForFinished(600000), "python3 did not finish");
  const QByteArray pyOut = py.readAllStandardOutput();
  QVERIFY2(py.exitStatus() == QProcess::NormalExit && py.exitCode() == 0,
           qPrintable("zarr-python failed to read the store:\n" + QString::fromUtf8(py.readAllStandardError())));
  QJsonParseError perr;
  const QJsonObject seen = QJsonDocument::fromJson(pyOut, &perr).object();
  QVERIFY2(perr.error == QJsonParseError::NoError, qPrintable(perr.errorString() + ": " + pyOut));
  QVERIFY2(seen.value("zarr_version").toString().startsWith("2."), qPrintable(seen.value("zarr_version").toString()));
  const QJsonObject zarray = QJsonDocument::fromJson(m).object();
  QVERIFY(!zarray.value("compressor").toObject().isEmpty());
  const QByteArray expectDigest = sha256Hex(expect.data(), expect.size());
  for (const char* kind : {"dir", "zip"}) {
    const QString k = QString::fromLatin1(kind);
    const std::string where = k == "dir" ? opt.output : zipPath.toStdString();
    std::unique_ptr<gpnmsa::AlignmentStore> ours;
    try {
      ours = gpnmsa::AlignmentStore::open(where);
    } catch (const gpnmsa::Error& e) {
      QFAIL(e.what());
    }
    const QJsonObject arrays = seen.value(k).toObject();
    QCOMPARE(arrays.size(), qsizetype(ours->chromosomes().size()));
    for (const auto& c : ours->chromosomes()) {
      const QString ctx = k + " " + QString::fromStdString(c.name);
      const QJsonObject a = arrays.value(QString::fromStdString(c.name)).toObject();
      QVERIFY2(!a.isEmpty(), qPrintable("zarr-python has no array " + ctx));
      const QJsonArray shape = a.value("shape").toArray(), chunks = a.value("chunks").toArray();
      QCOMPARE(shape.size(), qsizetype(2));
      QCOMPARE(shape[0].toInteger(), qint64(c.length));
      QCOMPARE(shape[1].toInteger(), qint64(ours->columns()));
      QCOMPARE(chunks.size(), qsizetype(2));
      QCOMPARE(chunks[0].toInteger(), qint64(c.chunkRows));
      QCOMPARE(chunks[1].toInteger(), qint64(ours->columns()));
      QCOMPARE(a.value("dtype").toString(), QString("|S1"));
      QCOMPARE(a.value("order").toString(), QString("C"));
      const QJsonObject comp = a.value("compressor").toObject();
      QCOMPARE(comp.value("id").toString(), QString("blosc"));
      QCOMPARE(comp.value("cname").toString(), QString("lz4"));
      QVERIFY2(comp == zarray.value("compressor").toObject(),
               qPrintable(ctx + ": compressor " + QJsonDocument(comp).toJson(QJsonDocument::Compact)));
      // Every chunk written: nothing left to zarr's fill value.
      QCOMPARE(a.value("initialized").toInteger(), a.value("nchunks").toInteger());
      const auto cells = ours->fetch(c.name, 0, c.length);
      QCOMPARE(qint64(cells.size()), qint64(c.length) * ours->columns());
      const QByteArray digest = sha256Hex(cells.data(), cells.size());
      QVERIFY2(a.value("sha256").toString().toLatin1() == digest,
               qPrintable(ctx + ": zarr-python sha256 " + a.value("sha256").toString() + ", ours " + digest));
      QVERIFY2(digest == expectDigest, qPrintable(ctx + ": store bytes differ from the MAF text"));
    }
  }
}

void TestMafImport::badInputs() {
  QTemporaryDir tmp;
  QVERIFY(tmp.isValid());
  const QString out = tmp.path() + "/out.zarr";
  auto run = [&](const QString& maf, const std::string& fasta = {}, bool strict = false) {
    gpnmsa::MafImportOptions o;
    o.strict = strict;  // malformed rows are otherwise skipped (test_maf_tolerance)
    o.mafs = {maf.toStdString()};
    o.species = {"mm10"};
    o.refPrefix = "hg38";
    o.referenceFasta = fasta;
    o.output = out.toStdString();
    return errorOf([&] { gpnmsa::importMaf(o); });
  };
  const std::string head = "##maf version=1\n\na score=1\n";
  const QString bad1 = tmp.path() + "/bad1.maf";
  writeText(bad1, head + "s hg38.chr1 0 4 + 100 ACGT\ns mm10.chr2 5 4 +\n");
  QString e = run(bad1);
  QVERIFY2(e.contains(bad1 + ":5:") && e.contains("malformed"), qPrintable(e));

  const QString bad2 = tmp.path() + "/bad2.maf";
  writeText(bad2, head + "s hg38.chr1 0 4 + 100 ACGT\ns mm10.chr2 5 5 + 100 ACGTA\n");
  e = run(bad2);
  QVERIFY2(e.contains(bad2 + ":5:") && e.contains("text length"), qPrintable(e));

  const QString bad3 = tmp.path() + "/bad3.maf";
  writeText(bad3, head + "s hg38.chr1 0 5 + 100 ACGT\n");
  e = run(bad3, {}, true);
  QVERIFY2(e.contains(bad3 + ":4:") && e.contains("size"), qPrintable(e));

  const QString bad4 = tmp.path() + "/bad4.maf";
  writeText(bad4, head + "s hg38.chr1 x 4 + 100 ACGT\n");
  e = run(bad4);
  QVERIFY2(e.contains(bad4 + ":4:") && e.contains("bad start"), qPrintable(e));

  const QString missing = tmp.path() + "/missing.maf";
  e = run(missing);
  QVERIFY2(e.contains(missing + ":0:"), qPrintable(e));

  // Reference base disagreeing with the FASTA.
  const QString fa = tmp.path() + "/ref.fa";
  writeText(fa, ">chr1\nacgtACGTAC\n");
  const QString bad5 = tmp.path() + "/bad5.maf";
  writeText(bad5, head + "s hg38.chr1 2 3 + 10 gTT\ns mm10.chr2 5 3 + 100 GTA\n");
  e = run(bad5, fa.toStdString());
  QVERIFY2(e.contains(bad5 + ":4:") && e.contains("disagrees"), qPrintable(e));
  // Chromosome absent from the FASTA.
  const QString bad6 = tmp.path() + "/bad6.maf";
  writeText(bad6, head + "s hg38.chr9 2 3 + 10 GTA\n");
  e = run(bad6, fa.toStdString());
  QVERIFY2(e.contains(bad6 + ":4:") && e.contains("no sequence"), qPrintable(e));

  QVERIFY(!QFileInfo::exists(out));  // nothing written on failure
  const auto entries = QDir(tmp.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
  for (const auto& x : entries) QVERIFY2(!x.contains(".tmp-"), qPrintable(x));

  // A good small one with FASTA, soft-masking kept, reverse-strand block, gz input.
  const QString good = tmp.path() + "/good.maf";
  writeText(good, "track name=x\n" + head +
                      "s hg38.chr1 2 3 + 10 gT-A\ns mm10.chr2 5 4 + 100 GnCA\ni mm10.chr2 C 0 C 0\n"
                      "e rn5.chr1 0 10 + 100 I\n\n"
                      "a\ns hg38.chr1 1 2 - 10 TA\nq mm10.chr2 99\ns mm10.chr2 5 2 + 100 aa\n");
  gpnmsa::MafImportOptions o;
  o.mafs = {good.toStdString()};
  o.species = {"mm10", "rn5"};
  o.refPrefix = "hg38";
  o.referenceFasta = fa.toStdString();
  o.output = out.toStdString();
  gpnmsa::MafImportResult res;
  try {
    res = gpnmsa::importMaf(o);
  } catch (const gpnmsa::Error& ex) {
    QFAIL(ex.what());
  }
  QCOMPARE(res.blocksReverseStrand, (int64_t)1);
  QCOMPARE(res.columnsDroppedReferenceGap, (int64_t)1);
  auto store = gpnmsa::AlignmentStore::open(out.toStdString());
  const auto got = store->fetch("1", 0, 10);
  // rows: ref acgtACGTAC; block1 covers 2..4 (g,t,A) mm10 G,-(n),A;
  // block2 (- strand, start 1 size 2 of 10) covers + positions 7..8: ref rc(GT)=AC, mm10 rc(aa)=TT.
  const std::string expect =
      "a--" "c--" "gG-" "t--" "AA-" "C--" "G--" "TT-" "AT-" "C--";
  QCOMPARE(std::string(got.begin(), got.end()), expect);
}

void TestMafImport::replacesAtomically() {
  QTemporaryDir tmp;
  const QString maf = tmp.path() + "/x.maf";
  writeText(maf, "a\ns hg38.chrX 0 2 + 3 AC\ns panTro4.chrX 0 2 + 3 AG\n");
  gpnmsa::MafImportOptions o;
  o.mafs = {maf.toStdString()};
  o.species = {"panTro4"};
  o.output = (tmp.path() + "/s.zarr").toStdString();
  gpnmsa::importMaf(o);
  o.species = {"mm10", "panTro4"};
  gpnmsa::importMaf(o);  // replaces
  auto store = gpnmsa::AlignmentStore::open(o.output);
  QCOMPARE(store->columns(), 3);
  const auto got = store->fetch("X", 0, 3);
  QCOMPARE(std::string(got.begin(), got.end()), std::string("A-AC-GN--"));
  // Cancelled: nothing changes.
  std::atomic<bool> stop{true};
  o.stop = &stop;
  o.species = {"panTro4"};
  const QString e = errorOf([&] { gpnmsa::importMaf(o); });
  QVERIFY2(e.contains("cancelled"), qPrintable(e));
  QCOMPARE(gpnmsa::AlignmentStore::open(o.output)->columns(), 3);
}

QTEST_APPLESS_MAIN(TestMafImport)
#include "test_maf_import.moc"
