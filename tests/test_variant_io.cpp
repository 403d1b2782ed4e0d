// SPDX-License-Identifier: GPL-3.0-or-later
// Variant input/output: readers against the real VCFs (tests/data/real/variants) and small
// fixtures (tests/data/io), writers read back through htslib directly.
#include <htslib/bgzf.h>
#include <htslib/vcf.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QtTest>
#include <cmath>
#include <cstdio>
#include <thread>
#include <unistd.h>

#include "gpnmsa/atomic_file.h"
#include "gpnmsa/error.h"
#include "gpnmsa/precomputed_scores.h"
#include "gpnmsa/variant_reader.h"
#include "gpnmsa/variant_writer.h"
#include "support/core_helpers.h"

using namespace gpnmsa;

namespace {

const std::string kClinvar = GPNMSA_TEST_DATA "/real/variants/clinvar-gnomad-example.vcf";
const std::string kVep = GPNMSA_TEST_DATA "/real/variants/ensembl-vep.test.GRCh38.chr21.vcf";
std::string fixture(const char* name) { return std::string(GPNMSA_TEST_DATA "/io/") + name; }

// Lines not starting with '#', split on tabs: an independent view of a text file.
QList<QStringList> dataLines(const std::string& path) {
  QFile f(QString::fromStdString(path));
  if (!f.open(QIODevice::ReadOnly)) return {};
  QList<QStringList> out;
  for (const QByteArray& line : f.readAll().split('\n'))
    if (!line.isEmpty() && !line.startsWith('#')) out << QString::fromUtf8(line).split('\t');
  return out;
}

template <class F>
QString errorOf(F f) {
  try {
    f();
  } catch (const Error& e) {
    return QString::fromUtf8(e.what());
  }
  return QStringLiteral("(no error)");
}

// The INFO-field conflict as core reports it: typed, carrying the field (the
// front ends word the remedy), "field renameable" or "(no conflict)".
template <typename F>
QString conflictOf(F f) {
  try {
    f();
  } catch (const InfoFieldConflict& e) {
    if (!QString::fromUtf8(e.what()).contains(QString::fromStdString("INFO/" + e.field())))
      return QStringLiteral("(message does not name the field)");
    return QString::fromStdString(e.field()) + (e.renameable() ? " renameable" : "");
  }
  return QStringLiteral("(no conflict)");
}

// What htslib sees in a VCF/BCF: each record as VCF text (INFO/GPN_MSA taken
// out, for comparing with the input) and its GPN_MSA values.
struct HtsView {
  int infoLength = -1, infoType = -1;  // of GPN_MSA: BCF_VL_*, BCF_HT_*
  QStringList records, contigs;
  std::vector<std::vector<float>> values;  // empty = field absent
};

HtsView readWithHtslib(const std::string& path, const char* field = "GPN_MSA") {
  HtsView v;
  htsFile* fp = hts_open(path.c_str(), "r");
  if (!fp) return v;
  bcf_hdr_t* hdr = bcf_hdr_read(fp);
  bcf1_t* rec = bcf_init();
  const int id = hdr ? bcf_hdr_id2int(hdr, BCF_DT_ID, field) : -1;
  if (hdr && bcf_hdr_idinfo_exists(hdr, BCF_HL_INFO, id)) {
    v.infoLength = bcf_hdr_id2length(hdr, BCF_HL_INFO, id);
    v.infoType = bcf_hdr_id2type(hdr, BCF_HL_INFO, id);
  }
  for (int i = 0; hdr && i < hdr->n[BCF_DT_CTG]; ++i) v.contigs << bcf_hdr_id2name(hdr, i);
  kstring_t s = KS_INITIALIZE;
  while (hdr && bcf_read(fp, hdr, rec) == 0) {
    float* vals = nullptr;
    int n = 0;
    const int got = bcf_get_info_float(hdr, rec, field, &vals, &n);
    v.values.emplace_back(vals, vals + std::max(got, 0));
    free(vals);
    bcf_update_info_float(hdr, rec, field, nullptr, 0);
    s.l = 0;
    vcf_format(hdr, rec, &s);
    v.records << QString::fromUtf8(s.s, int(s.l)).trimmed();
  }
  ks_free(&s);
  bcf_destroy(rec);
  if (hdr) bcf_hdr_destroy(hdr);
  hts_close(fp);
  return v;
}

// VCF -> VCF.gz/BCF with htslib alone. All records are parsed before the
// header is written, so contigs/tags htslib declares on the way are in it.
bool convertVcf(const std::string& in, const std::string& out, const char* mode) {
  htsFile* fp = hts_open(in.c_str(), "r");
  bcf_hdr_t* hdr = bcf_hdr_read(fp);
  std::vector<bcf1_t*> recs;
  bcf1_t* r = bcf_init();
  for (; bcf_read(fp, hdr, r) == 0; r = bcf_init()) recs.push_back(r);
  bcf_destroy(r);
  htsFile* o = hts_open(out.c_str(), mode);
  bool ok = bcf_hdr_write(o, hdr) == 0;
  for (bcf1_t* r : recs) {
    r->errcode = 0;  // undeclared tags are declared by now
    ok = ok && bcf_write(o, hdr, r) == 0;
    bcf_destroy(r);
  }
  ok = hts_close(o) == 0 && ok;
  bcf_hdr_destroy(hdr);
  hts_close(fp);
  return ok;
}

ScoredVariant scored(const Variant& v, VariantStatus st, float score = NAN) {
  ScoredVariant s;
  s.variant = v;
  s.status = st;
  if (isScored(st)) {
    s.score = score;
    s.scoreFwd = score - 0.5f;
    s.scoreRev = score + 0.5f;
  }
  return s;
}

// Rows for multiallelic.vcf: only rs1's C and rs5's A are scored.
std::vector<ScoredVariant> fixtureRows(const VariantTable& t) {
  std::vector<ScoredVariant> rows;
  for (const Variant& v : t.variants) {
    if (v.pos == 100 && v.alt == "C") rows.push_back(scored(v, VariantStatus::Ok, -1.5f));
    else if (v.pos == 500) rows.push_back(scored(v, VariantStatus::OkWindowShifted, 2.25f));
    else rows.push_back(scored(v, v.pos == 100 ? VariantStatus::RefMismatch : VariantStatus::Indel));
  }
  rows[1].detail = "store has G, input says A";
  return rows;
}

WriteOptions options() {
  WriteOptions o;
  o.provenance.version = "9.9.9";
  o.provenance.model = "/models/gpn-msa-sapiens";
  o.provenance.alignment = "/data/89.zarr.zip";
  o.provenance.command = "gpnmsa score --in x.vcf";
  return o;
}

}  // namespace

