// SPDX-License-Identifier: GPL-3.0-or-later
// Gene annotations (gpnmsa::GeneAnnotation) read from real GENCODE v33 (GFF3
// and GTF) and Ensembl 99 (GTF) excerpts of hg38 chr22:16.55-16.85 Mb:
// coordinates compared with the files' own text, parsed here without the
// code under test; plain, gzip and bgzip + tabix copies (made here with
// htslib) give the same genes; gene overlap of unannotated variants, in core
// and through `gpnmsa score --genes`.
#include <QtTest>

#include <htslib/bgzf.h>
#include <htslib/tbx.h>

#include <algorithm>

#include "gpnmsa/error.h"
#include "gpnmsa/gene_annotation.h"
#include "gpnmsa/gene_overlap.h"
#include "support/run_program.h"
#include "support/text_files.h"

using namespace gpnmsa;

namespace {

const QString kGff3 =
    QStringLiteral(GPNMSA_SOURCE_DIR "/resources/demo/genes/gencode.v33.basic.annotation.chr22_16550000-16850000.gff3");
const QString kGencodeGtf =
    QStringLiteral(GPNMSA_TEST_DATA "/genes/gencode.v33.basic.annotation.chr22_16550000-16850000.gtf");
const QString kEnsemblGtf = QStringLiteral(GPNMSA_TEST_DATA "/genes/Homo_sapiens.GRCh38.99.chr22_16550000-16850000.gtf");

// One line of a GFF3 / GTF file, split here without the code under test.
struct Line {
  QString chrom, type;
  qint64 start = 0, end = 0;
  QString strand, attrs;
};

QList<Line> readLines(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QList<Line> out;
  for (const QByteArray& raw : f.readAll().split('\n')) {
    const QStringList c = QString::fromUtf8(raw).split('\t');
    if (c.size() != 9) continue;
    out.append({c[0], c[2], c[3].toLongLong(), c[4].toLongLong(), c[6], c[8]});
  }
  return out;
}

// Lines of `type` whose attributes contain `needle` (e.g. "gene_name=XKR3;").
QList<Line> linesOf(const QList<Line>& lines, const QString& type, const QString& needle) {
  QList<Line> out;
  for (const Line& l : lines)
    if (l.type == type && l.attrs.contains(needle)) out.append(l);
  return out;
}

std::vector<Interval> intervals(const QList<Line>& lines) {
  std::vector<Interval> v;
  for (const Line& l : lines) v.push_back({l.start, l.end});
  std::sort(v.begin(), v.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
  return v;
}

QString describe(const std::vector<Interval>& v) {
  QStringList s;
  for (const Interval& i : v) s << QString("%1-%2").arg(i.start).arg(i.end);
  return s.join(',');
}

// A compact text of genes for comparing two readings.
QString summary(const std::vector<Gene>& genes) {
  QStringList s;
  for (const Gene& g : genes) {
    s << QString("%1 %2 %3:%4-%5%6").arg(QString::fromStdString(g.id), QString::fromStdString(g.name),
                                           QString::fromStdString(g.chrom)).arg(g.start).arg(g.end).arg(g.strand);
    for (const Transcript& t : g.transcripts)
      s << QString("  %1 %2 exons %3 cds %4 utrs %5")
               .arg(QString::fromStdString(t.id), QString::fromStdString(t.name), describe(t.exons),
                    describe(t.cds), describe(t.utrs));
  }
  return s.join('\n');
}

// Lines sorted by chromosome then start, as tabix needs them.
QByteArray sortedText(const QString& path) {
  QFile f(path);
  f.open(QIODevice::ReadOnly);
  QList<QByteArray> lines = f.readAll().split('\n');
  lines.removeAll(QByteArray());
  std::stable_sort(lines.begin(), lines.end(), [](const QByteArray& a, const QByteArray& b) {
    const QList<QByteArray> x = a.split('\t'), y = b.split('\t');
    return x[0] != y[0] ? x[0] < y[0] : x[3].toLongLong() < y[3].toLongLong();
  });
  return lines.join('\n') + '\n';
}

// Writes `text` compressed: mode "wg" = plain gzip, "w" = bgzip.
bool writeCompressed(const QString& path, const QByteArray& text, const char* mode) {
  BGZF* fp = bgzf_open(path.toLocal8Bit().constData(), mode);
  if (!fp) return false;
  const bool ok = bgzf_write(fp, text.constData(), size_t(text.size())) == text.size();
  return bgzf_close(fp) == 0 && ok;
}

}  // namespace

class TestGeneAnnotation : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

