// SPDX-License-Identifier: GPL-3.0-or-later
#include "browser_tracks.h"

#include <QFontMetrics>
#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolButton>
#include <QToolTip>
#include <QWhatsThis>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "base_colors.h"
#include "genome_axis.h"
#include "view_math.h"

namespace gpnmsa::ui {

namespace {
const char kLetters[4] = {'A', 'C', 'G', 'T'};
constexpr double kDragThreshold = 3;
}  // namespace

// ---- TrackWidget ----

TrackWidget::TrackWidget(GenomeAxis* axis, TrackKind kind, QWidget* parent)
    : QWidget(parent), axis_(axis), kind_(kind), info_(new QToolButton(this)) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setWhatsThis(trackHelp(kind));
  info_->setObjectName(QStringLiteral("trackInfo"));
  // ⓘ where the font has it (many minimal systems' fonts do not), else "i".
  const QChar circledI(0x24D8);
  info_->setText(QFontMetrics(info_->font()).inFont(circledI) ? QString(circledI) : QStringLiteral("i"));
  info_->setAutoRaise(true);
  info_->setFocusPolicy(Qt::NoFocus);
  info_->setToolTip(trackHelpTitle(kind));
  info_->setFixedSize(18, 18);
  info_->move(2, 1);
  connect(info_, &QToolButton::clicked, this, [this] {
    QWhatsThis::showText(info_->mapToGlobal(QPoint(info_->width(), info_->height())), whatsThis(), this);
  });
  connect(axis_, &GenomeAxis::changed, this, qOverload<>(&QWidget::update));
  setCursor(Qt::OpenHandCursor);
}

QRectF TrackWidget::areaRect() const { return QRectF(0, 0, width(), height()); }

QRectF TrackWidget::plotRect() const {
  const QRectF a = areaRect();
  return QRectF(GenomeAxis::kLabelWidth, a.top(),
                std::max(1.0, a.width() - GenomeAxis::kLabelWidth - GenomeAxis::kLegendWidth), a.height());
}

TrackScale TrackWidget::scale() const { return axis_->scale(plotRect().left()); }

void TrackWidget::setPlaceholder(const QString& text) {
  if (text == placeholder_) return;
  placeholder_ = text;
  update();
}

void TrackWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Base));
  // The label column in the window colour, so names read as a fixed column.
  p.fillRect(QRectF(0, 0, GenomeAxis::kLabelWidth, height()), palette().color(QPalette::AlternateBase));
  p.setPen(palette().color(QPalette::Mid));
  p.drawLine(QPointF(0, height() - 0.5), QPointF(width(), height() - 0.5));
  const QRectF plot = plotRect();
  if (!placeholder_.isEmpty()) {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(plot.adjusted(8, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, placeholder_);
    return;
  }
  paintTrack(p, areaRect(), plot, scale());
}

void TrackWidget::resizeEvent(QResizeEvent* e) {
  QWidget::resizeEvent(e);
  info_->raise();
}

void TrackWidget::mousePressEvent(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton) return QWidget::mousePressEvent(e);
  pressed_ = true;
  dragging_ = false;
  pressX_ = lastX_ = e->position().x();
  e->accept();
}

void TrackWidget::mouseMoveEvent(QMouseEvent* e) {
  if (!pressed_) return QWidget::mouseMoveEvent(e);
  const double x = e->position().x();
  if (!dragging_ && std::abs(x - pressX_) > kDragThreshold) {
    dragging_ = true;
    setCursor(Qt::ClosedHandCursor);
  }
  if (dragging_) {
    axis_->panPixels(lastX_ - x);  // the content follows the mouse
    lastX_ = x;
  }
  e->accept();
}

void TrackWidget::mouseReleaseEvent(QMouseEvent* e) {
  if (!pressed_ || e->button() != Qt::LeftButton) return QWidget::mouseReleaseEvent(e);
  pressed_ = false;
  if (dragging_) setCursor(Qt::OpenHandCursor);
  else emit clicked(e->position());
  dragging_ = false;
  e->accept();
}