class TestVariantIo : public QObject {
  Q_OBJECT
 private slots:
  void statusNames() {
    for (int i = 0; i <= int(VariantStatus::Error); ++i) {
      VariantStatus back = VariantStatus::Pending;
      QVERIFY(parseStatusName(statusName(VariantStatus(i)), &back));
      QCOMPARE(int(back), i);
    }
    QCOMPARE(QString(statusName(VariantStatus::RefMismatch)), QString("ref_mismatch"));
    QCOMPARE(QString(statusName(VariantStatus::Symbolic)), QString("symbolic_allele"));
    QVERIFY(!parseStatusName("OK", nullptr));
  }

  void clinvarHeaderless() {
    QCOMPARE(int(detectInputFormat(kClinvar)), int(InputFormat::HeaderlessVcf));
    const VariantTable t = readVariants(kClinvar);
    const auto lines = dataLines(kClinvar);
    QCOMPARE(lines.size(), 2000);
    QCOMPARE(t.records, 2000);
    QCOMPARE(t.variants.size(), size_t(2000));
    const Variant& first = t.variants.front();
    QCOMPARE(QString::fromStdString(first.chrom + " " + std::to_string(first.pos) + " " + first.id + " " +
                                    first.ref + " " + first.alt),
             QString("1 1180851 Common_1501 T C"));
    for (int i = 0; i < 2000; i += 1) {
      const Variant& v = t.variants[i];
      QCOMPARE(QStringList({QString::fromStdString(v.chrom), QString::number(v.pos),
                            QString::fromStdString(v.id), QString::fromStdString(v.ref),
                            QString::fromStdString(v.alt)}),
               lines[i].mid(0, 5));
      QCOMPARE(v.record, int64_t(i));
    }
  }

