// SPDX-License-Identifier: GPL-3.0-or-later
#include "detail_panel.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSettings>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "alignment_view.h"
#include "gene_track_view.h"
#include "logo_view.h"
#include "mutagenesis_plot.h"
#include "region_worker.h"

namespace gpnmsa::ui {

DetailPanel::DetailPanel(QWidget* parent)
    : QWidget(parent), title_(new QLabel), status_(new QLabel), logoModeBox_(new QComboBox),
      jobs_(new JobSlot(this)), geneTrack_(new GeneTrackView), alignment_(new AlignmentView), logo_(new LogoView),
      mutagenesis_(new MutagenesisPlot) {
  title_->setObjectName("detailTitle");
  QFont bold = title_->font();
  bold.setBold(true);
  title_->setFont(bold);
  title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  status_->setObjectName("detailStatus");
  // The choice made last time; anything but "exact" means the default, Fast.
  logoMode_ = QSettings().value(kLogoModeKey).toString() == QLatin1String("exact") ? LogoMode::Exact
                                                                                   : LogoMode::Fast;
  const auto fast = logitsOptions(LogoMode::Fast);
  logoModeBox_->setObjectName("logoMode");
  logoModeBox_->addItem(tr("Fast (%1 masks per pass)").arg(fast.masksPerWindow), int(LogoMode::Fast));
  logoModeBox_->addItem(tr("Exact (one mask per pass)"), int(LogoMode::Exact));
  logoModeBox_->setToolTip(
      tr("Fast masks %1 positions %2 bp apart in each forward pass: about %1× fewer passes, with logits "
         "close to but not identical with the exact ones (each position sees the others masked and may "
         "sit off the window centre). Exact masks one position per pass, as the variant scores do.")
          .arg(fast.masksPerWindow)
          .arg(fast.spacing));
  connect(logoModeBox_, &QComboBox::activated, this,
          [this](int index) { setLogoMode(LogoMode(logoModeBox_->itemData(index).toInt())); });
  showLogoMode();
  auto* zoomOut = new QToolButton;
  zoomOut->setText(QStringLiteral("−"));
  zoomOut->setToolTip(tr("Zoom the alignment out"));
  auto* zoomIn = new QToolButton;
  zoomIn->setText(QStringLiteral("+"));
  zoomIn->setToolTip(tr("Zoom the alignment in"));
  connect(zoomOut, &QToolButton::clicked, alignment_, &AlignmentView::zoomOut);
  connect(zoomIn, &QToolButton::clicked, alignment_, &AlignmentView::zoomIn);

  auto* header = new QHBoxLayout;
  header->setContentsMargins(4, 2, 4, 0);
  header->addWidget(title_);
  // The status line takes the room left and does not set the panel's minimum
  // width (with the logo-mode choice beside it, its full text would keep the
  // window from narrowing); right-aligned, so a narrow panel cuts its start.
  status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  status_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  header->addWidget(status_, 1);
  header->addSpacing(12);
  auto* logoModeLabel = new QLabel(tr("Logo:"));
  logoModeLabel->setBuddy(logoModeBox_);
  header->addWidget(logoModeLabel);
  header->addWidget(logoModeBox_);
  header->addSpacing(12);
  header->addWidget(new QLabel(tr("Alignment zoom")));
  header->addWidget(zoomOut);
  header->addWidget(zoomIn);

  logo_->setObjectName("logoView");
  mutagenesis_->setObjectName("mutagenesisPlot");
  alignment_->setObjectName("alignmentView");
  geneTrack_->setObjectName("geneTrack");
  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(geneTrack_);  // above the logo, as a genome browser puts its tracks
  splitter->addWidget(logo_);
  splitter->addWidget(mutagenesis_);
  splitter->addWidget(alignment_);
  splitter->setStretchFactor(0, 1);
  splitter->setStretchFactor(1, 3);
  splitter->setStretchFactor(2, 2);
  splitter->setStretchFactor(3, 4);
  splitter->setChildrenCollapsible(false);
  // Logo and mutagenesis map share the x axis. The map lays itself out (its
  // left margin holds the A/C/G/T labels, at least as wide as the logo's bits
  // axis; its right side the colour scale) and the logo follows.
  mutagenesis_->axisRect()->setMinimumMargins(QMargins(LogoView::kDefaultLeftMargin, 0, 0, 0));
  connect(mutagenesis_, &QCustomPlot::afterLayout, this, &DetailPanel::alignColumns);
  logo_->installEventFilter(this);
  geneTrack_->installEventFilter(this);
  showGenes(0, -1);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addLayout(header);
  layout->addWidget(splitter, 1);
  title_->setText(tr("Select a variant: its alignment window and sequence logo appear here."));
}

// A job still running would outlive the panel (and, at exit, libtorch's
// globals): stop every one and wait for its thread.
DetailPanel::~DetailPanel() { jobs_->shutdown(); }

bool DetailPanel::isBusy() const { return jobs_->isBusy(); }

void DetailPanel::alignColumns() {
  const QRect plot = mutagenesis_->axisRect()->rect();  // the map's plot area, in its coordinates
  // Offsets of both widgets' edges in the panel (equal in the vertical splitter,
  // but computed, not assumed).
  const int mapX = mutagenesis_->mapTo(this, QPoint(0, 0)).x();
  const int logoX = logo_->mapTo(this, QPoint(0, 0)).x();
  const int left = mapX + plot.left() - logoX;
  const int right = (logoX + logo_->width()) - (mapX + plot.left() + plot.width());
  logo_->setPlotMargins(left, right);
  const int trackX = geneTrack_->mapTo(this, QPoint(0, 0)).x();
  geneTrack_->setPlotMargins(mapX + plot.left() - trackX,
                             (trackX + geneTrack_->width()) - (mapX + plot.left() + plot.width()));
}

void DetailPanel::setGeneAnnotation(std::shared_ptr<const gpnmsa::GeneAnnotation> genes) {
  genes_ = std::move(genes);
  showGenes(windowStart_, windowEnd_);
}

void DetailPanel::showGenes(qint64 start, qint64 end) {
  windowStart_ = start;
  windowEnd_ = end;
  GeneTrackData d;
  d.chrom = chrom_;
  d.start = start;
  d.end = end;
  d.marked = marked_;
  d.annotationLoaded = genes_ != nullptr;
  if (genes_ && end >= start) {
    try {
      d.genes = genes_->genesIn(chrom_.toStdString(), start, end);
    } catch (const std::exception& e) {  // an indexed file that went bad since it was opened
      setStatus(tr("Gene track: %1").arg(QString::fromStdString(e.what())));
    }
  }
  geneTrack_->setData(std::move(d));
}

bool DetailPanel::eventFilter(QObject* watched, QEvent* event) {
  if ((watched == logo_ || watched == geneTrack_) && event->type() == QEvent::Resize) alignColumns();
  return QWidget::eventFilter(watched, event);
}

gpnmsa::RegionLogitsOptions DetailPanel::logitsOptions(LogoMode mode) {
  gpnmsa::RegionLogitsOptions o;  // spacing 16, 4 masks per window
  o.mode = mode == LogoMode::Fast ? gpnmsa::RegionLogitsOptions::Mode::MultiMask
                                  : gpnmsa::RegionLogitsOptions::Mode::Exact;
  return o;
}

void DetailPanel::setLogoMode(LogoMode mode) {
  if (mode == logoMode_) return;
  logoMode_ = mode;
  QSettings().setValue(kLogoModeKey, mode == LogoMode::Exact ? QStringLiteral("exact") : QStringLiteral("fast"));
  showLogoMode();
  // The window shown is computed again in the new mode.
  if (wanted_) start();
}

void DetailPanel::showLogoMode() {
  const int index = logoModeBox_->findData(int(logoMode_));
  if (index >= 0 && logoModeBox_->currentIndex() != index) logoModeBox_->setCurrentIndex(index);
  if (logoMode_ == LogoMode::Exact)
    status_->setToolTip(tr("Logits at every position of the window, each position masked in turn "
                           "(both strands, averaged) — the computation the scores use."));
  else
    status_->setToolTip(tr("Logits at every position of the window, several positions masked in each "
                           "forward pass (both strands, averaged): faster, and close to but not exactly "
                           "the one-at-a-time computation the scores use."));
}

QString DetailPanel::modeText() const {
  if (logoMode_ == LogoMode::Exact) return tr("exact: one position masked per pass");
  const auto o = logitsOptions(LogoMode::Fast);
  return tr("fast: %1 positions masked per pass, spacing %2 (approximate)").arg(o.masksPerWindow).arg(o.spacing);
}
QString DetailPanel::statusText() const { return status_->text(); }

void DetailPanel::setStatus(const QString& text) { status_->setText(text); }

void DetailPanel::setSession(gpnmsa::SessionPtr session) {
  cancel();
  session_ = std::move(session);
  alignment_->clear();
  logo_->clear();
  mutagenesis_->clearData();
  complete_ = false;
  if (wanted_) start();
}

void DetailPanel::clear() {
  cancel();
  wanted_ = false;
  complete_ = false;
  chrom_.clear();
  pos_ = marked_ = 0;
  showGenes(0, -1);
  alignment_->clear();
  logo_->clear();
  mutagenesis_->clearData();
  setStatus({});
  title_->setText(tr("Select a variant: its alignment window and sequence logo appear here."));
}

void DetailPanel::cancel() { jobs_->cancel(); }

void DetailPanel::showPosition(const QString& chrom, qint64 pos, qint64 markedPos, const QString& title) {
  title_->setText(title);
  if (wanted_ && chrom == chrom_ && pos == pos_ && markedPos == marked_ && (complete_ || failed_ || isBusy())) return;
  chrom_ = chrom;
  pos_ = pos;
  marked_ = markedPos;
  wanted_ = true;
  start();
}

void DetailPanel::start() {
  cancel();
  complete_ = false;
  failed_ = false;
  // Nothing of the previous position may stay on screen under the new title
  // while the new window is read.
  alignment_->clear();
  logo_->clear();
  mutagenesis_->clearData();
  showGenes(0, -1);
  if (!session_) {
    setStatus(tr("waiting for the model and alignment…"));
    return;
  }
  RegionJob j;
  j.chrom = chrom_;
  j.pos = pos_;
  j.markedPos = marked_;
  j.logits = logitsOptions(logoMode_);
  auto* w = new RegionWorker(session_, j);
  setStatus(tr("reading the alignment window…"));
  jobs_->start(w, [this, w](quint64 job) {
    connect(w, &RegionWorker::windowReady, this, [this, job](const AlignmentWindowData& window) {
      if (!jobs_->isCurrent(job)) return;
      alignment_->setWindow(window);
      alignment_->centerOnMarked();
      const qint64 end = window.firstPos + window.length() - 1;
      logo_->setRange(window.firstPos, end);
      logo_->setMarkedPosition(marked_);
      mutagenesis_->setRange(window.firstPos, end);
      mutagenesis_->setMarkedPosition(marked_);
      showGenes(window.firstPos, end);
      setStatus(tr("Logo (%1): computing…").arg(modeText()));
    });
    connect(w, &RegionWorker::logitsReady, this,
            [this, job](const QVector<PositionLogits>& positions, qint64 done, qint64 total) {
              if (!jobs_->isCurrent(job)) return;
              const std::vector<PositionLogits> v(positions.begin(), positions.end());
              logo_->updatePositions(v);
              mutagenesis_->updatePositions(v);
              setStatus(tr("Logo (%1): %2 / %3 positions").arg(modeText()).arg(done).arg(total));
            });
    connect(w, &RegionWorker::finished, this, [this, job](bool cancelled, double seconds) {
      if (!jobs_->isCurrent(job)) return;
      jobs_->finish(job);
      complete_ = !cancelled;
      setStatus(cancelled ? tr("Logo cancelled.")
                          : tr("Logo (%1), computed in %2 s").arg(modeText()).arg(seconds, 0, 'f', 2));
      emit finished(cancelled, seconds);
    });
    connect(w, &RegionWorker::failed, this, [this, job](const QString& message) {
      if (!jobs_->isCurrent(job)) return;
      jobs_->finish(job);
      failed_ = true;
      // Nothing of another position may stay on screen under this title.
      alignment_->clear();
      logo_->clear();
      mutagenesis_->clearData();
      showGenes(0, -1);
      setStatus(message);
      emit failed(message);
    });
  });
}

}  // namespace gpnmsa::ui