void TrackWidget::wheelEvent(QWheelEvent* e) {
  const QPoint d = e->angleDelta();
  if (d.y() != 0) {
    // One notch (120) zooms by √2, about the base under the mouse.
    axis_->zoomBy(std::pow(2.0, d.y() / 240.0), scale().posAt(e->position().x()));
  } else if (d.x() != 0) {
    axis_->panPixels(-d.x() / 2.0);  // sideways scrolling (touchpads) pans
  }
  e->accept();
}

bool TrackWidget::event(QEvent* e) {
  if (e->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(e);
    const QString text = placeholder_.isEmpty() ? toolTipAt(help->pos()) : QString();
    if (text.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(help->globalPos(), text, this);
    return true;
  }
  return QWidget::event(e);
}

// ---- ruler ----

RulerTrack::RulerTrack(GenomeAxis* axis, QWidget* parent) : TrackWidget(axis, TrackKind::Ruler, parent) {
  setObjectName(QStringLiteral("rulerTrack"));
}

QSize RulerTrack::sizeHint() const { return {900, fontMetrics().height() + 12}; }

void RulerTrack::paintTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& s) {
  const qint64 last = axis()->chromLength() > 0 ? axis()->chromLength() : s.lastVisible(plot.width());
  paintRuler(p, area, plot, s, 1, last, {});
  // The chromosome in the label column; the variant as a small triangle.
  p.setPen(palette().color(QPalette::WindowText));
  p.drawText(QRectF(22, 0, plot.left() - 26, plot.height()), Qt::AlignRight | Qt::AlignVCenter,
             fontMetrics().elidedText(axis()->chrom(), Qt::ElideLeft, int(plot.left()) - 26));
  const qint64 m = axis()->marked();
  if (m > 0) {
    const double cx = s.centerX(m);
    if (cx >= plot.left() && cx <= plot.right()) {
      QPainterPath tri;
      tri.moveTo(cx, plot.bottom() - 1);
      tri.lineTo(cx - 5, plot.bottom() - 8);
      tri.lineTo(cx + 5, plot.bottom() - 8);
      tri.closeSubpath();
      p.fillPath(tri, QColor(178, 24, 43));
    }
  }
}

// ---- genes ----

GenesTrack::GenesTrack(GenomeAxis* axis, QWidget* parent) : TrackWidget(axis, TrackKind::Genes, parent) {
  setObjectName(QStringLiteral("genesTrack"));
}

void GenesTrack::setData(GeneTrackData data) {
  data_ = std::move(data);
  updateGeometry();
  update();
}

QSize GenesTrack::sizeHint() const {
  return {900, int(std::min(geneTrackHeight(data_), 4 * kGeneTrackRowHeight + 4))};
}

QRectF GenesTrack::spanRect() const {
  const QRectF plot = plotRect();
  const TrackScale s = scale();
  return QRectF(s.x(double(data_.start)), plot.top(), s.width(double(data_.end - data_.start + 1)), plot.height());
}

void GenesTrack::paintTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& s) {
  paintGenesTrack(p, area, plot, s, data_, {});
}

QString GenesTrack::toolTipAt(QPointF point) const {
  if (!plotRect().contains(point)) return {};
  const auto row = geneTrackHit(data_, spanRect(), point);
  if (!row) return {};
  return geneTrackToolTip(data_, *row, scale().baseAt(point.x()));
}

// ---- logo ----

LogoTrack::LogoTrack(GenomeAxis* axis, QWidget* parent) : TrackWidget(axis, TrackKind::Logo, parent) {
  setObjectName(QStringLiteral("logoTrack"));
}

void LogoTrack::paintTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& s) {
  const qint64 last = axis()->chromLength() > 0 ? axis()->chromLength() : s.lastVisible(plot.width());
  paintLogoTrack(p, area, plot, s, 1, last, logits_, axis()->marked(), {}, heights_);
}

std::optional<std::array<double, 4>> LogoTrack::heightsAt(qint64 pos) const {
  const gpnmsa::PositionLogits* pl = logits_ ? logits_(pos) : nullptr;
  if (!pl) return std::nullopt;
  return logoColumnAt(pos, *pl, heights_).heights;
}

