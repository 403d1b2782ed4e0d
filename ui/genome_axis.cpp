// SPDX-License-Identifier: GPL-3.0-or-later
#include "genome_axis.h"

#include <algorithm>
#include <cmath>

namespace gpnmsa::ui {

GenomeAxis::GenomeAxis(QObject* parent) : QObject(parent) {}

void GenomeAxis::setChromosome(const QString& chrom, qint64 length) {
  const bool same = chrom == chrom_ && length == length_;
  chrom_ = chrom;
  length_ = std::max<qint64>(0, length);
  if (same) return;
  set(viewStart_, ppb_);
  emit changed();
}

void GenomeAxis::setMarked(qint64 pos) {
  if (pos == marked_) return;
  marked_ = pos;
  emit changed();
}

qint64 GenomeAxis::firstVisible() const { return std::max<qint64>(1, scale().firstVisible()); }
qint64 GenomeAxis::lastVisible() const {
  const qint64 last = scale().lastVisible(plotWidth_);
  return length_ > 0 ? std::min(last, length_) : last;
}

double GenomeAxis::minPixelsPerBase() const {
  // Never wider than kMaxBasesInView, nor (much) wider than the chromosome.
  double bases = double(kMaxBasesInView);
  if (length_ > 0) bases = std::min(bases, double(length_));
  return std::min(kMaxPixelsPerBase, std::max(1e-6, plotWidth_ / std::max(1.0, bases)));
}

void GenomeAxis::setPlotWidth(double pixels) {
  pixels = std::max(1.0, pixels);
  if (pixels == plotWidth_) return;
  const double c = centre();
  plotWidth_ = pixels;
  set(c - basesInView() / 2, ppb_);
  emit changed();
}

void GenomeAxis::set(double viewStart, double ppb) {
  ppb = std::clamp(ppb, minPixelsPerBase(), kMaxPixelsPerBase);
  const double bases = plotWidth_ / ppb;
  if (length_ > 0) {
    const double end = double(length_) + 1;  // one past the last base
    if (bases >= end - 1) viewStart = 1 - (bases - (end - 1)) / 2;  // all of it, centred
    else viewStart = std::clamp(viewStart, 1.0, end - bases);
  }
  if (viewStart == viewStart_ && ppb == ppb_) return;
  viewStart_ = viewStart;
  ppb_ = ppb;
  emit changed();
}

void GenomeAxis::showRange(qint64 first, qint64 last) {
  if (last < first) std::swap(first, last);
  const double bases = double(last - first + 1);
  const double ppb = std::clamp(plotWidth_ / bases, minPixelsPerBase(), kMaxPixelsPerBase);
  // Centred: a range narrower than the view at the largest zoom sits in the middle.
  set(double(first) + bases / 2 - plotWidth_ / ppb / 2, ppb);
}

void GenomeAxis::zoomBy(double factor, double anchor) {
  if (factor <= 0) return;
  const double ppb = std::clamp(ppb_ * factor, minPixelsPerBase(), kMaxPixelsPerBase);
  // The anchor stays at its pixel: (anchor - start) * ppb is unchanged.
  set(anchor - (anchor - viewStart_) * ppb_ / ppb, ppb);
}

void GenomeAxis::setPixelsPerBase(double ppb) { zoomBy(ppb / ppb_, centre()); }

void GenomeAxis::centreOn(double pos) { set(pos - basesInView() / 2, ppb_); }

void GenomeAxis::panPixels(double dx) { set(viewStart_ + dx / ppb_, ppb_); }

void GenomeAxis::goToMarked() {
  if (marked_ > 0) centreOn(double(marked_) + 0.5);
}

void GenomeAxis::resetZoom() {
  const qint64 c = marked_ > 0 ? marked_ : qint64(std::floor(centre()));
  showRange(c - kDefaultBases / 2 + 1, c + kDefaultBases / 2);
}

}  // namespace gpnmsa::ui
