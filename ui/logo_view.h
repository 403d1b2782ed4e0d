// SPDX-License-Identifier: GPL-3.0-or-later
// Sequence logo of the model's predicted distribution at each position of a
// window (strand-averaged logits → softmax → heights p × (2 − H) bits).
// Positions not yet computed are drawn empty, so the logo fills in as the
// engine's regionLogits() reports batches.
#pragma once
#include <QWidget>
#include <vector>

#include "gpnmsa/scorer.h"
#include "view_math.h"

namespace gpnmsa::ui {

class LogoView : public QWidget {
  Q_OBJECT
 public:
  explicit LogoView(QWidget* parent = nullptr);

  // Empty logo for positions start..end (1-based, inclusive).
  void setRange(qint64 start, qint64 end);
  // Range from the positions' first/last pos; all of them computed.
  void setPositions(const std::vector<PositionLogits>& positions);
  // Range region.start..region.end, filled with whatever region holds.
  void setRegion(const RegionLogits& region);
  // Fills region.positions[first, first + count) (the onBatch callback's
  // arguments); positions outside the current range are ignored.
  void updatePositions(const RegionLogits& region, size_t first, size_t count);
  void updatePositions(const std::vector<PositionLogits>& positions);
  void clear();

  // The variant's position (1-based), drawn with a marker; 0 = none.
  void setMarkedPosition(qint64 pos);

  qint64 rangeStart() const { return start_; }
  int count() const { return int(slots_.size()); }
  bool isComputed(int index) const { return index >= 0 && index < count() && slots_[index].computed; }
  // The logits drawn in column `index` (as received); pos 0 if not computed.
  PositionLogits logitsAt(int index) const {
    return isComputed(index) ? slots_[size_t(index)].logits : PositionLogits{};
  }
  // Computed columns.
  int computedCount() const;

  // Plot box of column `index`: top = 2 bits, bottom = 0 bits (widget coordinates).
  QRectF columnRect(int index) const;
  // The columns span the widget's width less `left` and `right` pixels; the
  // left margin holds the bits axis. The detail panel sets them so that the
  // columns line up with the mutagenesis map's below.
  static constexpr int kDefaultLeftMargin = 44, kDefaultRightMargin = 8;
  void setPlotMargins(int left, int right);
  int leftMargin() const { return left_; }
  int rightMargin() const { return right_; }
  QSize sizeHint() const override { return {900, 180}; }
  QSize minimumSizeHint() const override { return {200, 100}; }

 protected:
  void paintEvent(QPaintEvent*) override;
  bool event(QEvent*) override;  // tooltips

 private:
  struct Slot {
    bool computed = false;
    char ref = 'N';
    LogoColumn column;
    std::array<double, 4> p{};
    PositionLogits logits;
  };
  void store(const PositionLogits& pl);
  QRectF plotRect() const;

  qint64 start_ = 1;
  qint64 marked_ = 0;
  int left_ = kDefaultLeftMargin, right_ = kDefaultRightMargin;
  std::vector<Slot> slots_;
};

}  // namespace gpnmsa::ui
