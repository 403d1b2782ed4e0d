// SPDX-License-Identifier: GPL-3.0-or-later
#include "score_overview.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "calibration_note.h"

namespace gpnmsa::ui {

namespace {
constexpr int kMaxBins = 40;
}

ScoreOverview::ScoreOverview(QWidget* parent)
    : QCustomPlot(parent), marked_(std::numeric_limits<double>::quiet_NaN()) {
  setMinimumSize(220, 160);
  xAxis->setLabel(tr("score (negative = more deleterious)"));
  setToolTip(tr("Histogram of this input's scores, the selected variant marked.\n") + calibrationText());
  yAxis->setLabel(tr("variants"));
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
    const double span = std::max(*hi - *lo, 1e-6);
    width_ = span / bins;
    counts_.assign(size_t(bins), 0);
    for (int b = 0; b < bins; ++b) starts_.push_back(*lo + b * width_);
    for (double s : v) counts_[size_t(std::min(bins - 1, int((s - *lo) / width_)))]++;
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
    yAxis->setRange(0, *std::max_element(counts_.begin(), counts_.end()) * 1.15 + 0.5);
  }
  replot(QCustomPlot::rpQueuedReplot);
}

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
