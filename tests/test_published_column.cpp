// SPDX-License-Identifier: GPL-3.0-or-later
// The "Published" column (issue 5 item 1): a precomputed score file in the
// published layout (bgzip + tabix, headerless `chrom pos ref alt score`, made
// here with Debian's bgzip and tabix) is looked up for every loaded row, at
// once (no model needed) and off the GUI thread; rows the file lacks get a
// status; exports carry the column; a bad file is reported by name.
#include <htslib/vcf.h>

#include <QHeaderView>
#include <QProcess>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <map>

#include "gpnmsa/variant_writer.h"
#include "main_window.h"
#include "support/parity_fixtures.h"
#include "variant_filter_proxy.h"
#include "variant_table_model.h"

using namespace gpnmsa;
using namespace gpnmsa::ui;
using M = VariantTableModel;

namespace {
QString parity(const char* name) { return testsupport::parityDir() + QLatin1Char('/') + name; }

int run(const QString& program, const QStringList& args) {
  QProcess p;
  p.start(program, args);
  p.waitForFinished(60000);
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

// The published score given to chrom:pos ref>alt in the file made here:
// unlike any live score, so a mix-up shows.
double publishedFor(const QString& chrom, qlonglong pos, const QString& alt) {
  return (chrom == "X" ? -50.0 : 50.0) + double(pos % 1000) / 100.0 + QString("ACGT").indexOf(alt);
}

int rowOf(const M* m, const QString& chrom, qint64 pos) {
  for (int r = 0; r < m->rowCount(); ++r)
    if (QString::fromStdString(m->rowAt(r).variant.chrom) == chrom && m->rowAt(r).variant.pos == pos) return r;
  return -1;
}
}  // namespace

class TestPublishedColumn : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString scores_;    // published layout, .tbi beside it
  QString variants_;  // parity variants + an indel

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(tmp_.isValid());
    // Three rows per site (every ALT), sorted by position, as released;
    // 1:730 and X:454 left out (not in the file), and the file's REF at
    // 1:4498 differs from the input's (ref_mismatch).
    const auto t = testsupport::readTsv(parity("variants.tsv"));
    std::map<std::pair<QString, qlonglong>, QString> sites;
    for (const auto& r : t.rows) sites[{r[0], r[1].toLongLong()}] = r[2];
    QString text;
    for (const auto& [site, ref] : sites) {
      const auto& [chrom, pos] = site;
      if ((chrom == "1" && pos == 730) || (chrom == "X" && pos == 454)) continue;
      const QString fileRef = chrom == "1" && pos == 4498 ? QString(ref == "A" ? "C" : "A") : ref;
      for (const QString alt : {"A", "C", "G", "T"})
        if (alt != fileRef)
          text += QStringLiteral("%1\t%2\t%3\t%4\t%5\n")
                      .arg(chrom).arg(pos).arg(fileRef, alt).arg(publishedFor(chrom, pos, alt), 0, 'f', 3);
    }
    const QString plain = tmp_.filePath("scores.tsv");
    QFile f(plain);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text.toUtf8());
    f.close();
    QCOMPARE(run("bgzip", {"-f", plain}), 0);
    scores_ = plain + ".gz";
    QCOMPARE(run("tabix", {"-s1", "-b2", "-e2", scores_}), 0);

    QFile in(parity("variants.tsv"));
    QVERIFY(in.open(QIODevice::ReadOnly));
    variants_ = tmp_.filePath("variants.tsv");
    QFile out(variants_);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(in.readAll());
    out.write("1\t2000\tA\tAT\t0\t0\t0\n");
  }

  // No model or alignment at all: the column still fills, at once.
  void fillsWithoutModel() {
    MainWindow w;
    w.setInteractive(false);
    QVERIFY(w.tableView()->isColumnHidden(M::Published));
    QSignalSpy ready(&w, &MainWindow::scoreFileReady);
    w.setScoreFile(scores_);
    QVERIFY(ready.wait(10000));
    QVERIFY(w.hasScoreFile());
    QVERIFY(!w.tableView()->isColumnHidden(M::Published));
    QSignalSpy done(&w, &MainWindow::publishedFinished);
    QSignalSpy errors(&w, &MainWindow::errorOccurred);
    QVERIFY(w.openFile(variants_));
    QCOMPARE(errors.count(), 1);  // "no model and alignment loaded": scoring cannot run
    QVERIFY(w.isLookingUp());     // looked up in a worker, not on the GUI thread
    QVERIFY(done.wait(10000));
    QCOMPARE(done.first().at(0).toBool(), false);
    const M* m = w.tableModel();
    QCOMPARE(m->rowCount(), 25);
    int ok = 0;
    for (int r = 0; r < m->rowCount(); ++r) {
      const auto& v = m->rowAt(r).variant;
      const auto& p = m->publishedAt(r);
      QCOMPARE(m->rowAt(r).status, VariantStatus::Pending);  // no live score
      const QModelIndex cell = m->index(r, M::Published);
      if (isScored(p.status)) {
        ++ok;
        const double want = publishedFor(QString::fromStdString(v.chrom), v.pos, QString::fromStdString(v.alt));
        QVERIFY(std::fabs(cell.data(M::RawRole).toDouble() - want) < 1e-3);
        QCOMPARE(cell.data().toString(), QString::fromStdString(formatScore(p.score)));  // as the CLI writes it
      } else {
        QVERIFY(std::isnan(cell.data(M::RawRole).toDouble()));
        QCOMPARE(cell.data().toString(), QString::fromLatin1(statusName(p.status)));
      }
    }
    QCOMPARE(ok, 21);
    QCOMPARE(m->publishedAt(rowOf(m, "1", 730)).status, VariantStatus::NotInScoreFile);
    QCOMPARE(m->publishedAt(rowOf(m, "X", 454)).status, VariantStatus::NotInScoreFile);
    QCOMPARE(m->publishedAt(rowOf(m, "1", 4498)).status, VariantStatus::RefMismatch);
    QCOMPARE(m->publishedAt(rowOf(m, "1", 2000)).status, VariantStatus::Indel);
    QCOMPARE(m->index(rowOf(m, "1", 730), M::Published).data().toString(), QString("not_in_score_file"));

    // Sorting by the column: numbers first (ascending), then the rows without one.
    w.tableView()->sortByColumn(M::Published, Qt::AscendingOrder);
    const auto* proxy = w.proxyModel();
    double last = -INFINITY;
    bool inNaN = false;
    for (int r = 0; r < proxy->rowCount(); ++r) {
      const double x = proxy->index(r, M::Published).data(M::RawRole).toDouble();
      if (std::isnan(x)) inNaN = true;
      else {
        QVERIFY(!inNaN);
        QVERIFY(x >= last);
        last = x;
      }
    }

    // No score file: the column goes away and the values with it.
    w.setScoreFile({});
    QVERIFY(w.tableView()->isColumnHidden(M::Published));
    QCOMPARE(m->publishedAt(0).status, VariantStatus::Pending);
  }

  // With the model: live and published scores side by side, exported together.
  void besideLiveScoreAndExported() {
    MainWindow w;
    w.setInteractive(false);
    QSignalSpy session(&w, &MainWindow::sessionReady);
    QSignalSpy ready(&w, &MainWindow::scoreFileReady);
    w.setDataSources(parity("tiny"), parity("msa.zarr"));
    w.setScoreFile(scores_);
    QVERIFY(session.wait(30000));
    QVERIFY(ready.count() == 1 || ready.wait(10000));
    QSignalSpy scored(&w, &MainWindow::scoringFinished);
    QSignalSpy published(&w, &MainWindow::publishedFinished);
    QVERIFY(w.openFile(variants_));
    QVERIFY(published.count() == 1 || published.wait(30000));
    QVERIFY(scored.count() == 1 || scored.wait(60000));
    const M* m = w.tableModel();
    const int r = rowOf(m, "1", 1230);
    QVERIFY(std::fabs(m->rowAt(r).score - 2.400664f) < 1e-4);
    QVERIFY(std::fabs(m->publishedAt(r).score - publishedFor("1", 1230, "A")) < 1e-3);
    // The column sits right after the live score in the view.
    const auto* header = w.tableView()->horizontalHeader();
    QCOMPARE(header->visualIndex(M::Published), header->visualIndex(M::Score) + 1);
    QCOMPARE(m->headerData(M::Published, Qt::Horizontal).toString(), QString("Published"));

    for (const char* name : {"all.tsv", "all.csv"}) {
      const QString out = tmp_.filePath(name);
      QString error;
      QVERIFY2(w.exportTo(out, false, &error), qPrintable(error));
      QFile f(out);
      QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
      const QChar sep = QString(name).endsWith(".csv") ? ',' : '\t';
      QStringList header;
      int rows = 0, withPublished = 0;
      while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine()).chopped(1);
        if (line.startsWith('#')) continue;
        const QStringList fields = line.split(sep);
        if (header.isEmpty()) {
          header = fields;
          QCOMPARE(header.last(), QString("published_score"));  // the last column
          continue;
        }
        ++rows;
        // Last field (CSV details may hold quoted commas; the first fields do not).
        const QString value = fields.last();
        const QString chrom = fields[header.indexOf("chrom")];
        const qlonglong pos = fields[header.indexOf("pos")].toLongLong();
        const QString alt = fields[header.indexOf("alt")];
        if (!value.isEmpty()) {
          ++withPublished;
          QVERIFY2(std::fabs(value.toDouble() - publishedFor(chrom, pos, alt)) < 1e-3, qPrintable(line));
        } else {
          QVERIFY((chrom == "1" && (pos == 730 || pos == 4498 || pos == 2000)) || (chrom == "X" && pos == 454));
        }
      }
      QCOMPARE(rows, 25);
      QCOMPARE(withPublished, 21);
    }

    // VCF exports carry it too (written by the core writer): INFO/GPNMSA_PUBLISHED
    // beside INFO/GPN_MSA, read back through htslib. The input is a table, so
    // the VCF is synthesised, one record per input row.
    for (const char* name : {"all.vcf", "all.vcf.gz"}) {
      const QString out = tmp_.filePath(name);
      QString error;
      QVERIFY2(w.exportTo(out, false, &error), qPrintable(error));
      htsFile* fp = hts_open(out.toUtf8().constData(), "r");
      QVERIFY(fp);
      bcf_hdr_t* hdr = bcf_hdr_read(fp);
      QVERIFY(hdr);
      const int id = bcf_hdr_id2int(hdr, BCF_DT_ID, "GPNMSA_PUBLISHED");
      QVERIFY(bcf_hdr_idinfo_exists(hdr, BCF_HL_INFO, id));
      QCOMPARE(bcf_hdr_id2length(hdr, BCF_HL_INFO, id), BCF_VL_A);
      QCOMPARE(bcf_hdr_id2type(hdr, BCF_HL_INFO, id), BCF_HT_REAL);
      bcf_hrec_t* h = bcf_hdr_get_hrec(hdr, BCF_HL_INFO, "ID", "GPNMSA_PUBLISHED", nullptr);
      const int key = h ? bcf_hrec_find_key(h, "Description") : -1;
      QVERIFY(key >= 0);
      QVERIFY2(QString::fromUtf8(h->vals[key]).contains("Precomputed score from " + scores_),
               qPrintable(QString::fromUtf8(h->vals[key])));
      bcf1_t* rec = bcf_init();
      float* vals = nullptr;
      int n = 0, records = 0, withPublished = 0, withScore = 0;
      while (bcf_read(fp, hdr, rec) == 0) {
        ++records;
        bcf_unpack(rec, BCF_UN_STR);
        const QString chrom = bcf_seqname_safe(hdr, rec);
        const qlonglong pos = rec->pos + 1;
        if (bcf_get_info_float(hdr, rec, "GPN_MSA", &vals, &n) > 0) ++withScore;
        const int got = bcf_get_info_float(hdr, rec, "GPNMSA_PUBLISHED", &vals, &n);
        if (got <= 0) {
          QVERIFY2((chrom == "1" && (pos == 730 || pos == 4498 || pos == 2000)) || (chrom == "X" && pos == 454),
                   qPrintable(QString("%1:%2").arg(chrom).arg(pos)));
          continue;
        }
        QCOMPARE(got, rec->n_allele - 1);  // Number=A
        for (int a = 0; a < got; ++a) {
          QVERIFY(!bcf_float_is_missing(vals[a]));
          ++withPublished;
          const QString alt = rec->d.allele[a + 1];
          QVERIFY2(std::fabs(vals[a] - publishedFor(chrom, pos, alt)) < 1e-3,
                   qPrintable(QString("%1:%2 %3").arg(chrom).arg(pos).arg(alt)));
        }
      }
      free(vals);
      bcf_destroy(rec);
      bcf_hdr_destroy(hdr);
      hts_close(fp);
      QCOMPARE(records, 25);
      QCOMPARE(withPublished, 21);
      QVERIFY(withScore > 0);  // the live scores are still there
    }

    // Visible rows only: the published values follow their rows through the proxy.
    w.tableView()->sortByColumn(M::Published, Qt::DescendingOrder);
    const QString visible = tmp_.filePath("visible.tsv");
    QString error;
    QVERIFY2(w.exportTo(visible, true, &error), qPrintable(error));
    QFile f(visible);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    QStringList columns;
    int checked = 0;
    for (const QString& line : QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts)) {
      if (line.startsWith('#')) {
        QVERIFY2(line.contains(" published=" + scores_), qPrintable(line));
        continue;
      }
      const QStringList c = line.split('\t');
      if (columns.isEmpty()) {
        columns = c;
        QCOMPARE(columns.last(), QString("published_score"));
        continue;
      }
      if (c.last().isEmpty()) continue;
      QVERIFY(std::fabs(c.last().toDouble() - publishedFor(c[0], c[1].toLongLong(), c[4])) < 1e-3);
      ++checked;
    }
    QCOMPARE(checked, 21);
  }

  // GPN-Star's Parquet score shards (a folder, tests/data/gpnstar/scores):
  // the same column, holding the calibrated LLR; expected values from the
  // fixture's BigWig table (3 decimals), not from the reader.
  void gpnStarShardFolder() {
    const QString data = QStringLiteral(GPNMSA_TEST_DATA "/gpnstar/");
    const auto region = testsupport::readTsv(data + "region_logits.tsv");
    const auto bigwig = testsupport::readTsv(data + "scores/bigwig_values.tsv");
    QCOMPARE(region.rows.size(), bigwig.rows.size());
    std::map<std::pair<qlonglong, QString>, double> want;  // (pos, alt) -> llr_calibrated
    const QString input = tmp_.filePath("star_variants.tsv");
    QFile f(input);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("chrom\tpos\tref\talt\n");
    for (size_t i = 0; i < region.rows.size(); ++i) {
      const qlonglong pos = region.rows[i][1].toLongLong();
      QCOMPARE(bigwig.rows[i][1].toLongLong() + 1, pos);
      const QString ref = region.rows[i][2];
      for (int k = 0; k < 4; ++k) {
        const QString alt = QString("ACGT")[k];
        if (alt == ref) continue;
        want[{pos, alt}] = bigwig.rows[i][bigwig.column("llr_A") + k].toDouble();
        f.write(QStringLiteral("chr1\t%1\t%2\t%3\n").arg(pos).arg(ref, alt).toUtf8());
      }
    }
    f.write("chr2\t1010\tA\tC\n");  // no shard for chromosome 2: a status, not a failure
    f.close();

    MainWindow w;
    w.setInteractive(false);
    QSignalSpy ready(&w, &MainWindow::scoreFileReady);
    w.setScoreFile(data + "scores");
    QVERIFY(ready.wait(10000));
    QVERIFY(!w.tableView()->isColumnHidden(M::Published));
    QSignalSpy done(&w, &MainWindow::publishedFinished);
    QVERIFY(w.openFile(input));
    QVERIFY(done.wait(10000));
    const M* m = w.tableModel();
    QCOMPARE(m->rowCount(), int(want.size()) + 1);
    for (int r = 0; r < m->rowCount() - 1; ++r) {
      const auto& v = m->rowAt(r).variant;
      QCOMPARE(m->publishedAt(r).status, VariantStatus::Ok);
      const double got = m->index(r, M::Published).data(M::RawRole).toDouble();
      QVERIFY(std::fabs(got - want.at({v.pos, QString::fromStdString(v.alt)})) <= 5e-4 + 1e-6);
    }
    QCOMPARE(m->publishedAt(m->rowCount() - 1).status, VariantStatus::NotInScoreFile);
  }

  void badFileIsReported() {
    MainWindow w;
    w.setInteractive(false);
    QSignalSpy errors(&w, &MainWindow::errorOccurred);
    const QString plain = tmp_.filePath("no-index.tsv.gz");
    QVERIFY(QFile::copy(scores_, plain));  // no .tbi beside it
    w.setScoreFile(plain);
    QVERIFY(errors.wait(10000));
    QVERIFY(errors.first().at(0).toString().contains("no-index.tsv.gz"));
    QVERIFY(!w.hasScoreFile());
    QVERIFY(w.tableView()->isColumnHidden(M::Published));
  }
};

QTEST_MAIN(TestPublishedColumn)
#include "test_published_column.moc"
