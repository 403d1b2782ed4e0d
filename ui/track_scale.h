// SPDX-License-Identifier: GPL-3.0-or-later
// The one x mapping of the region browser and its figures. Every track
// (ruler, genes, logo, mutagenesis map, alignment rows) draws base `pos`
// (1-based) in [x(pos), x(pos + 1)) pixels, from the same TrackScale, so a
// base is the same pixel column in all of them at every zoom and pan.
#pragma once
#include <QtGlobal>
#include <cmath>

namespace gpnmsa::ui {

struct TrackScale {
  double viewStart = 1;       // position (fractional) at pixel plotLeft; base p starts at p
  double pixelsPerBase = 12;  // > 0
  double plotLeft = 0;        // first pixel of the data area (after the label column)

  double x(double pos) const { return plotLeft + (pos - viewStart) * pixelsPerBase; }  // left edge
  double centerX(qint64 pos) const { return x(double(pos) + 0.5); }
  double width(double bases) const { return bases * pixelsPerBase; }
  double posAt(double px) const { return viewStart + (px - plotLeft) / pixelsPerBase; }  // fractional
  qint64 baseAt(double px) const { return qint64(std::floor(posAt(px))); }
  // The bases at least partly inside [plotLeft, plotLeft + plotWidth).
  qint64 firstVisible() const { return baseAt(plotLeft); }
  qint64 lastVisible(double plotWidth) const { return qint64(std::ceil(posAt(plotLeft + plotWidth))) - 1; }
};

// Below this many pixels per base the logo and the map show per-position
// summaries (information content, most negative Δ logit) instead of letters
// and cells; at or above kReadablePixelsPerBase letters are drawn.
constexpr double kSummaryBelowPixelsPerBase = 4.0;
constexpr double kReadablePixelsPerBase = 12.0;

}  // namespace gpnmsa::ui