  void vepVcfAllEncodings() {
    const auto lines = dataLines(kVep);
    QVERIFY(lines.size() > 100);
    QTemporaryDir dir;
    const std::string gz = dir.filePath("vep.vcf.gz").toStdString(), bcf = dir.filePath("vep.bcf").toStdString();
    QVERIFY(convertVcf(kVep, gz, "wz"));
    QVERIFY(convertVcf(kVep, bcf, "wb"));
    for (const std::string& path : {kVep, gz, bcf}) {
      QCOMPARE(int(detectInputFormat(path)), int(InputFormat::Vcf));
      const VariantTable t = readVariants(path);
      QCOMPARE(t.records, int64_t(lines.size()));
      size_t k = 0;
      for (int i = 0; i < lines.size(); ++i) {
        for (const QString& alt : lines[i][4].split(',')) {
          QVERIFY(k < t.variants.size());
          const Variant& v = t.variants[k++];
          QCOMPARE(QString::fromStdString(v.chrom + ":" + std::to_string(v.pos) + ":" + v.id + ":" + v.ref),
                   lines[i][0] + ":" + lines[i][1] + ":" + lines[i][2] + ":" + lines[i][3]);
          QCOMPARE(QString::fromStdString(v.alt), alt);
          QCOMPARE(v.record, int64_t(i));
        }
      }
      QCOMPARE(k, t.variants.size());
    }
    // Copying this VCF (FORMAT/GT used but never declared) to BCF: the
    // header written must declare GT, or htslib refuses the records.
    const VariantTable t = readVariants(kVep);
    std::vector<ScoredVariant> rows;
    for (const Variant& v : t.variants) rows.push_back(scored(v, VariantStatus::Ok, float(v.record)));
    const std::string out = dir.filePath("scored.bcf").toStdString();
    writeVariants(out, OutputFormat::Bcf, t, rows, options());
    const HtsView in = readWithHtslib(kVep), back = readWithHtslib(out);
    QCOMPARE(back.records, in.records);
    QCOMPARE(back.values.back(), std::vector<float>{float(lines.size() - 1)});
  }

  // Every prefix of the fixtures (a file cut anywhere) reads or fails with an Error.
  void neverCrashes() {
    QTemporaryDir dir;
    for (const char* name : {"multiallelic.vcf", "quoted.csv", "columns.tsv"}) {
      QFile f(QString::fromStdString(fixture(name)));
      QVERIFY(f.open(QIODevice::ReadOnly));
      const QByteArray all = f.readAll();
      const std::string cut = dir.filePath(QString("cut-") + name).toStdString();
      for (int n = 0; n <= all.size(); ++n) {
        QFile c(QString::fromStdString(cut));
        QVERIFY(c.open(QIODevice::WriteOnly | QIODevice::Truncate));
        c.write(all.left(n));
        c.close();
        try {
          readVariants(cut);
        } catch (const Error&) {
        }
      }
    }
  }

  void multiallelicSplit() {
    const VariantTable t = readVariants(fixture("multiallelic.vcf"));
    QCOMPARE(t.records, 5);
    QStringList got;
    for (const Variant& v : t.variants)
      got << QString::fromStdString(v.chrom + ":" + std::to_string(v.pos) + ":" + v.id + ":" + v.ref + ">" +
                                    v.alt + " r" + std::to_string(v.record) + "a" + std::to_string(v.altIndex));
    QCOMPARE(got, QStringList({"1:100:rs1:A>C r0a0", "1:100:rs1:A>T r0a1", "1:200:.:AT>A r1a0",
                               "1:300:sv1:G><DEL> r2a0", "2:400:.:C>. r3a0", "2:500:rs5:G>A r4a0"}));
  }

  void tables() {
    QCOMPARE(int(detectInputFormat(fixture("columns.tsv"))), int(InputFormat::Tsv));
    const VariantTable tsv = readVariants(fixture("columns.tsv"));
    QCOMPARE(tsv.records, 3);
    QCOMPARE(tsv.variants.size(), size_t(4));
    QCOMPARE(QString::fromStdString(tsv.variants[0].chrom), QString("chr7"));
    QCOMPARE(tsv.variants[0].pos, int64_t(117559590));
    QCOMPARE(QString::fromStdString(tsv.variants[0].id + tsv.variants[0].ref + tsv.variants[0].alt),
             QString("rs113993960GA"));
    QCOMPARE(QString::fromStdString(tsv.variants[2].alt), QString("G"));
    QCOMPARE(tsv.variants[2].altIndex, 1);
    QCOMPARE(tsv.variants[3].record, int64_t(2));

    QCOMPARE(int(detectInputFormat(fixture("quoted.csv"))), int(InputFormat::Csv));
    const VariantTable csv = readVariants(fixture("quoted.csv"));
    QCOMPARE(csv.variants.size(), size_t(2));
    QCOMPARE(QString::fromStdString(csv.variants[0].id), QString("a,b"));
    QCOMPARE(QString::fromStdString(csv.variants[0].chrom + ":" + std::to_string(csv.variants[0].pos)),
             QString("1:1180851"));
    QCOMPARE(QString::fromStdString(csv.variants[1].ref + csv.variants[1].alt), QString("GA"));
  }

