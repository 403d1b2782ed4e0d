// SPDX-License-Identifier: GPL-3.0-or-later
#include "figure_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <algorithm>

#include "detail_panel.h"
#include "figure_cli.h"
#include "figure_export.h"
#include "figure_render.h"
#include "genome_axis.h"
#include "main_window.h"
#include "region_browser.h"
#include "view_logits.h"

namespace gpnmsa::ui {

namespace {
constexpr const char* kPathKey = "figure/path";
constexpr const char* kDpiKey = "figure/dpi";
constexpr const char* kRowsKey = "figure/rows";  // FigureRows::toString()

QString grouped(qint64 v) { return QLocale(QLocale::English, QLocale::UnitedStates).toString(qlonglong(v)); }

// chr22 == 22, through the store's resolver.
bool sameChromosome(const MainWindow& window, const QString& a, const QString& b) {
  if (a == b) return true;
  const auto session = window.session();
  if (!session || !session->store) return false;
  const auto ra = session->store->resolve(a.toStdString()), rb = session->store->resolve(b.toStdString());
  return ra && rb && *ra == *rb;
}
}  // namespace

QString currentFigureLocus(const MainWindow& window) {
  // A typed region: its variants are every SNV of it, so their span is it.
  const auto& input = window.input();
  if (input.path.empty() && !input.variants.empty()) {
    const auto& first = input.variants.front();
    qint64 lo = first.pos, hi = first.pos;
    bool oneChrom = true;
    for (const auto& v : input.variants) {
      oneChrom = oneChrom && v.chrom == first.chrom;
      lo = std::min<qint64>(lo, v.pos);
      hi = std::max<qint64>(hi, v.pos);
    }
    if (oneChrom && hi > lo)
      return QStringLiteral("%1:%2-%3").arg(QString::fromStdString(first.chrom), grouped(lo), grouped(hi));
  }
  // Else the stretch the browser shows (every track and the chosen rows of
  // it, not the part that fits on screen), at most kMaxFigureRegion around
  // its centre.
  const GenomeAxis* axis = window.detailPanel()->browser()->axis();
  if (axis->chrom().isEmpty()) return {};
  qint64 first = std::max<qint64>(1, axis->firstVisible()), last = axis->lastVisible();
  if (axis->chromLength() > 0) last = std::min(last, axis->chromLength());
  if (last < first) return {};
  if (last - first + 1 > kMaxFigureRegion) {
    first = std::max<qint64>(1, qint64(axis->centre()) - kMaxFigureRegion / 2);
    last = first + kMaxFigureRegion - 1;
  }
  return QStringLiteral("%1:%2-%3").arg(axis->chrom(), grouped(first), grouped(last));
}

FigureRequest figureRequestFor(const MainWindow& window, const FigureRegion& region, const FigureRows& rows) {
  FigureRequest r;
  r.region = region;
  r.rows = rows;
  r.genes = window.geneAnnotation();
  const DetailPanel* panel = window.detailPanel();
  const bool exact = panel->logoMode() == DetailPanel::LogoMode::Exact;
  r.logits = DetailPanel::logitsOptions(panel->logoMode());
  r.modeText = figureModeText(exact);
  // The variant the browser marks, when it lies in the region.
  const GenomeAxis* axis = panel->browser()->axis();
  if (r.region.marked == 0 && axis->marked() >= region.start && axis->marked() <= region.end &&
      sameChromosome(window, axis->chrom(), region.chrom))
    r.region.marked = axis->marked();
  // What the browser has computed for this session and mode is reused.
  const ViewLogitsScheduler* scheduler = panel->scheduler();
  if (panel->session() == window.session() && scheduler->options().mode == r.logits.mode)
    for (qint64 pos = region.start; pos <= region.end; ++pos)
      if (const auto* l = scheduler->logits(region.chrom, pos)) r.known.push_back(*l);
  return r;
}

FigureDialog::FigureDialog(MainWindow* window) : QDialog(window) {
  setWindowTitle(tr("Export Figure"));
  const QSettings settings;
  auto* form = new QFormLayout(this);
  auto* intro = new QLabel(tr("The whole region as stacked tracks on one axis: title, ruler, genes, logo, "
                              "mutagenesis map and alignment rows. At most %1 bp; logits not computed yet are "
                              "computed in the logo's mode.").arg(grouped(kMaxFigureRegion)));
  intro->setWordWrap(true);  // a dialog as wide as one long line is not
  form->addRow(intro);
  setMinimumWidth(520);
  locus_ = new QLineEdit(currentFigureLocus(*window));
  locus_->setPlaceholderText(tr("chr22:16,699,900-16,700,300, a position, or a gene"));
  form->addRow(tr("Region:"), locus_);
  title_ = new QLineEdit;
  title_->setPlaceholderText(tr("the locus and its genes"));
  title_->setToolTip(tr("The figure's first line. With your own words the locus moves to the line below it."));
  form->addRow(tr("Title:"), title_);
  path_ = new QLineEdit(settings.value(kPathKey, QDir::home().filePath(QStringLiteral("gpnmsa-figure.svg"))).toString());
  auto* browse = new QPushButton(tr("Browse…"));
  auto* pathRow = new QHBoxLayout;
  pathRow->addWidget(path_, 1);
  pathRow->addWidget(browse);
  form->addRow(tr("File:"), pathRow);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString p = QFileDialog::getSaveFileName(this, tr("Export Figure"), path_->text(),
                                                   tr("SVG (*.svg);;PDF (*.pdf);;PNG (*.png)"));
    if (!p.isEmpty()) path_->setText(p);
  });
  dpi_ = new QSpinBox;
  dpi_->setRange(kMinFigureDpi, kMaxFigureDpi);
  dpi_->setSingleStep(50);
  dpi_->setValue(settings.value(kDpiKey, kDefaultFigureDpi).toInt());
  dpi_->setSuffix(tr(" dpi"));
  dpi_->setToolTip(tr("Pixels per inch of a PNG; SVG and PDF are vector graphics at any size."));
  form->addRow(tr("Resolution:"), dpi_);
  rowsKind_ = new QComboBox;
  rowsKind_->addItem(tr("Closest species to human"), int(FigureRows::Kind::Closest));
  rowsKind_->addItem(tr("First species in store order"), int(FigureRows::Kind::First));
  rowsKind_->addItem(tr("All species"), int(FigureRows::Kind::All));
  rowsKind_->setToolTip(tr("Closest: by branch length from human in the UCSC 100-way tree. The human row is always drawn."));
  rowsCount_ = new QSpinBox;
  rowsCount_->setRange(0, 1000);
  const FigureRows remembered = FigureRows::parse(settings.value(kRowsKey).toString()).value_or(FigureRows{});
  rowsKind_->setCurrentIndex(rowsKind_->findData(int(remembered.kind)));
  rowsCount_->setValue(remembered.count);
  rowsCount_->setEnabled(remembered.kind != FigureRows::Kind::All);
  connect(rowsKind_, &QComboBox::currentIndexChanged, this,
          [this] { rowsCount_->setEnabled(rows().kind != FigureRows::Kind::All); });
  auto* rowsRow = new QHBoxLayout;
  rowsRow->addWidget(rowsKind_, 1);
  rowsRow->addWidget(rowsCount_);
  form->addRow(tr("Alignment rows:"), rowsRow);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString FigureDialog::locusText() const { return locus_->text().trimmed(); }
