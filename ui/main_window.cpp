// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QDir>
#include <QFileInfo>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <exception>
#include <stdexcept>
#include <limits>
#include <numeric>

#include "gpnmsa/error.h"
#include "gpnmsa/locus.h"
#include "gpnmsa/resources.h"
#include "gpnmsa/run_summary.h"
#include "gpnmsa/score_distribution.h"
#include "gpnmsa/variant_writer.h"
#include "gpnmsa/version.h"
#include "column_chooser.h"
#include "detail_panel.h"
#include "elided_label.h"
#include "region_browser.h"
#include "locus_variants.h"
#include "figure_dialog.h"
#include "report_dialog.h"
#include "alignment_view.h"
#include "logo_view.h"
#include "mutagenesis_plot.h"
#include "score_legend.h"
#include "score_overview.h"
#include "scoring_worker.h"
#include "session_loading.h"
#include "settings_dialog.h"
#include "variant_filter_proxy.h"
#include "variant_table_model.h"
#include "variant_info_view.h"
#include "view_export.h"

namespace gpnmsa::ui {

namespace {
constexpr int kMaxRecent = 8;
const char* kRecentKey = "recentFiles";
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), model_(new VariantTableModel(this)), proxy_(new VariantFilterProxy(this)),
      table_(new QTableView), details_(new QTabWidget), detail_(new DetailPanel), overview_(new ScoreOverview),
      overviewTimer_(new QTimer(this)), locus_(new QLineEdit), locusError_(new ElidedLabel),
      minScore_(new QLineEdit), maxScore_(new QLineEdit), status_(new QComboBox), text_(new QLineEdit),
      progress_(new QProgressBar), eta_(new QLabel), cancel_(new QPushButton(tr("Cancel"))),
      scoreRemaining_(new QPushButton(tr("Score remaining"))),
      summary_(new ElidedLabel), sessionLoad_(new JobSlot(this)), scoreFileOpen_(new JobSlot(this)),
      scoring_(new JobSlot(this)), published_(new JobSlot(this)), clinvarOpen_(new JobSlot(this)),
      clinvarJobs_(new JobSlot(this)) {
  setWindowTitle(tr("GPN-MSA Studio"));
  sessionLoad_->setObjectName("sessionLoadJobs");
  scoreFileOpen_->setObjectName("scoreFileJobs");
  scoring_->setObjectName("scoringJobs");
  summary_->setObjectName("summary");
  published_->setObjectName("publishedJobs");
  clinvarOpen_->setObjectName("clinvarOpenJobs");
  clinvarJobs_->setObjectName("clinvarJobs");
  setAcceptDrops(true);
  proxy_->setSourceModel(model_);
  table_->setModel(proxy_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(-1, Qt::AscendingOrder);  // input order until the user sorts
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setAlternatingRowColors(true);
  {
    // The review columns are appended to the model (stable indices); shown
    // here as a reviewer reads them: percentile after the scores, the
    // annotation and ClinVar after the status, the long detail text last.
    // (Published stays right beside the live score.)
    QHeaderView* h = table_->horizontalHeader();
    h->moveSection(h->visualIndex(VariantTableModel::Percentile),
                   h->visualIndex(VariantTableModel::Published) + 1);
    h->moveSection(h->visualIndex(VariantTableModel::Detail), VariantTableModel::ColumnCount - 1);
    // Each model's column group together: a GPN-Star first model's
    // calibrated score and entropies after its percentile (Published stays
    // beside the live score), the second model's group after the first
    // model's status (two models side by side).
    for (int c : {VariantTableModel::EntropyCalibrated, VariantTableModel::Entropy, VariantTableModel::ScoreCalibrated})
      h->moveSection(h->visualIndex(c), h->visualIndex(VariantTableModel::Percentile) + 1);
    for (int c = VariantTableModel::Status2; c >= VariantTableModel::Score2; --c)
      h->moveSection(h->visualIndex(c), h->visualIndex(VariantTableModel::Status) + 1);
    // Widths for typical values (not the header's default 100 px each), so
    // that the gene and consequence columns are on screen next to the scores.
    using M = VariantTableModel;
    const std::pair<int, const char*> typical[] = {
        {M::Chrom, "chr22"},          {M::Pos, "248,956,422"},        {M::Id, "Constrained_10"},
        {M::Ref, "REF"},              {M::Alt, "ALT"},                {M::Score, "-10.000000"},
        {M::Published, "-10.000000"}, {M::Percentile, "Percentile"},  {M::Status, "not_aligned"},
        {M::Gene, "ANKRD62P1"},       {M::Transcript, "ENST00000215939.7"}, {M::Consequence, "missense_variant"},
        {M::Impact, "MODERATE"},      {M::Hgvsc, "c.1234G>A"},        {M::Hgvsp, "p.Arg412His"},
        {M::Af, "0.000123"},          {M::ClinVar, "likely_pathogenic"}, {M::ClinVarSignificance, "Likely pathogenic"},
        {M::ClinVarStars, "★★★★"},    {M::ClinVarCondition, "Inborn genetic diseases"},
        {M::ScoreCalibrated, "-10.000000"}, {M::Entropy, "entropy cal."}, {M::EntropyCalibrated, "entropy cal."},
        {M::Score2, "-10.000000"},    {M::Score2Calibrated, "-10.000000"}, {M::Entropy2, "entropy cal."},
        {M::Entropy2Calibrated, "entropy cal."}, {M::Status2, "not_aligned"}};
    const QFontMetrics fm(table_->font());
    for (const auto& [column, text] : typical)
      table_->setColumnWidth(column, fm.horizontalAdvance(QString::fromUtf8(text)) + 24);
  }
  // Published until a score file is set, the review columns until the input
  // or the data sources have something for them (unless the user chose).
  columns_ = new ColumnChooser(
      table_, QStringLiteral("table/columns"), &VariantTableModel::columnKey,
      [this](int c) {
        if (c == VariantTableModel::Published) return scoreFile_ != nullptr;
        // With a ClinVar file set its columns stay while a new input is looked up.
        if (c >= VariantTableModel::ClinVarSignificance && c <= VariantTableModel::ClinVarCondition && clinvar_) return true;
        return model_->columnHasData(c);
      },
      this);
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this] { emitCurrent(); });