QString LogoTrack::toolTipAt(QPointF point) const {
  if (!plotRect().contains(point)) return {};
  const qint64 pos = scale().baseAt(point.x());
  QString text = tr("Position %1").arg(QLocale().toString(pos));
  const gpnmsa::PositionLogits* pl = logits_ ? logits_(pos) : nullptr;
  if (!pl) return text + tr("\n(not computed yet)");
  const auto pr = softmax4(pl->acgt);
  text += tr(", reference %1\ninformation 2 − H = %2 bits").arg(QLatin1Char(pl->ref)).arg(2 - entropyBits(pr), 0, 'f', 2);
  for (int b = 0; b < 4; ++b) text += QStringLiteral("\n%1: p = %2").arg(QLatin1Char(kLetters[b])).arg(pr[size_t(b)], 0, 'f', 3);
  if (heights_) {
    if (const auto h = heights_(pos, *pl))
      text += tr("\nGPN-Star calibrated heights: A %1, C %2, G %3, T %4 bits")
                  .arg((*h)[0], 0, 'f', 2).arg((*h)[1], 0, 'f', 2).arg((*h)[2], 0, 'f', 2).arg((*h)[3], 0, 'f', 2);
    else
      text += tr("\n(no calibration entry for this 5-mer: heights from the logits)");
  }
  return text;
}

// ---- mutagenesis map ----

MapTrack::MapTrack(GenomeAxis* axis, QWidget* parent) : TrackWidget(axis, TrackKind::Mutagenesis, parent) {
  setObjectName(QStringLiteral("mapTrack"));
  connect(this, &TrackWidget::clicked, this, [this](QPointF point) {
    qint64 pos = 0;
    int base = 0;
    if (cellAt(point, &pos, &base)) emit cellClicked(pos, base);
  });
}

bool MapTrack::cellAt(QPointF point, qint64* pos, int* base) const {
  return mutagenesisCellAt(plotRect(), scale(), point, pos, base);
}

void MapTrack::paintTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& s) {
  const qint64 last = axis()->chromLength() > 0 ? axis()->chromLength() : s.lastVisible(plot.width());
  paintMutagenesisTrack(p, area, plot, s, 1, last, logits_, axis()->marked(), 0, {});
}

QString MapTrack::toolTipAt(QPointF point) const {
  qint64 pos = 0;
  int base = 0;
  if (!plotRect().contains(point)) return {};
  const bool cell = cellAt(point, &pos, &base);
  if (!cell) pos = scale().baseAt(point.x());
  const gpnmsa::PositionLogits* pl = logits_ ? logits_(pos) : nullptr;
  if (!pl) return tr("Position %1\n(not computed yet)").arg(QLocale().toString(pos));
  const auto row = mutagenesisRow(*pl);
  if (!cell) {  // the strip: the most negative Δ of the position
    const auto it = std::min_element(row.begin(), row.end());
    return tr("Position %1: most negative Δ logit %2 (%3>%4)")
        .arg(QLocale().toString(pos))
        .arg(*it, 0, 'f', 2)
        .arg(QLatin1Char(pl->ref))
        .arg(QLatin1Char(kLetters[it - row.begin()]));
  }
  const QString where = QStringLiteral("%1:%2 %3>%4")
                            .arg(axis()->chrom(), QLocale().toString(pos))
                            .arg(QLatin1Char(char(std::toupper(pl->ref))))
                            .arg(QLatin1Char(kLetters[base]));
  if (baseIndex(pl->ref) == base) return tr("%1: the reference base").arg(where);
  return tr("%1: Δ logit %2\nClick to add this SNV as a what-if row (scored exactly).")
      .arg(where)
      .arg(row[size_t(base)], 0, 'f', 3);
}

// ---- alignment ----

namespace {
constexpr double kAlignmentHeader = 20;  // room for the ⓘ button and the title above the rows
}

AlignmentTrack::AlignmentTrack(GenomeAxis* axis, QWidget* parent)
    : TrackWidget(axis, TrackKind::Alignment, parent), rows_(new QScrollBar(Qt::Vertical, this)) {
  setObjectName(QStringLiteral("alignmentTrack"));
  connect(rows_, &QScrollBar::valueChanged, this, qOverload<>(&QWidget::update));
}