 private slots:
  void initTestCase() { QVERIFY(tmp_.isValid()); }

  // XKR3 in the GENCODE GFF3, the GENCODE GTF and the Ensembl GTF: span and
  // strand from the gene line, exons and CDS from the files' lines (the GTF's
  // stop_codon counted into the CDS, as the GFF3 writes it).
  void xkr3AgreesWithTheFiles() {
    const QList<Line> gff = readLines(kGff3);
    const QList<Line> geneLine = linesOf(gff, "gene", "gene_name=XKR3;");
    QCOMPARE(geneLine.size(), 1);
    const QList<Line> txLines = linesOf(gff, "transcript", "gene_name=XKR3;");
    QCOMPARE(txLines.size(), 1);  // GENCODE basic: one transcript
    const QString txId = txLines[0].attrs.section("ID=", 1).section(';', 0, 0);
    const std::vector<Interval> exons = intervals(linesOf(gff, "exon", "Parent=" + txId + ";"));
    const std::vector<Interval> cds = intervals(linesOf(gff, "CDS", "Parent=" + txId + ";"));
    QVERIFY(exons.size() == 4 && cds.size() == 3);

    const auto gffAnn = GeneAnnotation::open(kGff3.toStdString());
    const auto gtfAnn = GeneAnnotation::open(kGencodeGtf.toStdString());
    const auto ensAnn = GeneAnnotation::open(kEnsemblGtf.toStdString());
    QCOMPARE(QString::fromStdString(gffAnn->format()), QString("GFF3"));
    QCOMPARE(QString::fromStdString(gtfAnn->format()), QString("GTF"));
    QCOMPARE(QString::fromStdString(ensAnn->format()), QString("GTF"));
    for (const auto* ann : {gffAnn.get(), gtfAnn.get(), ensAnn.get()}) {
      const std::optional<Gene> g = ann->findGene("xkr3");  // case ignored
      QVERIFY2(g, ann->path().c_str());
      QCOMPARE(g->start, geneLine[0].start);
      QCOMPARE(g->end, geneLine[0].end);
      QCOMPARE(QString(g->strand), geneLine[0].strand);
      QCOMPARE(QString::fromStdString(g->name), QString("XKR3"));
      QCOMPARE(QString::fromStdString(g->biotype), QString("protein_coding"));
      // The GENCODE transcript, in Ensembl without its version.
      const auto t = std::find_if(g->transcripts.begin(), g->transcripts.end(), [&](const Transcript& x) {
        return txId.startsWith(QString::fromStdString(x.id));
      });
      QVERIFY2(t != g->transcripts.end(), ann->path().c_str());
      QCOMPARE(describe(t->exons), describe(exons));
      QCOMPARE(describe(t->cds), describe(cds));
      QCOMPARE(QString::fromStdString(t->name), QString("XKR3-201"));
    }
    // GFF3 and GTF of one release: the same genes, transcripts, exons, CDS and UTRs.
    QCOMPARE(summary(gffAnn->genesIn("chr22", 1, 50818468)), summary(gtfAnn->genesIn("chr22", 1, 50818468)));
    QCOMPARE(gffAnn->genesIn("chr22", 1, 50818468).size(), size_t(20));
    // UTRs derived from exons and CDS equal the GFF3's own UTR lines.
    const std::vector<Gene> x = gffAnn->genesIn("22", geneLine[0].start, geneLine[0].start);
    QCOMPARE(x.size(), size_t(1));
    std::vector<Interval> utrLines = intervals(linesOf(gff, "five_prime_UTR", "Parent=" + txId + ";") +
                                               linesOf(gff, "three_prime_UTR", "Parent=" + txId + ";"));
    QCOMPARE(describe(x[0].transcripts[0].utrs), describe(utrLines));
    // Ensembl 99 has every transcript, GENCODE basic fewer.
    QVERIFY(ensAnn->findGene("XKR3")->transcripts.size() >= 1);
    // By id (with or without version) and by transcript name.
    QCOMPARE(QString::fromStdString(gffAnn->findGene("ENSG00000172967")->name), QString("XKR3"));
    QCOMPARE(QString::fromStdString(gffAnn->findGene("ensg00000172967.7")->name), QString("XKR3"));
    QCOMPARE(QString::fromStdString(gtfAnn->findGene("XKR3-201")->name), QString("XKR3"));
    QVERIFY(!gffAnn->findGene("NOSUCHGENE1"));
  }