  details_->addTab(detail_, tr("Alignment && logo"));
  info_ = new VariantInfoView;
  info_->setObjectName("variantInfo");
  details_->addTab(info_, tr("Variant"));
  connect(this, &MainWindow::currentVariantChanged, this, &MainWindow::showDetails);
  connect(detail_, &DetailPanel::finished, this, [this](bool cancelled) { emit detailsFinished(cancelled, {}); });
  connect(detail_, &DetailPanel::failed, this, [this](const QString& m) { emit detailsFinished(true, m); });
  connect(detail_, &DetailPanel::whatIfRequested, this,
          [this](const QString& chrom, qint64 pos, char alt) { addWhatIf(chrom, pos, alt); });

  overview_->setObjectName("scoreOverview");
  overviewTimer_->setSingleShot(true);
  connect(overviewTimer_, &QTimer::timeout, this, &MainWindow::refreshOverview);
  // Started, not restarted: rows arrive every 100 ms while scoring, and a
  // timer restarted on each would not fire until scoring ends.
  // While scoring, once a second: the GUI thread shares the CPUs with the scorer.
  const auto scheduleOverview = [this] {
    if (!overviewTimer_->isActive()) overviewTimer_->start(isBusy() ? 1000 : 150);
  };
  connect(model_, &QAbstractItemModel::modelReset, this, scheduleOverview);
  connect(model_, &QAbstractItemModel::layoutChanged, this, scheduleOverview);
  connect(model_, &QAbstractItemModel::dataChanged, this, scheduleOverview);
  connect(model_, &QAbstractItemModel::rowsInserted, this, scheduleOverview);

  locus_->setPlaceholderText(tr("Locus: chr17:43,044,295  ·  1:1000-1100  ·  chr1:1230:G:A"));
  locus_->setClearButtonEnabled(true);
  connect(locus_, &QLineEdit::returnPressed, this, [this] { openLocus(locus_->text()); });
  connect(locus_, &QLineEdit::textEdited, this, [this] { setLocusError({}); });
  locusError_->setObjectName("locusError");
  locusError_->setStyleSheet("color: #b2182b");
  locusError_->hide();

  auto* top = new QWidget;
  auto* topLayout = new QVBoxLayout(top);
  topLayout->setContentsMargins(4, 4, 4, 0);
  // One line, cut with its whole text as tooltip: at 1024 px two wrapped
  // lines took the table's room (the start says SIMULATED).
  demoNote_ = new ElidedLabel;
  demoNote_->setObjectName("demoNote");
  demoNote_->setStyleSheet("background: #fff3cd; color: #5c4400; padding: 3px 6px; border: 1px solid #e0c36c");
  demoNote_->hide();
  {
    const auto bundle = gpnmsa::defaultBundle();
    demoAlignment_ = QFileInfo(QString::fromStdString(bundle.alignment)).canonicalFilePath();
    demoDescription_ = QString::fromStdString(bundle.description);
  }
  topLayout->addWidget(demoNote_);
  topLayout->addWidget(locus_);
  topLayout->addWidget(locusError_);
  topLayout->addWidget(buildFilterBar());
  auto* tableAndOverview = new QSplitter(Qt::Horizontal);
  tableAndOverview->addWidget(table_);
  tableAndOverview->addWidget(overview_);
  tableAndOverview->setStretchFactor(0, 3);
  tableAndOverview->setStretchFactor(1, 1);
  topLayout->addWidget(tableAndOverview, 1);
  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(top);
  splitter->addWidget(details_);
  splitter->setStretchFactor(0, 2);
  splitter->setStretchFactor(1, 3);
  // Room for a dozen table rows at the default size; the detail views keep the rest.
  splitter->setSizes({420, 580});
  setCentralWidget(splitter);

  progress_->setFormat(tr("%v / %m"));
  progress_->setMaximumWidth(260);
  cancel_->setToolTip(tr("Stop scoring; rows not yet scored stay pending"));
  connect(cancel_, &QPushButton::clicked, this, &MainWindow::cancelScoring);
  statusBar()->addWidget(summary_, 1);
  statusBar()->addPermanentWidget(progress_);
  statusBar()->addPermanentWidget(eta_);
  statusBar()->addPermanentWidget(cancel_);
  scoreRemaining_->setObjectName("scoreRemaining");
  scoreRemaining_->setToolTip(tr("Score the rows left pending by Cancel; scored rows are kept"));
  connect(scoreRemaining_, &QPushButton::clicked, this, &MainWindow::scoreRemaining);
  statusBar()->addPermanentWidget(scoreRemaining_);
  scoreRemaining_->hide();
  progress_->hide();
  eta_->hide();
  cancel_->hide();
  connect(proxy_, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateSummary);
  connect(proxy_, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateSummary);
  connect(proxy_, &QAbstractItemModel::modelReset, this, &MainWindow::updateSummary);
  // The scored count follows the rows as they are scored, not only at the end.
  connect(model_, &QAbstractItemModel::dataChanged, this, &MainWindow::updateSummary);
  buildMenus();
  buildEditAndHelpMenus();
  resize(1400, 1000);
  fitToScreen();
}

// A job still running would outlive the window (and, at exit, libtorch's
// globals): stop it and wait for its thread.
MainWindow::~MainWindow() {
  for (JobSlot* jobs :
       {sessionLoad_, scoreFileOpen_, scoring_, published_, clinvarOpen_, clinvarJobs_, genesOpen_, whatIfScoring_,
        session2Load_, scoring2_, whatIf2_})
    jobs->shutdown();
}

