// SPDX-License-Identifier: GPL-3.0-or-later
// The fuzz targets' harnesses (tests/fuzz/fuzz_*.cpp), built here without
// libFuzzer, replay every seed (tests/fuzz/corpus/<target>/) and every past
// finding (tests/fuzz/regressions/<target>/) in the normal build: each input
// must be read or refused with gpnmsa::Error, never crash or throw anything
// else. The findings also have a test of their own below, through the public API.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdint>
#include <functional>
#include <map>

#include "fuzz_tabix.h"
#include "gpnmsa/alignment_store.h"
#include "gpnmsa/model_config.h"
#include "gpnmsa/precomputed_scores.h"
#include "gpnmsa/variant_reader.h"
#include "support/core_helpers.h"
#include "support/text_files.h"

#define GPNMSA_FUZZ_TARGETS(X)                                                           \
  X(locus) X(zarr_meta) X(blosc_chunk) X(zip_index) X(vcf) X(text_variants) X(annotations) \
  X(maf) X(score_lines) X(gene_annotation) X(clinvar) X(model_config) X(safetensors) X(pytorch_bin) \
  X(parquet)

#define DECLARE(name) extern "C" int gpnmsaFuzz_##name(const uint8_t* data, std::size_t size);
GPNMSA_FUZZ_TARGETS(DECLARE)
#undef DECLARE

namespace {
using Harness = int (*)(const uint8_t*, std::size_t);
const std::map<QString, Harness>& harnesses() {
#define ENTRY(name) {QStringLiteral(#name), &gpnmsaFuzz_##name},
  static const std::map<QString, Harness> all = {GPNMSA_FUZZ_TARGETS(ENTRY)};
#undef ENTRY
  return all;
}
}  // namespace

class TestFuzzRegressions : public QObject {
  Q_OBJECT
 private slots:
  void replay_data() {
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("file");
    int rows = 0;
    for (const auto& [target, harness] : harnesses()) {
      (void)harness;
      for (const char* kind : {"corpus", "regressions"}) {
        const QDir dir(QStringLiteral(GPNMSA_SOURCE_DIR "/tests/fuzz/%1/%2").arg(kind, target));
        for (const QString& name : dir.entryList(QDir::Files)) {
          QTest::newRow(qPrintable(QStringLiteral("%1/%2/%3").arg(kind, target, name)))
              << target << dir.filePath(name);
          ++rows;
        }
      }
    }
    QVERIFY(rows > 50);  // the corpus is there: a test over nothing proves nothing
  }
  void replay() {
    QFETCH(QString, target);
    QFETCH(QString, file);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    try {
      QCOMPARE(harnesses().at(target)(reinterpret_cast<const uint8_t*>(bytes.constData()), std::size_t(bytes.size())), 0);
    } catch (const std::exception& e) {
      QFAIL(qPrintable(QStringLiteral("%1 threw (not gpnmsa::Error): %2").arg(file, e.what())));
    }
  }

  // Found by fuzz_zarr_meta: a number beyond double's range is nlohmann's
  // out_of_range, which ended the program ("terminate") instead of an error.
  void zarrayNumberOutOfRange() {
    QTemporaryDir dir;
    const QString store = dir.filePath("msa.zarr");
    QVERIFY(QDir().mkpath(store + "/X"));
    QVERIFY(testsupport::writeTextFile(store + "/.zgroup", "{\"zarr_format\": 2}"));
    QVERIFY(testsupport::writeTextFile(store + "/X/.zarray",
                           "{\"chunks\": [512, 9], \"compressor\": null, \"dtype\": \"|S1\", \"fill_value\": \"\","
                           " \"filters\": null, \"order\": \"C\", \"shape\": [1E446, 9], \"zarr_format\": 2}"));
    EXPECT_ERROR(gpnmsa::AlignmentStore::open(store.toStdString()), ".zarray", "invalid JSON");
  }
  // The same in config.json (model_config.cpp caught only parse_error).
  void configNumberOutOfRange() {
    EXPECT_ERROR(gpnmsa::parseModelConfig("{\"model_type\": \"GPNRoFormer\", \"hidden_size\": 1E446}", "m/config.json"),
                 "m/config.json", "not valid JSON");
  }
  // Found by fuzz_score_lines (a timeout): sampling more records than a small
  // score file holds queried the index for every one of max(10000, 50 x
  // records) draws before saying so; it still says so, after about as many
  // queries as the file has sites (fuzz_replay_score_lines, -timeout=10,
  // checks the time).
  void sampleMoreThanTheFileHolds() {
    const std::string text = "1\t100\tA\tC\t0.5\n1\t100\tA\tG\t0.25\n1\t5000\tC\tT\t-1\n22\t7\tG\tA\t2\n";
    QVERIFY(fuzz::writeIndexed("scores.tsv.bgz", text, {TBX_GENERIC, 1, 2, 2, '#', 0}));
    const auto scores = gpnmsa::PrecomputedScores::open(fuzz::scratchDir() + "/scores.tsv.bgz");
    QCOMPARE(scores->sample(4, 1).size(), std::size_t(4));
    EXPECT_ERROR(scores->sample(100000, 1), "found only 4 records in 5000000 random draws");
  }
  // Found by fuzz_score_lines (a timeout): tabix reads a POS "0510072" as
  // octal, the reader as decimal, so every draw's query found nothing and was
  // retried 10,000 times; the disagreement is now an error saying so.
  void sampleIndexDisagreesWithRows() {
    QVERIFY(fuzz::writeIndexed("octal.tsv.bgz", "1\t0510072\tT\tC\t0.1\n", {TBX_GENERIC, 1, 2, 2, '#', 0}));
    const auto scores = gpnmsa::PrecomputedScores::open(fuzz::scratchDir() + "/octal.tsv.bgz");
    EXPECT_ERROR(scores->sample(5, 1), "octal.tsv.bgz", "index and the rows disagree", "tabix -s1 -b2 -e2");
  }
  // Found by fuzz_annotations (heap-buffer-overflow under ASan): INFO/AF read
  // as floats into the buffer the BCSQ string had just sized in characters.
  void afAfterAnnotationString() {
    QTemporaryDir dir;
    const QString vcf = dir.filePath("in.vcf");
    QVERIFY(testsupport::writeTextFile(vcf,
        "##fileformat=VCFv4.2\n##contig=<ID=1>\n"
        "##INFO=<ID=AF,Number=A,Type=Float,Description=\"Allele Frequency\">\n"
        "##INFO=<ID=BCSQ,Number=.,Type=String,Description=\"Local consequence annotation from BCFtools/csq. "
        "Format: Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change\">\n"
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
        "1\t14464\t.\tA\tT\t.\tPASS\tAF=0.25;BCSQ=x\n"));
    gpnmsa::AnnotationOptions options;
    options.afField = "AF";
    const gpnmsa::VariantTable table = gpnmsa::readVariants(vcf.toStdString(), options);
    QCOMPARE(table.annotations.alleles.size(), std::size_t(1));
    QCOMPARE(table.annotations.alleles[0].af, std::string("0.25"));
  }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "test_fuzz_regressions.moc"
