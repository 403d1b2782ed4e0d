// SPDX-License-Identifier: GPL-3.0-or-later
// A one-line label that never asks for the width of its whole text: it shows
// as much as fits, ending in "…", and the whole text as its tooltip when cut.
// For header and status lines that must neither overlap nor widen the window.
// setText() as for any QLabel (plain text).
#pragma once
#include <QLabel>

namespace gpnmsa::ui {

class ElidedLabel : public QLabel {
  Q_OBJECT
 public:
  explicit ElidedLabel(QWidget* parent = nullptr);
  // What is painted at the current width.
  QString shownText() const;
  QSize minimumSizeHint() const override;

 protected:
  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
};

}  // namespace gpnmsa::ui
