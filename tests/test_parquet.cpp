// SPDX-License-Identifier: GPL-3.0-or-later
// The Parquet reader (core/io/parquet_*) against files written by another
// program (the GPN-Star fixture generator, tests/data/gpnstar): calibration
// tables compared with their TSV copies, score shards (ZSTD and SNAPPY,
// dictionary strings, several row groups, statistics) compared with the
// BigWig values of the same region; then damaged copies, which must give
// errors naming the file and the problem, never a crash.
#include <QtTest>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "gpnmsa/error.h"
#include "parquet_file.h"
#include "support/core_helpers.h"

using namespace gpnmsa::parquet;

namespace {

const std::string kData = std::string(GPNMSA_TEST_DATA) + "/gpnstar/";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Rows of a TSV with a header line, split on tabs.
std::vector<std::vector<std::string>> tsvRows(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream ss(line);
    for (std::string f; std::getline(ss, f, '\t');) fields.push_back(f);
    rows.push_back(fields);
  }
  return rows;
}

bool allValid(const std::vector<uint8_t>& valid) {
  return std::all_of(valid.begin(), valid.end(), [](uint8_t v) { return v == 1; });
}

// Reads every column of every row group (what a damaged file must survive).
void readEverything(const ParquetFile& f) {
  for (int g = 0; g < f.rowGroupCount(); ++g)
    for (int c = 0; c < int(f.columns().size()); ++c) {
      (void)f.statistics(g, c);
      if (f.columns()[std::size_t(c)].type == PhysicalType::ByteArray)
        (void)f.readStrings(g, c);
      else
        (void)f.readDoubles(g, c);
    }
}

// `bytes` with every `from` replaced by `to` ("" if there is none).
std::string replacedAll(std::string bytes, const std::string& from, const std::string& to) {
  std::size_t at = bytes.find(from);
  if (at == std::string::npos) return {};
  for (; at != std::string::npos; at = bytes.find(from, at + to.size())) bytes.replace(at, from.size(), to);
  return bytes;
}

}  // namespace

class TestParquet : public QObject {
  Q_OBJECT

