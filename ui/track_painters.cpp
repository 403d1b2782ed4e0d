// SPDX-License-Identifier: GPL-3.0-or-later
#include "track_painters.h"

#include <QFontMetricsF>
#include <QLinearGradient>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "base_colors.h"
#include "gene_track_view.h"
#include "view_math.h"

namespace gpnmsa::ui {

namespace {

const char kLetters[4] = {'A', 'C', 'G', 'T'};

// The part of the data area where positions [first, last] lie.
QRectF dataSpan(const QRectF& plot, const TrackScale& s, qint64 first, qint64 last) {
  const double l = std::max(plot.left(), s.x(double(first))), r = std::min(plot.right(), s.x(double(last + 1)));
  return r > l ? QRectF(l, plot.top(), r - l, plot.height()) : QRectF();
}

// The positions of [first, last] at least partly inside `plot`.
std::pair<qint64, qint64> visibleRange(const QRectF& plot, const TrackScale& s, qint64 first, qint64 last) {
  return {std::max(first, s.baseAt(plot.left())), std::min(last, s.baseAt(plot.right()))};
}

// A letter glyph stretched to fill `box` exactly: a logo encodes information
// as height, so the ink must span the box, not sit in a text line. The
// outline of each letter is made once (making it is the costly part).
void drawGlyph(QPainter& p, const QRectF& box, int letter, const QColor& color) {
  static const std::array<QPainterPath, 4> paths = [] {
    std::array<QPainterPath, 4> out;
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setBold(true);
    f.setPixelSize(100);
    for (int b = 0; b < 4; ++b) out[size_t(b)].addText(0, 0, f, QString(QLatin1Char(kLetters[b])));
    return out;
  }();
  const QPainterPath& path = paths[size_t(letter)];
  const QRectF br = path.boundingRect();
  if (br.isEmpty()) {  // no font available (a bare offscreen system): still show the height
    p.fillRect(box, color);
    return;
  }
  QTransform t;
  t.translate(box.left(), box.top());
  t.scale(box.width() / br.width(), box.height() / br.height());
  t.translate(-br.left(), -br.top());
  p.fillPath(t.map(path), color);
}

// Information content 2 − H (bits) of a position's predicted distribution.
double informationBits(const gpnmsa::PositionLogits& pl) { return 2.0 - entropyBits(softmax4(pl.acgt)); }

// The most negative Δ logit of a position; NaN when its reference is not A/C/G/T.
double mostNegativeDelta(const gpnmsa::PositionLogits& pl) {
  const auto row = mutagenesisRow(pl);
  if (std::isnan(row[0])) return std::numeric_limits<double>::quiet_NaN();
  return *std::min_element(row.begin(), row.end());
}

// Calls draw(x0, x1, value) for each run of data-area pixels: one per
// position when positions are at least a pixel wide, else one per pixel
// column with `combine` of the values of the positions sharing it. `value`
// returns NaN for a position with nothing to draw.
template <typename Value, typename Combine, typename Draw>
void forEachColumn(const QRectF& plot, const TrackScale& s, qint64 first, qint64 last, Value value,
                   Combine combine, Draw draw) {
  const auto [a, b] = visibleRange(plot, s, first, last);
  if (a > b) return;
  if (s.pixelsPerBase >= 1.0) {
    for (qint64 pos = a; pos <= b; ++pos) {
      const double v = value(pos);
      if (!std::isnan(v)) draw(s.x(double(pos)), s.x(double(pos + 1)), v);
    }
    return;
  }
  const double x0 = std::floor(std::max(plot.left(), s.x(double(a))));
  const double x1 = std::min(plot.right(), s.x(double(b + 1)));
  qint64 pos = a;
  for (double x = x0; x < x1; x += 1.0) {
    double acc = std::numeric_limits<double>::quiet_NaN();
    // The positions starting before this pixel column's right edge.
    while (pos <= b && s.x(double(pos)) < x + 1.0) {
      const double v = value(pos);
      if (!std::isnan(v)) acc = std::isnan(acc) ? v : combine(acc, v);
      if (s.x(double(pos + 1)) > x + 1.0) break;  // it reaches into the next column too
      ++pos;
    }
    if (!std::isnan(acc)) draw(x, x + 1.0, acc);
  }
}

void drawMarked(QPainter& p, const QRectF& plot, const TrackScale& s, qint64 marked) {
  if (marked <= 0) return;
  const double l = s.x(double(marked)), w = std::max(1.0, s.pixelsPerBase);
  if (l + w < plot.left() || l > plot.right()) return;
  p.fillRect(QRectF(l, plot.top(), w, plot.height()), QColor(0, 0, 0, 22));
}

// Positions written as a reader of hg38 expects ("16,700,000").
QString posText(qint64 pos) { return QLocale().toString(qlonglong(pos)); }

}  // namespace

void drawLogoLetter(QPainter& p, const QRectF& box, int base, const QColor& color) {
  if (base >= 0 && base < 4) drawGlyph(p, box, base, color);
}

// ---- ruler ----

qint64 rulerStep(const TrackScale& scale, double labelWidth) {
  for (qint64 mag = 1;; mag *= 10)
    for (qint64 m : {1, 2, 5})
      if (double(m * mag) * scale.pixelsPerBase >= labelWidth || m * mag >= 1'000'000'000) return m * mag;
}

void paintRuler(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& scale, qint64 first,
                qint64 last, const TrackStyle& style) {
  p.save();
  const QFontMetricsF fm(p.font());
  const QRectF span = dataSpan(plot, scale, first, last);
  const double base = plot.bottom() - style.lineWidth / 2;
  p.setPen(QPen(style.axis, style.lineWidth));
  if (!span.isEmpty()) p.drawLine(QPointF(span.left(), base), QPointF(span.right(), base));
  const double labelW = fm.horizontalAdvance(QStringLiteral("000,000,000")) + 8;
  const qint64 step = rulerStep(scale, labelW);
  const auto [a, b] = visibleRange(plot, scale, first, last);
  p.setClipRect(plot);
  const double tick = std::max(3.0, plot.height() * 0.25);
  for (qint64 pos = (a + step - 1) / step * step; pos <= b; pos += step) {
    if (pos < 1) continue;
    const double cx = scale.centerX(pos);
    p.setPen(QPen(style.axis, style.lineWidth));
    p.drawLine(QPointF(cx, base), QPointF(cx, base - tick));
    p.setPen(style.text);
    // Centred on its tick, but pushed inside the data area at its edges
    // rather than cut ("9,900" for 16,699,900).
    const QString text = posText(pos);
    const double w = fm.horizontalAdvance(text) + 2;
    const double left = std::clamp(cx - w / 2, plot.left(), std::max(plot.left(), plot.right() - w));
    p.drawText(QRectF(left, plot.top(), w, base - tick - plot.top()), Qt::AlignHCenter | Qt::AlignBottom, text);
  }
  // Minor ticks between labels when they are far enough apart to read.
  const qint64 minor = step >= 10 ? step / (step % 5 == 0 && step / 5 * scale.pixelsPerBase >= 6 ? 5 : 2) : 0;
  if (minor > 0 && double(minor) * scale.pixelsPerBase >= 4) {
    p.setPen(QPen(style.axis, style.lineWidth * 0.7));
    for (qint64 pos = (a + minor - 1) / minor * minor; pos <= b; pos += minor)
      if (pos % step != 0) p.drawLine(QPointF(scale.centerX(pos), base), QPointF(scale.centerX(pos), base - tick / 2));
  }
  p.setClipping(false);
  Q_UNUSED(area);
  p.restore();
}

// ---- genes ----

void paintGenesTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& scale,
                     const GeneTrackData& data, const TrackStyle& style) {
  p.save();
  p.setPen(style.text);
  p.drawText(QRectF(area.left(), plot.top(), std::max(0.0, plot.left() - area.left() - 6), plot.height()),
             Qt::AlignRight | Qt::AlignVCenter, QObject::tr("Genes"));
  // paintGeneTrack spans data.start..end across the rectangle it is given:
  // that rectangle is those positions on this scale, clipped to the data area.
  const QRectF span(scale.x(double(data.start)), plot.top(), scale.width(double(data.end - data.start + 1)),
                    plot.height());
  p.setClipRect(plot);
  if (data.end >= data.start && data.annotationLoaded && !data.genes.empty()) {
    paintGeneTrack(p, span, data);
  } else {  // a short note where the data area starts, not at the window's (maybe hidden) start
    drawMarked(p, plot, scale, data.marked >= data.start && data.marked <= data.end ? data.marked : 0);
    p.setPen(QColor(110, 110, 110));
    const QString text = !data.annotationLoaded ? QObject::tr("No gene annotation set (File ▸ Data Sources)")
                         : data.end < data.start ? QString()
                                                 : QObject::tr("No genes in this region");
    p.drawText(plot.adjusted(6, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, text);
  }
  p.restore();
}

// ---- logo ----

LogoColumn logoColumnAt(qint64 pos, const gpnmsa::PositionLogits& logits, const HeightsLookup& heights) {
  LogoColumn col = logoColumn(logits.acgt);
  if (!heights) return col;
  const auto h = heights(pos, logits);
  if (!h) return col;
  col.heights = *h;
  col.bottomToTop = {0, 1, 2, 3};
  std::stable_sort(col.bottomToTop.begin(), col.bottomToTop.end(),
                   [&](int a, int b) { return col.heights[size_t(a)] < col.heights[size_t(b)]; });
  return col;
}

void paintLogoTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& scale, qint64 first,
                    qint64 last, const LogitsLookup& logits, qint64 marked, const TrackStyle& style,
                    const HeightsLookup& heights) {
  p.save();
  const QFontMetricsF fm(p.font());
  // The letters stand on a baseline above a thin bar of the reference base.
  const double refBar = std::max(3.0, std::min(6.0, plot.height() * 0.05));
  const double bottom = plot.bottom() - refBar - 2, top = plot.top() + fm.height() * 0.3;
  const double pxPerBit = std::max(1.0, bottom - top) / 2.0;

  // Bits axis (0–2) in the label column.
  p.setPen(QPen(style.axis, style.lineWidth));
  const double axisX = plot.left() - 2;
  p.drawLine(QPointF(axisX, top), QPointF(axisX, bottom));
  for (int bits = 0; bits <= 2; ++bits) {
    const double y = bottom - pxPerBit * bits;
    p.drawLine(QPointF(axisX - 4, y), QPointF(axisX, y));
    p.setPen(style.text);
    p.drawText(QRectF(area.left(), y - fm.height() / 2, std::max(0.0, axisX - 6 - area.left()), fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, QString::number(bits));
    p.setPen(QPen(style.axis, style.lineWidth));
  }
  p.setPen(style.text);
  p.save();
  p.translate(area.left() + fm.height() * 0.6, (top + bottom) / 2);
  p.rotate(-90);
  p.drawText(QRectF(-40, -fm.height() / 2, 80, fm.height()), Qt::AlignCenter, QObject::tr("bits"));
  p.restore();

  p.setClipRect(plot);
  drawMarked(p, plot, scale, marked);
  if (scale.pixelsPerBase >= kSummaryBelowPixelsPerBase) {
    const auto [a, b] = visibleRange(plot, scale, first, last);
    for (qint64 pos = a; pos <= b; ++pos) {
      const gpnmsa::PositionLogits* pl = logits ? logits(pos) : nullptr;
      if (!pl) continue;
      const double l = scale.x(double(pos)), w = scale.pixelsPerBase;
      const int ref = baseIndex(pl->ref);
      p.fillRect(QRectF(l + std::min(0.5, w * 0.1), bottom + 2, std::max(1.0, w - std::min(1.0, w * 0.2)), refBar),
                 ref >= 0 ? nucleotideColor(kLetters[ref]) : kColorN);
      const LogoColumn col = logoColumnAt(pos, *pl, heights);
      double y = bottom;
      for (int letter : col.bottomToTop) {
        const double h = col.heights[size_t(letter)] * pxPerBit;
        if (h >= 0.5) drawGlyph(p, QRectF(l, y - h, w, h), letter, nucleotideColor(kLetters[letter]));
        y -= h;
      }
    }
  } else {
    // Zoomed out: one bar of 2 − H per position (the tallest of those sharing a pixel).
    const QColor bar(60, 60, 60);
    forEachColumn(
        plot, scale, first, last,
        [&](qint64 pos) {
          const gpnmsa::PositionLogits* pl = logits ? logits(pos) : nullptr;
          return pl ? informationBits(*pl) : std::numeric_limits<double>::quiet_NaN();
        },
        [](double x, double y) { return std::max(x, y); },
        [&](double x0, double x1, double bits) {
          const double h = std::clamp(bits, 0.0, 2.0) * pxPerBit;
          p.fillRect(QRectF(x0, bottom - h, x1 - x0, h), bar);
        });
  }
  p.restore();
}

// ---- mutagenesis map ----

QColor mutagenesisColor(double delta, double maxAbs) {
  // Diverging: red = alt less likely than ref, white = 0 (the reference
  // itself), blue = alt more likely; the stops of the app's former map.
  static const std::array<std::pair<double, QColor>, 5> stops{{{0.0, QColor(178, 24, 43)},
                                                              {0.25, QColor(239, 138, 98)},
                                                              {0.5, QColor(255, 255, 255)},
                                                              {0.75, QColor(103, 169, 207)},
                                                              {1.0, QColor(33, 102, 172)}}};
  if (std::isnan(delta)) return QColor();
  const double m = maxAbs > 0 ? maxAbs : 1.0;
  const double t = std::clamp(0.5 + 0.5 * delta / m, 0.0, 1.0);
  size_t k = 0;
  while (k + 2 < stops.size() && t > stops[k + 1].first) ++k;
  const double f = (t - stops[k].first) / (stops[k + 1].first - stops[k].first);
  const QColor& c0 = stops[k].second;
  const QColor& c1 = stops[k + 1].second;
  auto mix = [f](int u, int v) { return int(std::lround(u + (v - u) * f)); };
  return QColor(mix(c0.red(), c1.red()), mix(c0.green(), c1.green()), mix(c0.blue(), c1.blue()));
}

double mutagenesisMaxAbs(const TrackScale& scale, const QRectF& plot, qint64 first, qint64 last,
                         const LogitsLookup& logits) {
  double m = 0;
  if (!logits) return m;
  const auto [a, b] = visibleRange(plot, scale, first, last);
  for (qint64 pos = a; pos <= b; ++pos)
    if (const gpnmsa::PositionLogits* pl = logits(pos))
      for (double v : mutagenesisRow(*pl))
        if (!std::isnan(v)) m = std::max(m, std::abs(v));
  return m;
}

void paintMutagenesisTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& scale,
                           qint64 first, qint64 last, const LogitsLookup& logits, qint64 marked, double maxAbs,
                           const TrackStyle& style) {
  p.save();
  const QFontMetricsF fm(p.font());
  if (maxAbs <= 0) maxAbs = mutagenesisMaxAbs(scale, plot, first, last, logits);
  if (maxAbs <= 0) maxAbs = 1;
  const bool summary = scale.pixelsPerBase < kSummaryBelowPixelsPerBase;
  const double rowH = plot.height() / 4;

  // Label column: the alt bases (or what the strip is, when zoomed out).
  QFont bold = p.font();
  bold.setBold(true);
  const QRectF labels(area.left(), plot.top(), std::max(0.0, plot.left() - area.left() - 6), plot.height());
  if (!summary) {
    const QFont plain = p.font();
    p.setFont(bold);
    for (int b = 0; b < 4; ++b) {
      p.setPen(nucleotideColor(kLetters[b]));
      p.drawText(QRectF(labels.left(), plot.top() + b * rowH, labels.width(), rowH), Qt::AlignRight | Qt::AlignVCenter,
                 QString(QLatin1Char(kLetters[b])));
    }
    p.setFont(plain);
  } else {
    p.setPen(style.text);
    p.drawText(labels, Qt::AlignRight | Qt::AlignVCenter | Qt::TextWordWrap, QObject::tr("min"));
  }

  // Legend: the colour scale with "Δ logit".
  const double legendL = plot.right() + 8, barW = std::min(12.0, std::max(0.0, area.right() - legendL - 4));
  if (barW >= 4) {
    const QRectF bar(legendL, plot.top() + 2, barW, std::max(4.0, plot.height() - 4));
    QLinearGradient g(bar.topLeft(), bar.bottomLeft());
    for (double t : {0.0, 0.25, 0.5, 0.75, 1.0}) g.setColorAt(t, mutagenesisColor(maxAbs * (1 - 2 * t), maxAbs));
    p.fillRect(bar, g);
    p.setPen(QPen(style.axis, style.lineWidth * 0.7));
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar);
    p.setPen(style.text);
    QFont small = p.font();
    small.setPointSizeF(std::max(5.0, small.pointSizeF() * 0.85));
    p.setFont(small);
    const QFontMetricsF sm(small);
    const double textL = bar.right() + 3, textW = std::max(0.0, area.right() - textL);
    auto label = [&](double y, const QString& t, Qt::Alignment v) {
      p.drawText(QRectF(textL, y - sm.height(), textW, 2 * sm.height()), Qt::AlignLeft | v, t);
    };
    label(bar.top() + sm.height() / 2, QStringLiteral("+%1").arg(maxAbs, 0, 'f', 1), Qt::AlignVCenter);
    label(bar.center().y(), QStringLiteral("0"), Qt::AlignVCenter);
    label(bar.bottom() - sm.height() / 2, QStringLiteral("−%1").arg(maxAbs, 0, 'f', 1), Qt::AlignVCenter);
    if (textW > sm.horizontalAdvance(QStringLiteral("Δ logit")) && bar.height() > 5 * sm.height()) {
      p.save();
      p.translate(std::min(area.right() - sm.height() / 2, textL + sm.horizontalAdvance(QStringLiteral("+0.0")) + sm.height()),
                  bar.center().y());
      p.rotate(-90);
      p.drawText(QRectF(-bar.height() / 2, -sm.height() / 2, bar.height(), sm.height()), Qt::AlignCenter,
                 QObject::tr("Δ logit"));
      p.restore();
    }
  }

