// SPDX-License-Identifier: GPL-3.0-or-later
// A one-line label that never asks for more width than it gets: its text is
// drawn elided ("chr22:16,700,0…") when the room is short (the owner sets the
// whole text as its tooltip). text() stays the whole text.
#pragma once
#include <QLabel>
#include <QPainter>

namespace gpnmsa::ui {

class ElidingLabel : public QLabel {
 public:
  explicit ElidingLabel(QWidget* parent = nullptr) : QLabel(parent) {
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  }
  QSize minimumSizeHint() const override { return {fontMetrics().averageCharWidth() * 6, fontMetrics().height()}; }
  // The width the whole text needs.
  int fullWidth() const { return fontMetrics().horizontalAdvance(text()) + 2 * margin() + 4; }
  bool isElided() const { return fullWidth() > contentsRect().width(); }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    const QRect r = contentsRect().adjusted(margin(), 0, -margin(), 0);
    p.setPen(palette().color(foregroundRole()));
    p.setFont(font());
    p.drawText(r, int(alignment()) | Qt::TextSingleLine, fontMetrics().elidedText(text(), Qt::ElideRight, r.width()));
  }
};

}  // namespace gpnmsa::ui
