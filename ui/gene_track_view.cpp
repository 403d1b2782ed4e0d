// SPDX-License-Identifier: GPL-3.0-or-later
#include "gene_track_view.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>

#include "view_math.h"

namespace gpnmsa::ui {

namespace {

// IGV's feature blue: dark enough not to read as the logo's C (blue) column.
const QColor kFeature(0x1f, 0x2f, 0x86);

struct Geometry {
  QRectF plot;
  qint64 start = 0, end = 0;
  ColumnScale columns;
  double rowHeight = kGeneTrackRowHeight;

  Geometry(const GeneTrackData& d, const QRectF& p, size_t rows)
      : plot(p), start(d.start), end(d.end), columns(p.left(), p.width(), double(std::max<qint64>(1, end - start + 1))) {
    rowHeight = std::min(kGeneTrackRowHeight, plot.height() / double(std::max<size_t>(1, rows)));
  }
  // Left edge of position p's column (p may lie outside the window).
  double x(qint64 p) const { return columns.x(double(p - start)); }
  // An interval's visible extent, clipped to the plot; empty if outside.
  QRectF span(qint64 a, qint64 b, double top, double height) const {
    const double l = std::max(plot.left(), x(a)), r = std::min(plot.right(), x(b + 1));
    return r > l ? QRectF(l, top, r - l, height) : QRectF();
  }
  double rowTop(size_t row) const { return plot.top() + double(row) * rowHeight; }
  // The glyph's centre line in a row: the upper part holds the glyph, the lower the name.
  double glyphY(size_t row) const { return rowTop(row) + rowHeight * 0.32; }
  qint64 posAt(double px) const { return start + qint64(columns.columnAt(px)); }
};

const gpnmsa::Transcript* transcriptOf(const GeneTrackData& d, const GeneTrackRow& r) {
  return r.transcript < 0 ? nullptr : &d.genes[size_t(r.gene)].transcripts[size_t(r.transcript)];
}

// The row's extent in positions.
std::pair<qint64, qint64> extentOf(const GeneTrackData& d, const GeneTrackRow& r) {
  if (const auto* t = transcriptOf(d, r)) return {t->start, t->end};
  const gpnmsa::Gene& g = d.genes[size_t(r.gene)];
  return {g.start, g.end};
}

void drawArrows(QPainter& p, double left, double right, double y, char strand) {
  if (strand != '+' && strand != '-') return;
  const double dir = strand == '+' ? 1 : -1, size = 3;
  for (double x = left + 9; x < right - 4; x += 18) {
    QPainterPath chevron;
    chevron.moveTo(x - dir * size, y - size);
    chevron.lineTo(x, y);
    chevron.lineTo(x - dir * size, y + size);
    p.drawPath(chevron);
  }
}

QString rowLabel(const GeneTrackData& d, const GeneTrackRow& r) {
  const gpnmsa::Gene& g = d.genes[size_t(r.gene)];
  QString label = QString::fromStdString(g.name);
  if (const auto* t = transcriptOf(d, r)) {
    label += QStringLiteral(" · ") + QString::fromStdString(t->name);
    if (t->mane) label += QObject::tr(" (MANE Select)");
    else if (t->canonical) label += QObject::tr(" (canonical)");
  }
  label += g.strand == '+' ? QStringLiteral("  →") : g.strand == '-' ? QStringLiteral("  ←") : QString();
  return label;
}

}  // namespace

std::vector<GeneTrackRow> geneTrackRows(const GeneTrackData& data, int* hidden) {
  std::vector<GeneTrackRow> rows;
  for (size_t g = 0; g < data.genes.size(); ++g) {
    const auto& ts = data.genes[g].transcripts;
    if (ts.empty()) rows.push_back({int(g), -1});
    std::vector<int> order(ts.size());
    for (size_t i = 0; i < ts.size(); ++i) order[i] = int(i);
    // MANE, then canonical, then file order: the transcript a reviewer looks for first.
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      const auto rank = [&](int i) { return ts[size_t(i)].mane ? 0 : ts[size_t(i)].canonical ? 1 : 2; };
      return rank(a) < rank(b);
    });
    for (int i : order) rows.push_back({int(g), i});
  }
  const int extra = std::max(0, int(rows.size()) - kMaxGeneTrackRows);
  if (extra > 0) rows.resize(kMaxGeneTrackRows);
  if (hidden) *hidden = extra;
  return rows;
}