bool MainWindow::isBusy() const { return scoring_->isBusy(); }
bool MainWindow::isLookingUp() const { return published_->isBusy(); }
bool MainWindow::isLoadingSession() const { return sessionLoad_->isBusy(); }
bool MainWindow::isLookingUpClinVar() const { return clinvarOpen_->isBusy() || clinvarJobs_->isBusy(); }

QWidget* MainWindow::buildFilterBar() {
  auto* bar = new QWidget;
  auto* l = new QHBoxLayout(bar);
  l->setContentsMargins(0, 0, 0, 0);
  minScore_->setPlaceholderText(tr("min score"));
  maxScore_->setPlaceholderText(tr("max score"));
  for (auto* e : {minScore_, maxScore_}) {
    e->setMaximumWidth(90);
    e->setClearButtonEnabled(true);
    connect(e, &QLineEdit::textChanged, this, &MainWindow::applyFilters);
  }
  status_->addItem(tr("All statuses"), QVariant());
  status_->addItem(tr("Scored"), QVariant(QList<QVariant>{int(VariantStatus::Ok), int(VariantStatus::OkWindowShifted),
                                                                int(VariantStatus::OkEdgePadded), int(VariantStatus::OkNoCalibration)}));
  QList<QVariant> notScored;
  for (int s = int(VariantStatus::Pending); s <= int(VariantStatus::Error); ++s)
    if (!isScored(VariantStatus(s))) notScored << s;
  status_->addItem(tr("Not scored"), QVariant(notScored));
  for (int s = int(VariantStatus::Pending); s <= int(VariantStatus::Error); ++s)
    status_->addItem(QString::fromLatin1(statusName(VariantStatus(s))), QVariant(QList<QVariant>{s}));
  connect(status_, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilters);
  text_->setPlaceholderText(tr("Filter: text, chr1:1230, status…"));
  text_->setClearButtonEnabled(true);
  connect(text_, &QLineEdit::textChanged, this, &MainWindow::applyFilters);
  l->addWidget(new QLabel(tr("Score")));
  l->addWidget(minScore_);
  l->addWidget(new QLabel(tr("to")));
  l->addWidget(maxScore_);
  l->addWidget(status_);
  l->addWidget(text_, 1);
  l->addWidget(new ScoreLegend);
  return bar;
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::openDialog);
  recent_ = file->addMenu(tr("Open &Recent"));
  connect(recent_, &QMenu::aboutToShow, this, [this] {
    recent_->clear();
    for (const QString& p : QSettings().value(kRecentKey).toStringList())
      recent_->addAction(p, this, [this, p] { openFile(p); });
    if (recent_->isEmpty()) recent_->addAction(tr("(none)"))->setEnabled(false);
  });
  file->addSeparator();
  file->addAction(tr("&Export All Rows…"), QKeySequence::Save, this, [this] { exportDialog(false); });
  file->addAction(tr("Export &Visible Rows…"), this, [this] { exportDialog(true); });
  QMenu* views = file->addMenu(tr("Export Vie&w"));
  views->addAction(tr("&Alignment…"), this, [this] { exportViewDialog(View::Alignment); });
  views->addAction(tr("&Logo…"), this, [this] { exportViewDialog(View::Logo); });
  views->addAction(tr("&Mutagenesis Map…"), this, [this] { exportViewDialog(View::Mutagenesis); });
  views->addAction(tr("&Score Overview…"), this, [this] { exportViewDialog(View::ScoreOverview); });
  file->addSeparator();
  // The stacked tracks of a whole region as SVG / PDF / PNG (issue 12).
  file->addAction(tr("Export &Figure…"), this, [this] { openFigureDialog(this); });
  file->addAction(tr("&Report…"), this, [this] { openReportDialog(this); });  // PDF + HTML of the selected rows
  file->addAction(tr("&Data Sources…"), this, &MainWindow::settingsDialog);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
  buildViewMenu();
}

void MainWindow::setDataSources(const QString& modelDir, const QString& alignment) {
  summary_->setText(tr("Loading model and alignment…"));
  sessionLoad_->run<SessionLoad>([modelDir, alignment] { return loadSession(modelDir, alignment); },
                                 [this](SessionLoad loaded) {
                                   if (loaded.session) return useSession(std::move(loaded.session));
                                   waiting_.clear();
                                   scoringWanted_ = false;
                                   updateSummary();
                                   report(loaded.error);
                                 });
  // Jobs wait for the new session; nothing more runs on the one it replaces.
  session_.reset();
  detail_->setSession(nullptr);
  if (!input_.variants.empty()) startScoring(input_);
}

void MainWindow::useSession(gpnmsa::SessionPtr session) {
  sessionLoad_->cancel();  // whatever it was loading is older than this
  if (!session) return;
  session_ = std::move(session);
  modelDir_ = QString::fromStdString(session_->modelDir);
  alignment_ = QString::fromStdString(session_->alignmentPath);
  detail_->setSession(session_);
  model_->setDistribution(session_->distribution);
  updateModelHeadings();  // refreshes the columns and the summary
  // A score_distribution.tsv that is there but unreadable: scores stay right,
  // percentiles are left out rather than wrong, and the user is told why.
  if (!session_->distributionError.empty())
    statusBar()->showMessage(tr("No percentiles: %1").arg(QString::fromStdString(session_->distributionError)));
  emit sessionReady();
  auto actions = std::move(waiting_);
  waiting_.clear();
  for (auto& a : actions) a();
  if (input_.variants.empty()) return;
  // Rows scored with another model are scored again from scratch.
  const auto& rows = model_->rows();
  const bool stale = std::any_of(rows.begin(), rows.end(),
                                 [](const ScoredVariant& r) { return r.status != VariantStatus::Pending; });
  if (stale) startScoring(input_);
  else runScoring();
}