  void badInputs() {
    QTemporaryDir dir;
    const std::string garbage = dir.filePath("garbage.bin").toStdString();
    QFile g(QString::fromStdString(garbage));
    QVERIFY(g.open(QIODevice::WriteOnly));
    QByteArray bytes;
    for (int i = 0; i < 5000; ++i) bytes.append(char((i * 7919 + 13) % 251));
    g.write(bytes);
    g.close();
    // A bgzip copy of the ClinVar file cut in the middle of a block.
    const std::string full = dir.filePath("full.gz").toStdString(), cut = dir.filePath("cut.vcf.gz").toStdString();
    QFile src(QString::fromStdString(kClinvar));
    QVERIFY(src.open(QIODevice::ReadOnly));
    const QByteArray text = src.readAll();
    BGZF* z = bgzf_open(full.c_str(), "w");
    QVERIFY(bgzf_write(z, text.data(), text.size()) == text.size());
    QCOMPARE(bgzf_close(z), 0);
    QFile fz(QString::fromStdString(full)), fc(QString::fromStdString(cut));
    QVERIFY(fz.open(QIODevice::ReadOnly) && fc.open(QIODevice::WriteOnly));
    fc.write(fz.readAll().left(int(fz.size() / 2)));
    fc.close();

    const std::pair<std::string, QString> cases[] = {
        {fixture("bad_pos.tsv"), "bad_pos.tsv:3: bad position 'abc'"},
        {fixture("bad_pos.vcf"), "bad_pos.vcf:5: bad position 'abc'"},
        {fixture("missing_alt.csv"), "missing_alt.csv:2: missing column 'alt'"},
        {fixture("three_fields.txt"), "three_fields.txt:2: too few fields"},
        {dir.filePath("nope.vcf").toStdString(), "nope.vcf: cannot open: No such file or directory"},
        {garbage, "garbage.bin: cannot tell the format"},
        {cut, "cut.vcf.gz:"},
    };
    for (const auto& [path, expected] : cases) {
      // Captured through a named copy: a structured binding cannot be captured
      // before C++20 (clang refuses it; the sanitizer leg builds with clang).
      const std::string& file = path;
      const QString msg = errorOf([&] { readVariants(file); });
      QVERIFY2(msg.contains(expected), qPrintable(msg + " <> " + expected));
      QVERIFY2(msg.startsWith(QString::fromStdString(path)), qPrintable(msg));
    }
    QVERIFY(errorOf([&] { readVariants(cut); }).contains("truncated"));
  }

  void emptyVcf() {
    const VariantTable t = readVariants(fixture("empty.vcf"));
    QCOMPARE(int(t.format), int(InputFormat::Vcf));
    QCOMPARE(t.records, 0);
    QVERIFY(t.variants.empty());
    QTemporaryDir dir;
    const std::string out = dir.filePath("empty.out.vcf").toStdString();
    writeVariants(out, OutputFormat::Vcf, t, {}, options());
    const HtsView v = readWithHtslib(out);
    QCOMPARE(v.infoLength, BCF_VL_A);
    QCOMPARE(v.infoType, BCF_HT_REAL);
    QVERIFY(v.records.isEmpty());
  }

  void tableRoundTrip() {
    const VariantTable in = readVariants(fixture("multiallelic.vcf"));
    const auto rows = fixtureRows(in);
    QTemporaryDir dir;
    for (const char* name : {"out.tsv", "out.csv"}) {
      const std::string out = dir.filePath(name).toStdString();
      writeVariants(out, outputFormatFromPath(out), in, rows, options());
      const VariantTable back = readVariants(out);
      QCOMPARE(back.variants.size(), in.variants.size());
      for (size_t i = 0; i < in.variants.size(); ++i) {
        const Variant &a = in.variants[i], &b = back.variants[i];
        QCOMPARE(QString::fromStdString(b.chrom + ":" + std::to_string(b.pos) + ":" + b.id + ":" + b.ref + ">" + b.alt),
                 QString::fromStdString(a.chrom + ":" + std::to_string(a.pos) + ":" + a.id + ":" + a.ref + ">" + a.alt));
      }
      QFile f(QString::fromStdString(out));
      QVERIFY(f.open(QIODevice::ReadOnly));
      const QStringList lines = QString::fromUtf8(f.readAll()).split('\n');
      const QString sep = QString(name).endsWith("csv") ? "," : "\t";
      QCOMPARE(lines[0], QString("# gpnmsa 9.9.9 method=model model=/models/gpn-msa-sapiens alignment=/data/89.zarr.zip"));
      QCOMPARE(lines[1], QStringList({"chrom", "pos", "id", "ref", "alt", "score", "score_fwd", "score_rev",
                                      "status", "detail"}).join(sep));
      QCOMPARE(lines[2], QStringList({"1", "100", "rs1", "A", "C", "-1.500000", "-2.000000", "-1.000000", "ok", ""}).join(sep));
      const QString detail = sep == "," ? "\"store has G, input says A\"" : "store has G, input says A";
      QCOMPARE(lines[3], QStringList({"1", "100", "rs1", "A", "T", "", "", "", "ref_mismatch", detail}).join(sep));
      QCOMPARE(lines[7].section(sep, 5, 8), QStringList({"2.250000", "1.750000", "2.750000", "ok_window_shifted"}).join(sep));
    }
    // A quoted CSV field survives CSV -> CSV.
    const VariantTable q = readVariants(fixture("quoted.csv"));
    const std::string out = dir.filePath("q.csv").toStdString();
    writeVariants(out, OutputFormat::Csv, q, {scored(q.variants[0], VariantStatus::Ok, 1)}, options());
    QCOMPARE(QString::fromStdString(readVariants(out).variants.at(0).id), QString("a,b"));
  }

