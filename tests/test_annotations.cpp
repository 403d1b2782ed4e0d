// SPDX-License-Identifier: GPL-3.0-or-later
// Annotations already in an input VCF (VEP CSQ, SnpEff ANN, bcftools BCSQ):
// real annotated files from the tools' own test suites (tests/data/annotations,
// origins in tests/data/PROVENANCE.md) read through readVariants, every field
// compared with the file's text split here independently; the ALT each entry
// lands on; the --pick order; allele frequency and ClinVar columns.
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <map>

#include "gpnmsa/annotations.h"
#include "gpnmsa/error.h"
#include "gpnmsa/variant_reader.h"
#include "support/core_helpers.h"

using namespace gpnmsa;

namespace {

std::string annotated(const char* name) { return std::string(GPNMSA_TEST_DATA "/annotations/") + name; }

// A VCF file as text: the field names of INFO/<key> and, per record, REF,
// ALTs and the INFO map.
struct TextVcf {
  QStringList names;
  struct Record {
    QString ref;
    QStringList alts;
    std::map<QString, QString> info;
  };
  std::vector<Record> records;
};

TextVcf readText(const std::string& path, const QString& key) {
  QFile f(QString::fromStdString(path));
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", path.c_str());
  TextVcf vcf;
  for (const QByteArray& raw : f.readAll().split('\n')) {
    const QString line = QString::fromUtf8(raw);
    if (line.startsWith("##INFO=<ID=" + key + ",")) {
      const QRegularExpression list(QStringLiteral("(?:Format: |Functional annotations: ')([^\"']*)"));
      const QRegularExpressionMatch m = list.match(line);
      if (m.hasMatch())
        for (const QString& name : m.captured(1).split('|')) vcf.names << name.trimmed();
      continue;
    }
    if (line.isEmpty() || line.startsWith('#')) continue;
    const QStringList cols = line.split('\t');
    TextVcf::Record r;
    r.ref = cols[3];
    r.alts = cols[4].split(',');
    for (const QString& kv : cols[7].split(';')) {
      const int eq = kv.indexOf('=');
      r.info[eq < 0 ? kv : kv.left(eq)] = eq < 0 ? QString() : kv.mid(eq + 1);
    }
    vcf.records.push_back(r);
  }
  return vcf;
}

QString q(const std::string& s) { return QString::fromStdString(s); }

// One entry of the file as the reader should have it: its fields by name.
using TextEntry = std::map<QString, QString>;

// The header name of each member, per layout (the test's own copy of the spec).
struct Names {
  QString allele, consequence, impact, gene, geneId, transcript, biotype, hgvsc, hgvsp;
  QStringList flags;  // fields that become the pick / mane / canonical flags
};
const Names kVepNames{"Allele", "Consequence", "IMPACT", "SYMBOL", "Gene", "Feature", "BIOTYPE", "HGVSc", "HGVSp",
                      {"PICK", "MANE_SELECT", "MANE", "CANONICAL", "ALLELE_NUM"}};
const Names kSnpEffNames{"Allele", "Annotation", "Annotation_Impact", "Gene_Name", "Gene_ID", "Feature_ID",
                         "Transcript_BioType", "HGVS.c", "HGVS.p", {}};
const Names kBcsqNames{"", "Consequence", "", "gene", "", "transcript", "biotype", "dna_change",
                       "amino_acid_change", {}};

// Every field of `got` against the file's text of the entry.
void compareEntry(const TranscriptConsequence& got, const TextEntry& want, const Names& n) {
  auto field = [&](const QString& name) {
    const auto it = want.find(name);
    return name.isEmpty() || it == want.end() ? QString() : it->second;
  };
  QCOMPARE(q(got.allele), field(n.allele));
  QStringList consequences;
  for (const std::string& c : got.consequences) consequences << q(c);
  QCOMPARE(consequences.join('&'), field(n.consequence));
  QCOMPARE(q(got.impact), field(n.impact));
  QCOMPARE(q(got.gene), field(n.gene));
  QCOMPARE(q(got.geneId), field(n.geneId));
  QCOMPARE(q(got.transcript), field(n.transcript));
  QCOMPARE(q(got.biotype), field(n.biotype));
  QCOMPARE(q(got.hgvsc), field(n.hgvsc));
  QCOMPARE(q(got.hgvsp), field(n.hgvsp));
  QCOMPARE(got.pick, field("PICK") == "1");
  QCOMPARE(got.mane, !field("MANE_SELECT").isEmpty() || !field("MANE").isEmpty());
  QCOMPARE(got.canonical, field("CANONICAL") == "YES");
  // Everything else, non-empty, by name.
  const QStringList members = {n.allele, n.consequence, n.impact, n.gene, n.geneId,
                               n.transcript, n.biotype, n.hgvsc, n.hgvsp};
  std::map<QString, QString> extra;
  for (const auto& [name, value] : want)
    if (!value.isEmpty() && !members.contains(name) && !n.flags.contains(name) && !name.startsWith("__"))
      extra[name] = value;
  std::map<QString, QString> gotExtra;
  for (const auto& [name, value] : got.extra) gotExtra[q(name)] = q(value);
  QCOMPARE(gotExtra, extra);
}

// The entries of INFO/key in a record, split on ',' and '|'.
std::vector<TextEntry> entriesOf(const TextVcf& vcf, const TextVcf::Record& r, const QString& key) {
  std::vector<TextEntry> out;
  const auto it = r.info.find(key);
  if (it == r.info.end()) return out;
  for (const QString& text : it->second.split(',')) {
    const QStringList values = text.split('|');
    TextEntry e;
    for (int i = 0; i < vcf.names.size(); ++i) e[vcf.names[i]] = i < values.size() ? values[i] : QString();
    e[QStringLiteral("__text")] = text;
    out.push_back(e);
  }
  return out;
}

// Rows of `table` per record: the index of its first row and the ALT count.
std::vector<size_t> firstRows(const VariantTable& t) {
  std::vector<size_t> first;
  for (size_t i = 0; i < t.variants.size(); ++i)
    if (t.variants[i].altIndex == 0) first.push_back(i);
  return first;
}

// The summary --pick would choose, computed from the text.
int expectedPick(const std::vector<TextEntry>& entries) {
  for (const char* flag : {"PICK", "MANE_SELECT", "MANE", "CANONICAL"}) {
    for (size_t i = 0; i < entries.size(); ++i) {
      const auto it = entries[i].find(flag);
      if (it == entries[i].end() || it->second.isEmpty()) continue;
      if ((QString(flag) == "PICK" && it->second == "1") || QString(flag).startsWith("MANE") ||
          (QString(flag) == "CANONICAL" && it->second == "YES"))
        return int(i);
    }
  }
  int best = -1, bestRank = 1 << 30;
  for (size_t i = 0; i < entries.size(); ++i) {
    TranscriptConsequence e;
    for (const char* name : {"Consequence", "Annotation"}) {
      const auto it = entries[i].find(name);
      if (it != entries[i].end())
        for (const QString& c : it->second.split('&')) e.consequences.push_back(c.toStdString());
    }
    const int rank = entrySeverity(e);
    if (rank < bestRank) best = int(i), bestRank = rank;
  }
  return best;
}

// Checks every allele of a VEP-layout file whose CSQ carries ALLELE_NUM (VEP's
// own word on which ALT an entry is for): the entries, in file order, field by field.
void checkVepByAlleleNum(const VariantTable& t, const TextVcf& vcf, const QString& key) {
  const std::vector<size_t> first = firstRows(t);
  QCOMPARE(first.size(), vcf.records.size());
  QCOMPARE(t.annotations.alleles.size(), t.variants.size());
  for (size_t r = 0; r < vcf.records.size(); ++r) {
    const std::vector<TextEntry> entries = entriesOf(vcf, vcf.records[r], key);
    for (int alt = 0; alt < vcf.records[r].alts.size(); ++alt) {
      std::vector<TextEntry> want;
      for (const TextEntry& e : entries)
        if (e.at("ALLELE_NUM").toInt() == alt + 1) want.push_back(e);
      const AlleleAnnotation& got = t.annotations.alleles[first[r] + alt];
      QCOMPARE(got.entries.size(), want.size());
      for (size_t i = 0; i < want.size(); ++i) compareEntry(got.entries[i], want[i], kVepNames);
      QCOMPARE(got.picked, expectedPick(want));
    }
  }
}

// The annotation found in `t` is INFO/key in `layout`.
void expectAnnotation(const VariantTable& t, const char* key, AnnotationLayout layout) {
  QCOMPARE(q(t.annotations.infoKey), QString(key));
  QCOMPARE(int(t.annotations.layout), int(layout));
}

}  // namespace

