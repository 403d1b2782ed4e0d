// SPDX-License-Identifier: GPL-3.0-or-later
// The score colour scale as a small horizontal bar with its end labels.
#pragma once
#include <QWidget>

namespace gpnmsa::ui {

class ScoreLegend : public QWidget {
  Q_OBJECT
 public:
  explicit ScoreLegend(QWidget* parent = nullptr);
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent*) override;
};

}  // namespace gpnmsa::ui
