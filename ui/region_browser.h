// SPDX-License-Identifier: GPL-3.0-or-later
// The region browser: ruler, genes, sequence logo, mutagenesis map and
// alignment rows stacked on one GenomeAxis, with the controls that move it —
// wheel zoom about the mouse, + / − (keys and buttons), a zoom box (bp in
// view), drag to pan, a scroll bar over the chromosome, arrow keys and "Go to
// variant". It shows data; what to compute is the detail panel's business
// (viewChanged() tells it). Alignment rows for the view are read here, in
// the background, through AlignmentRows.
#pragma once
#include <QWidget>

#include "alignment_rows.h"
#include "browser_tracks.h"
#include "genome_axis.h"

class QComboBox;
class QLabel;
class QScrollBar;
class QSplitter;
class QTimer;
class QToolButton;

namespace gpnmsa::ui {

class RegionBrowser : public QWidget {
  Q_OBJECT
 public:
  explicit RegionBrowser(QWidget* parent = nullptr);

  GenomeAxis* axis() const { return axis_; }
  RulerTrack* rulerTrack() const { return ruler_; }
  GenesTrack* genesTrack() const { return genes_; }
  LogoTrack* logoTrack() const { return logo_; }
  MapTrack* mapTrack() const { return map_; }
  AlignmentTrack* alignmentTrack() const { return alignment_; }
  TrackWidget* track(TrackKind kind) const;
  AlignmentRows* alignmentRows() const { return rows_; }
  QScrollBar* scrollBar() const { return scroll_; }
  QComboBox* zoomBox() const { return zoomBox_; }

  void setSession(gpnmsa::SessionPtr session);
  void setLogits(const LogitsLookup& logits);
  // The logo's letter heights (null: from the logits); see LogoTrack::setHeights.
  void setLogoHeights(const HeightsLookup& heights);
  // Tracks on/off (the View menu); the ruler stays.
  void setTrackVisible(TrackKind kind, bool visible);
  bool isTrackVisible(TrackKind kind) const;
  // Placeholders of every data track (empty: show data).
  void setPlaceholder(const QString& text);
  void refresh();  // repaint the tracks (new logits arrived)
  // The text of the zoom box for `bases` in view ("128 bp", "2.5 kb").
  static QString basesText(double bases);

 signals:
  // The view moved or zoomed (sent for every change; the panel asks for logits).
  void viewChanged();
  void cellClicked(qint64 pos, int base);
  void alignmentFailed(const QString& message);

 protected:
  void keyPressEvent(QKeyEvent*) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void onAxisChanged();
  void requestRows();
  void applyZoomBox();

  GenomeAxis* axis_;
  RulerTrack* ruler_;
  GenesTrack* genes_;
  LogoTrack* logo_;
  MapTrack* map_;
  AlignmentTrack* alignment_;
  QSplitter* splitter_;
  QScrollBar* scroll_;
  QComboBox* zoomBox_;
  QLabel* where_;
  AlignmentRows* rows_;
  QTimer* rowsTimer_;  // alignment reads wait for the view to settle (a drag)
  bool syncing_ = false;
  QString rowsChrom_;  // the chromosome the alignment track's rows are of
};

}  // namespace gpnmsa::ui