class TestAnnotations : public QObject {
  Q_OBJECT
 private slots:
  // VEP CSQ, 100 records of bcftools' split-vep test (34 multi-allelic or indel
  // records with "*" alleles, shared and unshared first bases).
  void vepCsqEveryField() {
    const std::string path = annotated("vep_csq.vcf");
    const VariantTable t = readVariants(path);
    expectAnnotation(t, "CSQ", AnnotationLayout::Vep);
    QCOMPARE(q(t.annotations.afSource), QString("CSQ/gnomAD_AF"));
    const TextVcf vcf = readText(path, "CSQ");
    QVERIFY(vcf.names.contains("ALLELE_NUM"));
    checkVepByAlleleNum(t, vcf, "CSQ");
    QCOMPARE(t.annotations.unmatchedEntries, int64_t(0));
    // af: the picked entry's gnomAD_AF as written; 1:14464 A>T has 0.1943 ... in the text.
    for (size_t i = 0; i < t.variants.size(); ++i) {
      const AlleleAnnotation& a = t.annotations.alleles[i];
      if (a.picked < 0) continue;
      const auto it = a.entries[a.picked].extra.find("gnomAD_AF");
      if (it != a.entries[a.picked].extra.end()) QCOMPARE(q(a.af), q(it->second));
    }
  }

