// SPDX-License-Identifier: GPL-3.0-or-later
#include "mutagenesis_plot.h"

#include <cmath>
#include <limits>

#include "view_math.h"

namespace gpnmsa::ui {

namespace {
// Whole base positions written as the logo and the alignment write them
// ("16,760,000"): QCustomPlot's default ticker turns 8-digit hg38
// coordinates into "1.676·10⁷" and may tick between bases.
class PositionTicker : public QCPAxisTickerFixed {
 public:
  PositionTicker() {
    setTickStep(1);
    setScaleStrategy(ssMultiples);  // 1, 10, 100 ... bp as the range needs
  }

 protected:
  QString getTickLabel(double tick, const QLocale&, QChar, int) override {
    return QLocale().toString(qlonglong(std::llround(tick)));
  }
};
}  // namespace

MutagenesisPlot::MutagenesisPlot(QWidget* parent) : QCustomPlot(parent) {
  setMinimumHeight(140);
  xAxis->setLabel(tr("position"));
  xAxis->setTicker(QSharedPointer<PositionTicker>::create());
  // Rows 0..3 are A,C,G,T; label them with the letters, not numbers.
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  ticker->addTicks({{0, QStringLiteral("A")}, {1, QStringLiteral("C")}, {2, QStringLiteral("G")}, {3, QStringLiteral("T")}});
  yAxis->setTicker(ticker);
  yAxis->setLabel(tr("alt"));
  yAxis->setRange(-0.5, 3.5);
  yAxis->setRangeReversed(true);  // A on top, as in the alignment/logo reading order

  map_ = new QCPColorMap(xAxis, yAxis);
  map_->setInterpolate(false);
  scale_ = new QCPColorScale(this);
  plotLayout()->addElement(0, 1, scale_);
  scale_->setType(QCPAxis::atRight);
  // Short: the rotated label must fit the plot's height (a few rows), or its
  // ends are cut off; the tooltip says it in full.
  scale_->axis()->setLabel(tr("Δ logit"));
  setToolTip(tr("In-silico mutagenesis: logit(alt) − logit(ref) for every base at every position,\n"
                "from the same strand-averaged logits as the logo. Red = the model finds the\n"
                "substitution less likely than the reference (more likely deleterious)."));
  map_->setColorScale(scale_);

  // Diverging: red = alt less likely than ref (deleterious), white = 0
  // (the reference itself), blue = alt more likely. Range kept symmetric.
  QCPColorGradient g;
  g.clearColorStops();
  g.setColorStopAt(0.0, QColor(178, 24, 43));
  g.setColorStopAt(0.25, QColor(239, 138, 98));
  g.setColorStopAt(0.5, QColor(255, 255, 255));
  g.setColorStopAt(0.75, QColor(103, 169, 207));
  g.setColorStopAt(1.0, QColor(33, 102, 172));
  g.setNanHandling(QCPColorGradient::nhTransparent);  // not yet computed / N reference
  map_->setGradient(g);

  auto* group = new QCPMarginGroup(this);
  axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  scale_->setMarginGroup(QCP::msBottom | QCP::msTop, group);

  marker_ = new QCPItemStraightLine(this);
  marker_->setPen(QPen(Qt::black, 1.5, Qt::DashLine));
  marker_->setVisible(false);
  setRange(1, 0);
}

void MutagenesisPlot::setRange(qint64 start, qint64 end) {
  start_ = start;
  count_ = int(std::max<qint64>(0, end - start + 1));
  maxAbs_ = 0;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  map_->data()->setSize(std::max(1, count_), 4);
  map_->data()->setRange(QCPRange(double(start), double(start + std::max(0, count_ - 1))), QCPRange(0, 3));
  map_->data()->fill(nan);
  xAxis->setRange(start - 0.5, start + std::max(1, count_) - 0.5);
  refresh();
}

void MutagenesisPlot::clearData() { setRange(1, 0); }

void MutagenesisPlot::setPositions(const std::vector<PositionLogits>& positions) {
  if (positions.empty()) return clearData();
  setRange(positions.front().pos, positions.back().pos);
  updatePositions(positions);
}

void MutagenesisPlot::setRegion(const RegionLogits& region) {
  setRange(region.start, region.end);
  updatePositions(region.positions);
}

void MutagenesisPlot::store(const PositionLogits& pl) {
  const qint64 i = pl.pos - start_;
  if (i < 0 || i >= count_) return;
  const auto row = mutagenesisRow(pl);
  for (int b = 0; b < 4; ++b) {
    map_->data()->setCell(int(i), b, row[b]);
    if (!std::isnan(row[b])) maxAbs_ = std::max(maxAbs_, std::abs(row[b]));
  }
}

void MutagenesisPlot::updatePositions(const RegionLogits& region, size_t first, size_t count) {
  const size_t end = std::min(region.positions.size(), first + count);
  for (size_t k = first; k < end; ++k) store(region.positions[k]);
  refresh();
}

void MutagenesisPlot::updatePositions(const std::vector<PositionLogits>& positions) {
  for (const auto& pl : positions) store(pl);
  refresh();
}

void MutagenesisPlot::setMarkedPosition(qint64 pos) {
  marker_->setVisible(pos > 0);
  marker_->point1->setCoords(double(pos), 0);
  marker_->point2->setCoords(double(pos), 1);
  replot(QCustomPlot::rpQueuedReplot);
}

double MutagenesisPlot::scoreAt(qint64 pos, int base) const {
  const qint64 i = pos - start_;
  if (i < 0 || i >= count_ || base < 0 || base > 3) return std::numeric_limits<double>::quiet_NaN();
  return map_->data()->cell(int(i), base);
}

void MutagenesisPlot::refresh() {
  const double m = maxAbs_ > 0 ? maxAbs_ : 1.0;
  map_->setDataRange(QCPRange(-m, m));
  replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace gpnmsa::ui
