// SPDX-License-Identifier: GPL-3.0-or-later
// The region browser's track widgets: ruler, genes, logo, mutagenesis map and
// alignment rows. Each paints through its painter (track_painters.h) with the
// scale of the one GenomeAxis, over a data area that starts after the same
// label column and ends before the same legend margin in every track, so a
// base is at the same pixel column in all of them. Dragging any track pans,
// the wheel zooms about the base under the mouse; each track has What's This
// help and an ⓘ button in its label column that shows it.
#pragma once
#include <QWidget>
#include <functional>
#include <vector>

#include "alignment_view.h"  // AlignmentWindowData
#include "gene_track_view.h"  // GeneTrackData
#include "track_help.h"
#include "track_painters.h"
#include "track_scale.h"

class QScrollBar;
class QToolButton;

namespace gpnmsa::ui {

class GenomeAxis;

class TrackWidget : public QWidget {
  Q_OBJECT
 public:
  TrackWidget(GenomeAxis* axis, TrackKind kind, QWidget* parent = nullptr);
  TrackKind kind() const { return kind_; }
  GenomeAxis* axis() const { return axis_; }

  // The track's whole drawing area and its data area (widget coordinates).
  virtual QRectF areaRect() const;
  QRectF plotRect() const;
  // The scale painting uses; centerXOf() is where this track draws the
  // centre of base `pos` (widget x), computed by that same scale.
  TrackScale scale() const;
  double centerXOf(qint64 pos) const { return scale().centerX(pos); }
  // Shown instead of data when not empty ("Select a variant…").
  void setPlaceholder(const QString& text);
  QString placeholder() const { return placeholder_; }
  QToolButton* infoButton() const { return info_; }
  // The tooltip shown at `point` (widget coordinates); empty where nothing is.
  QString toolTipText(QPointF point) const { return toolTipAt(point); }

 signals:
  // A click (press and release without dragging) at `point` (widget coordinates).
  void clicked(QPointF point);

 protected:
  virtual void paintTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& s) = 0;
  virtual QString toolTipAt(QPointF) const { return {}; }
  void paintEvent(QPaintEvent*) override;
  void resizeEvent(QResizeEvent*) override;
  void mousePressEvent(QMouseEvent*) override;
  void mouseMoveEvent(QMouseEvent*) override;
  void mouseReleaseEvent(QMouseEvent*) override;
  void wheelEvent(QWheelEvent*) override;
  bool event(QEvent*) override;  // tooltips

 private:
  GenomeAxis* axis_;
  TrackKind kind_;
  QString placeholder_;
  QToolButton* info_;
  double pressX_ = 0, lastX_ = 0;
  bool pressed_ = false, dragging_ = false;
};

class RulerTrack : public TrackWidget {
  Q_OBJECT
 public:
  explicit RulerTrack(GenomeAxis* axis, QWidget* parent = nullptr);
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override { return {200, sizeHint().height()}; }

 protected:
  void paintTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& s) override;
};

class GenesTrack : public TrackWidget {
  Q_OBJECT
 public:
  explicit GenesTrack(GenomeAxis* axis, QWidget* parent = nullptr);
  void setData(GeneTrackData data);
  const GeneTrackData& data() const { return data_; }
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override { return {200, 30}; }

 protected:
  void paintTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& s) override;
  QString toolTipAt(QPointF point) const override;

 private:
  QRectF spanRect() const;  // data.start..end on the scale (paintGeneTrack's rectangle)
  GeneTrackData data_;
};

class LogoTrack : public TrackWidget {
  Q_OBJECT
 public:
  explicit LogoTrack(GenomeAxis* axis, QWidget* parent = nullptr);
  void setLogits(LogitsLookup logits) { logits_ = std::move(logits); update(); }
  const LogitsLookup& logits() const { return logits_; }
  // GPN-Star's calibrated heights (null: p × (2 − H) of the logits).
  void setHeights(HeightsLookup heights) { heights_ = std::move(heights); update(); }
  bool hasHeights() const { return bool(heights_); }
  // The letter heights drawn at `pos` (bits); nullopt when not computed.
  std::optional<std::array<double, 4>> heightsAt(qint64 pos) const;
  QSize sizeHint() const override { return {900, 150}; }
  QSize minimumSizeHint() const override { return {200, 70}; }

 protected:
  void paintTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& s) override;
  QString toolTipAt(QPointF point) const override;

 private:
  LogitsLookup logits_;
  HeightsLookup heights_;
};

class MapTrack : public TrackWidget {
  Q_OBJECT
 public:
  explicit MapTrack(GenomeAxis* axis, QWidget* parent = nullptr);
  void setLogits(LogitsLookup logits) { logits_ = std::move(logits); update(); }
  // The (pos, alt 0..3) of the cell under `point` (widget coordinates).
  bool cellAt(QPointF point, qint64* pos, int* base) const;
  QSize sizeHint() const override { return {900, 96}; }
  QSize minimumSizeHint() const override { return {200, 60}; }

 signals:
  // A click on the cell of alt base `base` (0..3 = A, C, G, T) at `pos`.
  void cellClicked(qint64 pos, int base);

 protected:
  void paintTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& s) override;
  QString toolTipAt(QPointF point) const override;

 private:
  LogitsLookup logits_;
};

// Alignment rows (human first, then the species), names in the label
// column; they scroll vertically only (a scroll bar in the legend margin).
class AlignmentTrack : public TrackWidget {
  Q_OBJECT
 public:
  explicit AlignmentTrack(GenomeAxis* axis, QWidget* parent = nullptr);
  void setWindow(AlignmentWindowData data);
  const AlignmentWindowData& window() const { return data_; }
  double rowHeight() const { return 14; }
  // Sequences drawn, top to bottom, at the current vertical scroll.
  std::vector<int> visibleRows() const;
  // The top (widget y) of the row of sequence `seq`, as painted.
  double rowTop(int seq) const;
  QScrollBar* rowScrollBar() const { return rows_; }
  QSize sizeHint() const override { return {900, 300}; }
  QSize minimumSizeHint() const override { return {200, 60}; }

 protected:
  void paintTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& s) override;
  QString toolTipAt(QPointF point) const override;
  void resizeEvent(QResizeEvent*) override;
  void wheelEvent(QWheelEvent*) override;  // Shift: rows up/down; else zoom

 private:
  void updateRowScroll();
  AlignmentWindowData data_;
  QScrollBar* rows_;
};

}  // namespace gpnmsa::ui
