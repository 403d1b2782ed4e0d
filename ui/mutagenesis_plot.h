// SPDX-License-Identifier: GPL-3.0-or-later
// In-silico mutagenesis heatmap: for every position of the window and every
// base, logit[alt] − logit[ref] from the same strand-averaged logits as the
// logo (negative = the model finds the substitution unlikely / deleterious).
#pragma once
#include <qcustomplot.h>
#include <vector>

#include "gpnmsa/scorer.h"

namespace gpnmsa::ui {

class MutagenesisPlot : public QCustomPlot {
  Q_OBJECT
 public:
  explicit MutagenesisPlot(QWidget* parent = nullptr);

  // Empty map for positions start..end (1-based, inclusive).
  void setRange(qint64 start, qint64 end);
  void setPositions(const std::vector<PositionLogits>& positions);
  void setRegion(const RegionLogits& region);
  // Same arguments as the engine's onBatch callback.
  void updatePositions(const RegionLogits& region, size_t first, size_t count);
  void updatePositions(const std::vector<PositionLogits>& positions);
  void clearData();
  // Variant position (1-based), drawn as a vertical line; 0 = none.
  void setMarkedPosition(qint64 pos);

  // Score at (pos, base index 0..3 = A,C,G,T); NaN if not computed.
  double scoreAt(qint64 pos, int base) const;
  QCPColorMap* colorMap() const { return map_; }
  QCPColorScale* colorScale() const { return scale_; }

 private:
  void store(const PositionLogits& pl);
  void refresh();  // symmetric colour range, replot

  QCPColorMap* map_ = nullptr;
  QCPColorScale* scale_ = nullptr;
  QCPItemStraightLine* marker_ = nullptr;
  qint64 start_ = 1;
  int count_ = 0;
  double maxAbs_ = 0;
};

}  // namespace gpnmsa::ui
