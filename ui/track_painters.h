// SPDX-License-Identifier: GPL-3.0-or-later
// Painting of the region browser's tracks as free functions on any QPainter
// (the widgets on screen, and File ▸ Export Figure's SVG, PDF and PNG), so
// a figure shows exactly what the browser shows. Each painter draws
//   - its data in `plot`, base `pos` at scale.x(pos) (see track_scale.h),
//     clipped to `plot`;
//   - its axis / row labels in the label column [area.left(), plot.left());
//   - a legend, if it has one (the map's colour scale), in
//     [plot.right(), area.right()).
// `area` and `plot` share top and bottom. Sizes of text and lines come from
// the painter's font and `style` (a figure scales them for print).
#pragma once
#include <QFont>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <array>
#include <functional>
#include <optional>
#include <vector>

#include "alignment_view.h"  // AlignmentWindowData
#include "gene_track_view.h"  // GeneTrackData, paintGeneTrack
#include "gpnmsa/scorer.h"    // PositionLogits
#include "track_scale.h"
#include "view_math.h"  // LogoColumn

class QPainter;

namespace gpnmsa::ui {

// Logits of a position, or nullptr when not computed (yet).
using LogitsLookup = std::function<const gpnmsa::PositionLogits*(qint64 pos)>;

struct TrackStyle {
  double lineWidth = 1.0;  // pixels; a 300-dpi figure passes ~3
  QColor text = Qt::black;
  QColor axis = Qt::black;
};

// One logo letter (base 0..3 = A, C, G, T) stretched to fill `box` exactly:
// a logo encodes information as height, so the ink spans the box.
void drawLogoLetter(QPainter& p, const QRectF& box, int base, const QColor& color);

// Tick marks and position labels ("16,700,000") over [first, last], spaced so
// labels never overlap (1, 2, 5 × 10^k bp).
void paintRuler(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& scale,
                qint64 first, qint64 last, const TrackStyle& style = {});

// The ruler's label spacing: the smallest of 1, 2, 5 × 10^k bp whose labels
// (labelWidth pixels wide) cannot overlap at this scale.
qint64 rulerStep(const TrackScale& scale, double labelWidth);

// The gene track on the shared axis: "Genes" in the label column, then
// paintGeneTrack with its rectangle = data.start..data.end on `scale`,
// clipped to `plot` (data.end < data.start: its placeholder text).
void paintGenesTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& scale,
                     const GeneTrackData& data, const TrackStyle& style = {});

// Sequence logo over [first, last]: letters p × (2 − H) bits tall, bits axis
// (0–2) in the label column, the reference base as a coloured bar under the
// baseline, `marked` (0 = none) as a faint band. Below
// kSummaryBelowPixelsPerBase it draws the information content 2 − H as one
// bar per position (the tallest of the positions sharing a pixel).
// `heights`, when set, gives the letter heights instead of p × (2 − H)
// (GPN-Star's calibrated heights, as its published tracks draw them); a
// position it has none for is drawn from the logits.
using HeightsLookup = std::function<std::optional<std::array<double, 4>>(qint64 pos, const gpnmsa::PositionLogits&)>;
void paintLogoTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& scale,
                    qint64 first, qint64 last, const LogitsLookup& logits, qint64 marked,
                    const TrackStyle& style = {}, const HeightsLookup& heights = {});
// The heights the logo draws at `pos`: heights(pos) when set and known, else
// p × (2 − H) of the logits.
LogoColumn logoColumnAt(qint64 pos, const gpnmsa::PositionLogits& logits, const HeightsLookup& heights);

// In-silico mutagenesis map over [first, last]: rows A, C, G, T (labels in the
// label column), cell colour = logit(alt) − logit(ref) on the diverging scale
// red (−maxAbs) – white (0) – blue (+maxAbs); its colour scale with "Δ logit"
// in the legend part. Below kSummaryBelowPixelsPerBase one strip of the most
// negative Δ logit per position. maxAbs <= 0: taken from the computed cells.
void paintMutagenesisTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& scale,
                           qint64 first, qint64 last, const LogitsLookup& logits, qint64 marked,
                           double maxAbs = 0, const TrackStyle& style = {});
// The map's diverging colour of a Δ logit on a ±maxAbs scale (invalid for NaN).
QColor mutagenesisColor(double delta, double maxAbs);
// The largest |Δ logit| of the computed positions of [first, last] inside `plot`
// (what maxAbs <= 0 means); 0 when none is computed.
double mutagenesisMaxAbs(const TrackScale& scale, const QRectF& plot, qint64 first, qint64 last,
                         const LogitsLookup& logits);
// The (pos, alt base 0..3) under point `pt` of a map painted in `plot`; false
// outside, and below kSummaryBelowPixelsPerBase (one strip: no cell per base).
bool mutagenesisCellAt(const QRectF& plot, const TrackScale& scale, QPointF pt, qint64* pos, int* base);

// Alignment rows: `rows` are sequence indices of `window` (0 = human) drawn
// top to bottom, `rowHeight` each, names (window.rowLabels) in the label
// column; cells coloured by base (base_colors.h), letters when wide enough.
void paintAlignmentTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& scale,
                         const AlignmentWindowData& window, const std::vector<int>& rows, double rowHeight,
                         qint64 marked, const TrackStyle& style = {});

}  // namespace gpnmsa::ui