double geneTrackHeight(const GeneTrackData& data) {
  return std::max<double>(1, double(geneTrackRows(data).size())) * kGeneTrackRowHeight + 4;
}

void paintGeneTrack(QPainter& p, const QRectF& plot, const GeneTrackData& d) {
  p.save();
  // Within any clip the caller set (the region browser passes a rectangle
  // wider than its data area when the window reaches past the view's edges).
  p.setClipRect(plot, Qt::IntersectClip);
  p.setRenderHint(QPainter::Antialiasing, true);
  int hidden = 0;
  const std::vector<GeneTrackRow> rows = geneTrackRows(d, &hidden);
  const Geometry geo(d, plot, rows.size());
  const QColor note(110, 110, 110);
  if (d.end >= d.start && d.marked >= d.start && d.marked <= d.end)  // the variant's column, as in the logo
    p.fillRect(QRectF(geo.x(d.marked), plot.top(), std::max(1.0, geo.columns.columnWidth), plot.height()), QColor(0, 0, 0, 22));
  if (!d.annotationLoaded || rows.empty() || d.end < d.start) {
    p.setPen(note);
    const QString text = !d.annotationLoaded ? QObject::tr("No gene annotation set (File ▸ Data Sources)")
                                             : d.end < d.start ? QString() : QObject::tr("No genes in this window");
    p.drawText(plot, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("  ") + text);
    p.restore();
    return;
  }
  const QFontMetricsF fm(p.font());
  for (size_t i = 0; i < rows.size(); ++i) {
    const GeneTrackRow& r = rows[i];
    const gpnmsa::Gene& g = d.genes[size_t(r.gene)];
    const gpnmsa::Transcript* t = transcriptOf(d, r);
    const auto [first, last] = extentOf(d, r);
    const double y = geo.glyphY(i), h = geo.rowHeight;
    const double thick = std::max(4.0, h * 0.42), thin = std::max(2.0, h * 0.22);
    const QRectF line = geo.span(first, last, y - 0.5, 1);
    if (line.isEmpty()) continue;
    p.setPen(QPen(kFeature, 1));
    p.setBrush(Qt::NoBrush);
    p.drawLine(QPointF(line.left(), y), QPointF(line.right(), y));  // introns: the thin line
    drawArrows(p, line.left(), line.right(), y, t ? t->strand : g.strand);
    p.setPen(Qt::NoPen);
    p.setBrush(kFeature);
    if (!t) {  // a gene without transcripts: its span as a thin box
      p.drawRect(geo.span(first, last, y - thin / 2, thin));
    } else {
      for (const gpnmsa::Interval& e : t->coding() ? t->utrs : t->exons) {
        const QRectF box = geo.span(e.start, e.end, y - thin / 2, thin);
        if (!box.isEmpty()) p.drawRect(box);
      }
      for (const gpnmsa::Interval& c : t->cds) {
        const QRectF box = geo.span(c.start, c.end, y - thick / 2, thick);
        if (!box.isEmpty()) p.drawRect(box);
      }
    }
    // The name under the glyph, at the left of the visible part.
    if (h >= 14) {
      p.setPen(kFeature);
      const QRectF textBox(line.left() + 2, y + thick / 2 + 1, std::max(0.0, plot.right() - line.left() - 2),
                           h - (y - geo.rowTop(i)) - thick / 2 - 1);
      p.drawText(textBox, Qt::AlignLeft | Qt::AlignTop, fm.elidedText(rowLabel(d, r), Qt::ElideRight, textBox.width()));
    }
  }
  if (hidden > 0) {
    p.setPen(note);
    p.drawText(plot.adjusted(0, 0, -4, 0), Qt::AlignRight | Qt::AlignBottom,
               QObject::tr("+%1 more transcripts").arg(hidden));
  }
  if (d.marked >= d.start && d.marked <= d.end) {  // and a dashed line through it, above the features
    const double cx = geo.x(d.marked) + geo.columns.columnWidth / 2;
    p.setPen(QPen(QColor(178, 24, 43), 1, Qt::DashLine));
    p.drawLine(QPointF(cx, plot.top()), QPointF(cx, plot.bottom()));
  }
  p.restore();
}

