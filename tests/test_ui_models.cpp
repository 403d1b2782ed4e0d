// SPDX-License-Identifier: GPL-3.0-or-later
// The variant table model and its sort/filter proxy: roles, numeric sorting
// by raw values (unscored rows last either way), score/status/text filters.
#include <QtTest>
#include <cmath>
#include <limits>

#include "gpnmsa/variant_writer.h"
#include "variant_filter_proxy.h"
#include "variant_table_model.h"

using gpnmsa::ScoredVariant;
using gpnmsa::VariantStatus;
using gpnmsa::ui::VariantFilterProxy;
using M = gpnmsa::ui::VariantTableModel;

namespace {
ScoredVariant row(const char* chrom, int64_t pos, const char* ref, const char* alt, VariantStatus st,
                  float score, const char* detail = "") {
  ScoredVariant r;
  r.variant.chrom = chrom;
  r.variant.pos = pos;
  r.variant.id = ".";
  r.variant.ref = ref;
  r.variant.alt = alt;
  r.status = st;
  r.score = score;
  r.detail = detail;
  return r;
}
}  // namespace

class TestUiModels : public QObject {
  Q_OBJECT
  M model_;
  VariantFilterProxy proxy_;

  QList<double> scoresInView() const {
    QList<double> out;
    for (int r = 0; r < proxy_.rowCount(); ++r) out << proxy_.index(r, M::Score).data(M::RawRole).toDouble();
    return out;
  }

 private slots:
  void init() {
    // Positions chosen so text order (10 < 9) differs from numeric order.
    model_.setRows({row("1", 10, "A", "G", VariantStatus::Ok, -3.5f),
                    row("1", 9, "C", "T", VariantStatus::RefMismatch, NAN, "store has G"),
                    row("X", 200, "G", "A", VariantStatus::Ok, 2.0f),
                    row("chr1", 1000, "T", "C", VariantStatus::OkWindowShifted, -0.5f),
                    row("1", 5, "A", "AT", VariantStatus::Indel, NAN)});
    proxy_.setSourceModel(&model_);
    proxy_.setScoreRange(-INFINITY, INFINITY);
    proxy_.setStatusFilter({});
    proxy_.setTextFilter({});
    proxy_.sort(-1);
  }

  void roles() {
    QCOMPARE(model_.rowCount(), 5);
    QCOMPARE(model_.columnCount(), int(M::ColumnCount));
    QCOMPARE(model_.headerData(M::Score, Qt::Horizontal).toString(), QString("Score"));
    const auto pos = model_.index(0, M::Pos).data(M::RawRole);
    QCOMPARE(pos.typeId(), int(QMetaType::LongLong));
    QCOMPARE(pos.toLongLong(), 10);
    const auto score = model_.index(0, M::Score).data(M::RawRole);
    QCOMPARE(score.typeId(), int(QMetaType::Double));
    QCOMPARE(score.toDouble(), -3.5);
    QVERIFY(std::isnan(model_.index(1, M::Score).data(M::RawRole).toDouble()));
    QCOMPARE(model_.index(0, M::Score).data().toString(), QString("-3.500000"));
    QCOMPARE(model_.index(1, M::Status).data().toString(), QString("ref_mismatch"));
    QCOMPARE(model_.index(1, M::Detail).data().toString(), QString("store has G"));
    QCOMPARE(model_.index(1, M::Chrom).data(M::StatusRole).toInt(), int(VariantStatus::RefMismatch));
    QVERIFY(model_.index(1, M::Chrom).data(Qt::ToolTipRole).toString().contains("ref_mismatch"));
    QVERIFY(model_.index(0, M::Score).data(Qt::ToolTipRole).toString().contains("deleterious"));
    // Score background: diverging, negative red-ish, positive blue-ish, none for NaN.
    const QColor neg = model_.index(0, M::Score).data(Qt::BackgroundRole).value<QColor>();
    const QColor posc = model_.index(2, M::Score).data(Qt::BackgroundRole).value<QColor>();
    QVERIFY(neg.red() > neg.blue());
    QVERIFY(posc.blue() > posc.red());
    QVERIFY(!model_.index(1, M::Score).data(Qt::BackgroundRole).isValid());
    QVERIFY(!M::scoreColor(NAN).isValid());
    QCOMPARE(M::scoreColor(-100), M::scoreColor(-M::scoreScaleLimit()));
  }