  // chr22 == 22 both ways: GENCODE says chr22, Ensembl 22.
  void chromosomeNames() {
    const auto gff = GeneAnnotation::open(kGff3.toStdString());
    const auto ens = GeneAnnotation::open(kEnsemblGtf.toStdString());
    QCOMPARE(summary(gff->genesIn("22", 16780000, 16790000)), summary(gff->genesIn("chr22", 16780000, 16790000)));
    QCOMPARE(ens->genesIn("chr22", 16780000, 16790000).size(), ens->genesIn("22", 16780000, 16790000).size());
    QVERIFY(!ens->genesIn("CHR22", 16780000, 16790000).empty());
    QVERIFY(gff->genesIn("chr21", 16780000, 16790000).empty());
    QVERIFY(gff->genesIn("chr22", 1, 16572026).empty());  // the first gene starts at 16,572,027
    QCOMPARE(gff->genesIn("chr22", 16572027, 16572027).size(), size_t(1));
  }

  // Plain, gzip and bgzip + tabix copies give the same genes (the indexed one
  // read per query, complete even where the query cuts through a gene).
  void compressionsAgree_data() {
    QTest::addColumn<QString>("source");
    QTest::newRow("gencode gff3") << kGff3;
    QTest::newRow("gencode gtf") << kGencodeGtf;
    QTest::newRow("ensembl gtf") << kEnsemblGtf;
  }
  void compressionsAgree() {
    QFETCH(QString, source);
    const QByteArray text = sortedText(source);
    const QString base = tmp_.filePath(QFileInfo(source).fileName());
    QVERIFY(testsupport::writeTextFile(base, text));
    QVERIFY(writeCompressed(base + ".gz", text, "wg"));
    QVERIFY(writeCompressed(base + ".bgz", text, "w"));
    QCOMPARE(tbx_index_build((base + ".bgz").toLocal8Bit().constData(), 0, &tbx_conf_gff), 0);
    const auto plain = GeneAnnotation::open(base.toStdString());
    const auto gz = GeneAnnotation::open((base + ".gz").toStdString());
    const auto bgz = GeneAnnotation::open((base + ".bgz").toStdString());
    QVERIFY(!plain->indexed() && !gz->indexed() && bgz->indexed());
    for (const auto& [start, end] : {std::pair<int64_t, int64_t>{1, 50818468}, {16800000, 16800000},
                                     {16790000, 16810000}, {16560000, 16571000}}) {
      const QString expected = summary(plain->genesIn("22", start, end));
      QCOMPARE(summary(gz->genesIn("chr22", start, end)), expected);
      QCOMPARE(summary(bgz->genesIn("chr22", start, end)), expected);
    }
    QVERIFY(!summary(plain->genesIn("22", 16790000, 16810000)).isEmpty());
    QCOMPARE(summary({*bgz->findGene("XKR3")}), summary({*plain->findGene("XKR3")}));
    QCOMPARE(int(bgz->overlap("chr22", 16799800).kind), int(plain->overlap("chr22", 16799800).kind));
  }

