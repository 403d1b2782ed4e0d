// SPDX-License-Identifier: GPL-3.0-or-later
#include "detail_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <optional>
#include <unordered_map>

#include "elided_label.h"
#include "gpnmsa/alignment_store.h"
#include "gpnmsa/calibration.h"
#include "gpnmsa/tokens.h"
#include "region_browser.h"
#include "region_worker.h"  // windowSpan
#include "session_loading.h"
#include "view_logits.h"

namespace gpnmsa::ui {

namespace {
QString placeholderText() {
  return QObject::tr("Select a variant or type a locus: its sequence logo, mutagenesis map and alignment appear here.");
}
}  // namespace

DetailPanel::DetailPanel(QWidget* parent)
    : QWidget(parent), title_(new ElidedLabel), status_(new ElidedLabel), progress_(new QProgressBar),
      cancel_(new QToolButton), logoModeBox_(new QComboBox), browser_(new RegionBrowser),
      scheduler_(new ViewLogitsScheduler(this)) {
  title_->setObjectName("detailTitle");
  QFont bold = title_->font();
  bold.setBold(true);
  title_->setFont(bold);
  status_->setObjectName("detailStatus");
  status_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
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
  progress_->setObjectName("detailProgress");
  progress_->setMaximumWidth(120);
  progress_->setTextVisible(false);
  progress_->setVisible(false);
  cancel_->setObjectName("detailCancel");
  cancel_->setText(tr("Cancel"));
  cancel_->setToolTip(tr("Stop computing the logo (what is computed stays; moving the view starts again)"));
  cancel_->setVisible(false);
  connect(cancel_, &QToolButton::clicked, scheduler_, &ViewLogitsScheduler::cancel);

  // Title left, status right (both elided, never overlapping), then the
  // progress, Cancel and the mode choice at their natural widths.
  auto* header = new QHBoxLayout;
  header->setContentsMargins(4, 2, 4, 0);
  header->addWidget(title_, 3);
  header->addWidget(status_, 2);
  header->addWidget(progress_);
  header->addWidget(cancel_);
  header->addSpacing(8);
  modelLabel_ = new QLabel(tr("Model:"));
  modelBox_ = new QComboBox;
  modelBox_->setObjectName("logoModel");
  modelBox_->setToolTip(tr("Whose predictions the logo and the mutagenesis map show (two models side by side)"));
  modelLabel_->setBuddy(modelBox_);
  header->addWidget(modelLabel_);
  header->addWidget(modelBox_);
  modelLabel_->setVisible(false);
  modelBox_->setVisible(false);
  connect(modelBox_, &QComboBox::activated, this, [this](int index) { setShownModel(index); });
  auto* logoModeLabel = new QLabel(tr("Logo:"));
  logoModeLabel->setBuddy(logoModeBox_);
  header->addWidget(logoModeLabel);
  header->addWidget(logoModeBox_);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addLayout(header);
  layout->addWidget(browser_, 1);

  scheduler_->setOptions(logitsOptions(logoMode_));
  browser_->setLogits([this](qint64 pos) { return logitsAt(pos); });
  connect(browser_, &RegionBrowser::viewChanged, this, [this] {
    showGenes();
    requestView();
  });
  connect(browser_, &RegionBrowser::cellClicked, this, [this](qint64 pos, int base) {
    if (chrom_.isEmpty() || base < 0 || base > 3) return;
    const char alt = "ACGT"[base];
    const PositionLogits* pl = logitsAt(pos);
    char ref = pl ? char(std::toupper(pl->ref)) : 0;
    if (!pl && session_ && session_->store) {  // not computed yet: the reference from the store
      try {
        if (const auto stored = session_->store->resolve(chrom_.toStdString()))
          ref = char(std::toupper(session_->store->fetch(*stored, pos - 1, pos).at(0)));
      } catch (const std::exception&) {
        return;
      }
    }
    if (ref == alt || ref == 0) return;  // the reference's own cell is no substitution
    emit whatIfRequested(chrom_, pos, alt);
  });
  connect(browser_, &RegionBrowser::alignmentFailed, this, [this](const QString& m) { setStatus(m); });
  connect(scheduler_, &ViewLogitsScheduler::positionsReady, this,
          [this](const QString& chrom, qint64 first, qint64 last) {
            if (chrom == chrom_ && last >= browser_->axis()->firstVisible() && first <= browser_->axis()->lastVisible())
              browser_->refresh();
          });
  connect(scheduler_, &ViewLogitsScheduler::progress, this, [this](qint64 done, qint64 total) {
    if (!wanted_) return;
    progress_->setRange(0, int(std::max<qint64>(1, total)));
    progress_->setValue(int(done));
    setStatus(tr("Logo (%1): %2 / %3 positions").arg(modeText()).arg(done).arg(total));
  });
  connect(scheduler_, &ViewLogitsScheduler::idle, this, [this](bool cancelled) {
    if (!wanted_ || quiet_) return;
    setWorking(false);
    complete_ = !cancelled;
    const double seconds = clock_.isValid() ? clock_.elapsed() / 1000.0 : 0.0;
    const qint64 inView = browser_->axis()->lastVisible() - browser_->axis()->firstVisible() + 1;
    if (cancelled)
      setStatus(tr("Logo cancelled (what was computed stays; move the view to go on)."));
    else if (inView > kMaxComputedView)
      setStatus(tr("Overview of %1 bp: what is computed so far is shown; zoom in to %2 bp or less to compute")
                    .arg(QLocale().toString(inView), QLocale().toString(kMaxComputedView)));
    else if (requesting_)  // idle before request() returned: nothing needed computing
      setStatus(tr("Logo (%1): all %2 positions in view from the cache").arg(modeText()).arg(inView));
    else
      setStatus(tr("Logo (%1), computed in %2 s").arg(modeText()).arg(seconds, 0, 'f', 2));
    emit finished(cancelled, seconds);
  });
  connect(scheduler_, &ViewLogitsScheduler::failed, this, [this](const QString& message) {
    failed_ = true;
    setWorking(false);
    setStatus(message);
    emit failed(message);
  });
  showLogoMode();
  browser_->setPlaceholder(placeholderText());
  title_->setText(tr("Select a variant or type a locus"));
  showGenes();
}

DetailPanel::~DetailPanel() = default;  // the scheduler stops and waits for its worker

bool DetailPanel::isBusy() const { return scheduler_->isBusy(); }

const PositionLogits* DetailPanel::logitsAt(qint64 pos) const {
  return chrom_.isEmpty() ? nullptr : scheduler_->logits(chrom_, pos);
}

void DetailPanel::setGeneAnnotation(std::shared_ptr<const gpnmsa::GeneAnnotation> genes) {
  genes_ = std::move(genes);
  showGenes();
}

void DetailPanel::showGenes() {
  GeneTrackData d;
  d.chrom = chrom_;
  d.annotationLoaded = genes_ != nullptr;
  d.marked = marked_;
  if (wanted_ && !chrom_.isEmpty()) {
    d.start = browser_->axis()->firstVisible();
    d.end = browser_->axis()->lastVisible();
  } else {
    d.start = 0;
    d.end = -1;
  }
  if (genes_ && d.end >= d.start) {
    try {
      d.genes = genes_->genesIn(chrom_.toStdString(), d.start, d.end);
    } catch (const std::exception& e) {  // an indexed file that went bad since it was opened
      setStatus(tr("Gene track: %1").arg(QString::fromStdString(e.what())));
    }
  }
  browser_->genesTrack()->setData(std::move(d));
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
  scheduler_->setOptions(logitsOptions(mode));
  browser_->refresh();
  // The view is computed again in the new mode (or found in the cache).
  requestView();
}

void DetailPanel::showLogoMode() {
  const int index = logoModeBox_->findData(int(logoMode_));
  if (index >= 0 && logoModeBox_->currentIndex() != index) logoModeBox_->setCurrentIndex(index);
  if (logoMode_ == LogoMode::Exact)
    status_->setToolTip(tr("Logits at every position in view, each position masked in turn "
                           "(both strands, averaged) — the computation the scores use."));
  else
    status_->setToolTip(tr("Logits at every position in view, several positions masked in each "
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

void DetailPanel::setWorking(bool on) {
  progress_->setVisible(on);
  cancel_->setVisible(on);
}

void DetailPanel::setSession(gpnmsa::SessionPtr session) {
  primary_ = std::move(session);
  updateModelBox();
  if (shownModel_ == 0 || !second_) applySession(primary_);
}

void DetailPanel::setSecondSession(gpnmsa::SessionPtr session) {
  if (session == second_) return;
  second_ = std::move(session);
  if (!second_) shownModel_ = 0;
  updateModelBox();
  applySession(shownModel_ == 1 ? second_ : primary_);
}

void DetailPanel::setShownModel(int which) {
  which = (which == 1 && second_) ? 1 : 0;
  if (which == shownModel_) return;
  shownModel_ = which;
  modelBox_->setCurrentIndex(which);
  applySession(which == 1 ? second_ : primary_);
}

void DetailPanel::updateModelBox() {
  modelBox_->clear();
  // Item i is model i + 1 (a first model still loading keeps its place).
  modelBox_->addItem(primary_ ? sessionLabel(*primary_) : tr("(first model: loading)"));
  if (second_) modelBox_->addItem(sessionLabel(*second_));
  modelBox_->setCurrentIndex(shownModel_);
  modelBox_->setVisible(second_ != nullptr);
  modelLabel_->setVisible(second_ != nullptr);
}

namespace {
// GPN-Star with a calibration table: the letter heights its published tracks
// show (calibratedLogoHeights: the reference at 0, each alt at its calibrated
// LLR, softmax, p × (2 − H)). The 5-mer of each position is read from the
// store once (a few bytes) and kept.
HeightsLookup calibratedHeights(const gpnmsa::SessionPtr& session, const QString& chrom) {
  if (!session || !session->calibration || !session->calibration->hasLlr() || !isGpnStar(*session)) return {};
  auto contexts = std::make_shared<std::unordered_map<qint64, std::string>>();
  const std::string c = chrom.toStdString();
  return [session, contexts, c](qint64 pos, const gpnmsa::PositionLogits& pl) -> std::optional<std::array<double, 4>> {
    auto it = contexts->find(pos);
    if (it == contexts->end()) {
      std::string ctx;
      try {
        if (const auto stored = session->store->resolve(c)) ctx = gpnmsa::pentanucleotide(*session->store, *stored, pos - 1);
      } catch (const std::exception&) {
        ctx.clear();
      }
      it = contexts->emplace(pos, ctx).first;
    }
    if (it->second.empty()) return std::nullopt;
    return gpnmsa::calibratedLogoHeights(pl.acgt, pl.ref, it->second, *session->calibration);
  };
}
}  // namespace

void DetailPanel::applySession(gpnmsa::SessionPtr session) {
  cancel();
  session_ = std::move(session);
  browser_->setLogoHeights(calibratedHeights(session_, chrom_));
  scheduler_->setSession(session_);
  browser_->setSession(session_);
  complete_ = false;
  if (wanted_) showPosition(chrom_, pos_, marked_, title_->text());
}

void DetailPanel::clear() {
  cancel();
  wanted_ = false;
  complete_ = false;
  chrom_.clear();
  pos_ = marked_ = 0;
  browser_->axis()->setMarked(0);
  browser_->axis()->setChromosome({}, 0);
  browser_->alignmentTrack()->setWindow({});
  browser_->setPlaceholder(placeholderText());
  showGenes();
  setStatus({});
  title_->setText(tr("Select a variant or type a locus"));
  title_->setToolTip({});
}

void DetailPanel::cancel() {
  quiet_ = true;  // the scheduler's idle(true) is not the user's Cancel
  scheduler_->cancel();
  quiet_ = false;
  setWorking(false);
}

void DetailPanel::showPosition(const QString& chrom, qint64 pos, qint64 markedPos, const QString& title) {
  title_->setText(title);
  title_->setToolTip(title);
  GenomeAxis* axis = browser_->axis();
  const bool same = wanted_ && chrom == chrom_ && pos == pos_ && markedPos == marked_ && axis->chrom() == chrom;
  if (same && (complete_ || failed_ || isBusy())) return;
  const bool newChrom = !wanted_ || chrom != chrom_ || axis->chrom() != chrom;
  const bool newPos = newChrom || pos != pos_;
  if (chrom != chrom_) browser_->setLogoHeights(calibratedHeights(session_, chrom));
  chrom_ = chrom;
  pos_ = pos;
  marked_ = markedPos;
  wanted_ = true;
  failed_ = false;
  if (!session_) {
    setStatus(tr("waiting for the model and alignment…"));
    return;
  }
  qint64 length = 0;
  try {
    if (const auto stored = session_->store->resolve(chrom.toStdString())) length = session_->store->length(*stored);
  } catch (const std::exception&) {
  }
  if (length <= 0 || pos < 1 || pos > length) {
    const QString message = length <= 0 ? tr("Chromosome %1 is not in the alignment.").arg(chrom)
                                        : tr("Position %1 is outside chromosome %2 (1-%3).")
                                              .arg(QLocale().toString(pos), chrom, QLocale().toString(length));
    complete_ = false;
    failed_ = true;
    browser_->setPlaceholder(message);
    setStatus(message);
    emit failed(message);
    return;
  }
  browser_->setPlaceholder({});
  {
    const QSignalBlocker quiet(axis);  // one request below, not one per change
    axis->setChromosome(chrom, length);
    axis->setMarked(markedPos);
    const bool defaultZoom = std::abs(axis->basesInView() - double(GenomeAxis::kDefaultBases)) < 0.5;
    if (newChrom || defaultZoom) {
      // The 128-bp window the scores see around pos, filling the view.
      const WindowSpan w = windowSpan(pos, length);
      axis->showRange(w.first + 1, w.first + w.count);
    } else if (newPos) {
      axis->centreOn(double(pos) + 0.5);  // another variant, at the zoom the user chose
    }
  }
  emit axis->changed();
}

void DetailPanel::showRegion(const QString& chrom, qint64 first, qint64 last) {
  if (first > last) std::swap(first, last);
  // The selected variant (if on this chromosome) stays selected and marked;
  // showing it again later (scores arriving) leaves the region in view.
  const bool keep = wanted_ && chrom == chrom_;
  showPosition(chrom, keep ? pos_ : first, keep ? marked_ : 0, title_->text());
  if (browser_->axis()->chrom() != chrom) return;  // failed: the message is shown
  browser_->axis()->showRange(first, last);
}

void DetailPanel::requestView() {
  if (!wanted_ || !session_ || chrom_.isEmpty() || browser_->axis()->chrom() != chrom_) return;
  GenomeAxis* axis = browser_->axis();
  clock_.start();
  complete_ = false;
  // Nothing to compute (all cached, or an overview): idle() arrives before
  // request() returns and says so.
  requesting_ = true;
  scheduler_->request(chrom_, axis->firstVisible(), axis->lastVisible(), qint64(std::floor(axis->centre())));
  requesting_ = false;
  if (scheduler_->isBusy()) {
    setWorking(true);
    setStatus(tr("Logo (%1): computing…").arg(modeText()));
  }
}

}  // namespace gpnmsa::ui