std::optional<GeneTrackRow> geneTrackHit(const GeneTrackData& d, const QRectF& plot, QPointF point) {
  if (!plot.contains(point) || d.end < d.start) return std::nullopt;
  const std::vector<GeneTrackRow> rows = geneTrackRows(d);
  const Geometry geo(d, plot, rows.size());
  const auto i = size_t((point.y() - plot.top()) / geo.rowHeight);
  if (i >= rows.size()) return std::nullopt;
  const qint64 pos = geo.posAt(point.x());
  const auto [first, last] = extentOf(d, rows[i]);
  if (pos < first || pos > last) return std::nullopt;
  return rows[i];
}

QString geneTrackToolTip(const GeneTrackData& d, const GeneTrackRow& r, qint64 pos) {
  const gpnmsa::Gene& g = d.genes[size_t(r.gene)];
  const auto s = [](const std::string& v) { return v.empty() ? QStringLiteral("—") : QString::fromStdString(v); };
  QString text = QObject::tr("<b>%1</b> (%2)<br>gene biotype: %3<br>strand: %4<br>%5:%6-%7")
                     .arg(s(g.name), s(g.id), s(g.biotype), QString(QChar(g.strand)), QString::fromStdString(g.chrom),
                          QLocale().toString(qlonglong(g.start)), QLocale().toString(qlonglong(g.end)));
  gpnmsa::OverlapKind kind = gpnmsa::OverlapKind::Gene;
  if (const auto* t = transcriptOf(d, r)) {
    QStringList tags;
    for (const std::string& tag : t->tags) tags << QString::fromStdString(tag);
    text += QObject::tr("<br>transcript <b>%1</b> (%2)<br>transcript biotype: %3")
                .arg(s(t->name), s(t->id), s(t->biotype));
    if (!tags.isEmpty()) text += QObject::tr("<br>tags: %1").arg(tags.join(QStringLiteral(", ")));
    kind = gpnmsa::transcriptOverlap(*t, pos);
  }
  text += QObject::tr("<br>position %1: %2 (overlap, not a consequence prediction)")
              .arg(QLocale().toString(qlonglong(pos)), QString::fromLatin1(gpnmsa::overlapKindName(kind)));
  return text;
}

GeneTrackView::GeneTrackView(QWidget* parent) : QWidget(parent) {
  setAttribute(Qt::WA_OpaquePaintEvent, false);
  setMouseTracking(false);
}

void GeneTrackView::setData(GeneTrackData data) {
  data_ = std::move(data);
  updateGeometry();
  update();
}

void GeneTrackView::setPlotMargins(int left, int right) {
  left = std::max(0, left);
  right = std::max(0, right);
  if (left == left_ && right == right_) return;
  left_ = left;
  right_ = right;
  update();
}

QRectF GeneTrackView::plotRect() const {
  return QRectF(left_, 2, std::max(1, width() - left_ - right_), std::max(1, height() - 4));
}

QSize GeneTrackView::sizeHint() const { return {900, int(geneTrackHeight(data_))}; }

QString GeneTrackView::toolTipAt(QPointF point) const {
  const QRectF plot = plotRect();
  const auto row = geneTrackHit(data_, plot, point);
  if (!row) return {};
  const Geometry geo(data_, plot, geneTrackRows(data_).size());
  return geneTrackToolTip(data_, *row, geo.posAt(point.x()));
}

void GeneTrackView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Base));
  p.setPen(palette().color(QPalette::WindowText));
  p.drawText(QRectF(0, 0, std::max(0, left_ - 6), height()), Qt::AlignRight | Qt::AlignVCenter, tr("Genes"));
  paintGeneTrack(p, plotRect(), data_);
}

bool GeneTrackView::event(QEvent* e) {
  if (e->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(e);
    const QString text = toolTipAt(help->pos());
    if (text.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(help->globalPos(), text, this);
    return true;
  }
  return QWidget::event(e);
}

}  // namespace gpnmsa::ui