  // What one position is, at positions taken from the GFF3's lines.
  void overlapKinds() {
    const QList<Line> gff = readLines(kGff3);
    const auto ann = GeneAnnotation::open(kGff3.toStdString());
    const QList<Line> cds = linesOf(gff, "CDS", "gene_name=XKR3;");
    const QList<Line> exons = linesOf(gff, "exon", "gene_name=XKR3;");
    const Line gene = linesOf(gff, "gene", "gene_name=XKR3;")[0];
    // A CDS base: the middle of the first CDS line.
    const int64_t cdsBase = (cds[0].start + cds[0].end) / 2;
    GeneOverlap o = ann->overlap("chr22", cdsBase);
    QCOMPARE(o.kind, OverlapKind::Cds);
    QCOMPARE(o.genes.size(), size_t(1));
    QCOMPARE(QString::fromStdString(o.genes[0].name), QString("XKR3"));
    // An intron base: between two consecutive exons (XKR3 is on '-': exons listed descending).
    QVERIFY(exons[1].start > exons[2].end + 1);
    QCOMPARE(ann->overlap("22", exons[2].end + 1).kind, OverlapKind::Intron);
    // UTRs by strand: on '-' the 5'UTR is at the high end.
    const Line utr5 = linesOf(gff, "five_prime_UTR", "gene_name=XKR3;")[0];
    const Line utr3 = linesOf(gff, "three_prime_UTR", "gene_name=XKR3;")[0];
    QCOMPARE(ann->overlap("chr22", utr5.start).kind, OverlapKind::Utr5);
    QCOMPARE(ann->overlap("chr22", utr3.end).kind, OverlapKind::Utr3);
    QCOMPARE(ann->overlap("chr22", gene.end).kind, OverlapKind::Utr5);
    // An exon of a non-coding transcript (the first gene, a pseudogene).
    const Line pseudo = linesOf(gff, "exon", "gene_name=AP000547.1;")[0];
    QCOMPARE(ann->overlap("chr22", pseudo.start).kind, OverlapKind::Exon);
    // An intergenic base: before the first gene line.
    qint64 first = gff[0].start;
    for (const Line& l : gff) first = std::min(first, l.start);
    o = ann->overlap("chr22", first - 1);
    QCOMPARE(o.kind, OverlapKind::None);
    QVERIFY(o.genes.empty());
    QCOMPARE(QString::fromStdString(overlapConsequence(OverlapKind::None)), QString("intergenic"));
    QCOMPARE(QString::fromStdString(overlapConsequence(OverlapKind::Utr5)), QString("overlap:5'UTR"));
  }