void MainWindow::whenSessionReady(std::function<void()> action) {
  if (session_) action();
  else if (sessionLoad_->isBusy()) waiting_.push_back(std::move(action));
  else report(tr("No model and alignment loaded: choose them in File ▸ Data Sources."));
}

bool MainWindow::openFile(const QString& path) {
  gpnmsa::VariantTable table;
  try {
    table = gpnmsa::readVariants(path.toStdString());
  } catch (const std::exception& e) {
    report(tr("Cannot open %1: %2").arg(path, QString::fromStdString(e.what())));
    return false;
  }
  addRecent(QFileInfo(path).absoluteFilePath());
  setWindowTitle(tr("%1 — GPN-MSA Studio").arg(QFileInfo(path).fileName()));
  inputName_ = QFileInfo(path).fileName();
  text_->clear();  // a filter typed for the previous file would hide rows of this one
  startScoring(std::move(table));
  return true;
}

bool MainWindow::openLocus(const QString& text) {
  std::string err;
  auto locus = gpnmsa::parseLocus(text.toStdString(), &err);
  if (!locus) {  // a gene name or id?
    QString note, geneError;
    locus = geneLocus(text, &note, &geneError);
    if (!locus) {
      setLocusError(geneError.isEmpty() ? QString::fromStdString(err) : geneError);
      return false;
    }
    statusBar()->showMessage(note, 20000);
  }
  setLocusError({});
  // A locus replaces the list shown: never silently when a file is open.
  if (interactive_ && !inputName_.isEmpty() && !input_.variants.empty() &&
      QMessageBox::question(this, tr("Replace the loaded variants?"),
                            tr("%1 is open (%2 variants). Score %3 instead? The file stays in File ▸ Open Recent.")
                                .arg(inputName_)
                                .arg(input_.variants.size())
                                .arg(text)) != QMessageBox::Yes)
    return false;
  locus_->setText(text);
  // Positions and regions need the reference bases from the store.
  whenSessionReady([this, l = *locus, text] {
    gpnmsa::VariantTable table;
    table.format = gpnmsa::InputFormat::Tsv;
    QString error;
    if (!locusVariants(l, *session_->store, &table.variants, &error)) {
      setLocusError(error);
      emit errorOccurred(error);
      return;
    }
    table.records = int64_t(table.variants.size());
    setWindowTitle(tr("%1 — GPN-MSA Studio").arg(text));
    inputName_.clear();
    startScoring(std::move(table));
    // A typed region: all of it in the region browser (computed up to 10 kb).
    if (l.kind == gpnmsa::Locus::Kind::Region)
      detail_->showRegion(QString::fromStdString(l.chrom), l.start, l.end);
  });
  return true;
}

void MainWindow::startScoring(gpnmsa::VariantTable table) {
  // The running job (if any) stops; its signals are ignored from here on.
  scoring_->cancel();
  whatIfScoring_->cancel();  // what-if rows of this input are scored with the rest
  applyGenes(&table);
  input_ = std::move(table);
  model_->setVariants(input_.variants);
  model_->setWhatIfFrom(input_.records);
  model_->setAnnotations(input_.annotations);
  columns_->refresh();
  startPublished();
  startClinVar();
  // The first row's details show at once (alignment now, logo as computed).
  if (proxy_->rowCount() > 0) selectRow(0);
  else detail_->clear();
  runScoring();
}

void MainWindow::runScoring(std::vector<int> subset) {
  // The second model (if any) scores the whole list alongside, in its own job.
  if (subset.empty()) runSecondScoring();
  scoringWanted_ = false;
  scoreRemaining_->hide();
  if (!session_) {
    if (sessionLoad_->isBusy()) scoringWanted_ = true;
    else report(tr("No model and alignment loaded: choose them in File ▸ Data Sources."));
    return;
  }
  whatIfScoring_->cancel();  // its pending rows are among those scored here
  // `subset`: table rows to score (Score Remaining); empty = every row. The
  // job scores them as its own list; its indices map back through `rows`.
  auto rows = std::make_shared<std::vector<int>>(std::move(subset));
  if (rows->empty()) {
    rows->resize(input_.variants.size());
    std::iota(rows->begin(), rows->end(), 0);
  }
  ScoringJob j;
  for (int i : *rows) j.variants.push_back(input_.variants[size_t(i)]);
  auto* w = new ScoringWorker(session_, std::move(j));
  progress_->setRange(0, int(rows->size()));
  progress_->setValue(0);
  progress_->show();
  eta_->show();
  cancel_->show();
  const auto toTable = [rows](const QVector<int>& jobIndices) {
    QVector<int> out;
    out.reserve(jobIndices.size());
    for (int k : jobIndices) out << (*rows)[size_t(k)];
    return out;
  };
  scoring_->start(w, [this, w, rows, toTable](quint64 job) {
    connect(w, &ScoringWorker::rowsReady, this,
            [this, job, toTable](const QVector<int>& i, const QVector<ScoredVariant>& r) {
              if (scoring_->isCurrent(job)) model_->updateRows(toTable(i), r);
            });
    connect(w, &ScoringWorker::progress, this, [this, job](qint64 done, qint64 total, double eta) {
      if (!scoring_->isCurrent(job)) return;
      progress_->setMaximum(int(total));
      progress_->setValue(int(done));
      eta_->setText(eta >= 0 ? tr("ETA %1 s").arg(std::ceil(eta)) : QString());
    });
    connect(w, &ScoringWorker::finished, this, [this, job, rows](const ScoringResult& r) {
      if (!scoring_->isCurrent(job)) return;
      // Authoritative; also covers rows the stream missed. Row by row (not a
      // reset) so the user's selection and scroll position survive.
      if (r.rows.size() == rows->size())
        model_->updateRows(QVector<int>(rows->begin(), rows->end()),
                           QVector<ScoredVariant>(r.rows.begin(), r.rows.end()));
      scoring_->finish(job);
      scoringEnded();
      const int pending = pendingCount();
      scoreRemaining_->setVisible(pending > 0);
      scoreRemaining_->setText(tr("Score remaining (%1)").arg(pending));
      statusBar()->showMessage(r.cancelled ? tr("Scoring cancelled: %1 rows not scored yet.").arg(pending)
                                           : tr("Scored in %1 s.").arg(r.seconds, 0, 'f', 1), 5000);
      if (table_->currentIndex().isValid()) emitCurrent();
      fitColumns();
      // Not a single row scored: said once, with the likely cause.
      if (!r.cancelled) {
        const std::string why = gpnmsa::nothingScoredMessage(model_->rows());
        if (!why.empty()) {
          QString text = QString::fromStdString(why);
          text[0] = text[0].toUpper();
          report(text + ".");
        }
      }
      emit scoringFinished(r.cancelled);
    });
    connect(w, &ScoringWorker::failed, this, [this, job](const QString& message) {
      if (!scoring_->isCurrent(job)) return;
      scoring_->finish(job);
      scoringEnded();
      report(message);
    });
  });
}

