// SPDX-License-Identifier: GPL-3.0-or-later
// The region browser's one x axis: which stretch of which chromosome is in
// view and at what zoom. Every track reads its TrackScale from here (the
// same viewStart and pixels per base, each with its own plotLeft), so moving
// or zooming moves all of them together. Positions are 1-based; the view is
// kept inside the chromosome [1, length].
#pragma once
#include <QObject>
#include <QString>

#include "track_scale.h"

namespace gpnmsa::ui {

class GenomeAxis : public QObject {
  Q_OBJECT
 public:
  // Zoom limits: letters large at the top end; several kb in view at the other.
  static constexpr double kMaxPixelsPerBase = 24.0;
  static constexpr qint64 kMaxBasesInView = 20'000;
  // One label column and one legend margin for every track, so their data
  // areas start and end at the same pixel.
  static constexpr int kLabelWidth = 120, kLegendWidth = 64;
  // What a variant opens with: the model's window (128 bp).
  static constexpr qint64 kDefaultBases = 128;

  explicit GenomeAxis(QObject* parent = nullptr);

  // The chromosome in view (as the user wrote it) and its length; the view
  // is clamped into [1, length]. length 0: unknown (no clamping).
  void setChromosome(const QString& chrom, qint64 length);
  const QString& chrom() const { return chrom_; }
  qint64 chromLength() const { return length_; }
  // The variant marked in every track; 0 = none.
  void setMarked(qint64 pos);
  qint64 marked() const { return marked_; }

  // Width in pixels of the data area (the tracks' width less label column
  // and legend); the panel sets it on every resize, keeping the centre.
  void setPlotWidth(double pixels);
  double plotWidth() const { return plotWidth_; }

  // The scale for a track whose data area starts at `plotLeft`.
  TrackScale scale(double plotLeft = kLabelWidth) const { return {viewStart_, ppb_, plotLeft}; }
  double viewStart() const { return viewStart_; }
  double pixelsPerBase() const { return ppb_; }
  double basesInView() const { return plotWidth_ / ppb_; }
  double centre() const { return viewStart_ + basesInView() / 2; }  // fractional position
  qint64 firstVisible() const;
  qint64 lastVisible() const;
  double minPixelsPerBase() const;
  bool isSummary() const { return ppb_ < kSummaryBelowPixelsPerBase; }

  // Shows positions [first, last] filling the data area (zoom clamped).
  void showRange(qint64 first, qint64 last);
  // Zoom by `factor` (> 1: in), keeping fractional position `anchor` at its pixel.
  void zoomBy(double factor, double anchor);
  void setPixelsPerBase(double ppb);  // around the centre
  void centreOn(double pos);
  void panPixels(double dx);  // > 0: the view moves right (later positions)

 public slots:
  void zoomIn() { zoomBy(2.0, centre()); }
  void zoomOut() { zoomBy(0.5, centre()); }
  void goToMarked();
  // Back to the default: kDefaultBases around the variant (or the centre).
  void resetZoom();

 signals:
  void changed();

 private:
  void set(double viewStart, double ppb);  // clamps, emits changed() if different

  QString chrom_;
  qint64 length_ = 0, marked_ = 0;
  double viewStart_ = 1, ppb_ = 12, plotWidth_ = 800;
};

}  // namespace gpnmsa::ui