  // The same file without ALLELE_NUM: entries matched by VEP's allele spelling
  // alone land on the ALT VEP's ALLELE_NUM names, for every multi-allelic record.
  void vepAlleleSpellingMatchesAlleleNum() {
    QTemporaryDir dir;
    const QString hidden = dir.filePath("hidden.vcf");
    QVERIFY(testsupport::copyReplacing(QString::fromStdString(annotated("vep_csq.vcf")), hidden, "|ALLELE_NUM|",
                                       "|ALLELE_NUMBER_HIDDEN|"));
    const VariantTable withNum = readVariants(annotated("vep_csq.vcf"));
    const VariantTable bySpelling = readVariants(hidden.toStdString());
    QCOMPARE(bySpelling.annotations.alleles.size(), withNum.annotations.alleles.size());
    QCOMPARE(bySpelling.annotations.unmatchedEntries, int64_t(0));
    int multiAllelicRows = 0;
    for (size_t i = 0; i < withNum.variants.size(); ++i) {
      const auto& a = withNum.annotations.alleles[i].entries;
      const auto& b = bySpelling.annotations.alleles[i].entries;
      QCOMPARE(b.size(), a.size());
      for (size_t k = 0; k < a.size(); ++k) {
        QCOMPARE(q(b[k].allele), q(a[k].allele));
        QCOMPARE(q(b[k].transcript), q(a[k].transcript));
        QCOMPARE(q(b[k].hgvsc), q(a[k].hgvsc));
      }
      const Variant& v = withNum.variants[i];
      if (v.altIndex > 0 || (i + 1 < withNum.variants.size() && withNum.variants[i + 1].altIndex > 0))
        multiAllelicRows += !a.empty();
    }
    QVERIFY(multiAllelicRows > 20);
  }

  void vepAlleleConventions() {
    // Parser/VCF.pm: the shared first base goes only if every non-"*" allele has it.
    QCOMPARE(vepAlleles("GT", {"GTT", "G"}), (std::vector<std::string>{"TT", "-"}));
    QCOMPARE(vepAlleles("CTTTA", {"C", "TTTTA"}), (std::vector<std::string>{"C", "TTTTA"}));
    QCOMPARE(vepAlleles("TATA", {"*", "T", "CATA"}), (std::vector<std::string>{"*", "T", "CATA"}));
    QCOMPARE(vepAlleles("TA", {"T", "*"}), (std::vector<std::string>{"-", "*"}));
    QCOMPARE(vepAlleles("A", {"C", "G"}), (std::vector<std::string>{"C", "G"}));  // SNVs untouched
    QCOMPARE(vepAlleles("AT", {"A"}), (std::vector<std::string>{"-"}));
    QCOMPARE(vepMinimalAllele("CTTTA", "TTTTA"), std::string("T"));
    QCOMPARE(vepMinimalAllele("GT", "GTT"), std::string("T"));
    QCOMPARE(vepMinimalAllele("AT", "A"), std::string("-"));
  }

