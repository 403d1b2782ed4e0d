// SPDX-License-Identifier: GPL-3.0-or-later
#include "score_legend.h"

#include <QPainter>

#include "calibration_note.h"
#include "variant_table_model.h"

namespace gpnmsa::ui {

ScoreLegend::ScoreLegend(QWidget* parent) : QWidget(parent) {
  setToolTip(tr("Score colour: red = alternative allele less likely than the reference "
                "(more likely deleterious), blue = more likely. Scores beyond ±%1 get the "
                "end colours.\n%2")
                 .arg(VariantTableModel::scoreScaleLimit())
                 .arg(calibrationText()));
}

QSize ScoreLegend::sizeHint() const {
  return {fontMetrics().horizontalAdvance(QStringLiteral("−8 deleterious  0  +8")) + 40,
          fontMetrics().height() + 4};
}

void ScoreLegend::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const double lim = VariantTableModel::scoreScaleLimit();
  const QString left = QStringLiteral("−%1").arg(lim), right = QStringLiteral("+%1").arg(lim);
  const int lw = fontMetrics().horizontalAdvance(left) + 4;
  const int rw = fontMetrics().horizontalAdvance(right) + 4;
  const QRect bar(lw, 2, width() - lw - rw, height() - 4);
  p.fillRect(bar, VariantTableModel::scoreLegendGradient());
  p.setPen(palette().color(QPalette::Mid));
  p.drawRect(bar.adjusted(0, 0, -1, -1));
  p.setPen(palette().color(QPalette::WindowText));
  p.drawText(QRect(0, 0, lw, height()), Qt::AlignVCenter | Qt::AlignLeft, left);
  p.drawText(QRect(width() - rw, 0, rw, height()), Qt::AlignVCenter | Qt::AlignRight, right);
  p.setPen(Qt::black);
  p.drawText(bar, Qt::AlignCenter, tr("deleterious ← 0 →"));
}

}  // namespace gpnmsa::ui
