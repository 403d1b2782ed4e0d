// SPDX-License-Identifier: GPL-3.0-or-later
#include "figure_render.h"

#include <QBuffer>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <algorithm>
#include <cmath>

#include "figure_data.h"
#include "gene_track_view.h"
#include "track_painters.h"
#include "view_export.h"

namespace gpnmsa::ui {

namespace {
constexpr double kPt = kFigureUnitsPerInch / 72.0;  // figure units per typographic point
constexpr double kMm = kFigureUnitsPerMm;
// The gene track's painter works in screen pixels (96 per inch); it draws
// into a coordinate system scaled by this, so its sizes become print sizes.
constexpr double kScreenToFigure = kFigureUnitsPerInch / 96.0;
// A PNG larger than this many pixels is refused (4 bytes each in memory).
constexpr double kMaxPngPixels = 120e6;

// A named sans-serif family when one is installed: an SVG names the family
// it was laid out with, and "Sans Serif" (Qt's alias) means nothing to an
// SVG viewer or an editor.
QFont figureFont(double points, bool bold = false) {
  static const QString family = [] {
    const QStringList installed = QFontDatabase::families();
    for (const char* name : {"DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"})
      if (installed.contains(QLatin1String(name))) return QString::fromLatin1(name);
    return QFontDatabase::systemFont(QFontDatabase::GeneralFont).family();
  }();
  QFont f(family);
  f.setStyleHint(QFont::SansSerif);
  f.setPixelSize(std::max(1, int(std::lround(points * kPt))));
  f.setBold(bold);
  f.setStyleStrategy(QFont::PreferOutline);
  return f;
}

GeneTrackData geneTrackData(const FigureData& d) {
  GeneTrackData g;
  g.chrom = d.chrom;
  g.start = d.start;
  g.end = d.end;
  g.marked = d.marked;
  g.annotationLoaded = d.annotationSet;
  g.genes = d.genes;
  return g;
}

bool fail(QString* error, const QString& message) {
  if (error) *error = message;
  return false;
}
}  // namespace

FigureLayout layoutFigure(const FigureData& data) {
  FigureLayout l;
  l.titleFont = figureFont(10, true);
  l.textFont = figureFont(7);
  l.labelFont = figureFont(6);
  l.lineWidth = 0.25 * kMm;  // a 0.25-mm hairline: visible in print, thin on a slide
  const double margin = 4 * kMm, gap = 2 * kMm;

  // Label column: the longest row name, or room for the logo's bits axis.
  const QFontMetricsF labels(l.labelFont);
  double labelWidth = 14 * kMm;
  for (int row : data.rows)
    if (row >= 0 && row < data.alignment.rowLabels.size())
      labelWidth = std::max(labelWidth, labels.horizontalAdvance(data.alignment.rowLabels[row]) + 3 * kMm);
  const double legendWidth = 22 * kMm;
  // About 1.2 mm a base, within what a page or a slide holds.
  l.plotWidth = std::clamp(double(data.length()) * 1.2 * kMm, 100 * kMm, 240 * kMm);
  l.plotLeft = margin + labelWidth;
  const double width = l.plotLeft + l.plotWidth + legendWidth + margin;
  const double inner = width - 2 * margin;
  l.scale.viewStart = double(data.start);
  l.scale.pixelsPerBase = l.plotWidth / double(std::max<qint64>(1, data.length()));
  l.scale.plotLeft = l.plotLeft;

  double y = margin;
  const double titleHeight = QFontMetricsF(l.titleFont).height() * 1.25;
  const double subtitleHeight =
      QFontMetricsF(l.textFont).boundingRect(QRectF(0, 0, inner, 1e6), Qt::TextWordWrap, data.subtitle()).height();
  l.title = QRectF(margin, y, inner, titleHeight + subtitleHeight);
  y += l.title.height() + gap;
  l.ruler = QRectF(margin, y, inner, 7 * kMm);
  y += l.ruler.height() + gap / 2;
  if (data.annotationSet) {
    const double rows = std::max<double>(1, double(geneTrackRows(geneTrackData(data)).size()));
    l.genes = QRectF(margin, y, inner, rows * 4.5 * kMm + 1 * kMm);
    y += l.genes.height() + gap;
  }
  l.logo = QRectF(margin, y, inner, 26 * kMm);
  y += l.logo.height() + gap;
  l.map = QRectF(margin, y, inner, 16 * kMm);
  y += l.map.height() + gap;
  l.rowHeight = 2.4 * kMm;
  l.alignment = QRectF(margin, y, inner, double(data.rows.size()) * l.rowHeight);
  y += l.alignment.height() + margin;
  l.size = QSizeF(width, y);
  return l;
}

void paintFigure(QPainter& p, const FigureData& data, const FigureLayout& l) {
  p.save();
  p.fillRect(QRectF(QPointF(0, 0), l.size), Qt::white);
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setRenderHint(QPainter::TextAntialiasing, true);

  // Title: the region and its genes, then what it was computed with.
  p.setPen(Qt::black);
  p.setFont(l.titleFont);
  const double titleHeight = QFontMetricsF(l.titleFont).height() * 1.25;
  p.drawText(QRectF(l.title.left(), l.title.top(), l.title.width(), titleHeight), Qt::AlignLeft | Qt::AlignTop,
             data.title());
  p.setFont(l.textFont);
  p.setPen(QColor(60, 60, 60));
  p.drawText(QRectF(l.title.left(), l.title.top() + titleHeight, l.title.width(), l.title.height() - titleHeight),
             Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, data.subtitle());

  TrackStyle style;
  style.lineWidth = l.lineWidth;
  p.setFont(l.labelFont);
  const LogitsLookup lookup = [&data](qint64 pos) { return data.logitsAt(pos); };

  // The ruler's labels are centred on their ticks and clipped to the plot it
  // is given: a plot widened into the margins keeps the labels of the
  // region's first and last positions whole (ticks stay within the region).
  const double overhang = 10 * kMm;
  paintRuler(p, l.ruler, l.plot(l.ruler).adjusted(-overhang, 0, overhang, 0), l.scale, data.start, data.end, style);

  if (!l.genes.isEmpty()) {
    const QRectF plot = l.plot(l.genes);
    p.setPen(Qt::black);
    p.drawText(QRectF(l.genes.left(), l.genes.top(), plot.left() - l.genes.left() - 1 * kMm, l.genes.height()),
               Qt::AlignRight | Qt::AlignVCenter, QObject::tr("Genes"));
    // The gene painter sizes its rows and lines in screen pixels: drawn at
    // screen scale into a plot scaled up to figure units (font scaled back).
    p.save();
    p.translate(plot.topLeft());
    p.scale(kScreenToFigure, kScreenToFigure);
    QFont f = l.labelFont;
    f.setPixelSize(std::max(1, int(std::lround(l.labelFont.pixelSize() / kScreenToFigure))));
    p.setFont(f);
    paintGeneTrack(p, QRectF(0, 0, plot.width() / kScreenToFigure, plot.height() / kScreenToFigure),
                   geneTrackData(data));
    p.restore();
  }

  paintLogoTrack(p, l.logo, l.plot(l.logo), l.scale, data.start, data.end, lookup, data.marked, style);
  paintMutagenesisTrack(p, l.map, l.plot(l.map), l.scale, data.start, data.end, lookup, data.marked, 0, style);
  if (!data.rows.empty())
    paintAlignmentTrack(p, l.alignment, l.plot(l.alignment), l.scale, data.alignment, data.rows, l.rowHeight,
                        data.marked, style);
  p.restore();
}

std::optional<FigureFormat> figureFormatFor(const QString& path) {
  if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) return FigureFormat::Svg;
  if (path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)) return FigureFormat::Pdf;
  if (path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) return FigureFormat::Png;
  return std::nullopt;
}

