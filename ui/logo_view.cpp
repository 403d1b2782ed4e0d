// SPDX-License-Identifier: GPL-3.0-or-later
#include "logo_view.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>

#include "base_colors.h"
#include "track_painters.h"
#include "view_math.h"

namespace gpnmsa::ui {

namespace {
constexpr int kTop = 8, kBottom = 22;
const char kLetters[4] = {'A', 'C', 'G', 'T'};

}  // namespace

LogoView::LogoView(QWidget* parent) : QWidget(parent) {
  setBackgroundRole(QPalette::Base);
  setAutoFillBackground(true);
}

void LogoView::setRange(qint64 start, qint64 end) {
  start_ = start;
  slots_.assign(size_t(std::max<qint64>(0, end - start + 1)), Slot{});
  update();
}

void LogoView::clear() { setRange(1, 0); }

void LogoView::setPositions(const std::vector<PositionLogits>& positions) {
  if (positions.empty()) return clear();
  setRange(positions.front().pos, positions.back().pos);
  updatePositions(positions);
}

void LogoView::setRegion(const RegionLogits& region) {
  setRange(region.start, region.end);
  updatePositions(region.positions);
}

void LogoView::store(const PositionLogits& pl) {
  const qint64 i = pl.pos - start_;
  if (i < 0 || i >= qint64(slots_.size())) return;
  Slot& s = slots_[size_t(i)];
  s.computed = true;
  s.ref = pl.ref;
  s.column = logoColumn(pl.acgt);
  s.p = softmax4(pl.acgt);
  s.logits = pl;
}

int LogoView::computedCount() const {
  return int(std::count_if(slots_.begin(), slots_.end(), [](const Slot& s) { return s.computed; }));
}

void LogoView::updatePositions(const RegionLogits& region, size_t first, size_t count) {
  const size_t end = std::min(region.positions.size(), first + count);
  for (size_t k = first; k < end; ++k) store(region.positions[k]);
  update();
}

void LogoView::updatePositions(const std::vector<PositionLogits>& positions) {
  for (const auto& pl : positions) store(pl);
  update();
}

void LogoView::setMarkedPosition(qint64 pos) {
  marked_ = pos;
  update();
}

void LogoView::setPlotMargins(int left, int right) {
  left = std::max(0, left);
  right = std::max(0, right);
  if (left == left_ && right == right_) return;
  left_ = left;
  right_ = right;
  update();
}

QRectF LogoView::plotRect() const {
  return QRectF(left_, kTop, std::max(1, width() - left_ - right_), std::max(1, height() - kTop - kBottom));
}

QRectF LogoView::columnRect(int index) const {
  const QRectF plot = plotRect();
  const ColumnScale scale(plot.left(), plot.width(), double(slots_.size()));
  return QRectF(scale.x(index), plot.top(), scale.columnWidth, plot.height());
}

bool LogoView::event(QEvent* e) {
  if (e->type() == QEvent::ToolTip && !slots_.empty()) {
    auto* help = static_cast<QHelpEvent*>(e);
    const QRectF plot = plotRect();
    const int i = int(ColumnScale(plot.left(), plot.width(), double(slots_.size())).columnAt(help->pos().x()));
    if (help->pos().x() >= plot.left() && i >= 0 && i < count()) {
      const Slot& s = slots_[size_t(i)];
      QString text = tr("Position %1, reference %2").arg(QLocale().toString(start_ + i)).arg(QLatin1Char(s.ref));
      if (s.computed)
        for (int b = 0; b < 4; ++b)
          text += QStringLiteral("\n%1: p = %2").arg(QLatin1Char(kLetters[b])).arg(s.p[b], 0, 'f', 3);
      else
        text += tr("\n(not computed yet)");
      QToolTip::showText(help->globalPos(), text, this);
    } else {
      QToolTip::hideText();
    }
    return true;
  }
  return QWidget::event(e);
}

void LogoView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QRectF plot = plotRect();
  const QColor axis = palette().color(QPalette::WindowText);

  // y axis: 0–2 bits.
  p.setPen(axis);
  p.drawLine(QPointF(plot.left() - 1, plot.top()), QPointF(plot.left() - 1, plot.bottom()));
  for (int bits = 0; bits <= 2; ++bits) {
    const double y = plot.bottom() - plot.height() * bits / 2.0;
    p.drawLine(QPointF(plot.left() - 5, y), QPointF(plot.left() - 1, y));
    p.drawText(QRectF(0, y - 8, plot.left() - 8, 16), Qt::AlignRight | Qt::AlignVCenter, QString::number(bits));
  }
  p.save();
  p.translate(10, plot.center().y());
  p.rotate(-90);
  p.drawText(QRectF(-40, -8, 80, 16), Qt::AlignCenter, tr("bits"));
  p.restore();
  if (slots_.empty()) return;

  const double pxPerBit = plot.height() / 2.0;
  for (int i = 0; i < count(); ++i) {
    const Slot& s = slots_[size_t(i)];
    const QRectF col = columnRect(i);
    if (start_ + i == marked_)  // the variant's column: a faint band behind the letters
      p.fillRect(col, QColor(0, 0, 0, 22));
    if (!s.computed) continue;  // reference unknown until the position arrives
    // Reference base: a bar in its colour just under the baseline.
    const int ref = baseIndex(s.ref);
    const QColor refColor = ref >= 0 ? nucleotideColor(kLetters[ref]) : kColorN;
    p.fillRect(QRectF(col.left() + 0.5, plot.bottom() + 2, std::max(1.0, col.width() - 1), 4), refColor);
    if (!s.computed) continue;
    double y = plot.bottom();
    for (int b : s.column.bottomToTop) {
      const double h = s.column.heights[b] * pxPerBit;
      if (h >= 0.5) drawLogoLetter(p, QRectF(col.left(), y - h, col.width(), h), b, nucleotideColor(kLetters[b]));
      y -= h;
    }
  }
  // Sparse position labels under the columns: every 10 bp, or every 20, 50 or
  // 100 when the columns are too narrow for 8-digit labels not to overlap.
  p.setPen(axis);
  const double labelW = fontMetrics().horizontalAdvance(QStringLiteral("00,000,000")) + 6;
  const double columnW = count() > 0 ? columnRect(0).width() : 1;
  int step = 100;
  for (int s : {10, 20, 50})
    if (s * columnW >= labelW) {
      step = s;
      break;
    }
  for (int i = 0; i < count(); ++i) {
    const qint64 pos = start_ + i;
    if (pos % step != 0) continue;
    const double cx = columnRect(i).center().x();
    p.drawText(QRectF(cx - 50, plot.bottom() + 7, 100, kBottom - 7), Qt::AlignHCenter | Qt::AlignTop,
               QLocale().toString(pos));
  }
}

}  // namespace gpnmsa::ui
