// SPDX-License-Identifier: GPL-3.0-or-later
#include "alignment_view.h"

#include <QFontMetrics>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>

#include "gpnmsa/tokens.h"

#include "base_colors.h"

namespace gpnmsa::ui {

namespace {
constexpr int kMinCell = 2, kMaxCell = 40;
constexpr int kLabelPad = 6;
}  // namespace

AlignmentView::AlignmentView(QWidget* parent) : QAbstractScrollArea(parent) {
  viewport()->setBackgroundRole(QPalette::Base);
  viewport()->setAutoFillBackground(true);
  setMouseTracking(true);
  viewport()->setMouseTracking(true);
}

void AlignmentView::setWindow(const AlignmentWindowData& data) {
  data_ = data;
  labelWidth_ = -1;
  updateScrollBars();
  viewport()->update();
}

void AlignmentView::clear() { setWindow({}); }

// Rows stay readable at every zoom: height follows the width up to a point,
// so zooming out shows more positions without hiding species.
int AlignmentView::rowHeight() const { return std::clamp(cellWidth_ + 2, 8, 16); }

int AlignmentView::headerHeight() const { return fontMetrics().height() + 4; }

// Cached: cellRect() needs it for every cell painted, and measuring 90 labels
// each time made a full-window paint (the report's) take seconds.
int AlignmentView::labelWidth() const {
  if (labelWidth_ >= 0) return labelWidth_;
  const QFontMetrics fm = fontMetrics();
  int w = fm.horizontalAdvance(QStringLiteral("Human"));
  for (const QString& l : data_.rowLabels) w = std::max(w, fm.horizontalAdvance(l));
  // Slack for the bold human label and fractional glyph advances.
  labelWidth_ = std::min(w, 220) + 2 * kLabelPad + 8;
  return labelWidth_;
}

void AlignmentView::changeEvent(QEvent* e) {
  if (e->type() == QEvent::FontChange) labelWidth_ = -1;
  QAbstractScrollArea::changeEvent(e);
}

QSize AlignmentView::sizeHint() const { return {labelWidth() + gpnmsa::kWindowSize * cellWidth_, 360}; }

QRect AlignmentView::cellRect(int seq, int index) const {
  const int x = labelWidth() + index * cellWidth_ - horizontalScrollBar()->value();
  const int y = headerHeight() + seq * rowHeight() - verticalScrollBar()->value();
  return {x, y, cellWidth_, rowHeight()};
}

void AlignmentView::setCellWidth(int pixels) {
  pixels = std::clamp(pixels, kMinCell, kMaxCell);
  if (pixels == cellWidth_) return;
  // Keep the position under the viewport's centre where it was.
  const int cellsLeft = labelWidth();
  const double centre =
      (horizontalScrollBar()->value() + (viewport()->width() - cellsLeft) / 2.0) / cellWidth_;
  cellWidth_ = pixels;
  updateScrollBars();
  horizontalScrollBar()->setValue(int(centre * cellWidth_ - (viewport()->width() - cellsLeft) / 2.0));
  viewport()->update();
}

void AlignmentView::zoomIn() { setCellWidth(cellWidth_ < 8 ? cellWidth_ + 1 : cellWidth_ + 4); }
void AlignmentView::zoomOut() { setCellWidth(cellWidth_ <= 8 ? cellWidth_ - 1 : cellWidth_ - 4); }

void AlignmentView::centerOnMarked() {
  if (data_.markedIndex < 0) return;
  const int span = viewport()->width() - labelWidth();
  horizontalScrollBar()->setValue(data_.markedIndex * cellWidth_ + cellWidth_ / 2 - span / 2);
}

void AlignmentView::updateScrollBars() {
  const int contentW = data_.length() * cellWidth_;
  const int contentH = data_.columns * rowHeight();
  const int viewW = std::max(0, viewport()->width() - labelWidth());
  const int viewH = std::max(0, viewport()->height() - headerHeight());
  horizontalScrollBar()->setRange(0, std::max(0, contentW - viewW));
  horizontalScrollBar()->setPageStep(viewW);
  horizontalScrollBar()->setSingleStep(cellWidth_);
  verticalScrollBar()->setRange(0, std::max(0, contentH - viewH));
  verticalScrollBar()->setPageStep(viewH);
  verticalScrollBar()->setSingleStep(rowHeight());
}

void AlignmentView::resizeEvent(QResizeEvent* e) {
  QAbstractScrollArea::resizeEvent(e);
  updateScrollBars();
}

void AlignmentView::wheelEvent(QWheelEvent* e) {
  if (e->modifiers() & Qt::ControlModifier) {
    if (e->angleDelta().y() > 0) zoomIn();
    else if (e->angleDelta().y() < 0) zoomOut();
    e->accept();
    return;
  }
  QAbstractScrollArea::wheelEvent(e);
}

QString AlignmentView::toolTipAt(const QPoint& p) const {
  const int lw = labelWidth(), hh = headerHeight();
  if (p.x() < lw || p.y() < hh || data_.columns <= 0) return {};
  const int index = (p.x() - lw + horizontalScrollBar()->value()) / cellWidth_;
  const int seq = (p.y() - hh + verticalScrollBar()->value()) / rowHeight();
  if (index < 0 || index >= data_.length() || seq < 0 || seq >= data_.columns) return {};
  const char b = data_.base(seq, index);
  const QString label = seq < data_.rowLabels.size() ? data_.rowLabels[seq]
                        : seq == 0                   ? QStringLiteral("Human")
                                                     : QStringLiteral("species %1").arg(seq);
  QString base;
  if (b == '-') base = tr("gap");
  else if (baseStyle(b).letter == 0) base = tr("missing");
  else base = QString(QLatin1Char(b)) + (b >= 'a' && b <= 'z' ? tr(" (soft-masked)") : QString());
  return QStringLiteral("%1 — %2:%3 — %4")
      .arg(label, data_.chrom, QLocale().toString(data_.firstPos + index), base);
}

bool AlignmentView::viewportEvent(QEvent* e) {
  if (e->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(e);
    const QString text = toolTipAt(help->pos());
    if (text.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(help->globalPos(), text, viewport());
    return true;
  }
  return QAbstractScrollArea::viewportEvent(e);
}

void AlignmentView::paintEvent(QPaintEvent*) {
  QPainter painter(viewport());
  const QPalette pal = palette();
  const int lw = labelWidth(), hh = headerHeight(), rh = rowHeight(), cw = cellWidth_;
  const int vw = viewport()->width(), vh = viewport()->height();
  const int n = data_.length();
  if (n == 0 || data_.columns <= 0) {
    painter.setPen(pal.color(QPalette::PlaceholderText));
    painter.drawText(viewport()->rect(), Qt::AlignCenter, tr("No alignment window"));
    return;
  }
  const int sx = horizontalScrollBar()->value(), sy = verticalScrollBar()->value();
  const int firstCol = std::max(0, sx / cw), lastCol = std::min(n - 1, (sx + vw - lw) / cw);
  const int firstRow = std::max(0, sy / rh), lastRow = std::min(data_.columns - 1, (sy + vh - hh) / rh);

  // Cells (clipped to the area right of the labels and below the ruler).
  painter.save();
  painter.setClipRect(lw, hh, vw - lw, vh - hh);
  QFont letterFont = font();
  letterFont.setPixelSize(std::max(6, std::min(cw, rh) - 2));
  letterFont.setBold(true);
  painter.setFont(letterFont);
  const bool letters = cw >= 8 && rh >= 10;
  // 1-px separators only when cells are big enough to spare them.
  const int gapPx = cw >= 5 ? 1 : 0;
  for (int seq = firstRow; seq <= lastRow; ++seq) {
    for (int i = firstCol; i <= lastCol; ++i) {
      const QRect r = cellRect(seq, i);
      const BaseStyle s = baseStyle(data_.base(seq, i));
      painter.fillRect(r.adjusted(0, 0, -gapPx, -1), s.fill);
      if (letters && s.letter) {
        painter.setPen(s.text);
        painter.drawText(r.adjusted(0, 0, -gapPx, -1), Qt::AlignCenter, QString(QLatin1Char(s.letter)));
      }
    }
  }
  // The variant column: a dark outline over its whole height.
  if (data_.markedIndex >= 0 && data_.markedIndex < n) {
    const QRect top = cellRect(0, data_.markedIndex);
    const int bottom = cellRect(data_.columns - 1, data_.markedIndex).bottom();
    painter.setPen(QPen(QColor(0, 0, 0), 2, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(top.left() + 1, top.top() + 1, cw - 2, bottom - top.top() - 1));
  }
  painter.restore();

  // Ruler: 1-based positions every 10 bp (more sparse when zoomed out).
  painter.fillRect(0, 0, vw, hh, pal.color(QPalette::Window));
  painter.setPen(pal.color(QPalette::WindowText));
  painter.setFont(font());
  // Label spacing: the smallest round step whose labels cannot overlap.
  const int labelW = fontMetrics().horizontalAdvance(QStringLiteral("000,000,000")) + 8;
  int step = 1000;
  for (int s : {1, 2, 5, 10, 20, 50, 100, 200, 500})
    if (s * cw >= labelW) {
      step = s;
      break;
    }
  painter.save();
  painter.setClipRect(lw, 0, vw - lw, hh);
  for (int i = firstCol; i <= lastCol; ++i) {
    const qint64 pos = data_.firstPos + i;
    const QRect r = cellRect(0, i);
    if (i == data_.markedIndex) {  // the variant: a small triangle pointing at its column
      QPainterPath tri;
      tri.moveTo(r.center().x(), hh - 1);
      tri.lineTo(r.center().x() - 4, hh - 7);
      tri.lineTo(r.center().x() + 4, hh - 7);
      tri.closeSubpath();
      painter.fillPath(tri, pal.color(QPalette::WindowText));
    }
    if (pos % step == 0) {
      painter.drawLine(r.center().x(), hh - 3, r.center().x(), hh - 1);
      const QString text = QLocale().toString(pos);
      painter.drawText(QRect(r.center().x() - labelW / 2, 0, labelW, hh - 3), Qt::AlignCenter, text);
    }
  }
  painter.restore();

  // Labels: fixed on the left so they stay visible while scrolling sideways.
  painter.fillRect(0, hh, lw, vh - hh, pal.color(QPalette::Window));
  painter.setClipRect(0, hh, lw, vh - hh);
  const QFontMetrics fm = fontMetrics();
  for (int seq = firstRow; seq <= lastRow; ++seq) {
    const QRect r(kLabelPad, cellRect(seq, 0).top(), lw - 2 * kLabelPad, rh);
    const QString label = seq < data_.rowLabels.size() ? data_.rowLabels[seq]
                          : seq == 0 ? QStringLiteral("Human") : QStringLiteral("species %1").arg(seq);
    QFont f = font();
    f.setBold(seq == 0);
    if (rh - 1 < fm.height()) f.setPixelSize(std::max(6, rh - 1));  // zoomed out: shrink, don't overlap
    painter.setFont(f);
    painter.drawText(r, Qt::AlignVCenter | Qt::AlignLeft, fm.elidedText(label, Qt::ElideRight, r.width()));
  }
}

}  // namespace gpnmsa::ui