int MainWindow::pendingCount() const {
  const auto& rows = model_->rows();
  return int(std::count_if(rows.begin(), rows.end(),
                           [](const ScoredVariant& r) { return r.status == VariantStatus::Pending; }));
}

void MainWindow::scoreRemaining() {
  if (isBusy()) return;
  std::vector<int> pending;
  const auto& rows = model_->rows();
  for (size_t i = 0; i < rows.size(); ++i)
    if (rows[i].status == VariantStatus::Pending) pending.push_back(int(i));
  if (!pending.empty()) runScoring(std::move(pending));
}

QString MainWindow::exportWarning(bool visibleOnly) const {
  int pending = 0;
  if (visibleOnly) {
    for (int r = 0; r < proxy_->rowCount(); ++r)
      if (model_->rowAt(proxy_->mapToSource(proxy_->index(r, 0)).row()).status == VariantStatus::Pending) ++pending;
  } else {
    pending = pendingCount();
  }
  if (pending == 0) return {};
  return tr("%n row(s) are not scored yet (scoring was cancelled or is still running): they are exported "
            "with status \"pending\" and no score. Use Score Remaining first to score them.",
            nullptr, pending);
}

void MainWindow::scoringEnded() {
  progress_->hide();
  eta_->hide();
  cancel_->hide();
  updateSummary();
}

void MainWindow::setScoreFile(const QString& path) {
  scoreFilePath_ = path;
  if (path.isEmpty()) {
    scoreFileOpen_->cancel();
    useScoreFile(nullptr);
    return;
  }
  summary_->setText(tr("Opening the score file %1…").arg(path));
  struct Opened {
    ScoreFilePtr file;
    QString error;
  };
  scoreFileOpen_->run<Opened>(
      [path] {
        Opened o;
        o.file = ScoreFile::open(path, &o.error);
        return o;
      },
      [this](Opened o) {
        useScoreFile(o.file);
        if (!o.file) return report(o.error);
        emit scoreFileReady();
      });
}

void MainWindow::useScoreFile(ScoreFilePtr file) {
  cancelPublished();
  scoreFile_ = std::move(file);
  columns_->refresh();
  model_->clearPublished(false);
  if (scoreFile_) startPublished();
  updateSummary();
}

void MainWindow::cancelPublished() { published_->cancel(); }

void MainWindow::setClinVarFile(const QString& path) {
  clinvarPath_ = path;
  if (path.isEmpty()) {
    clinvarOpen_->cancel();
    return useClinVarFile(nullptr);
  }
  struct Opened {
    ClinVarFilePtr file;
    QString error;
  };
  clinvarOpen_->run<Opened>(
      [path] {
        Opened o;
        o.file = openClinVarFile(path, &o.error);
        return o;
      },
      [this](Opened o) {
        useClinVarFile(o.file);
        if (!o.file) {
          report(o.error);
          emit clinVarFinished(false);
        }
      });
}

// Drops the matches of the file before (and any job still running for it),
// then looks the current input up in the new one.
void MainWindow::useClinVarFile(ClinVarFilePtr file) {
  clinvarJobs_->cancel();
  clinvar_ = std::move(file);
  input_.annotations.clinvarFile.clear();
  input_.annotations.clinvarMatches.clear();
  model_->setAnnotations(input_.annotations);
  columns_->refresh();
  updateInfo();
  startClinVar();
}

// Exact-allele lookups of every row; the newest input wins (JobSlot).
void MainWindow::startClinVar() {
  if (!clinvar_ || input_.variants.empty()) return clinvarJobs_->cancel();
  const ClinVarFilePtr file = clinvar_;
  const std::vector<gpnmsa::Variant> variants = input_.variants;
  const std::string path = clinvarPath_.toStdString();
  clinvarJobs_->run<ClinVarLookup>([file, variants] { return lookUpClinVar(file, variants); },
                                   [this, path](ClinVarLookup found) {
                                     if (!found.error.isEmpty()) {
                                       report(found.error);
                                       emit clinVarFinished(false);
                                       return;
                                     }
                                     input_.annotations.clinvarFile = path;
                                     input_.annotations.clinvarMatches = std::move(found.matches);
                                     model_->setAnnotations(input_.annotations);
                                     columns_->refresh();
                                     updateInfo();
                                     emit clinVarFinished(true);
                                   });
}