  p.setClipRect(plot);
  if (!summary) {
    const auto [a, b] = visibleRange(plot, scale, first, last);
    // 1-px separators only when cells are wide enough to spare them.
    const double gap = scale.pixelsPerBase >= 6 ? 1 : 0;
    for (qint64 pos = a; pos <= b; ++pos) {
      const gpnmsa::PositionLogits* pl = logits ? logits(pos) : nullptr;
      if (!pl) continue;
      const auto row = mutagenesisRow(*pl);
      for (int alt = 0; alt < 4; ++alt) {
        const QColor c = mutagenesisColor(row[size_t(alt)], maxAbs);
        if (!c.isValid()) continue;
        p.fillRect(QRectF(scale.x(double(pos)), plot.top() + alt * rowH, scale.pixelsPerBase - gap, rowH - gap), c);
      }
      // The reference base's cell: a dot, so the white of "0" reads as "reference".
      const int ref = baseIndex(pl->ref);
      if (ref >= 0 && scale.pixelsPerBase >= 6) {
        const double r = std::min(scale.pixelsPerBase, rowH) * 0.15;
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(120, 120, 120));
        p.drawEllipse(QPointF(scale.centerX(pos), plot.top() + (ref + 0.5) * rowH), r, r);
      }
    }
  } else {
    // Zoomed out: one strip of the most negative Δ logit per position (the
    // most negative of those sharing a pixel).
    forEachColumn(
        plot, scale, first, last,
        [&](qint64 pos) {
          const gpnmsa::PositionLogits* pl = logits ? logits(pos) : nullptr;
          return pl ? mostNegativeDelta(*pl) : std::numeric_limits<double>::quiet_NaN();
        },
        [](double x, double y) { return std::min(x, y); },
        [&](double x0, double x1, double v) {
          p.fillRect(QRectF(x0, plot.top(), x1 - x0, plot.height()), mutagenesisColor(v, maxAbs));
        });
  }
  if (marked > 0) {
    const double cx = scale.centerX(marked);
    if (cx >= plot.left() && cx <= plot.right()) {
      p.setPen(QPen(QColor(0, 0, 0), std::max(1.0, style.lineWidth * 1.5), Qt::DashLine));
      p.drawLine(QPointF(cx, plot.top()), QPointF(cx, plot.bottom()));
    }
  }
  p.restore();
}