QSize figurePixelSize(const FigureLayout& layout, int dpi) {
  const double s = dpi / kFigureUnitsPerInch;
  return {int(std::lround(layout.size.width() * s)), int(std::lround(layout.size.height() * s))};
}

bool renderFigure(const FigureData& data, FigureFormat format, int dpi, QByteArray* out, QString* error) {
  if (dpi < kMinFigureDpi || dpi > kMaxFigureDpi)
    return fail(error, QObject::tr("DPI must be between %1 and %2, not %3").arg(kMinFigureDpi).arg(kMaxFigureDpi).arg(dpi));
  const FigureLayout layout = layoutFigure(data);
  out->clear();
  QBuffer buffer(out);
  buffer.open(QIODevice::WriteOnly);
  QPainter p;
  switch (format) {
    case FigureFormat::Svg: {
      // Vector: drawn in figure units; width and height in millimetres.
      QSvgGenerator svg;
      svg.setOutputDevice(&buffer);
      svg.setResolution(int(kFigureUnitsPerInch));
      svg.setSize(QSize(int(std::ceil(layout.size.width())), int(std::ceil(layout.size.height()))));
      svg.setViewBox(QRectF(QPointF(0, 0), layout.size));
      svg.setTitle(data.title());
      svg.setDescription(data.subtitle());
      if (!p.begin(&svg)) return fail(error, QObject::tr("Cannot start the SVG output"));
      paintFigure(p, data, layout);
      p.end();  // writes the closing </svg>
      return true;
    }
    case FigureFormat::Pdf: {
      QPdfWriter pdf(&buffer);
      pdf.setPageSize(QPageSize(layout.sizeMm(), QPageSize::Millimeter, QString(), QPageSize::ExactMatch));
      pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
      // Vector: drawn in figure units (a painter that sizes a font in points
      // gets the same size as in the SVG and PNG); `dpi` does not apply.
      pdf.setResolution(int(kFigureUnitsPerInch));
      pdf.setTitle(data.title());
      pdf.setCreator(QStringLiteral("GPN-MSA Studio"));
      if (!p.begin(&pdf)) return fail(error, QObject::tr("Cannot start the PDF output"));
      paintFigure(p, data, layout);
      p.end();
      return true;
    }
    case FigureFormat::Png: {
      const QSize px = figurePixelSize(layout, dpi);
      if (double(px.width()) * px.height() > kMaxPngPixels)
        return fail(error, QObject::tr("The figure would be %1 × %2 pixels at %3 dpi; choose a lower DPI or SVG / PDF")
                               .arg(px.width()).arg(px.height()).arg(dpi));
      QImage image(px, QImage::Format_ARGB32_Premultiplied);
      if (image.isNull()) return fail(error, QObject::tr("Not enough memory for a %1 × %2 image").arg(px.width()).arg(px.height()));
      image.fill(Qt::white);
      // Painted as a 300-dpi image scaled to `dpi`: a font sized in points
      // then scales with everything else. The file says its real DPI.
      auto setDpi = [&image](double d) {
        image.setDotsPerMeterX(int(std::lround(d / 0.0254)));
        image.setDotsPerMeterY(int(std::lround(d / 0.0254)));
      };
      setDpi(kFigureUnitsPerInch);
      if (!p.begin(&image)) return fail(error, QObject::tr("Cannot paint the PNG image"));
      p.scale(dpi / kFigureUnitsPerInch, dpi / kFigureUnitsPerInch);
      paintFigure(p, data, layout);
      p.end();
      setDpi(dpi);
      image.setText(QStringLiteral("Title"), data.title());
      image.setText(QStringLiteral("Description"), data.subtitle());
      if (!image.save(&buffer, "PNG")) return fail(error, QObject::tr("Cannot encode the PNG image"));
      return true;
    }
  }
  return fail(error, QObject::tr("Unknown figure format"));
}

bool writeFigure(const FigureData& data, const QString& path, int dpi, QString* error) {
  const auto format = figureFormatFor(path);
  if (!format) return fail(error, QObject::tr("%1: a figure is written as .svg, .pdf or .png").arg(path));
  QByteArray bytes;
  if (!renderFigure(data, *format, dpi, &bytes, error)) return false;
  return writeAtomically(path, bytes, error);
}

}  // namespace gpnmsa::ui