  // Unannotated alleles get gene / consequence from overlap; an allele the
  // input annotated keeps its entries.
  void fillOverlap() {
    const auto ann = GeneAnnotation::open(kGff3.toStdString());
    VariantTable t;
    for (int64_t pos : {16799800, 16805000, 16560000, 16799801}) {
      Variant v;
      v.chrom = "22";
      v.pos = pos;
      v.ref = "A";
      v.alt = "G";
      t.variants.push_back(v);
    }
    t.annotations.infoKey = "CSQ";
    t.annotations.alleles.resize(4);
    TranscriptConsequence own;
    own.gene = "FROM_INPUT";
    own.consequences = {"missense_variant"};
    t.annotations.alleles[3].entries.push_back(own);
    t.annotations.alleles[3].picked = 0;
    QCOMPARE(fillGeneOverlap(&t, *ann), int64_t(3));
    QCOMPARE(QString::fromStdString(t.annotations.geneOverlapFile), kGff3);
    const auto s = [&](int i) { return summarize(t.annotations.alleles[size_t(i)]); };
    QCOMPARE(QString::fromStdString(s(0).gene), QString("XKR3"));
    QCOMPARE(QString::fromStdString(s(0).consequence), QString("overlap:CDS"));
    QCOMPARE(QString::fromStdString(s(1).consequence), QString("overlap:intron"));
    QCOMPARE(QString::fromStdString(s(2).gene), QString());
    QCOMPARE(QString::fromStdString(s(2).consequence), QString("intergenic"));
    QVERIFY(t.annotations.alleles[0].entries[0].overlap);
    QCOMPARE(QString::fromStdString(s(3).gene), QString("FROM_INPUT"));
    QCOMPARE(QString::fromStdString(s(3).consequence), QString("missense_variant"));
    QCOMPARE(t.annotations.alleles[3].entries.size(), size_t(1));
    QVERIFY(!t.annotations.alleles[3].entries[0].overlap);
  }

  // RefSeq naming: NC_000022.11 read as chromosome 22, Name= / gene= for
  // names, percent-encoded values decoded, exons directly under a gene.
  void refSeqNaming() {
    const QString path = tmp_.filePath("refseq.gff3");
    QVERIFY(testsupport::writeTextFile(path,
        "##gff-version 3\n"
        "NC_000022.11\tRefSeq\tregion\t1\t50818468\t.\t+\t.\tID=NC_000022.11:1..50818468;chromosome=22\n"
        "NC_000022.11\tBestRefSeq\tgene\t100\t900\t.\t+\t.\tID=gene-ABC1;Name=ABC1;gene=ABC1;gene_biotype=protein_coding;description=a%3Bb\n"
        "NC_000022.11\tBestRefSeq\tmRNA\t100\t900\t.\t+\t.\tID=rna-NM_1.2;Parent=gene-ABC1;Name=NM_1.2;gene=ABC1;tag=MANE Select\n"
        "NC_000022.11\tBestRefSeq\texon\t100\t200\t.\t+\t.\tID=exon-1;Parent=rna-NM_1.2\n"
        "NC_000022.11\tBestRefSeq\texon\t800\t900\t.\t+\t.\tID=exon-2;Parent=rna-NM_1.2\n"
        "NC_000022.11\tBestRefSeq\tCDS\t150\t200\t.\t+\t0\tID=cds-1;Parent=rna-NM_1.2\n"
        "NC_000022.11\tBestRefSeq\tCDS\t800\t850\t.\t+\t0\tID=cds-1;Parent=rna-NM_1.2\n"
        "NC_000023.11\tBestRefSeq\tpseudogene\t10\t50\t.\t-\t.\tID=gene-P%2C1;Name=P%2C1;gene_biotype=pseudogene\n"
        "NC_000023.11\tBestRefSeq\texon\t10\t50\t.\t-\t.\tID=exon-3;Parent=gene-P%2C1\n"));
    const auto ann = GeneAnnotation::open(path.toStdString());
    QCOMPARE(QString::fromStdString(ann->format()), QString("GFF3"));
    const std::vector<Gene> g = ann->genesIn("chr22", 1, 1000);
    QCOMPARE(g.size(), size_t(1));
    QCOMPARE(QString::fromStdString(g[0].chrom), QString("22"));
    QCOMPARE(QString::fromStdString(g[0].name), QString("ABC1"));
    QCOMPARE(g[0].transcripts.size(), size_t(1));
    QCOMPARE(QString::fromStdString(g[0].transcripts[0].name), QString("NM_1.2"));
    QCOMPARE(QString::fromStdString(g[0].transcripts[0].biotype), QString("mRNA"));
    QVERIFY(g[0].transcripts[0].mane);
    QCOMPARE(describe(g[0].transcripts[0].utrs), QString("100-149,851-900"));
    QCOMPARE(ann->overlap("22", 120).kind, OverlapKind::Utr5);
    QCOMPARE(ann->overlap("22", 870).kind, OverlapKind::Utr3);
    QCOMPARE(ann->overlap("22", 500).kind, OverlapKind::Intron);
    const std::optional<Gene> p = ann->findGene("p,1");
    QVERIFY(p);
    QCOMPARE(QString::fromStdString(p->chrom), QString("X"));
    QCOMPARE(ann->overlap("chrX", 20).kind, OverlapKind::Exon);
  }