 private slots:
  void calibrationTablesMatchTheirTsvCopies() {
    struct Case {
      const char* parquet;
      const char* tsv;
      const char* key;
      const char* value;
      int64_t rows;
    };
    for (const Case& c : {Case{"calibration_table/llr.parquet", "calibration_llr.tsv", "pentanuc_mut",
                               "llr_neutral_mean", 3072},
                          Case{"calibration_table/entropy.parquet", "calibration_entropy.tsv", "pentanuc",
                               "entropy_neutral_mean", 1024}}) {
      const auto f = ParquetFile::open(kData + c.parquet);
      QCOMPARE(f->rowCount(), c.rows);
      QCOMPARE(int(f->columns().size()), 2);
      QCOMPARE(f->columns()[0].name, std::string(c.key));
      QCOMPARE(f->columns()[0].type, PhysicalType::ByteArray);
      QCOMPARE(f->columns()[1].name, std::string(c.value));
      QCOMPARE(f->columns()[1].type, PhysicalType::Double);
      const auto keys = f->readStrings(f->columnIndex(c.key));
      const auto values = f->readDoubles(f->columnIndex(c.value));
      QVERIFY(allValid(keys.valid) && allValid(values.valid));
      const auto rows = tsvRows(kData + c.tsv);
      QCOMPARE(int64_t(rows.size()), c.rows);
      QCOMPARE(int64_t(keys.values.size()), c.rows);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        QCOMPARE(keys.values[i], rows[i][0]);
        // The TSV prints 6 decimals.
        QVERIFY2(std::fabs(values.values[i] - std::stod(rows[i][1])) <= 5e-7, rows[i][0].c_str());
      }
    }
  }

  // llr_chr1: 3 row groups, ZSTD; entropy_chr1: 2 row groups, SNAPPY. The
  // BigWig table holds the same values rounded to 3 decimals, per 0-based base.
  void scoreShardsMatchTheBigWigValues() {
    const auto bigwig = tsvRows(kData + "scores/bigwig_values.tsv");
    std::map<int64_t, std::vector<std::string>> byPos;  // 1-based pos -> row
    for (const auto& r : bigwig) byPos[std::stoll(r[1]) + 1] = r;
    const std::map<std::string, int> llrColumn{{"A", 8}, {"C", 9}, {"G", 10}, {"T", 11}};

    const auto llr = ParquetFile::open(kData + "scores/llr_chr1.parquet");
    QCOMPARE(llr->rowGroupCount(), 3);
    QCOMPARE(llr->rowCount(), int64_t(90));
    const int pos = llr->columnIndex("pos"), chrom = llr->columnIndex("chrom");
    const int ref = llr->columnIndex("ref"), alt = llr->columnIndex("alt");
    const int score = llr->columnIndex("llr_calibrated");
    QCOMPARE(llr->columns()[std::size_t(pos)].type, PhysicalType::Int64);
    QCOMPARE(llr->columns()[std::size_t(score)].type, PhysicalType::Float);
    int64_t rowsSeen = 0, lastPos = 0;
    for (int g = 0; g < llr->rowGroupCount(); ++g) {
      QCOMPARE(llr->codec(g, score), Codec::Zstd);
      const auto p = llr->readInts(g, pos);
      const auto c = llr->readStrings(g, chrom);
      const auto r = llr->readStrings(g, ref);
      const auto a = llr->readStrings(g, alt);
      const auto s = llr->readDoubles(g, score);
      QCOMPARE(int64_t(p.values.size()), llr->rowGroupRows(g));
      // Statistics agree with the values read.
      const ChunkStatistics st = llr->statistics(g, pos);
      QVERIFY(st.minInt && st.maxInt);
      QCOMPARE(*st.minInt, *std::min_element(p.values.begin(), p.values.end()));
      QCOMPARE(*st.maxInt, *std::max_element(p.values.begin(), p.values.end()));
      QCOMPARE(st.nullCount.value_or(-1), int64_t(0));
      const ChunkStatistics ss = llr->statistics(g, score);
      QVERIFY(ss.minDouble && ss.maxDouble);
      QCOMPARE(*ss.minDouble, *std::min_element(s.values.begin(), s.values.end()));
      QCOMPARE(*ss.maxDouble, *std::max_element(s.values.begin(), s.values.end()));
      for (std::size_t i = 0; i < p.values.size(); ++i) {
        QVERIFY(p.valid[i] && c.valid[i] && r.valid[i] && a.valid[i] && s.valid[i]);
        QCOMPARE(c.values[i], std::string("1"));
        QVERIFY(p.values[i] >= lastPos);
        lastPos = p.values[i];
        QVERIFY2(byPos.count(p.values[i]), "position not in the BigWig table");
        const auto& row = byPos[p.values[i]];
        QCOMPARE(row[0], std::string("chr1"));
        QVERIFY(r.values[i] != a.values[i]);
        QCOMPARE(std::stod(row[std::size_t(llrColumn.at(r.values[i]))]), 0.0);  // the reference's track is 0
        const double expected = std::stod(row[std::size_t(llrColumn.at(a.values[i]))]);
        QVERIFY2(std::fabs(s.values[i] - expected) <= 5e-4 + 1e-6,
                 qPrintable(QString("pos %1 alt %2: %3 vs %4").arg(p.values[i]).arg(a.values[i].c_str())
                                .arg(s.values[i]).arg(expected)));
        ++rowsSeen;
      }
    }
    QCOMPARE(rowsSeen, int64_t(3 * bigwig.size()));  // three alts for every position
    QCOMPARE(llr->rowGroupsOverlapping(pos, 1013, 1020), std::vector<int>{1});
    QCOMPARE(llr->rowGroupsOverlapping(pos, 1012, 1013), (std::vector<int>{0, 1}));
    QCOMPARE(llr->rowGroupsOverlapping(pos, 1, 1030), (std::vector<int>{0, 1, 2}));
    QVERIFY(llr->rowGroupsOverlapping(pos, 1031, 5000).empty());

    const auto entropy = ParquetFile::open(kData + "scores/entropy_chr1.parquet");
    QCOMPARE(entropy->rowGroupCount(), 2);
    QCOMPARE(entropy->codec(0, 0), Codec::Snappy);
    const auto p = entropy->readInts(entropy->columnIndex("pos"));
    const auto e = entropy->readDoubles(entropy->columnIndex("entropy_calibrated"));
    QCOMPARE(p.values.size(), bigwig.size());
    for (std::size_t i = 0; i < p.values.size(); ++i) {
      QCOMPARE(p.values[i], std::stoll(bigwig[i][1]) + 1);
      QVERIFY(std::fabs(e.values[i] - std::stod(bigwig[i][3])) <= 5e-4 + 1e-6);
    }
    // Row-group statistics are what a reader seeks a position range with.
    QCOMPARE(entropy->statistics(1, entropy->columnIndex("pos")).minInt.value_or(0),
             p.values[std::size_t(entropy->rowGroupRows(0))]);
  }

  // What the fixtures lack (tests/data/parquet/make_edge_cases.py, which lists
  // the same values): real nulls in v1 and v2 pages, BOOLEAN, INT32, a
  // dictionary column with nulls, RLE and bit-packed level runs, an empty string.
  void edgeCasesOfAHandWrittenFile() {
    const auto f = ParquetFile::open(std::string(GPNMSA_TEST_DATA) + "/parquet/edge_cases.parquet");
    QCOMPARE(f->rowCount(), int64_t(10));
    QCOMPARE(f->columns()[1].type, PhysicalType::Boolean);
    QVERIFY(f->columns()[1].nullable && !f->columns()[0].nullable);
    const auto ids = f->readInts(f->columnIndex("id"));
    QCOMPARE(ids.values, (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
    QVERIFY(allValid(ids.valid));
    QCOMPARE(f->statistics(0, 0).minInt.value_or(-1), int64_t(0));
    QCOMPARE(f->statistics(0, 0).maxInt.value_or(-1), int64_t(9));
    const auto flags = f->readInts(f->columnIndex("flag"));  // v1, nulls at 3 and 7
    QCOMPARE(flags.values, (std::vector<int64_t>{1, 0, 1, 0, 1, 1, 0, 0, 0, 1}));
    QCOMPARE(flags.valid, (std::vector<uint8_t>{1, 1, 1, 0, 1, 1, 1, 0, 1, 1}));
    const auto scores = f->readDoubles(f->columnIndex("score"));  // v2, nulls at 0 and 5
    QCOMPARE(scores.values, (std::vector<double>{0, 0.5, -1.25, 2.0, 1e-3, 0, 3.5, -0.0, 7.75, 1e10}));
    QCOMPARE(scores.valid, (std::vector<uint8_t>{0, 1, 1, 1, 1, 0, 1, 1, 1, 1}));
    const auto names = f->readStrings(f->columnIndex("name"));  // dictionary, null at 2
    QCOMPARE(names.values, (std::vector<std::string>{"AAA_C", "CCC_G", "", "AAA_C", "GGG_T", "GGG_T", "CCC_G",
                                                     "AAA_C", "", "GGG_T"}));
    QCOMPARE(names.valid, (std::vector<uint8_t>{1, 1, 0, 1, 1, 1, 1, 1, 1, 1}));
    const auto big = f->readInts(f->columnIndex("big"));  // INT64, v2 without levels
    QCOMPARE(big.values, (std::vector<int64_t>{-(int64_t(1) << 62), -1, 0, 1, int64_t(1) << 40, int64_t(1) << 62,
                                               5, 6, 7, 8}));
    // INT32 and INT64 read as numbers too.
    QCOMPARE(f->readDoubles(f->columnIndex("id")).values[9], 9.0);
    EXPECT_ERROR(f->readDoubles(f->columnIndex("flag")), "'flag'", "BOOLEAN");
  }

  void typeMismatchAndUnknownColumnAreErrors() {
    const auto f = ParquetFile::open(kData + "scores/llr_chr1.parquet");
    EXPECT_ERROR(f->readStrings(0, f->columnIndex("pos")), "llr_chr1.parquet", "'pos'", "INT64");
    EXPECT_ERROR(f->readInts(0, f->columnIndex("ref")), "'ref'", "BYTE_ARRAY");
    EXPECT_ERROR(f->columnIndex("score"), "no column 'score'", "llr_calibrated");
    EXPECT_ERROR(f->readInts(3, 0), "no row group 3");
  }

  void damagedFilesGiveErrorsNamingTheProblem() {
    const std::string good = slurp(kData + "scores/entropy_chr1.parquet");
    QVERIFY(good.size() > 1000);
    EXPECT_ERROR(ParquetFile::fromBytes("x.parquet", "PAR1PAR1"), "x.parquet", "too short");
    EXPECT_ERROR(ParquetFile::fromBytes("x.parquet", "PAR0" + good.substr(4)), "x.parquet", "bad magic at the start");
    EXPECT_ERROR(ParquetFile::fromBytes("x.parquet", good.substr(0, good.size() - 1)), "bad magic at the end");
    std::string longFooter = good;
    longFooter[good.size() - 6] = '\x7f';  // footer length byte 2
    EXPECT_ERROR(ParquetFile::fromBytes("x.parquet", longFooter), "truncated or corrupt footer");
    // The footer of a truncated file is read from what is left: the page
    // offsets then point past the data section.
    const std::string tail = good.substr(good.size() - 8);
    const std::size_t footerLen = std::size_t(uint8_t(tail[0])) | std::size_t(uint8_t(tail[1])) << 8;
    const std::string footer = good.substr(good.size() - 8 - footerLen);
    EXPECT_ERROR(ParquetFile::fromBytes("x.parquet", good.substr(0, 300) + footer), "beyond the file's data section");
    // Codec field of column `pos` in each row group (path_in_schema ["pos"], then codec 1 = SNAPPY).
    const std::string brotli = replacedAll(good, std::string("\x19\x18\x03pos\x15\x02", 8),
                                            std::string("\x19\x18\x03pos\x15\x08", 8));
    QVERIFY(!brotli.empty());
    const auto f = ParquetFile::fromBytes("brotli.parquet", brotli);
    EXPECT_ERROR(f->readInts(0, f->columnIndex("pos")), "brotli.parquet", "unsupported codec BROTLI", "'pos'");
    QCOMPARE(f->readStrings(0, f->columnIndex("ref")).values.size(), std::size_t(16));  // the others still read

    // Every byte flipped in turn, and the file cut at every length: either
    // the file still reads or a gpnmsa::Error says why (sanitizer builds
    // catch any out-of-bounds read on the way).
    int errors = 0;
    for (std::size_t i = 0; i < good.size(); ++i) {
      for (char mask : {'\x01', '\x80', '\xff'}) {
        std::string bad = good;
        bad[i] = char(bad[i] ^ mask);
        try {
          readEverything(*ParquetFile::fromBytes("flip.parquet", bad));
        } catch (const gpnmsa::Error& e) {
          QVERIFY2(std::string(e.what()).rfind("flip.parquet: ", 0) == 0, e.what());
          ++errors;
        }
      }
    }
    QVERIFY(errors > int(good.size()));  // most flips are caught (the values' own bytes are not checkable)
    for (std::size_t n = 0; n < good.size(); ++n)
      EXPECT_ERROR(ParquetFile::fromBytes("cut.parquet", good.substr(0, n)), "cut.parquet: ");
  }

  void missingFileIsAnError() {
    EXPECT_ERROR(ParquetFile::open(kData + "no-such.parquet"), "no-such.parquet");
  }
};

QTEST_GUILESS_MAIN(TestParquet)
#include "test_parquet.moc"
