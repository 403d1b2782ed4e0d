// SPDX-License-Identifier: GPL-3.0-or-later
// gpnmsa-studio: the desktop application. With --screenshot it runs headless
// (works with QT_QPA_PLATFORM=offscreen): load, score, select the first row, compute its logo,
// render the main window to a PNG and exit.
#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>
#include <cstdio>
#include <memory>

#include "gpnmsa/allocator_tuning.h"
#include "gpnmsa/resources.h"
#include "gpnmsa/version.h"
#include "detail_panel.h"
#include "main_window.h"

namespace {
void fail(const QString& message) {
  std::fprintf(stderr, "gpnmsa-studio: %s\n", qPrintable(message));
  QCoreApplication::exit(1);
}
}  // namespace

int main(int argc, char** argv) {
  gpnmsa::tuneAllocatorForScoring();
  QApplication app(argc, argv);
  QCoreApplication::setOrganizationName("gpnmsa");
  QCoreApplication::setApplicationName("GPN-MSA Studio");
  QCoreApplication::setApplicationVersion(GPNMSA_VERSION);

  QCommandLineParser parser;
  parser.setApplicationDescription("Score human variants with GPN-MSA and review them.");
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption modelOpt("model", "Model directory (config.json + weights).", "DIR");
  const QCommandLineOption msaOpt("msa", "Alignment store (.zarr directory or .zip).", "STORE");
  const QCommandLineOption openOpt("open", "Variants to open (VCF, VCF.gz, BCF, TSV, CSV).", "FILE");
  const QCommandLineOption scoresOpt("scores", "Precomputed score file (bgzip + tabix, chrom pos ref alt score) for the Published column.", "FILE");
  const QCommandLineOption genesOpt("genes", "Gene annotation (GFF3 or GTF; plain, gzip, or bgzip + tabix) for the gene track, gene names in the locus box and overlap gene/consequence.", "FILE");
  const QCommandLineOption locusOpt("locus", "Locus to score: chr:pos, chr:start-end, chr:pos:ref:alt.", "LOCUS");
  const QCommandLineOption shotOpt("screenshot", "Score, select the first row, compute its logo, save the window as PNG, exit.", "OUT.png");
  parser.addOptions({modelOpt, msaOpt, scoresOpt, genesOpt, openOpt, locusOpt, shotOpt});
  const QCommandLineOption clinvarOpt("clinvar", "ClinVar VCF (bgzip + tabix) for the ClinVar columns.", "FILE");
  parser.addOption(clinvarOpt);
  parser.process(app);

  // Command line first, then the remembered choice, then the bundled default.
  const QSettings settings;
  const auto bundle = gpnmsa::defaultBundle();
  QString model = parser.value(modelOpt), msa = parser.value(msaOpt);
  if (model.isEmpty()) model = settings.value("data/model").toString();
  if (msa.isEmpty()) msa = settings.value("data/alignment").toString();
  if (model.isEmpty()) model = QString::fromStdString(bundle.model);
  if (msa.isEmpty()) msa = QString::fromStdString(bundle.alignment);
  const QString scores = parser.isSet(scoresOpt) ? parser.value(scoresOpt) : settings.value("data/scores").toString();
  // Gene annotation: the command line, the remembered choice, else the demo's own when the demo is used.
  QString genes = parser.isSet(genesOpt) ? parser.value(genesOpt) : settings.value("data/genes").toString();
  if (!parser.isSet(genesOpt) && !settings.contains("data/genes") && model == QString::fromStdString(bundle.model))
    genes = QString::fromStdString(bundle.genes);
  QString input = parser.value(openOpt);
  const QString locus = parser.value(locusOpt);
  if (input.isEmpty() && locus.isEmpty() && model == QString::fromStdString(bundle.model))
    input = QString::fromStdString(bundle.variants);  // first launch shows results

  const QString shot = parser.value(shotOpt);
  gpnmsa::ui::MainWindow window;
  window.setInteractive(shot.isEmpty());
  if (!shot.isEmpty()) {
    // Queued: an error raised before app.exec() (unreadable --open file) must
    // still end the event loop once it runs.
    QObject::connect(&window, &gpnmsa::ui::MainWindow::errorOccurred, &app, &fail,
                     Qt::QueuedConnection);
    // Render once the table is scored AND the first row's logo is computed
    // AND (with a score file) the published scores are looked up, whichever
    // comes last.
    auto scored = std::make_shared<bool>(false);
    auto published = std::make_shared<bool>(scores.isEmpty());
    auto grabbed = std::make_shared<bool>(false);
    auto render = [&window, shot, grabbed, scored, published] {
      if (*grabbed || !*scored || !*published || window.detailPanel()->isBusy()) return;
      *grabbed = true;
      // One turn of the event loop so the views repaint with the last batch.
      QTimer::singleShot(200, &window, [&window, shot] {
        if (!window.grab().save(shot, "PNG")) return fail("cannot write " + shot);
        QCoreApplication::exit(0);
      });
    };
    QObject::connect(&window, &gpnmsa::ui::MainWindow::scoringFinished, &app, [&, scored, render](bool cancelled) {
      if (cancelled) return fail("scoring was cancelled");
      *scored = true;
      window.selectRow(0);
      render();
    });
    QObject::connect(&window, &gpnmsa::ui::MainWindow::detailsFinished, &app,
                     [render](bool, const QString& error) {
                       // The detail views show the message; the table is still worth a picture.
                       if (!error.isEmpty())
                         std::fprintf(stderr, "gpnmsa-studio: warning: %s\n", qPrintable(error));
                       render();
                     });
    QObject::connect(&window, &gpnmsa::ui::MainWindow::publishedFinished, &app, [published, render](bool) {
      *published = true;
      render();
    });
    // A hung load or scoring run must not hang a script.
    QTimer::singleShot(10 * 60 * 1000, &app, [] { fail("timed out"); });
    if (input.isEmpty() && locus.isEmpty()) {
      std::fprintf(stderr, "gpnmsa-studio: --screenshot needs --open or --locus (or the bundled default)\n");
      return 1;
    }
  }
  window.show();
  window.setDataSources(model, msa);
  if (!scores.isEmpty()) window.setScoreFile(scores);
  const QString clinvar =
      parser.isSet(clinvarOpt) ? parser.value(clinvarOpt) : settings.value("data/clinvar").toString();
  if (!clinvar.isEmpty()) window.setClinVarFile(clinvar);
  if (!genes.isEmpty()) window.setGeneAnnotation(genes);
  if (!input.isEmpty()) window.openFile(input);
  else if (!locus.isEmpty() && !window.openLocus(locus) && !shot.isEmpty()) return 1;
  return app.exec();
}
