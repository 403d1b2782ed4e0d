// SPDX-License-Identifier: GPL-3.0-or-later
// The alignment window around a variant or locus: human row first, then the
// species in store order, one coloured cell per base. Fed plain bytes as
// AlignmentStore::fetch returns them; does no I/O itself.
#pragma once
#include <QAbstractScrollArea>
#include <QByteArray>
#include <QString>
#include <QStringList>

namespace gpnmsa::ui {

struct AlignmentWindowData {
  QString chrom;
  qint64 firstPos = 1;   // 1-based position of the first row fetched
  int columns = 0;       // 1 + species (bytes per position)
  QByteArray rows;       // positions × columns, row-major, as fetched
  int markedIndex = -1;  // window index (0-based) of the variant column; -1 none
  QStringList rowLabels; // human first, then species (missing ones numbered)

  int length() const { return columns > 0 ? int(rows.size() / columns) : 0; }
  // Byte of sequence `seq` (0 = human) at window index `i`.
  char base(int seq, int i) const { return rows.at(qsizetype(i) * columns + seq); }
};

// Drawn transposed relative to the store: one line per sequence, one column
// per position, which is how alignments are read.
class AlignmentView : public QAbstractScrollArea {
  Q_OBJECT
 public:
  explicit AlignmentView(QWidget* parent = nullptr);

  void setWindow(const AlignmentWindowData& data);
  void clear();
  const AlignmentWindowData& window() const { return data_; }

  int cellWidth() const { return cellWidth_; }
  int rowHeight() const;
  // Cell of sequence `seq` (0 = human) at window index `index`, in viewport
  // coordinates at the current scroll position (may lie outside the viewport).
  QRect cellRect(int seq, int index) const;
  // Tooltip text for a viewport point ("" outside the cells).
  QString toolTipAt(const QPoint& viewportPos) const;

  QSize sizeHint() const override;

 public slots:
  void setCellWidth(int pixels);  // clamped to [2, 40]
  void zoomIn();
  void zoomOut();
  // Scrolls horizontally so the marked column is in the middle.
  void centerOnMarked();

 protected:
  void paintEvent(QPaintEvent*) override;
  void resizeEvent(QResizeEvent*) override;
  void wheelEvent(QWheelEvent*) override;
  bool viewportEvent(QEvent*) override;
  void changeEvent(QEvent*) override;  // a new font: labels measured again

 private:
  void updateScrollBars();
  int labelWidth() const;
  int headerHeight() const;

  AlignmentWindowData data_;
  int cellWidth_ = 12;
  mutable int labelWidth_ = -1;  // labelWidth(), measured once per window and font
};

}  // namespace gpnmsa::ui