  // The table shows a score exactly as `gpnmsa score` writes it to a TSV.
  void scoreTextMatchesTheCliTable() {
    const float values[] = {-6.4661665f, 12.3456785f, 0.0000004f, -0.0000004f, 1e-7f, -3.5f, 99.99999f, NAN};
    std::vector<ScoredVariant> rows;
    for (float v : values) rows.push_back(row("1", int64_t(rows.size()) + 1, "A", "G", VariantStatus::Ok, v));
    model_.setRows(rows);
    QTemporaryDir dir;
    const std::string path = dir.filePath("scores.tsv").toStdString();
    gpnmsa::writeVariants(path, gpnmsa::OutputFormat::Tsv, gpnmsa::VariantTable{}, rows, gpnmsa::WriteOptions{});
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), int(rows.size()) + 2);  // comment, header, rows
    const int scoreColumn = int(lines[1].split('\t').indexOf("score"));
    QVERIFY(scoreColumn >= 0);
    for (int r = 0; r < int(rows.size()); ++r) {
      const QString cli = lines[r + 2].split('\t')[scoreColumn];
      QCOMPARE(model_.index(r, M::Score).data().toString(), cli);
      QCOMPARE(cli, QString::fromStdString(gpnmsa::formatScore(values[r])));
    }
    QCOMPARE(model_.index(0, M::Score).data().toString(), QString("-6.466166"));
  }

  void pendingRowsAndLiveUpdate() {
    gpnmsa::Variant v;
    v.chrom = "1";
    v.pos = 42;
    v.ref = "A";
    v.alt = "C";
    model_.setVariants({v, v});
    QCOMPARE(model_.index(0, M::Status).data().toString(), QString("pending"));
    QCOMPARE(model_.index(0, M::Score).data().toString(), QString("…"));
    QSignalSpy changed(&model_, &QAbstractItemModel::dataChanged);
    ScoredVariant r = row("1", 42, "A", "C", VariantStatus::Ok, 1.25f);
    model_.updateRows({1, 7}, {r, r});  // 7 is out of range: ignored
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model_.index(1, M::Score).data(M::RawRole).toDouble(), 1.25);
    QCOMPARE(model_.index(0, M::Status).data().toString(), QString("pending"));
  }

  void sortByScoreNanLast() {
    proxy_.sort(M::Score, Qt::AscendingOrder);
    auto s = scoresInView();
    QCOMPARE(s.mid(0, 3), (QList<double>{-3.5, -0.5, 2.0}));
    QVERIFY(std::isnan(s[3]) && std::isnan(s[4]));
    proxy_.sort(M::Score, Qt::DescendingOrder);
    s = scoresInView();
    QCOMPARE(s.mid(0, 3), (QList<double>{2.0, -0.5, -3.5}));
    QVERIFY(std::isnan(s[3]) && std::isnan(s[4]));
  }

  void sortByPositionNumerically() {
    proxy_.sort(M::Pos, Qt::AscendingOrder);
    QList<qlonglong> p;
    for (int r = 0; r < proxy_.rowCount(); ++r) p << proxy_.index(r, M::Pos).data(M::RawRole).toLongLong();
    QCOMPARE(p, (QList<qlonglong>{5, 9, 10, 200, 1000}));
  }

  void filterScoreRange() {
    proxy_.setScoreRange(-1.0, INFINITY);
    QCOMPARE(proxy_.rowCount(), 2);  // -0.5 and 2.0; unscored hidden once bounded
    proxy_.setScoreRange(-INFINITY, -1.0);
    QCOMPARE(proxy_.rowCount(), 1);
    proxy_.setScoreRange(-INFINITY, INFINITY);
    QCOMPARE(proxy_.rowCount(), 5);
  }

  void filterStatus() {
    proxy_.setStatusFilter({int(VariantStatus::Ok), int(VariantStatus::OkWindowShifted)});
    QCOMPARE(proxy_.rowCount(), 3);
    proxy_.setStatusFilter({int(VariantStatus::Indel)});
    QCOMPARE(proxy_.rowCount(), 1);
    QCOMPARE(proxy_.index(0, M::Alt).data().toString(), QString("AT"));
  }

  void filterText() {
    proxy_.setTextFilter("mismatch");
    QCOMPARE(proxy_.rowCount(), 1);
    proxy_.setTextFilter("X:200");
    QCOMPARE(proxy_.rowCount(), 1);
    proxy_.setTextFilter("chr1:1000");
    QCOMPARE(proxy_.rowCount(), 1);
    proxy_.setTextFilter("  ");
    QCOMPARE(proxy_.rowCount(), 5);
  }

  void filtersCombine() {
    proxy_.setTextFilter("1");
    proxy_.setScoreRange(-5, 0);
    QCOMPARE(proxy_.rowCount(), 2);  // 1:10 (-3.5) and chr1:1000 (-0.5)
  }
};

QTEST_MAIN(TestUiModels)
#include "test_ui_models.moc"
