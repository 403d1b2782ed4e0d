// SPDX-License-Identifier: GPL-3.0-or-later
// The report's figures for one variant, painted as vectors through a
// QCPPainter (a QPainter that QCustomPlot can also draw with) onto any device:
// the PDF page or an SVG for the HTML file. Each figure is drawn by the app's
// own view (LogoView, MutagenesisPlot, AlignmentView), so the report shows
// what the app shows; only the mutagenesis map's colour cells and scale are
// drawn as rectangles and a gradient here, because QCustomPlot paints a
// colour map as a raster image.
#pragma once
#include <QSizeF>
#include <QString>
#include <functional>
#include <vector>

#include "report_data.h"

class QCPPainter;

namespace gpnmsa::ui {

struct ReportFigure {
  QString caption;
  QSizeF size;  // natural size in report pixels (1/96 inch); the PDF scales it down to fit
  // Paints the figure in QRectF(QPointF(0, 0), size) of the painter's current coordinates.
  std::function<void(QCPPainter&)> paint;
};

// The figures of `v` in print order: gene track (when available), sequence
// logo, mutagenesis map, alignment window. Empty when v.figures has none.
std::vector<ReportFigure> reportFigures(const ReportVariant& v);

}  // namespace gpnmsa::ui
