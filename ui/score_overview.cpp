// SPDX-License-Identifier: GPL-3.0-or-later
#include "score_overview.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "calibration_note.h"

namespace gpnmsa::ui {

namespace {
constexpr int kMaxBins = 40;
// Scores closer together than this are one value (scores are written %.6f).
constexpr double kMinSpan = 1e-6;

// A whole tick step (1, 2, 5, 10, 20, 50, ...) giving at most five steps up to `top`.
double countStep(int top) {
  for (double decade = 1;; decade *= 10)
    for (int m : {1, 2, 5})
      if (top <= 5 * m * decade) return m * decade;
}
}

ScoreOverview::ScoreOverview(QWidget* parent)
    : QCustomPlot(parent), marked_(std::numeric_limits<double>::quiet_NaN()) {
  setMinimumSize(220, 160);
  setToolTip(tr("Histogram of this input's scores (x: score, negative = more deleterious; y: variants), the "
                "selected variant marked.\n") +
             calibrationText());
  showAxisTitles(true);
  bars_ = new QCPBars(xAxis, yAxis);
  bars_->setPen(QPen(QColor(70, 70, 70)));
  bars_->setBrush(QColor(150, 150, 150));
  marker_ = new QCPItemStraightLine(this);
  marker_->setPen(QPen(QColor(178, 24, 43), 2));
  marker_->setVisible(false);
  label_ = new QCPItemText(this);
  label_->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
  label_->position->setTypeX(QCPItemPosition::ptPlotCoords);
  label_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  label_->setColor(QColor(178, 24, 43));
  label_->setVisible(false);
  // Counts are whole numbers: ticks at integer steps (1, 2, 5, 10, ...).
  auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
  ticker->setTickStep(1);
  ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  yAxis->setTicker(ticker);
  yAxis->setNumberFormat(QStringLiteral("f"));
  yAxis->setNumberPrecision(0);
  // Shown instead of the axes while there is nothing to draw.
  placeholder_ = new QCPItemText(this);
  placeholder_->setObjectName("placeholder");
  placeholder_->position->setType(QCPItemPosition::ptAxisRectRatio);
  placeholder_->position->setCoords(0.5, 0.5);
  placeholder_->setPositionAlignment(Qt::AlignCenter);
  placeholder_->setColor(QColor(120, 120, 120));
  placeholder_->setText(tr("No scores yet: the histogram of the input's scores appears here."));
  placeholder_->setClipToAxisRect(false);
  setScores({});
}

void ScoreOverview::setScores(const std::vector<double>& scores) {
  std::vector<double> v;
  v.reserve(scores.size());
  for (double s : scores)
    if (std::isfinite(s)) v.push_back(s);
  total_ = int(v.size());
  starts_.clear();
  counts_.clear();
  if (!v.empty()) {
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    // Square-root rule, capped: enough bins to see the shape of a few hundred.
    const int bins = std::clamp(int(std::ceil(std::sqrt(double(v.size())))), 1, kMaxBins);
    if (*hi - *lo < kMinSpan) {
      // One distinct score (or one variant): one bar, 1 wide, centred on it,
      // not a sliver on an axis of millionths.
      width_ = 1;
      starts_.push_back(*lo - 0.5);
      counts_.push_back(int(v.size()));
    } else {
      width_ = (*hi - *lo) / bins;
      counts_.assign(size_t(bins), 0);
      for (int b = 0; b < bins; ++b) starts_.push_back(*lo + b * width_);
      for (double s : v) counts_[size_t(std::clamp(int((s - *lo) / width_), 0, bins - 1))]++;
    }
  }
  const bool empty = counts_.empty();
  placeholder_->setVisible(empty);
  for (QCPAxis* axis : {xAxis, yAxis}) {
    axis->setVisible(!empty);
    axis->grid()->setVisible(!empty);
  }
  QVector<double> keys, values;
  for (size_t b = 0; b < counts_.size(); ++b) {
    keys << starts_[b] + width_ / 2;
    values << counts_[b];
  }
  bars_->setWidth(width_);
  bars_->setData(keys, values, true);
  if (counts_.empty()) {
    xAxis->setRange(-1, 1);
    yAxis->setRange(0, 1);
  } else {
    const double pad = width_;
    double lo = starts_.front() - pad, hi = starts_.back() + width_ + pad;
    if (std::isfinite(marked_)) lo = std::min(lo, marked_ - pad), hi = std::max(hi, marked_ + pad);
    xAxis->setRange(lo, hi);
    // Room above the highest bar, ending on a whole count.
    const int top = *std::max_element(counts_.begin(), counts_.end());
    yAxis->setRange(0, std::max(top + 1, int(std::ceil(top * 1.15))));
    // About five labelled ticks, at a whole step.
    auto ticker = qSharedPointerCast<QCPAxisTickerFixed>(yAxis->ticker());
    ticker->setTickStep(countStep(top));
  }
  replot(QCustomPlot::rpQueuedReplot);
}

void ScoreOverview::showAxisTitles(bool on) {
  xAxis->setLabel(on ? tr("score (negative = more deleterious)") : QString());
  yAxis->setLabel(on ? tr("variants") : QString());
}

void ScoreOverview::resizeEvent(QResizeEvent* event) {
  showAxisTitles(event->size().height() >= kLabelMinHeight);
  QCustomPlot::resizeEvent(event);
}

bool ScoreOverview::showsPlaceholder() const { return placeholder_->visible(); }

void ScoreOverview::setMarkedScore(double score) {
  marked_ = score;
  const bool show = std::isfinite(score);
  marker_->setVisible(show);
  label_->setVisible(show);
  if (show) {
    marker_->point1->setCoords(score, 0);
    marker_->point2->setCoords(score, 1);
    label_->position->setCoords(score, 0.02);
    label_->setText(QStringLiteral(" %1").arg(score, 0, 'f', 2));
    if (!xAxis->range().contains(score))
      xAxis->setRange(std::min(xAxis->range().lower, score - width_), std::max(xAxis->range().upper, score + width_));
  }
  replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace gpnmsa::ui