  void vcfRoundTrip() {
    const VariantTable in = readVariants(fixture("multiallelic.vcf"));
    const HtsView orig = readWithHtslib(fixture("multiallelic.vcf"));
    QCOMPARE(orig.records.size(), 5);
    QTemporaryDir dir;
    for (const char* name : {"o.vcf", "o.vcf.gz", "o.bcf"}) {
      const std::string out = dir.filePath(name).toStdString();
      writeVariants(out, outputFormatFromPath(out), in, fixtureRows(in), options());
      const HtsView v = readWithHtslib(out);
      QCOMPARE(v.infoLength, BCF_VL_A);
      QCOMPARE(v.infoType, BCF_HT_REAL);
      QCOMPARE(v.records, orig.records);  // every other column, INFO and FORMAT field unchanged
      QCOMPARE(v.values.size(), size_t(5));
      QCOMPARE(v.values[0].size(), size_t(2));
      QCOMPARE(v.values[0][0], -1.5f);
      QVERIFY(bcf_float_is_missing(v.values[0][1]));
      QVERIFY(v.values[1].empty() && v.values[2].empty() && v.values[3].empty());
      QCOMPARE(v.values[4], std::vector<float>{2.25f});
    }
    QFile f(dir.filePath("o.vcf"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.contains("##gpnmsa=<version=9.9.9,method=model,model=/models/gpn-msa-sapiens,alignment=/data/89.zarr.zip>"));
    QVERIFY(text.contains("##gpnmsaCommand=gpnmsa score --in x.vcf"));
    QVERIFY(text.contains("Description=\"GPN-MSA score: log P(alt) - log P(ref)"));
  }

  void synthesisedVcf() {
    const VariantTable in = readVariants(fixture("columns.tsv"));
    std::vector<ScoredVariant> rows;
    for (const Variant& v : in.variants) rows.push_back(scored(v, v.alt == "G" ? VariantStatus::Ok : VariantStatus::Mnv, 0.5f));
    QTemporaryDir dir;
    const std::string out = dir.filePath("s.bcf").toStdString();
    writeVariants(out, OutputFormat::Bcf, in, rows, options());
    const HtsView v = readWithHtslib(out);
    QCOMPARE(v.contigs, QStringList({"chr7", "chrX"}));
    QCOMPARE(v.records.size(), 3);  // one per input record, input order
    QCOMPARE(v.records[0], QString("chr7\t117559590\trs113993960\tG\tA\t.\t.\t."));
    QCOMPARE(v.records[1], QString("chrX\t2000\t.\tC\tT,G\t.\t.\t."));
    QCOMPARE(v.records[2], QString("chr7\t5\tins1\tA\tAT\t.\t.\t."));
    QVERIFY(v.values[0].empty());
    QCOMPARE(v.values[1].size(), size_t(2));
    QVERIFY(bcf_float_is_missing(v.values[1][0]));
    QCOMPARE(v.values[1][1], 0.5f);
  }

  // ScoredVariant::published (a precomputed score file's value): written only
  // when asked for, whatever the row's status; table column published_score
  // (last), VCF INFO/GPNMSA_PUBLISHED (Number=A, Type=Float) naming the file.
  void publishedScores() {
    const VariantTable in = readVariants(fixture("multiallelic.vcf"));
    auto rows = fixtureRows(in);
    rows[0].published = 7.5f;    // 1:100 A>C, scored
    rows[1].published = -0.25f;  // 1:100 A>T, ref_mismatch: the file still has it
    rows.back().published = 1.125f;  // 2:500 G>A
    WriteOptions o = options();
    o.published = true;
    o.publishedSource = "/data/gpn-msa, \"all\".tsv.gz";
    QTemporaryDir dir;
    for (const char* name : {"p.tsv", "p.csv"}) {
      const std::string out = dir.filePath(name).toStdString();
      writeVariants(out, outputFormatFromPath(out), in, rows, o);
      QCOMPARE(readVariants(out).variants.size(), in.variants.size());  // still reads back
      QFile f(QString::fromStdString(out));
      QVERIFY(f.open(QIODevice::ReadOnly));
      const QStringList lines = QString::fromUtf8(f.readAll()).split('\n');
      const QString sep = QString(name).endsWith("csv") ? "," : "\t";
      QVERIFY2(lines[0].endsWith(" published=/data/gpn-msa, \"all\".tsv.gz"), qPrintable(lines[0]));
      QCOMPARE(lines[1], QStringList({"chrom", "pos", "id", "ref", "alt", "score", "score_fwd", "score_rev",
                                      "status", "detail", "published_score"}).join(sep));
      QCOMPARE(lines[2], QStringList({"1", "100", "rs1", "A", "C", "-1.500000", "-2.000000", "-1.000000", "ok", "",
                                      "7.500000"}).join(sep));
      QVERIFY(lines[3].endsWith(sep + "-0.250000"));
      QVERIFY(lines[4].endsWith("indel" + sep + sep));  // no published value: empty
      QVERIFY(lines[7].endsWith(sep + "1.125000"));
    }
    for (const char* name : {"p.vcf", "p.vcf.gz", "p.bcf"}) {
      const std::string out = dir.filePath(name).toStdString();
      writeVariants(out, outputFormatFromPath(out), in, rows, o);
      const HtsView v = readWithHtslib(out, "GPNMSA_PUBLISHED");
      QCOMPARE(v.infoLength, BCF_VL_A);
      QCOMPARE(v.infoType, BCF_HT_REAL);
      QCOMPARE(v.values.size(), size_t(5));
      QCOMPARE(v.values[0], (std::vector<float>{7.5f, -0.25f}));
      QVERIFY(v.values[1].empty() && v.values[2].empty() && v.values[3].empty());
      QCOMPARE(v.values[4], std::vector<float>{1.125f});
      const HtsView score = readWithHtslib(out);  // the model's score beside it, unchanged
      QCOMPARE(score.values[0].size(), size_t(2));
      QCOMPARE(score.values[0][0], -1.5f);
      QVERIFY(bcf_float_is_missing(score.values[0][1]));
      QCOMPARE(score.values[4], std::vector<float>{2.25f});
      // The description as htslib parses it names the file.
      htsFile* fp = hts_open(out.c_str(), "r");
      QVERIFY(fp);
      bcf_hdr_t* hdr = bcf_hdr_read(fp);
      QVERIFY(hdr);
      bcf_hrec_t* h = bcf_hdr_get_hrec(hdr, BCF_HL_INFO, "ID", "GPNMSA_PUBLISHED", nullptr);
      const int key = h ? bcf_hrec_find_key(h, "Description") : -1;
      const QString description = key >= 0 ? QString::fromUtf8(h->vals[key]) : QString();
      bcf_hdr_destroy(hdr);
      hts_close(fp);
      QVERIFY2(description.startsWith("\"Precomputed score from /data/gpn-msa, \\\"all\\\".tsv.gz"),
               qPrintable(description));
    }
    // Synthesised VCF (table input): values by ALT, a status that is not ok kept.
    const VariantTable t = readVariants(fixture("columns.tsv"));
    std::vector<ScoredVariant> trows;
    for (const Variant& v : t.variants) trows.push_back(scored(v, v.alt == "G" ? VariantStatus::Ok : VariantStatus::Mnv, 0.5f));
    trows[1].published = 3.0f;  // chrX:2000 C>T (not scored by the model)
    const std::string s = dir.filePath("s.vcf.gz").toStdString();
    writeVariants(s, OutputFormat::VcfGz, t, trows, o);
    const HtsView sv = readWithHtslib(s, "GPNMSA_PUBLISHED");
    QCOMPARE(sv.infoLength, BCF_VL_A);
    QCOMPARE(sv.values.size(), size_t(3));
    QVERIFY(sv.values[0].empty() && sv.values[2].empty());
    QCOMPARE(sv.values[1].size(), size_t(2));
    QCOMPARE(sv.values[1][0], 3.0f);
    QVERIFY(bcf_float_is_missing(sv.values[1][1]));
    QCOMPARE(readWithHtslib(s).values[1][1], 0.5f);

    // Not asked for: neither column nor INFO field, whatever the rows hold.
    const std::string plain = dir.filePath("plain.vcf").toStdString();
    writeVariants(plain, OutputFormat::Vcf, in, rows, options());
    QCOMPARE(readWithHtslib(plain, "GPNMSA_PUBLISHED").infoLength, -1);
    QVERIFY(readWithHtslib(plain, "GPNMSA_PUBLISHED").values[0].empty());
    const std::string plainTsv = dir.filePath("plain.tsv").toStdString();
    writeVariants(plainTsv, OutputFormat::Tsv, in, rows, options());
    QVERIFY(!dataLines(plainTsv).at(0).contains("published_score"));

    // An input that already has the field is refused, like INFO/GPN_MSA.
    const QString declared = dir.filePath("declared.vcf");
    QVERIFY(testsupport::copyReplacing(
        QString::fromStdString(fixture("multiallelic.vcf")), declared, "##FILTER=",
        "##INFO=<ID=GPNMSA_PUBLISHED,Number=A,Type=Float,Description=\"old\">\n##FILTER="));
    const VariantTable din = readVariants(declared.toStdString());
    const std::string x = dir.filePath("x.vcf").toStdString();
    const QString expected = "GPNMSA_PUBLISHED";
    QCOMPARE(conflictOf([&] { preflightWrite(x, OutputFormat::Vcf, din, o); }), expected);
    QCOMPARE(conflictOf([&] { writeVariants(x, OutputFormat::Vcf, din, rows, o); }), expected);
    QVERIFY(!QFile::exists(QString::fromStdString(x)));
    WriteOptions same = o;
    same.publishedField = same.infoField;
    QVERIFY(errorOf([&] { writeVariants(x, OutputFormat::Vcf, in, rows, same); }).contains("cannot share"));
  }

  void existingInfoField() {
    const VariantTable in = readVariants(fixture("with_gpn_msa.vcf"));
    QCOMPARE(in.variants.size(), size_t(3));
    QTemporaryDir dir;
    const std::string out = dir.filePath("x.vcf").toStdString();
    std::vector<ScoredVariant> rows{scored(in.variants[0], VariantStatus::InvalidAllele),
                                    scored(in.variants[1], VariantStatus::RefMismatch),
                                    scored(in.variants[2], VariantStatus::Ok, -3.0f)};
    const QString expected = "GPN_MSA renameable";
    QCOMPARE(conflictOf([&] { preflightWrite(out, OutputFormat::Vcf, in, options()); }), expected);
    QCOMPARE(conflictOf([&] { writeVariants(out, OutputFormat::Vcf, in, rows, options()); }), expected);
    QVERIFY(!QFile::exists(QString::fromStdString(out)));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
    WriteOptions o = options();
    o.overwriteInfo = true;
    writeVariants(out, OutputFormat::Vcf, in, rows, o);
    const HtsView v = readWithHtslib(out);
    QCOMPARE(v.infoLength, BCF_VL_A);
    QCOMPARE(v.infoType, BCF_HT_REAL);
    QVERIFY(v.values[0].empty());  // the stale "old" is gone
    QCOMPARE(v.values[1].size(), size_t(2));
    QVERIFY(bcf_float_is_missing(v.values[1][0]));
    QCOMPARE(v.values[1][1], -3.0f);
    QCOMPARE(v.records[0], QString("1\t100\ta\tA\tC\t.\t.\tDP=4"));
    // Another field name leaves the old one alone.
    o.overwriteInfo = false;
    o.infoField = "GPN_MSA_V2";
    writeVariants(out, OutputFormat::Vcf, in, rows, o);
    QCOMPARE(readWithHtslib(out, "GPN_MSA_V2").values[1][1], -3.0f);
    QCOMPARE(readWithHtslib(out, "GPN_MSA_V2").records[0], QString("1\t100\ta\tA\tC\t.\t.\tDP=4;GPN_MSA=old"));
  }

  void atomicity() {
    const VariantTable in = readVariants(fixture("multiallelic.vcf"));
    for (const std::string& bad : {std::string("/nonexistent-dir/x.tsv"), std::string("/proc/gpnmsa-test/x.vcf")}) {
      const QString msg = errorOf([&] { writeVariants(bad, outputFormatFromPath(bad), in, fixtureRows(in), options()); });
      QVERIFY2(msg.startsWith("cannot write " + QString::fromStdString(bad) + ": "), qPrintable(msg));
    }
    QCOMPARE(errorOf([] { AtomicFile f("/nonexistent/x.tsv"); }),
             QString("cannot write /nonexistent/x.tsv: No such file or directory"));

    QTemporaryDir dir;
    auto rows = fixtureRows(in);
    rows.back().variant.record = 99;  // no such record: fails after output began
    for (const char* name : {"keep.vcf.gz", "keep.bcf"}) {
      const QString target = dir.filePath(name);
      QFile old(target);
      QVERIFY(old.open(QIODevice::WriteOnly));
      old.write("old content\n");
      old.close();
      const QString msg = errorOf([&] { writeVariants(target.toStdString(), outputFormatFromPath(target.toStdString()), in, rows, options()); });
      QVERIFY2(msg.contains("rows refer to record 99"), qPrintable(msg));
      QVERIFY(old.open(QIODevice::ReadOnly));
      QCOMPARE(old.readAll(), QByteArray("old content\n"));
      old.close();
    }
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList({"keep.bcf", "keep.vcf.gz"}));
    { AtomicFile uncommitted(dir.filePath("never.tsv").toStdString()); }
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);
  }

  void outputFormats() {
    QCOMPARE(int(outputFormatFromPath("a.TSV")), int(OutputFormat::Tsv));
    QCOMPARE(int(outputFormatFromPath("-")), int(OutputFormat::Tsv));
    QCOMPARE(int(outputFormatFromPath("a.csv")), int(OutputFormat::Csv));
    QCOMPARE(int(outputFormatFromPath("a.vcf.bgz")), int(OutputFormat::VcfGz));
    QCOMPARE(int(outputFormatFromPath("a.bcf")), int(OutputFormat::Bcf));
    QVERIFY(errorOf([] { outputFormatFromPath("a.xlsx"); }).contains("a.xlsx"));
    // .txt says nothing about the format: refused, with the list of known ones.
    QCOMPARE(errorOf([] { outputFormatFromPath("dir.v2/out.txt"); }),
             QString("dir.v2/out.txt: unknown output format '.txt'; known extensions: .tsv, .csv, .vcf, "
                     ".vcf.gz, .vcf.bgz, .bcf ('-' writes TSV to standard output)"));
    QVERIFY(errorOf([] { outputFormatFromPath("dir.v2/out"); }).contains("(no extension)"));
  }

  // htslib's messages become part of the error of the thread whose call made
  // them, and none reaches stderr, with several threads using htslib at once.
  void htslibMessagesJoinTheirThreadsError() {
    QTemporaryDir dir;
    const std::string noHeader = dir.filePath("no-chrom-line.vcf").toStdString();
    {
      QFile f(QString::fromStdString(noHeader));
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("##fileformat=VCFv4.2\n1\t100\t.\tA\tC\n");
    }
    QTemporaryFile stderrCopy;
    QVERIFY(stderrCopy.open());
    std::fflush(stderr);
    const int savedStderr = ::dup(STDERR_FILENO);
    ::dup2(stderrCopy.handle(), STDERR_FILENO);
    auto worker = [](std::string path, std::string other, std::vector<std::string>* bad) {
      for (int i = 0; i < 200; ++i) {
        std::string msg;
        try {
          PrecomputedScores::open(path);
        } catch (const Error& e) {
          msg = e.what();
        }
        if (msg.find("Failed to open file \"" + path + "\"") == std::string::npos ||
            msg.find(other) != std::string::npos)
          bad->push_back(msg);
      }
    };
    std::vector<std::string> badA, badB;
    const std::string a = dir.filePath("a/missing.tsv.bgz").toStdString();
    const std::string b = dir.filePath("b/missing.tsv.bgz").toStdString();
    std::thread ta(worker, a, b, &badA), tb(worker, b, a, &badB);
    const QString headerError = errorOf([&] { readVariants(noHeader); });
    ta.join();
    tb.join();
    std::fflush(stderr);
    ::dup2(savedStderr, STDERR_FILENO);
    ::close(savedStderr);
    badA.insert(badA.end(), badB.begin(), badB.end());
    QVERIFY2(badA.empty(), badA.empty() ? "" : badA.front().c_str());
    QVERIFY2(headerError.endsWith("no-chrom-line.vcf: cannot read the VCF header (truncated file, or no "
                                  "#CHROM line?): No sample line"), qPrintable(headerError));
    stderrCopy.seek(0);
    const QByteArray leaked = stderrCopy.readAll();
    QVERIFY2(leaked.isEmpty(), leaked.constData());
  }
};

QTEST_APPLESS_MAIN(TestVariantIo)
#include "test_variant_io.moc"