// Looks every row of the current input up in the score file. Needs no model,
// so it starts at once, beside scoring.
void MainWindow::startPublished() {
  cancelPublished();
  if (!scoreFile_) return;
  model_->clearPublished(true);
  if (input_.variants.empty()) return;
  auto* w = new PublishedWorker(scoreFile_, input_.variants);
  published_->start(w, [this, w](quint64 job) {
    connect(w, &PublishedWorker::rowsReady, this, [this, job](const QVector<int>& i, const QVector<ScoredVariant>& r) {
      if (published_->isCurrent(job)) model_->updatePublished(i, r);
    });
    connect(w, &PublishedWorker::finished, this, [this, job](bool cancelled) {
      if (!published_->isCurrent(job)) return;
      published_->finish(job);
      emit publishedFinished(cancelled);
    });
    connect(w, &PublishedWorker::failed, this, [this, job](const QString& message) {
      if (!published_->isCurrent(job)) return;
      published_->finish(job);
      model_->clearPublished(false);
      report(message);
      emit publishedFinished(true);
    });
  });
}

// Through the job's stop flag only: the worker may be deleting itself in its
// own thread at this very moment. The job still reports (cancelled) rows.
void MainWindow::cancelScoring() {
  if (!scoring_->isBusy()) return;
  scoring_->stopCurrent();
}

void MainWindow::selectRow(int viewRow) {
  if (viewRow < 0 || viewRow >= proxy_->rowCount()) return;
  table_->selectRow(viewRow);
  table_->setCurrentIndex(proxy_->index(viewRow, 0));
}

void MainWindow::emitCurrent() {
  const QModelIndex src = proxy_->mapToSource(table_->currentIndex());
  if (src.isValid()) emit currentVariantChanged(model_->rowAt(src.row()));
  updateInfo();
}

void MainWindow::updateInfo() {
  const QModelIndex src = proxy_->mapToSource(table_->currentIndex());
  if (!src.isValid() || src.row() >= int(input_.variants.size())) return info_->clear();
  const size_t i = size_t(src.row());
  const auto& a = input_.annotations;
  VariantInfoView::Info info;
  info.row = model_->rowAt(src.row());
  info.allele = i < a.alleles.size() ? &a.alleles[i] : nullptr;
  info.afSource = QString::fromStdString(a.afSource);
  info.clinvarFile = !a.clinvarFile.empty();
  if (i < a.clinvarMatches.size()) info.clinvar = a.clinvarMatches[i];
  info.distribution = model_->distribution() != nullptr;
  info.percentile = model_->percentileAt(src.row());
  info.whatIf = model_->isWhatIf(src.row());
  info_->showVariant(info);
}

QString MainWindow::variantTitle(const ScoredVariant& row) const {
  const auto& v = row.variant;
  QString t = tr("%1:%2 %3>%4").arg(QString::fromStdString(v.chrom), QLocale().toString(qlonglong(v.pos)),
                                    QString::fromStdString(v.ref), QString::fromStdString(v.alt));
  const QString first = session2_ && session_ ? sessionKind(*session_) + " " : QString();
  if (isScored(row.status)) t += tr("  ·  %1score %2").arg(first).arg(double(row.score), 0, 'f', 3);
  else t += QStringLiteral("  ·  %1%2").arg(first, QString::fromLatin1(statusName(row.status)));
  // Two models: the second's score of the same allele too.
  if (session2_) {
    const auto& rows2 = model_->secondRows();
    const auto it = std::find_if(rows2.begin(), rows2.end(), [&v](const ScoredVariant& r) {
      return r.variant.record == v.record && r.variant.altIndex == v.altIndex;
    });
    if (it != rows2.end()) {
      const QString kind = sessionKind(*session2_);
      if (!isScored(it->status)) t += QStringLiteral("  ·  %1 %2").arg(kind, QString::fromLatin1(statusName(it->status)));
      else if (std::isnan(it->scoreCalibrated)) t += tr("  ·  %1 score %2").arg(kind).arg(double(it->score), 0, 'f', 3);
      else
        t += tr("  ·  %1 score %2 (cal. %3)")
                 .arg(kind)
                 .arg(double(it->score), 0, 'f', 3)
                 .arg(double(it->scoreCalibrated), 0, 'f', 3);
    }
  }
  return t;
}

void MainWindow::showDetails(const ScoredVariant& row) {
  const auto& v = row.variant;
  detail_->showPosition(QString::fromStdString(v.chrom), v.pos, v.pos, variantTitle(row));
  overview_->setMarkedScore(isScored(row.status) ? double(row.score) : std::numeric_limits<double>::quiet_NaN());
}

// Throttled by overviewTimer_: rows arrive in many small updates while scoring.
void MainWindow::refreshOverview() {
  std::vector<double> scores;
  scores.reserve(model_->rows().size());
  for (const auto& r : model_->rows())
    if (isScored(r.status)) scores.push_back(double(r.score));
  overview_->setScores(scores);
  // The current row's score may just have arrived: update its marker and title.
  const QModelIndex src = proxy_->mapToSource(table_->currentIndex());
  if (src.isValid()) {
    const auto& row = model_->rowAt(src.row());
    overview_->setMarkedScore(isScored(row.status) ? double(row.score) : std::numeric_limits<double>::quiet_NaN());
    detail_->showPosition(QString::fromStdString(row.variant.chrom), row.variant.pos, row.variant.pos,
                          variantTitle(row));
    updateInfo();
  } else {
    overview_->setMarkedScore(std::numeric_limits<double>::quiet_NaN());
  }
}

bool MainWindow::exportView(View view, const QString& path, QString* error) {
  QWidget* w = nullptr;
  switch (view) {
    case View::Alignment: w = detail_->browser()->alignmentTrack(); break;
    case View::Logo: w = detail_->browser()->logoTrack(); break;
    case View::Mutagenesis: w = detail_->browser()->mapTrack(); break;
    case View::ScoreOverview: w = overview_; break;
  }
  return exportWidget(w, path, error);
}