  // VEP's layout under INFO/ANN (--vcf_info_field ANN), with MANE and CANONICAL.
  void vepLayoutUnderAnn() {
    const std::string path = annotated("vep_ann.vcf");
    const VariantTable t = readVariants(path);
    expectAnnotation(t, "ANN", AnnotationLayout::Vep);
    const TextVcf vcf = readText(path, "ANN");
    const std::vector<size_t> first = firstRows(t);
    for (size_t r = 0; r < vcf.records.size(); ++r) {
      QCOMPARE(vcf.records[r].alts.size(), 1);  // one ALT: every entry is its
      const std::vector<TextEntry> want = entriesOf(vcf, vcf.records[r], "ANN");
      const AlleleAnnotation& got = t.annotations.alleles[first[r]];
      QCOMPARE(got.entries.size(), want.size());
      for (size_t i = 0; i < want.size(); ++i) compareEntry(got.entries[i], want[i], kVepNames);
      QCOMPARE(got.picked, expectedPick(want));
    }
  }

  // SnpEff's own layout; multi-allelic records in cancer mode, where "G-C"
  // entries (ALT G over ALT C, not over REF) belong to no ALT.
  void snpEffEveryField() {
    for (const char* name : {"snpeff_ann_multiallelic.vcf", "snpeff_ann_chr22.vcf"}) {
      const std::string path = annotated(name);
      const VariantTable t = readVariants(path);
      expectAnnotation(t, "ANN", AnnotationLayout::SnpEff);
      QVERIFY(t.annotations.afSource.empty());
      const TextVcf vcf = readText(path, "ANN");
      QCOMPARE(vcf.names.size(), 16);
      const std::vector<size_t> first = firstRows(t);
      int64_t cancer = 0;
      for (size_t r = 0; r < vcf.records.size(); ++r) {
        const std::vector<TextEntry> entries = entriesOf(vcf, vcf.records[r], "ANN");
        for (const TextEntry& e : entries) cancer += e.at("Allele").contains('-');
        for (int alt = 0; alt < vcf.records[r].alts.size(); ++alt) {
          std::vector<TextEntry> want;
          for (const TextEntry& e : entries)
            if (e.at("Allele") == vcf.records[r].alts[alt]) want.push_back(e);
          const AlleleAnnotation& got = t.annotations.alleles[first[r] + alt];
          QVERIFY(!want.empty());
          QCOMPARE(got.entries.size(), want.size());
          for (size_t i = 0; i < want.size(); ++i) compareEntry(got.entries[i], want[i], kSnpEffNames);
          QCOMPARE(got.picked, expectedPick(want));
        }
      }
      QCOMPARE(t.annotations.unmatchedEntries, cancer);
      if (std::string(name) == "snpeff_ann_multiallelic.vcf") {
        QCOMPARE(cancer, int64_t(3));
        // 1:69849 G>A,C: stop_gained for A, missense for C (not the "C-A" stop_lost).
        const AnnotationSummary a = summarize(t.annotations.alleles[2]), c = summarize(t.annotations.alleles[3]);
        QCOMPARE(q(t.variants[2].alt + " " + a.consequence + " " + a.hgvsp), QString("A stop_gained p.Trp253*"));
        QCOMPARE(q(t.variants[3].alt + " " + c.consequence + " " + c.hgvsp),
                 QString("C missense_variant p.Trp253Cys"));
      }
    }
  }

