// SPDX-License-Identifier: GPL-3.0-or-later
// Score overview: histogram of the loaded file's scores (scored rows only)
// with the selected variant's score marked by a vertical line.
#pragma once
#include <qcustomplot.h>
#include <vector>

namespace gpnmsa::ui {

class ScoreOverview : public QCustomPlot {
  Q_OBJECT
 public:
  explicit ScoreOverview(QWidget* parent = nullptr);

  // NaN values (unscored rows) are left out.
  void setScores(const std::vector<double>& scores);
  // The selected variant's score; NaN hides the marker.
  void setMarkedScore(double score);

  // Bins as drawn, for tests: left edges, counts, width.
  const std::vector<double>& binStarts() const { return starts_; }
  const std::vector<int>& binCounts() const { return counts_; }
  double binWidth() const { return width_; }
  double markedScore() const { return marked_; }
  int scoredCount() const { return total_; }
  // x pixel of a score in widget coordinates (for tests).
  double xPixel(double score) const { return xAxis->coordToPixel(score); }
  // The empty-plot text is shown (no scores: no axes).
  bool showsPlaceholder() const;

  QSize sizeHint() const override { return {320, 240}; }

 protected:
  // Below kLabelMinHeight the axis titles go (the tooltip says what they
  // were): the plot keeps room for its bars and tick labels.
  void resizeEvent(QResizeEvent* event) override;

 private:
  static constexpr int kLabelMinHeight = 200;
  void showAxisTitles(bool on);

  QCPBars* bars_;
  QCPItemStraightLine* marker_;
  QCPItemText* label_;
  QCPItemText* placeholder_;  // "No scores yet", shown instead of axes when empty
  std::vector<double> starts_;
  std::vector<int> counts_;
  double width_ = 1;
  double marked_;
  int total_ = 0;
};

}  // namespace gpnmsa::ui