  // Ensembl's GFF3 layout: gene:/transcript: IDs, Name= and biotype= on each
  // feature, tag Ensembl_canonical.
  void ensemblGff3Naming() {
    const QString path = tmp_.filePath("ensembl.gff3");
    QVERIFY(testsupport::writeTextFile(path,
        "##gff-version 3\n"
        "22\tensembl_havana\tgene\t100\t900\t.\t-\t.\tID=gene:ENSG1;Name=ABC1;biotype=protein_coding;gene_id=ENSG1;version=3\n"
        "22\tensembl_havana\tmRNA\t100\t900\t.\t-\t.\tID=transcript:ENST1;Parent=gene:ENSG1;Name=ABC1-201;biotype=nonsense_mediated_decay;tag=basic,Ensembl_canonical;transcript_id=ENST1\n"
        "22\tensembl_havana\texon\t100\t300\t.\t-\t.\tParent=transcript:ENST1;Name=ENSE1\n"
        "22\tensembl_havana\tCDS\t250\t300\t.\t-\t0\tID=CDS:ENSP1;Parent=transcript:ENST1\n"));
    const auto ann = GeneAnnotation::open(path.toStdString());
    const std::optional<Gene> g = ann->findGene("abc1-201");
    QVERIFY(g);
    QCOMPARE(QString::fromStdString(g->id), QString("ENSG1"));
    QCOMPARE(QString::fromStdString(g->name), QString("ABC1"));
    QCOMPARE(QString::fromStdString(g->biotype), QString("protein_coding"));
    QCOMPARE(QString::fromStdString(g->transcripts[0].id), QString("ENST1"));
    QCOMPARE(QString::fromStdString(g->transcripts[0].biotype), QString("nonsense_mediated_decay"));
    QVERIFY(g->transcripts[0].canonical && !g->transcripts[0].mane);
    QCOMPARE(ann->overlap("chr22", 120).kind, OverlapKind::Utr3);  // '-' strand: low end is 3'
    QCOMPARE(ann->overlap("chr22", 600).kind, OverlapKind::Intron);
  }