bool mutagenesisCellAt(const QRectF& plot, const TrackScale& scale, QPointF pt, qint64* pos, int* base) {
  if (!plot.contains(pt) || plot.height() <= 0) return false;
  // Zoomed out the map is one strip: no cell says which base.
  if (scale.pixelsPerBase < kSummaryBelowPixelsPerBase) return false;
  const int b = std::clamp(int((pt.y() - plot.top()) / (plot.height() / 4)), 0, 3);
  if (pos) *pos = scale.baseAt(pt.x());
  if (base) *base = b;
  return true;
}

// ---- alignment ----

void paintAlignmentTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& scale,
                         const AlignmentWindowData& window, const std::vector<int>& rows, double rowHeight,
                         qint64 marked, const TrackStyle& style) {
  p.save();
  const qint64 wFirst = window.firstPos, wLast = window.firstPos + window.length() - 1;
  const QFontMetricsF fm(p.font());
  // Names in the label column, shrunk rather than overlapping when rows are thin.
  const QRectF labels(area.left() + 4, plot.top(), std::max(0.0, plot.left() - area.left() - 8), plot.height());
  QFont nameFont = p.font();
  if (fm.height() > rowHeight) nameFont.setPixelSize(std::max(5, int(rowHeight) - 1));
  for (size_t i = 0; i < rows.size(); ++i) {
    const int seq = rows[i];
    if (rowHeight < 4) break;  // too thin to name
    const QString label = seq < window.rowLabels.size() ? window.rowLabels[seq]
                          : seq == 0                    ? QObject::tr("Human")
                                                        : QObject::tr("species %1").arg(seq);
    QFont f = nameFont;
    f.setBold(seq == 0);
    p.setFont(f);
    p.setPen(style.text);
    const QRectF r(labels.left(), plot.top() + double(i) * rowHeight, labels.width(), rowHeight);
    p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, QFontMetricsF(f).elidedText(label, Qt::ElideRight, r.width()));
  }

  p.setClipRect(plot);
  const auto [a, b] = visibleRange(plot, scale, std::max<qint64>(wFirst, 1), wLast);
  if (window.columns > 0 && a <= b) {
    const bool letters = scale.pixelsPerBase >= kReadablePixelsPerBase && rowHeight >= 10;
    const double gapX = scale.pixelsPerBase >= 5 ? 1 : 0, gapY = rowHeight >= 6 ? 1 : 0;
    QFont letterFont = p.font();
    letterFont.setPixelSize(std::max(6, int(std::min(scale.pixelsPerBase, rowHeight)) - 2));
    letterFont.setBold(true);
    p.setFont(letterFont);
    for (size_t i = 0; i < rows.size(); ++i) {
      const int seq = rows[i];
      if (seq < 0 || seq >= window.columns) continue;
      const double y = plot.top() + double(i) * rowHeight;
      if (scale.pixelsPerBase >= 1.0) {
        // Runs of one colour as one rectangle when there are no separators (zoomed out).
        qint64 runStart = a;
        QColor runColor;
        auto flush = [&](qint64 end) {
          if (runColor.isValid() && end > runStart)
            p.fillRect(QRectF(scale.x(double(runStart)), y, scale.width(double(end - runStart)), rowHeight - gapY),
                       runColor);
        };
        for (qint64 pos = a; pos <= b; ++pos) {
          const BaseStyle s = baseStyle(window.base(seq, int(pos - wFirst)));
          if (gapX > 0) {
            p.fillRect(QRectF(scale.x(double(pos)), y, scale.pixelsPerBase - gapX, rowHeight - gapY), s.fill);
            if (letters && s.letter) {
              p.setPen(s.text);
              p.drawText(QRectF(scale.x(double(pos)), y, scale.pixelsPerBase - gapX, rowHeight - gapY), Qt::AlignCenter,
                         QString(QLatin1Char(s.letter)));
            }
            continue;
          }
          if (s.fill != runColor) {
            flush(pos);
            runStart = pos;
            runColor = s.fill;
          }
        }
        if (gapX == 0) flush(b + 1);
      } else {
        // Several positions a pixel: the base at each pixel column's centre.
        const double x0 = std::floor(std::max(plot.left(), scale.x(double(a))));
        const double x1 = std::min(plot.right(), scale.x(double(b + 1)));
        double runX = x0;
        QColor runColor;
        for (double x = x0; x < x1; x += 1.0) {
          const qint64 pos = std::clamp(scale.baseAt(x + 0.5), a, b);
          const QColor c = baseStyle(window.base(seq, int(pos - wFirst))).fill;
          if (c != runColor) {
            if (runColor.isValid()) p.fillRect(QRectF(runX, y, x - runX, rowHeight - gapY), runColor);
            runX = x;
            runColor = c;
          }
        }
        if (runColor.isValid()) p.fillRect(QRectF(runX, y, x1 - runX, rowHeight - gapY), runColor);
      }
    }
  }
  // The variant's column: a dark outline over the rows drawn.
  if (marked >= wFirst && marked <= wLast && !rows.empty()) {
    const double l = scale.x(double(marked)), w = std::max(2.0, scale.pixelsPerBase);
    p.setPen(QPen(QColor(0, 0, 0), std::max(1.0, style.lineWidth * 1.5)));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(l, plot.top(), w, double(rows.size()) * rowHeight));
  }
  p.restore();
}

}  // namespace gpnmsa::ui
