// SPDX-License-Identifier: GPL-3.0-or-later
// The gene track: genes and transcripts of a window drawn as IGV draws them
// (a thin line through introns with strand arrows, thick boxes for CDS,
// thinner boxes for UTRs and non-coding exons, names), one transcript per
// row, over the same columns as the sequence logo: position p of the window
// start..end fills [x(p), x(p + 1)) of the plot rectangle, exactly as the
// logo's columns do, so one position is one pixel column in both.
//
// Painting is a free function on any QPainter (widget, image, PDF, SVG); the
// widget only adds margins (set by the detail panel to the logo's) and
// tooltips.
#pragma once
#include <QRectF>
#include <QString>
#include <QWidget>
#include <optional>
#include <vector>

#include "gpnmsa/gene_annotation.h"

class QPainter;

namespace gpnmsa::ui {

struct GeneTrackData {
  QString chrom;
  qint64 start = 0, end = 0;  // the window, 1-based inclusive (end < start: nothing shown)
  qint64 marked = 0;          // the variant's position; 0 = none
  bool annotationLoaded = false;  // false: the track says no annotation is set
  std::vector<gpnmsa::Gene> genes;  // the genes overlapping start..end
};

// Rows drawn: one per transcript (canonical / MANE first within a gene), a
// gene without transcripts as one row of its span; at most kMaxGeneTrackRows,
// the rest counted in a "+N more" note.
constexpr int kMaxGeneTrackRows = 8;
struct GeneTrackRow {
  int gene = 0;
  int transcript = -1;  // -1: the gene itself (no transcript listed)
};
std::vector<GeneTrackRow> geneTrackRows(const GeneTrackData& data, int* hidden = nullptr);

// The height (pixels) the rows want at the default row height.
constexpr double kGeneTrackRowHeight = 26;
double geneTrackHeight(const GeneTrackData& data);

// Paints the track into `plot` (the columns span its width). Uses the
// painter's font for names. Clips to `plot`.
void paintGeneTrack(QPainter& painter, const QRectF& plot, const GeneTrackData& data);

// The row under `point` in a track painted into `plot`, if it holds a
// transcript (or gene) at that x.
std::optional<GeneTrackRow> geneTrackHit(const GeneTrackData& data, const QRectF& plot, QPointF point);
// Tooltip text for a row at position `pos`: gene name, id, biotype, strand;
// transcript name, id, biotype, tags; what `pos` is in it.
QString geneTrackToolTip(const GeneTrackData& data, const GeneTrackRow& row, qint64 pos);

class GeneTrackView : public QWidget {
  Q_OBJECT
 public:
  explicit GeneTrackView(QWidget* parent = nullptr);

  void setData(GeneTrackData data);
  const GeneTrackData& data() const { return data_; }
  // The window's columns span the widget's width less these (the logo's margins).
  void setPlotMargins(int left, int right);
  QRectF plotRect() const;
  // The tooltip shown at `point` (widget coordinates); empty where nothing is.
  QString toolTipAt(QPointF point) const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override { return {200, 30}; }

 protected:
  void paintEvent(QPaintEvent*) override;
  bool event(QEvent*) override;  // tooltips

 private:
  GeneTrackData data_;
  int left_ = 44, right_ = 8;
};

}  // namespace gpnmsa::ui