  // bcftools csq (local mode): one ALT takes every entry; in multi-allelic
  // records an entry without dna_change names no ALT and goes to each
  // (flagged allAlts), one with dna_change to the ALT it names.
  void bcsqEveryField() {
    const std::string path = annotated("bcftools_bcsq.vcf");
    const VariantTable t = readVariants(path);
    expectAnnotation(t, "BCSQ", AnnotationLayout::Bcftools);
    const TextVcf vcf = readText(path, "BCSQ");
    QCOMPARE(vcf.names, QStringList({"Consequence", "gene", "transcript", "biotype", "strand",
                                     "amino_acid_change", "dna_change"}));
    const std::vector<size_t> first = firstRows(t);
    int shared = 0;
    for (size_t r = 0; r < vcf.records.size(); ++r) {
      const TextVcf::Record& rec = vcf.records[r];
      const std::vector<TextEntry> entries = entriesOf(vcf, rec, "BCSQ");
      for (int alt = 0; alt < rec.alts.size(); ++alt) {
        std::vector<TextEntry> want;
        for (const TextEntry& e : entries) {
          if (e.at("__text").startsWith('@')) continue;
          const QString change = e.at("dna_change");
          if (rec.alts.size() == 1 || (change.isEmpty() && rec.alts[alt] != "*") ||
              change.contains(rec.ref + ">" + rec.alts[alt]))
            want.push_back(e);
        }
        const AlleleAnnotation& got = t.annotations.alleles[first[r] + alt];
        QCOMPARE(got.entries.size(), want.size());
        for (size_t i = 0; i < want.size(); ++i) {
          compareEntry(got.entries[i], want[i], kBcsqNames);
          QCOMPARE(got.entries[i].allAlts, rec.alts.size() > 1 && want[i].at("dna_change").isEmpty());
          shared += got.entries[i].allAlts;
        }
        QCOMPARE(got.picked, expectedPick(want));
      }
    }
    QVERIFY(shared > 0);  // 1:129148 GT>GTT,G and 1:267229 A>*,C carry one
  }

  // PICK > MANE Select > canonical > most severe, on real files, then on
  // entries made here so that each step is decisive.
  void pickOrder() {
    const VariantTable pick = readVariants(annotated("vep_csq_pick.vcf"));
    QCOMPARE(q(summarize(pick.annotations.alleles[0]).transcript), QString("NM_000094.4"));
    QVERIFY(pick.annotations.alleles[0].entries[0].pick);
    // 1:979496: MANE (a downstream_gene_variant) over the canonical missense.
    const VariantTable mane = readVariants(annotated("vep_csq_mane.vcf"));
    const AnnotationSummary s = summarize(mane.annotations.alleles[0]);
    QCOMPARE(q(s.transcript + " " + s.consequence), QString("ENST00000379410 downstream_gene_variant"));
    QCOMPARE(q(s.af), QString("0.9721"));
    checkVepByAlleleNum(readVariants(annotated("vep_csq.vcf")), readText(annotated("vep_csq.vcf"), "CSQ"), "CSQ");

    auto entry = [](const char* consequence, bool p, bool m, bool c) {
      TranscriptConsequence e;
      e.consequences = {consequence};
      e.pick = p, e.mane = m, e.canonical = c;
      return e;
    };
    std::vector<TranscriptConsequence> list = {
        entry("stop_gained", false, false, false), entry("intron_variant", false, false, true),
        entry("upstream_gene_variant", false, true, false), entry("synonymous_variant", true, false, false)};
    QCOMPARE(pickSummary(list), 3);
    list[3].pick = false;
    QCOMPARE(pickSummary(list), 2);
    list[2].mane = false;
    QCOMPARE(pickSummary(list), 1);
    list[1].canonical = false;
    QCOMPARE(pickSummary(list), 0);
    QCOMPARE(pickSummary({}), -1);
    // Severity: Ensembl's order, bcftools' short names, ties to the first.
    QVERIFY(consequenceSeverity("transcript_ablation") < consequenceSeverity("splice_acceptor_variant"));
    QVERIFY(consequenceSeverity("splice_donor_variant") < consequenceSeverity("stop_gained"));
    QVERIFY(consequenceSeverity("frameshift_variant") < consequenceSeverity("stop_lost"));
    QVERIFY(consequenceSeverity("missense_variant") < consequenceSeverity("splice_region_variant"));
    QVERIFY(consequenceSeverity("synonymous_variant") < consequenceSeverity("5_prime_UTR_variant"));
    QVERIFY(consequenceSeverity("downstream_gene_variant") < consequenceSeverity("intergenic_variant"));
    QVERIFY(consequenceSeverity("intergenic_variant") < consequenceSeverity("no_such_term"));
    QCOMPARE(consequenceSeverity("missense"), consequenceSeverity("missense_variant"));
    QCOMPARE(consequenceSeverity("*frameshift"), consequenceSeverity("frameshift_variant"));
    QCOMPARE(consequenceSeverity("5_prime_utr"), consequenceSeverity("5_prime_UTR_variant"));
    QCOMPARE(consequenceSeverity("non_coding"), consequenceSeverity("non_coding_transcript_variant"));
    QCOMPARE(QString(consequenceImpact("stop_gained")), QString("HIGH"));
    QCOMPARE(QString(consequenceImpact("missense_variant")), QString("MODERATE"));
    std::vector<TranscriptConsequence> tie = {entry("missense_variant", false, false, false),
                                              entry("missense_variant", false, false, false)};
    tie[1].consequences.push_back("intron_variant");
    QCOMPARE(pickSummary(tie), 0);
  }