QString FigureDialog::titleText() const { return title_->text().trimmed(); }
QString FigureDialog::path() const { return path_->text().trimmed(); }
int FigureDialog::dpi() const { return dpi_->value(); }

FigureRows FigureDialog::rows() const {
  FigureRows r;
  r.kind = FigureRows::Kind(rowsKind_->currentData().toInt());
  r.count = rowsCount_->value();
  return r;
}

void FigureDialog::remember() const {
  QSettings settings;
  settings.setValue(kPathKey, path());
  settings.setValue(kDpiKey, dpi());
  settings.setValue(kRowsKey, rows().toString());
}

void openFigureDialog(MainWindow* window) {
  FigureDialog dialog(window);
  FigureRequest request;
  QString path;
  int dpi = kDefaultFigureDpi;
  // Asked again until the region and the file name are usable (or Cancel).
  for (;;) {
    if (dialog.exec() != QDialog::Accepted) return;
    QString why;
    const auto region = parseFigureRegion(dialog.locusText(), window->geneAnnotation().get(), &why);
    if (!region) {
      QMessageBox::warning(window, QObject::tr("Export Figure"), QObject::tr("Region: %1").arg(why));
      continue;
    }
    if (!figureFormatFor(dialog.path())) {
      QMessageBox::warning(window, QObject::tr("Export Figure"),
                           QObject::tr("The file name must end in .svg, .pdf or .png."));
      continue;
    }
    request = figureRequestFor(*window, *region, dialog.rows());
    request.title = dialog.titleText();
    path = dialog.path();
    dpi = dialog.dpi();
    dialog.remember();
    break;
  }
  // The exporter and the progress dialog live until the figure is written.
  auto* exporter = new FigureExporter(window);
  auto* progress = new QProgressDialog(QObject::tr("Computing the figure's logits…"), QObject::tr("Cancel"), 0,
                                       int(request.region.length()), window);
  progress->setWindowTitle(QObject::tr("Export Figure"));
  progress->setMinimumDuration(500);
  progress->setAutoClose(false);
  progress->setAutoReset(false);
  progress->setValue(0);
  QObject::connect(progress, &QProgressDialog::canceled, exporter, &FigureExporter::cancel);
  QObject::connect(exporter, &FigureExporter::progress, progress, [progress](qint64 done, qint64 total) {
    progress->setMaximum(int(total));
    progress->setValue(int(done));
  });
  QObject::connect(exporter, &FigureExporter::finished, window,
                   [window, exporter, progress](bool cancelled, const QString& error, const QString& written) {
                     progress->deleteLater();
                     exporter->deleteLater();
                     if (cancelled) window->statusBar()->showMessage(QObject::tr("Figure cancelled"), 5000);
                     else if (!error.isEmpty()) QMessageBox::warning(window, QObject::tr("Export Figure"), error);
                     else window->statusBar()->showMessage(QObject::tr("Wrote %1").arg(written), 8000);
                   });
  QString error;
  if (!exporter->start(window->session(), std::move(request), path, dpi, &error)) {
    progress->deleteLater();
    exporter->deleteLater();
    QMessageBox::warning(window, QObject::tr("Export Figure"), error);
  }
}

}  // namespace gpnmsa::ui
