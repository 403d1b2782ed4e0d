// SPDX-License-Identifier: GPL-3.0-or-later
#include "region_browser.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

namespace gpnmsa::ui {

RegionBrowser::RegionBrowser(QWidget* parent)
    : QWidget(parent), axis_(new GenomeAxis(this)), ruler_(new RulerTrack(axis_)), genes_(new GenesTrack(axis_)),
      logo_(new LogoTrack(axis_)), map_(new MapTrack(axis_)), alignment_(new AlignmentTrack(axis_)),
      splitter_(new QSplitter(Qt::Vertical)), scroll_(new QScrollBar(Qt::Horizontal)), zoomBox_(new QComboBox),
      where_(new QLabel), rows_(new AlignmentRows(this)), rowsTimer_(new QTimer(this)) {
  setFocusPolicy(Qt::StrongFocus);
  auto* zoomOut = new QToolButton;
  zoomOut->setObjectName(QStringLiteral("zoomOut"));
  zoomOut->setText(QStringLiteral("−"));
  zoomOut->setToolTip(tr("Zoom out (−)"));
  auto* zoomIn = new QToolButton;
  zoomIn->setObjectName(QStringLiteral("zoomIn"));
  zoomIn->setText(QStringLiteral("+"));
  zoomIn->setToolTip(tr("Zoom in (+)"));
  connect(zoomOut, &QToolButton::clicked, axis_, &GenomeAxis::zoomOut);
  connect(zoomIn, &QToolButton::clicked, axis_, &GenomeAxis::zoomIn);
  zoomBox_->setObjectName(QStringLiteral("zoomBox"));
  zoomBox_->setEditable(true);
  zoomBox_->setInsertPolicy(QComboBox::NoInsert);
  zoomBox_->setToolTip(tr("Bases in view: pick one or type a width (\"300\", \"2.5 kb\")"));
  for (const char* t : {"50 bp", "128 bp", "500 bp", "1 kb", "5 kb", "10 kb", "20 kb"})
    zoomBox_->addItem(QString::fromLatin1(t));
  zoomBox_->setMinimumContentsLength(8);
  connect(zoomBox_, &QComboBox::activated, this, [this] { applyZoomBox(); });
  connect(zoomBox_->lineEdit(), &QLineEdit::editingFinished, this, [this] { applyZoomBox(); });
  auto* toVariant = new QToolButton;
  toVariant->setObjectName(QStringLiteral("goToVariant"));
  toVariant->setText(tr("Go to variant"));
  toVariant->setToolTip(tr("Centre the view on the selected variant"));
  connect(toVariant, &QToolButton::clicked, axis_, &GenomeAxis::goToMarked);
  where_->setObjectName(QStringLiteral("browserWhere"));
  where_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  where_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(4, 0, 4, 0);
  bar->addWidget(zoomOut);
  bar->addWidget(zoomIn);
  bar->addWidget(zoomBox_);
  bar->addWidget(toVariant);
  bar->addSpacing(8);
  bar->addWidget(where_, 1);

  splitter_->addWidget(genes_);
  splitter_->addWidget(logo_);
  splitter_->addWidget(map_);
  splitter_->addWidget(alignment_);
  splitter_->setChildrenCollapsible(false);
  splitter_->setStretchFactor(0, 0);
  splitter_->setStretchFactor(1, 3);
  splitter_->setStretchFactor(2, 2);
  splitter_->setStretchFactor(3, 5);
  splitter_->setHandleWidth(3);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(1);
  layout->addLayout(bar);
  layout->addWidget(ruler_);
  layout->addWidget(splitter_, 1);
  layout->addWidget(scroll_);

  scroll_->setObjectName(QStringLiteral("browserScroll"));
  connect(scroll_, &QScrollBar::valueChanged, this, [this](int value) {
    if (syncing_) return;
    axis_->centreOn(value + axis_->basesInView() / 2);
  });
  connect(axis_, &GenomeAxis::changed, this, &RegionBrowser::onAxisChanged);
  connect(map_, &MapTrack::cellClicked, this, &RegionBrowser::cellClicked);
  connect(rows_, &AlignmentRows::ready, alignment_, &AlignmentTrack::setWindow);
  connect(rows_, &AlignmentRows::failed, this, &RegionBrowser::alignmentFailed);
  rowsTimer_->setSingleShot(true);
  rowsTimer_->setInterval(40);
  connect(rowsTimer_, &QTimer::timeout, this, &RegionBrowser::requestRows);
  // Every track is as wide as the ruler (one column of the layout), so its
  // data area is the axis's plot width.
  ruler_->installEventFilter(this);
  for (QWidget* w : {static_cast<QWidget*>(ruler_), static_cast<QWidget*>(genes_), static_cast<QWidget*>(logo_),
                     static_cast<QWidget*>(map_), static_cast<QWidget*>(alignment_)})
    w->installEventFilter(this);  // arrow and +/− keys from a track with focus
  onAxisChanged();
}

TrackWidget* RegionBrowser::track(TrackKind kind) const {
  switch (kind) {
    case TrackKind::Ruler: return ruler_;
    case TrackKind::Genes: return genes_;
    case TrackKind::Logo: return logo_;
    case TrackKind::Mutagenesis: return map_;
    case TrackKind::Alignment: return alignment_;
    case TrackKind::Score: return nullptr;
  }
  return nullptr;
}

void RegionBrowser::setSession(gpnmsa::SessionPtr session) {
  rows_->setSession(std::move(session));
  alignment_->setWindow({});
}

void RegionBrowser::setLogoHeights(const HeightsLookup& heights) { logo_->setHeights(heights); }

void RegionBrowser::setLogits(const LogitsLookup& logits) {
  logo_->setLogits(logits);
  map_->setLogits(logits);
}

void RegionBrowser::setTrackVisible(TrackKind kind, bool visible) {
  if (TrackWidget* t = track(kind); t && kind != TrackKind::Ruler) t->setVisible(visible);
}

bool RegionBrowser::isTrackVisible(TrackKind kind) const {
  const TrackWidget* t = track(kind);
  return t && !t->isHidden();
}

void RegionBrowser::setPlaceholder(const QString& text) {
  for (TrackWidget* t : {static_cast<TrackWidget*>(logo_), static_cast<TrackWidget*>(map_),
                         static_cast<TrackWidget*>(alignment_)})
    t->setPlaceholder(text);
}

void RegionBrowser::refresh() {
  logo_->update();
  map_->update();
}

QString RegionBrowser::basesText(double bases) {
  if (bases < 1000) return tr("%1 bp").arg(qint64(std::llround(bases)));
  return tr("%1 kb").arg(QLocale().toString(bases / 1000, 'f', bases < 10000 ? 1 : 0));
}

void RegionBrowser::applyZoomBox() {
  // "300", "300 bp", "2.5 kb", "2,500": a number of bases, kb meaning thousands.
  QString t = zoomBox_->currentText().trimmed().toLower();
  t.remove(QLatin1Char(','));
  static const QRegularExpression re(QStringLiteral(R"(^([0-9]*\.?[0-9]+)\s*(bp|b|kb|k)?$)"));
  const auto m = re.match(t);
  if (!m.hasMatch()) {
    onAxisChanged();  // back to what is shown
    return;
  }
  double bases = m.captured(1).toDouble();
  if (m.captured(2).startsWith(QLatin1Char('k'))) bases *= 1000;
  if (bases >= 1) axis_->setPixelsPerBase(axis_->plotWidth() / bases);
  onAxisChanged();
  setFocus();
}

void RegionBrowser::onAxisChanged() {
  if (axis_->chrom() != rowsChrom_) {  // rows of another chromosome must not stand under this one's ruler
    rowsChrom_ = axis_->chrom();
    rows_->cancel();
    alignment_->setWindow({});
  }
  syncing_ = true;
  const double bases = axis_->basesInView();
  const qint64 length = axis_->chromLength();
  scroll_->setEnabled(length > 0);
  scroll_->setRange(1, int(std::max<qint64>(1, length - qint64(bases) + 1)));
  scroll_->setPageStep(std::max(1, int(bases)));
  scroll_->setSingleStep(std::max(1, int(bases / 10)));
  scroll_->setValue(int(std::llround(axis_->viewStart())));
  if (!zoomBox_->lineEdit()->hasFocus()) zoomBox_->setEditText(basesText(bases));
  syncing_ = false;
  if (!axis_->chrom().isEmpty()) {
    const QString text = QStringLiteral("%1:%2-%3").arg(axis_->chrom(), QLocale().toString(axis_->firstVisible()),
                                                         QLocale().toString(axis_->lastVisible()));
    where_->setText(axis_->isSummary() ? tr("%1 · per-position summary (zoom in for letters)").arg(text) : text);
    where_->setToolTip(where_->text());
  } else {
    where_->clear();
  }
  rowsTimer_->start();
  emit viewChanged();
}

void RegionBrowser::requestRows() {
  if (axis_->chrom().isEmpty() || alignment_->isHidden()) return;
  const qint64 first = axis_->firstVisible(), last = axis_->lastVisible();
  // A view's width of margin on each side: panning nearby needs no new read.
  rows_->request(axis_->chrom(), first, last, std::max<qint64>(64, last - first + 1));
}

void RegionBrowser::keyPressEvent(QKeyEvent* e) {
  const double step = axis_->plotWidth() / 8;  // an eighth of the view
  switch (e->key()) {
    case Qt::Key_Left: axis_->panPixels(e->modifiers() & Qt::ShiftModifier ? -axis_->plotWidth() : -step); break;
    case Qt::Key_Right: axis_->panPixels(e->modifiers() & Qt::ShiftModifier ? axis_->plotWidth() : step); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: axis_->zoomIn(); break;
    case Qt::Key_Minus:
    case Qt::Key_Underscore: axis_->zoomOut(); break;
    case Qt::Key_Home: axis_->goToMarked(); break;
    default: QWidget::keyPressEvent(e); return;
  }
  e->accept();
}

bool RegionBrowser::eventFilter(QObject* watched, QEvent* event) {
  if (watched == ruler_ && event->type() == QEvent::Resize) axis_->setPlotWidth(ruler_->plotRect().width());
  if (event->type() == QEvent::MouseButtonPress) setFocus();  // keys move the view after a click on a track
  return QWidget::eventFilter(watched, event);
}

}  // namespace gpnmsa::ui