void MainWindow::exportViewDialog(View view) {
  static const char* names[] = {"alignment", "logo", "mutagenesis", "score-overview"};
  QString selected;
  QString path = QFileDialog::getSaveFileName(this, tr("Export view"), QString::fromLatin1(names[int(view)]) + ".png",
                                              tr("PNG image (*.png);;SVG drawing (*.svg)"), &selected);
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty()) path += selected.contains("svg") ? ".svg" : ".png";
  QString error;
  if (exportView(view, path, &error)) statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
  else report(tr("Export failed: %1").arg(error));
}

void MainWindow::applyFilters() {
  bool ok = false;
  double lo = minScore_->text().toDouble(&ok);
  if (!ok) lo = -std::numeric_limits<double>::infinity();
  double hi = maxScore_->text().toDouble(&ok);
  if (!ok) hi = std::numeric_limits<double>::infinity();
  proxy_->setScoreRange(lo, hi);
  QSet<int> statuses;
  for (const QVariant& v : status_->currentData().toList()) statuses.insert(v.toInt());
  proxy_->setStatusFilter(statuses);
  proxy_->setTextFilter(text_->text());
  updateSummary();
}

void MainWindow::updateSummary() {
  const auto& rows = model_->rows();
  const auto scored = std::count_if(rows.begin(), rows.end(), [](const ScoredVariant& r) { return isScored(r.status); });
  const int whatIfs = model_->whatIfCount();
  const qlonglong inputRows = qlonglong(rows.size()) - whatIfs;
  QString s = whatIfs > 0 ? tr("%1 %2 + %3 what-if · %4 scored · %5 shown")
                                .arg(inputRows)
                                .arg(inputRows == 1 ? tr("variant") : tr("variants"))
                                .arg(whatIfs)
                                .arg(scored)
                                .arg(proxy_->rowCount())
                          : tr("%1 %2 · %3 scored · %4 shown")
                                .arg(inputRows)
                                .arg(inputRows == 1 ? tr("variant") : tr("variants"))
                                .arg(scored)
                                .arg(proxy_->rowCount());
  if (session_)
    s += tr("  ·  model %1 (%2), alignment %3")
             .arg(QFileInfo(modelDir_).fileName(), sessionSummary(*session_), QFileInfo(alignment_).fileName());
  if (session2_)
    s += tr("  ·  model 2 %1 (%2), alignment %3")
             .arg(QFileInfo(QDir::cleanPath(modelDir2_)).fileName(), sessionSummary(*session2_),
                  QFileInfo(QString::fromStdString(session2_->alignmentPath)).fileName());
  if (scoreFile_) s += tr(", published scores %1").arg(QFileInfo(scoreFilePath_).fileName());
  summary_->setText(s);
  const bool demo = !demoAlignment_.isEmpty() && QFileInfo(alignment_).canonicalFilePath() == demoAlignment_;
  demoNote_->setText(demoDescription_);  // "Demo bundle (SIMULATED ...)"
  demoNote_->setVisible(demo);
}

void MainWindow::report(const QString& message) {
  statusBar()->showMessage(message, 15000);
  emit errorOccurred(message);
  if (interactive_) QMessageBox::warning(this, tr("GPN-MSA Studio"), message);
}

void MainWindow::setLocusError(const QString& message) {
  locusError_->setText(message);
  locusError_->setVisible(!message.isEmpty());
}

void MainWindow::addRecent(const QString& path) {
  QSettings settings;
  QStringList list = settings.value(kRecentKey).toStringList();
  list.removeAll(path);
  list.prepend(path);
  while (list.size() > kMaxRecent) list.removeLast();
  settings.setValue(kRecentKey, list);
}

void MainWindow::openDialog() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open variants"), QString(),
      tr("Variants (*.vcf *.vcf.gz *.vcf.bgz *.bcf *.tsv *.csv *.txt);;All files (*)"));
  if (!path.isEmpty()) openFile(path);
}

