// SPDX-License-Identifier: GPL-3.0-or-later
// Drawing a figure (figure_data.h) for print, and writing it as SVG, PDF or
// PNG. The layout is made in figure units, 300 per inch, from sizes in
// millimetres and points, so the figure is the same picture at every DPI
// (a PNG at 600 dpi is the 300-dpi one, sharper); every track is stacked on
// ONE TrackScale and drawn by the app's own painters (track_painters.h, the
// gene track's paintGeneTrack).
#pragma once
#include <QByteArray>
#include <QFont>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <optional>

#include "track_scale.h"

class QPainter;

namespace gpnmsa::ui {

struct FigureData;

constexpr double kFigureUnitsPerInch = 300;
constexpr double kFigureUnitsPerMm = kFigureUnitsPerInch / 25.4;
constexpr int kDefaultFigureDpi = 300;
constexpr int kMinFigureDpi = 72, kMaxFigureDpi = 1200;

// Where each part of the figure lies, in figure units. Track rectangles are
// whole rows (label column + plot + legend); `plot` gives the data columns'
// x range, shared by every track.
struct FigureLayout {
  QSizeF size;       // the whole figure
  QRectF title;      // title and subtitle lines
  QRectF ruler, genes, logo, map, alignment;  // genes empty when no annotation is set
  double plotLeft = 0, plotWidth = 0;
  double rowHeight = 0;  // of one alignment row
  TrackScale scale;      // the one x mapping: base p in [x(p), x(p + 1))
  QFont titleFont, textFont, labelFont;  // pixel sizes in figure units
  double lineWidth = 0;

  QSizeF sizeMm() const { return size / kFigureUnitsPerMm; }
  QRectF plot(const QRectF& track) const { return {plotLeft, track.top(), plotWidth, track.height()}; }
};

FigureLayout layoutFigure(const FigureData& data);

// Paints the figure with the painter's coordinates in figure units (scale it
// first for another resolution). White background included.
void paintFigure(QPainter& painter, const FigureData& data, const FigureLayout& layout);

enum class FigureFormat { Svg, Pdf, Png };
// By the file name's suffix (.svg, .pdf, .png; case ignored); nullopt otherwise.
std::optional<FigureFormat> figureFormatFor(const QString& path);
// The pixel size of a PNG of `layout` at `dpi`.
QSize figurePixelSize(const FigureLayout& layout, int dpi);

// Renders to the bytes of a file; false with *error (a DPI out of range, too
// large an image, a painter that cannot start). `dpi` sets a PNG's pixel
// size; SVG and PDF are vector, sized in millimetres.
bool renderFigure(const FigureData& data, FigureFormat format, int dpi, QByteArray* out, QString* error);
// renderFigure() by suffix, then written atomically (view_export.h
// writeAtomically): a failure leaves any previous file at `path` untouched.
bool writeFigure(const FigureData& data, const QString& path, int dpi, QString* error);

}  // namespace gpnmsa::ui