void AlignmentTrack::setWindow(AlignmentWindowData data) {
  data_ = std::move(data);
  updateRowScroll();
  update();
}

void AlignmentTrack::resizeEvent(QResizeEvent* e) {
  TrackWidget::resizeEvent(e);
  // In the legend margin, right of the data area (rows scroll vertically only).
  const int w = rows_->sizeHint().width();
  rows_->setGeometry(width() - w, int(kAlignmentHeader), w, height() - int(kAlignmentHeader));
  updateRowScroll();
}

void AlignmentTrack::updateRowScroll() {
  const double visible = std::max(0.0, height() - kAlignmentHeader) / rowHeight();
  const int n = data_.columns;
  rows_->setRange(0, std::max(0, n - int(std::floor(visible))));
  rows_->setPageStep(std::max(1, int(visible)));
  rows_->setSingleStep(1);
  rows_->setVisible(n > int(std::floor(visible)));
}

std::vector<int> AlignmentTrack::visibleRows() const {
  std::vector<int> out;
  const int first = rows_->value();
  const int count = int(std::ceil(std::max(0.0, height() - kAlignmentHeader) / rowHeight()));
  for (int s = first; s < data_.columns && s < first + count; ++s) out.push_back(s);
  return out;
}

double AlignmentTrack::rowTop(int seq) const { return kAlignmentHeader + (seq - rows_->value()) * rowHeight(); }

void AlignmentTrack::paintTrack(QPainter& p, const QRectF& area, const QRectF& plot, const TrackScale& s) {
  p.setPen(palette().color(QPalette::WindowText));
  QFont bold = p.font();
  bold.setBold(true);
  p.save();
  p.setFont(bold);
  const QString title = data_.columns > 0 ? tr("Alignment: human + %n species", nullptr, data_.columns - 1)
                                          : tr("Alignment");
  p.drawText(QRectF(22, 0, area.width() - 26, kAlignmentHeader), Qt::AlignLeft | Qt::AlignVCenter, title);
  p.restore();
  const QRectF rowsArea(area.left(), kAlignmentHeader, area.width(), area.height() - kAlignmentHeader);
  const QRectF rowsPlot(plot.left(), kAlignmentHeader, plot.width(), plot.height() - kAlignmentHeader);
  if (data_.columns <= 0) {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(rowsPlot.adjusted(8, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, tr("Reading the alignment…"));
    return;
  }
  p.save();
  p.setClipRect(rowsArea);
  paintAlignmentTrack(p, rowsArea, rowsPlot, s, data_, visibleRows(), rowHeight(), axis()->marked(), {});
  p.restore();
}

QString AlignmentTrack::toolTipAt(QPointF point) const {
  const QRectF plot = plotRect();
  if (!plot.contains(point) || point.y() < kAlignmentHeader || data_.columns <= 0) return {};
  const int seq = rows_->value() + int((point.y() - kAlignmentHeader) / rowHeight());
  const qint64 pos = scale().baseAt(point.x());
  const qint64 i = pos - data_.firstPos;
  if (seq < 0 || seq >= data_.columns || i < 0 || i >= data_.length()) return {};
  const char b = data_.base(seq, int(i));
  const QString label = seq < data_.rowLabels.size() ? data_.rowLabels[seq] : tr("species %1").arg(seq);
  QString base;
  if (b == '-') base = tr("gap");
  else if (baseStyle(b).letter == 0) base = tr("missing");
  else base = QString(QLatin1Char(b)) + (b >= 'a' && b <= 'z' ? tr(" (soft-masked)") : QString());
  return QStringLiteral("%1 — %2:%3 — %4").arg(label, data_.chrom, QLocale().toString(pos), base);
}

void AlignmentTrack::wheelEvent(QWheelEvent* e) {
  if (e->modifiers() & Qt::ShiftModifier) {
    const QPoint d = e->angleDelta();
    const int delta = d.y() != 0 ? d.y() : d.x();
    rows_->setValue(rows_->value() - delta / 40);
    e->accept();
    return;
  }
  TrackWidget::wheelEvent(e);
}

}  // namespace gpnmsa::ui