// With a score file configured, the core writer adds the published score of
// each row (table column "published_score", VCF INFO/GPNMSA_PUBLISHED); it
// writes atomically, so a failing export leaves any previous file intact.
bool MainWindow::exportTo(const QString& path, bool visibleOnly, QString* error, bool replaceInfo,
                          bool* infoConflict) {
  if (infoConflict) *infoConflict = false;
  exportNote_.clear();
  try {
    std::vector<ScoredVariant> rows;
    const std::vector<float> published = model_->publishedScores();
    if (visibleOnly) {
      for (int r = 0; r < proxy_->rowCount(); ++r) {
        const int src = proxy_->mapToSource(proxy_->index(r, 0)).row();
        rows.push_back(model_->rowAt(src));
        rows.back().published = published[size_t(src)];
      }
    } else {
      rows = model_->rows();
      for (size_t i = 0; i < rows.size() && i < published.size(); ++i) rows[i].published = published[i];
    }
    int dropped = 0;
    if (exportDropsWhatIfs(path)) {
      const auto end = std::remove_if(rows.begin(), rows.end(), [this](const ScoredVariant& r) {
        return r.variant.record >= input_.records;
      });
      dropped = int(rows.end() - end);
      rows.erase(end, rows.end());
    }
    gpnmsa::WriteOptions options;
    options.provenance.tool = "gpnmsa-studio";
    options.provenance.version = GPNMSA_VERSION;
    options.provenance.model = modelDir_.toStdString();
    if (session_) options.provenance.modelInfo = sessionInfo(*session_).toStdString();
    if (session2_) {
      // The second model's columns for the rows written (matched by record and ALT).
      auto second = std::make_shared<gpnmsa::WriteOptions::SecondModel>();
      second->star = isGpnStar(*session2_);
      second->model = session2_->modelDir;
      second->info = (sessionInfo(*session2_) + " alignment=" + QString::fromStdString(session2_->alignmentPath))
                         .toStdString();
      second->rows = model_->secondRows();
      options.second = std::move(second);
    }
    options.provenance.alignment = alignment_.toStdString();
    if (scoreFile_) {
      options.published = true;
      options.publishedSource = scoreFilePath_.toStdString();
    }
    // Percentiles (table column "percentile", VCF INFO/GPN_MSA_PCT) in the
    // distribution the table shows them from; annotation and ClinVar columns
    // come from input_ itself.
    if (model_->distribution()) {
      options.distribution = model_->distribution();
      if (session_) options.distributionSource = session_->distributionPath;
    }
    options.overwriteInfo = replaceInfo;
    // A VCF keeps why an ALT has no score, and an export of the visible rows
    // holds only their records (in input order: the VCF stays sorted).
    options.statusField = "GPN_MSA_STATUS";
    options.onlyRecordsWithRows = visibleOnly;
    const std::string p = path.toStdString();
    gpnmsa::writeVariants(p, gpnmsa::outputFormatFromPath(p), input_, rows, options);
    if (dropped > 0)
      exportNote_ = tr("%n what-if row(s) left out: a VCF export of %1 copies its records, and what-if rows are "
                       "not among them (export TSV or CSV to keep them).",
                       nullptr, dropped)
                        .arg(inputName_.isEmpty() ? tr("the input") : inputName_);
    const auto format = gpnmsa::outputFormatFromPath(p);
    if (session2_ && format != gpnmsa::OutputFormat::Tsv && format != gpnmsa::OutputFormat::Csv)
      exportNote_ += (exportNote_.isEmpty() ? QString() : QStringLiteral(" ")) +
                     tr("The second model's scores are not in a VCF export (export TSV or CSV to keep them).");
  } catch (const gpnmsa::InfoFieldConflict& e) {
    if (infoConflict) *infoConflict = true;
    if (error)
      *error = tr("The input already has INFO/%1 (was it scored before?); exporting would replace its values.")
                   .arg(QString::fromStdString(e.field()));
    return false;
  } catch (const std::exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    return false;
  }
  return true;
}

void MainWindow::exportDialog(bool visibleOnly) {
  const QString path = QFileDialog::getSaveFileName(
      this,
      visibleOnly ? tr("Export visible rows (TSV/CSV in the table's order, VCF in input order)")
                  : tr("Export all rows (in input order)"),
      QString(),
      tr("Tab-separated (*.tsv);;Comma-separated (*.csv);;VCF (*.vcf);;Compressed VCF (*.vcf.gz)"));
  if (path.isEmpty()) return;
  if (const QString warning = exportWarning(visibleOnly);
      !warning.isEmpty() && interactive_ &&
      QMessageBox::warning(this, tr("Rows not scored"), warning + "\n\n" + tr("Export anyway?"),
                           QMessageBox::Yes | QMessageBox::No) != QMessageBox::Yes)
    return;
  QString error;
  bool conflict = false;
  bool ok = exportTo(path, visibleOnly, &error, false, &conflict);
  if (!ok && conflict && interactive_ &&
      QMessageBox::question(this, tr("Replace INFO values?"), error + "\n\n" + tr("Replace them?")) == QMessageBox::Yes)
    ok = exportTo(path, visibleOnly, &error, true);
  if (ok && !exportNote_.isEmpty()) {
    statusBar()->showMessage(tr("Wrote %1. %2").arg(path, exportNote_), 15000);
    if (interactive_) QMessageBox::information(this, tr("Export"), tr("Wrote %1.\n\n%2").arg(path, exportNote_));
  } else if (ok) {
    statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
  } else {
    report(tr("Export failed: %1").arg(error));
  }
}

void MainWindow::settingsDialog() {
  SettingsDialog dialog(modelDir_, alignment_, scoreFilePath_, this);
  dialog.setClinVarPath(clinvarPath_);
  dialog.setGeneAnnotation(genesPath_, genes_);
  dialog.setSecondModel(modelDir2_, alignments2_);
  if (dialog.exec() != QDialog::Accepted) return;
  QSettings settings;
  settings.setValue("data/model2", dialog.secondModelDir());
  settings.setValue("data/alignment2", dialog.secondAlignments());
  settings.setValue("data/model", dialog.modelDir());
  settings.setValue("data/alignment", dialog.alignment());
  settings.setValue("data/scores", dialog.scoreFilePath());
  settings.setValue("data/clinvar", dialog.clinVarPath());
  if (dialog.clinVarPath() != clinvarPath_ || !clinvar_ != !dialog.clinVarFile()) {
    clinvarOpen_->cancel();
    clinvarPath_ = dialog.clinVarPath();
    useClinVarFile(dialog.clinVarFile());
  }
  settings.setValue("data/genes", dialog.geneAnnotationPath());
  if (dialog.geneAnnotationPath() != genesPath_ || dialog.geneAnnotation() != genes_) {
    genesOpen_->cancel();
    genesPath_ = dialog.geneAnnotationPath();
    useGenes(dialog.geneAnnotation());
  }
  if (dialog.scoreFilePath() != scoreFilePath_ || !scoreFile_ != !dialog.scoreFile()) {
    scoreFileOpen_->cancel();
    scoreFilePath_ = dialog.scoreFilePath();
    useScoreFile(dialog.scoreFile());
  }
  useSession(dialog.session());
  // The second slot: loaded and checked by the dialog, or emptied.
  alignments2_ = dialog.secondAlignments();
  if (dialog.secondSession()) useSecondSession(dialog.secondSession());
  else if (session2_ || !modelDir2_.isEmpty()) setSecondDataSources({}, {});
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
  const auto urls = e->mimeData()->urls();
  if (!urls.isEmpty() && urls.first().isLocalFile()) openFile(urls.first().toLocalFile());
}

}  // namespace gpnmsa::ui