  // af from gnomADe_AF when the annotation has no gnomAD_AF; clinvar from CLIN_SIG.
  void afAndClinvarFromCsq() {
    const std::string path = annotated("vep_csq_clinsig.vcf");
    const VariantTable t = readVariants(path);
    QCOMPARE(q(t.annotations.afSource), QString("CSQ/gnomADe_AF"));
    const TextVcf vcf = readText(path, "CSQ");
    QCOMPARE(t.variants.size(), vcf.records.size());
    for (size_t r = 0; r < vcf.records.size(); ++r) {
      const std::vector<TextEntry> entries = entriesOf(vcf, vcf.records[r], "CSQ");
      const AlleleAnnotation& a = t.annotations.alleles[r];
      const TextEntry& picked = entries[size_t(expectedPick(entries))];
      QCOMPARE(q(a.clinvar), picked.at("CLIN_SIG"));
      QCOMPARE(q(a.af), picked.at("gnomADe_AF"));
    }
    QCOMPARE(q(summarize(t.annotations.alleles[0]).clinvar), QString("not_provided&pathogenic"));
  }

  // An INFO key chosen as af: Number=A values split per ALT.
  void afFromInfoKey() {
    const std::string path = annotated("bcftools_bcsq.vcf");
    AnnotationOptions o;
    o.afField = "AF";
    const VariantTable t = readVariants(path, o);
    QCOMPARE(q(t.annotations.afSource), QString("INFO/AF"));
    const TextVcf vcf = readText(path, "BCSQ");
    const std::vector<size_t> first = firstRows(t);
    int checked = 0;
    for (size_t r = 0; r < vcf.records.size(); ++r) {
      const auto it = vcf.records[r].info.find("AF");
      if (it == vcf.records[r].info.end()) {
        QVERIFY(t.annotations.alleles[first[r]].af.empty());
        continue;
      }
      const QStringList values = it->second.split(',');
      QCOMPARE(values.size(), vcf.records[r].alts.size());
      for (int alt = 0; alt < values.size(); ++alt, ++checked)
        QCOMPARE(q(t.annotations.alleles[first[r] + alt].af).toDouble(), values[alt].toDouble());
    }
    QVERIFY(checked > 0);
    o.afField = "NO_SUCH_KEY";
    try {
      readVariants(path, o);
      QFAIL("no OptionError for an undeclared af field");
    } catch (const OptionError& e) {
      QCOMPARE(e.options(), std::vector<std::string>{"af-field"});
      QVERIFY(std::string(e.what()).find("INFO/NO_SUCH_KEY") != std::string::npos);
      QVERIFY(std::string(e.what()).find("--") == std::string::npos);  // no flag names in core
    }
  }

  // Inputs without annotations: nothing attached, nothing reported.
  void unannotatedInputs() {
    for (const char* path : {GPNMSA_TEST_DATA "/io/multiallelic.vcf", GPNMSA_TEST_DATA "/io/columns.tsv"}) {
      const VariantTable t = readVariants(path);
      QVERIFY(!t.annotations.present());
      QVERIFY(t.annotations.alleles.empty());
    }
    AnnotationOptions o;
    o.afField = "AF";
    EXPECT_ERROR(readVariants(GPNMSA_TEST_DATA "/io/columns.tsv", o), "VCF");
  }
};

QTEST_GUILESS_MAIN(TestAnnotations)
#include "test_annotations.moc"