  // Malformed content: the error names the file and the line.
  void malformedLines_data() {
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("message");
    QTest::newRow("columns") << QByteArray("chr22\tX\tgene\t10\t20\t.\t+\n") << "expected 9 tab-separated columns";
    QTest::newRow("end<start") << QByteArray("chr22\tX\tgene\t30\t20\t.\t+\t.\tID=g\n") << "end 20 is before start 30";
    QTest::newRow("strand") << QByteArray("chr22\tX\tgene\t10\t20\t.\tplus\t.\tID=g\n") << "strand 'plus'";
    QTest::newRow("start") << QByteArray("chr22\tX\tgene\tten\t20\t.\t+\t.\tID=g\n") << "start 'ten' is not";
    QTest::newRow("end") << QByteArray("chr22\tX\tgene\t10\t2e5\t.\t+\t.\tID=g\n") << "end '2e5' is not";
  }
  void malformedLines() {
    QFETCH(QByteArray, line);
    QFETCH(QString, message);
    const QString path = tmp_.filePath("bad.gff3");
    QVERIFY(testsupport::writeTextFile(path, "##gff-version 3\nchr22\tX\tgene\t1\t5\t.\t+\t.\tID=ok\n" + line));
    try {
      GeneAnnotation::open(path.toStdString());
      QFAIL("no error");
    } catch (const Error& e) {
      const QString what = QString::fromUtf8(e.what());
      QVERIFY2(what.startsWith(path + ":3: ") && what.contains(message), qPrintable(what));
    }
    try {
      GeneAnnotation::open(tmp_.filePath("absent.gtf").toStdString());
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("absent.gtf"), e.what());
    }
  }

  // The CLI on the demo. `annotate --genes` (no model run; a two-line score
  // file made here) over all 400 demo variants: every row's gene /
  // consequence equals what the GFF3's own lines say at its position (UTRs
  // from its UTR lines); `score --genes` on one variant of each kind writes
  // the same; the comment line says it is overlap; a VCF output is unchanged.
  void cliGeneOverlap() {
    const QString vcf = QStringLiteral(GPNMSA_SOURCE_DIR "/resources/demo/variants.vcf");
    const QString scores = tmp_.filePath("scores.tsv.bgz");
    QVERIFY(writeCompressed(scores, "22\t16760015\tC\tG\t-1.5\n22\t16799800\tA\tG\t-2.5\n", "w"));
    tbx_conf_t conf = tbx_conf_vcf;
    conf.sc = 1, conf.bc = 2, conf.ec = 2, conf.preset = TBX_GENERIC;
    QCOMPARE(tbx_index_build(scores.toLocal8Bit().constData(), 0, &conf), 0);
    const testsupport::ProgramRun r = testsupport::runProgram(
        QStringLiteral(GPNMSA_CLI), {"annotate", "-q", "--scores", scores, "--genes", kGff3, "-i", vcf, "-o", "-"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    QVERIFY2(lines[0].contains(" gene_overlap=" + kGff3) && lines[0].contains("not a consequence prediction"),
             qPrintable(lines[0]));
    const QStringList header = lines[1].split('\t');
    const qsizetype pos = header.indexOf("pos"), id = header.indexOf("id"), gene = header.indexOf("gene"),
                    csq = header.indexOf("consequence");
    QVERIFY2(gene > 0 && csq > 0, qPrintable(lines[1]));
    const QList<Line> gff = readLines(kGff3);
    QMap<QString, QStringList> example;  // consequence -> the first row with it
    for (qsizetype i = 2; i < lines.size(); ++i) {
      const QStringList f = lines[i].split('\t');
      const qint64 p = f[pos].toLongLong();
      // Independent: the genes whose line holds p; the strongest feature line at p.
      QStringList names;
      QString kind = "intergenic";
      int rank = 99;
      const auto consider = [&](const QString& k, int r2) {
        if (r2 < rank) {
          rank = r2;
          kind = k;
        }
      };
      for (const Line& l : gff) {
        if (p < l.start || p > l.end) continue;
        if (l.type == "gene") {
          names << l.attrs.section("gene_name=", 1).section(';', 0, 0);
          consider("overlap:gene", 5);
        } else if (l.type == "CDS") consider("overlap:CDS", 0);
        else if (l.type == "five_prime_UTR") consider("overlap:5'UTR", 1);
        else if (l.type == "three_prime_UTR") consider("overlap:3'UTR", 2);
        else if (l.type == "exon" && !l.attrs.contains("transcript_type=protein_coding")) consider("overlap:exon", 3);
        else if (l.type == "transcript") consider("overlap:intron", 4);
      }
      QCOMPARE(f[gene], names.join(','));
      QCOMPARE(f[csq], kind);
      if (!example.contains(kind)) example[kind] = f;
    }
    // The demo's 400 variants fall on XKR3's CDS, introns and between genes.
    QCOMPARE(lines.size() - 2, 400);
    QVERIFY2(example.contains("overlap:CDS") && example.contains("overlap:intron") && example.contains("intergenic"),
             qPrintable(QStringList(example.keys()).join(',')));

    // `score --genes`: one demo record of each of those kinds.
    QFile demo(vcf);
    QVERIFY(demo.open(QIODevice::ReadOnly));
    QByteArray small;
    QStringList ids;
    for (const char* k : {"overlap:CDS", "overlap:intron", "intergenic"}) ids << example[k][id];
    for (const QByteArray& l : demo.readAll().split('\n'))
      if (l.startsWith('#') || (!l.isEmpty() && ids.contains(QString::fromUtf8(l.split('\t')[2])))) small += l + '\n';
    const QString smallVcf = tmp_.filePath("genes_in.vcf"), out = tmp_.filePath("genes_out.vcf");
    QVERIFY(testsupport::writeTextFile(smallVcf, small));
    const testsupport::ProgramRun sc = testsupport::runProgram(
        QStringLiteral(GPNMSA_CLI), {"score", "-q", "--genes", kGff3, "-i", smallVcf, "-o", "-"});
    QVERIFY2(sc.code == 0, qPrintable(sc.err));
    const QStringList sl = sc.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(sl.size(), 5);
    QVERIFY2(sl[0].contains(" gene_overlap=" + kGff3), qPrintable(sl[0]));
    const QStringList sh = sl[1].split('\t');
    for (int i = 2; i < 5; ++i) {
      const QStringList f = sl[i].split('\t');
      const auto it = std::find_if(example.begin(), example.end(),
                                   [&](const QStringList& e) { return e[id] == f[sh.indexOf("id")]; });
      QVERIFY(it != example.end());
      QCOMPARE(f[sh.indexOf("gene")], (*it)[gene]);
      QCOMPARE(f[sh.indexOf("consequence")], (*it)[csq]);
      QCOMPARE(f[sh.indexOf("status")], QString("ok"));
    }
    // VCF output: the input's records, no CSQ invented.
    QCOMPARE(testsupport::runProgram(QStringLiteral(GPNMSA_CLI), {"score", "-q", "--genes", kGff3, "-i", smallVcf, "-o", out}).code, 0);
    QFile o(out);
    QVERIFY(o.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(o.readAll());
    QVERIFY(!text.contains("CSQ") && !text.contains("overlap:") && text.contains("GPN_MSA="));

    // The GENCODE GTF through annotate on a TSV input (chr22 against the file's chr22).
    const QString in = tmp_.filePath("annotate_in.tsv");
    QVERIFY(testsupport::writeTextFile(in, "chrom\tpos\tref\talt\nchr22\t16760015\tC\tG\n22\t16799800\tA\tG\n"));
    const testsupport::ProgramRun a = testsupport::runProgram(
        QStringLiteral(GPNMSA_CLI), {"annotate", "-q", "--scores", scores, "--genes", kGencodeGtf, "-i", in, "-o", "-"});
    QVERIFY2(a.code == 0, qPrintable(a.err));
    const QStringList al = a.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(al.size(), 4);
    const QStringList ah = al[1].split('\t'), a1 = al[2].split('\t'), a2 = al[3].split('\t');
    QCOMPARE(a1[ah.indexOf("consequence")], QString("intergenic"));
    QCOMPARE(a2[ah.indexOf("gene")], QString("XKR3"));
    QCOMPARE(a2[ah.indexOf("consequence")], QString("overlap:CDS"));
    QCOMPARE(a2[ah.indexOf("score")], QString("-2.500000"));
    // A bad file is reported with its name, before any scoring.
    const testsupport::ProgramRun bad = testsupport::runProgram(
        QStringLiteral(GPNMSA_CLI), {"score", "-q", "--genes", tmp_.filePath("none.gff3"), "-i", vcf, "-o", "-"});
    QVERIFY2(bad.code != 0 && bad.err.contains("none.gff3"), qPrintable(bad.err));
  }
};

QTEST_GUILESS_MAIN(TestGeneAnnotation)
#include "test_gene_annotation.moc"
