// SPDX-License-Identifier: GPL-3.0-or-later
// gpnmsa-studio: the desktop application. With --screenshot it runs headless
// (works with QT_QPA_PLATFORM=offscreen): load, score, select the first row, compute its logo,
// render the main window to a PNG and exit. With --report it writes a case-file
// report (PDF + HTML) of the rows chosen with --select (all without) and exits.
#include <QApplication>
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QIcon>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <cstdio>
#include <functional>
#include <memory>

#include "gpnmsa/allocator_tuning.h"
#include "gpnmsa/thread_policy.h"
#include "gpnmsa/resources.h"
#include "gpnmsa/version.h"
#include "detail_panel.h"
#include "figure_cli.h"
#include "main_window.h"
#include "report_runner.h"
#include "report_writer.h"
#include "variant_filter_proxy.h"
#include "variant_table_model.h"

namespace {
void fail(const QString& message) {
  std::fprintf(stderr, "gpnmsa-studio: %s\n", qPrintable(message));
  QCoreApplication::exit(1);
}

// --help and --version need no window: answered (and the program ended)
// before any QGuiApplication exists, so they work with no display (ssh,
// CI, a cluster node). Only a QCoreApplication is made, for the usage line.
void answerWithoutDisplay(QCommandLineParser& parser, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const QByteArray a(argv[i]);
    if (a == "--") return;
    const bool help = a == "-h" || a == "--help" || a == "-?" || a == "--help-all";
    const bool version = a == "-v" || a == "--version";
    if (!help && !version) continue;
    QCoreApplication core(argc, argv);
    if (a == "--help-all") parser.process(core);  // lists Qt's own options too; exits
    if (help) parser.showHelp(0);
    parser.showVersion();
  }
}
}  // namespace

int main(int argc, char** argv) {
  // The app may load a GPN-Star model (products on OpenBLAS) at any time, and
  // cannot re-execute then: OpenBLAS's thread policy from the start.
  gpnmsa::rememberProgramArguments(argv);
  gpnmsa::applyThreadPolicy(gpnmsa::openBlasThreadPolicy());  // may re-execute: before anything else
  gpnmsa::tuneAllocatorForScoring();
  // --figure draws into a file, never on a screen: it needs no display.
  for (int i = 1; i < argc; ++i)
    if (QByteArray(argv[i]).startsWith("--figure") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
      qputenv("QT_QPA_PLATFORM", "offscreen");
  QCoreApplication::setOrganizationName("gpnmsa");
  QCoreApplication::setApplicationName("GPN-MSA Studio");
  QCoreApplication::setApplicationVersion(
      QStringLiteral("%1 (commit %2)").arg(QStringLiteral(GPNMSA_VERSION), QString::fromUtf8(gpnmsa::buildCommit())));

  // Every option the program accepts is declared on this one parser, before
  // answerWithoutDisplay(): --help lists exactly these, with no display.
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
  const QCommandLineOption reportOpt(
      "report", "Score, write a report (OUT.pdf and OUT.html beside it, or only OUT.html) of the --select rows, exit.",
      "OUT.pdf");
  const QCommandLineOption selectOpt("select", "With --report: the variant IDs to report, comma-separated (default: all rows); with --screenshot: the row to show (default: the first).",
                                     "ID,ID...");
  const QCommandLineOption pageOpt("page-size", "With --report: A4 or Letter (default: the locale's paper).", "SIZE");
  parser.addOptions({modelOpt, msaOpt, scoresOpt, genesOpt, openOpt, locusOpt, shotOpt, reportOpt, selectOpt, pageOpt});
  const QCommandLineOption clinvarOpt("clinvar", "ClinVar VCF (bgzip + tabix) for the ClinVar columns.", "FILE");
  parser.addOption(clinvarOpt);
  // Two models side by side (e.g. GPN-MSA and GPN-Star): the second slot of
  // File ▸ Data Sources. --msa2 may be repeated (stores joined by columns, as
  // GPN-Star M447's 243 + 204); without it the second model uses --msa's store.
  const QCommandLineOption model2Opt("model2", "A second model directory (GPN-MSA or GPN-Star), scored side by side with the first.", "DIR");
  const QCommandLineOption msa2Opt("msa2", "The second model's alignment store (repeat to join stores by columns; default: the first model's).", "STORE");
  const QCommandLineOption logoModelOpt("logo-model", "With --screenshot: whose logo the detail panel shows, 1 or 2 (default 1).", "N");
  parser.addOptions({model2Opt, msa2Opt, logoModelOpt});
  const QCommandLineOption figureOpt(
      "figure", "Write the figure of the --locus region (at most 10,000 bp) as SVG, PDF or PNG by suffix, exit.",
      "OUT.svg|pdf|png");
  const QCommandLineOption dpiOpt("dpi", "With --figure: pixels per inch of a PNG, 72-1200 (default 300); SVG and PDF are vector.", "N");
  const QCommandLineOption rowsOpt("rows", "With --figure: alignment rows below the human row: N (the N species closest to human, default 20), closest:N, first:N or all.", "N");
  const QCommandLineOption logitsOpt("logits", "With --figure: how the logits are computed, fast or exact (default: the remembered logo mode).", "MODE");
  const QCommandLineOption titleOpt("title", "With --figure: the figure's first line (default: the locus and its genes; the locus is named either way).", "TEXT");
  parser.addOptions({figureOpt, dpiOpt, rowsOpt, logitsOpt, titleOpt});
  // A bare file argument opens like --open: how desktops pass a file
  // (packaging/desktop/gpnmsa-studio.desktop, Exec=gpnmsa-studio %f).
  parser.addPositionalArgument("FILE", "Variants to open, as with --open.", "[FILE]");
  answerWithoutDisplay(parser, argc, argv);  // --help, --version: printed here, exit 0
  QApplication app(argc, argv);
  parser.process(app);
  // The installed icon (hicolor theme) and the desktop entry it belongs to
  // (Wayland matches windows to launchers by it); nothing when run from the build tree.
  QGuiApplication::setDesktopFileName(QStringLiteral("gpnmsa-studio"));
  QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("gpnmsa-studio")));
  const QStringList positional = parser.positionalArguments();
  if (positional.size() > 1 || (!positional.isEmpty() && parser.isSet(openOpt))) {
    std::fprintf(stderr, "gpnmsa-studio: one file to open at a time (got %s)\n",
                 qPrintable((parser.isSet(openOpt) ? QStringList{parser.value(openOpt)} + positional : positional)
                                .join(QStringLiteral(", "))));
    return 1;
  }

  // Command line first, then the remembered choice, then the bundled default.
  const QSettings settings;
  const auto bundle = gpnmsa::defaultBundle();
  QString model = parser.value(modelOpt), msa = parser.value(msaOpt);
  if (model.isEmpty()) model = settings.value("data/model").toString();
  if (msa.isEmpty()) msa = settings.value("data/alignment").toString();
  if (model.isEmpty()) model = QString::fromStdString(bundle.model);
  if (msa.isEmpty()) msa = QString::fromStdString(bundle.alignment);
  // The second slot: the command line, else the remembered choice (none by default).
  QString model2 = parser.isSet(model2Opt) ? parser.value(model2Opt) : settings.value("data/model2").toString();
  QStringList msa2 = parser.isSet(msa2Opt) ? parser.values(msa2Opt) : settings.value("data/alignment2").toStringList();
  if (!model2.isEmpty() && msa2.isEmpty()) msa2 = QStringList{msa};
  const int logoModel = parser.isSet(logoModelOpt) ? parser.value(logoModelOpt).toInt() : 1;
  if (logoModel != 1 && logoModel != 2) {
    std::fprintf(stderr, "gpnmsa-studio: --logo-model must be 1 or 2\n");
    return 1;
  }
  if (logoModel == 2 && model2.isEmpty()) {
    std::fprintf(stderr, "gpnmsa-studio: --logo-model 2 needs --model2\n");
    return 1;
  }
  const QString scores = parser.isSet(scoresOpt) ? parser.value(scoresOpt) : settings.value("data/scores").toString();
  // Gene annotation: the command line, the remembered choice, else the demo's own when the demo is used.
  QString genes = parser.isSet(genesOpt) ? parser.value(genesOpt) : settings.value("data/genes").toString();
  if (!parser.isSet(genesOpt) && !settings.contains("data/genes") && model == QString::fromStdString(bundle.model))
    genes = QString::fromStdString(bundle.genes);
  QString input = parser.isSet(openOpt) ? parser.value(openOpt) : positional.value(0);
  const QString locus = parser.value(locusOpt);
  if (input.isEmpty() && locus.isEmpty() && model == QString::fromStdString(bundle.model))
    input = QString::fromStdString(bundle.variants);  // first launch shows results

  if (parser.isSet(figureOpt)) {
    gpnmsa::ui::FigureCommand figure;
    figure.locus = locus;
    figure.output = parser.value(figureOpt);
    figure.modelDir = model;
    figure.alignment = msa;
    figure.genes = genes;
    figure.dpi = parser.value(dpiOpt);
    figure.rows = parser.value(rowsOpt);
    figure.title = parser.value(titleOpt);
    const QString mode = parser.isSet(logitsOpt) ? parser.value(logitsOpt)
                                                 : settings.value(gpnmsa::ui::DetailPanel::kLogoModeKey).toString();
    if (parser.isSet(logitsOpt) && mode != "fast" && mode != "exact") {
      std::fprintf(stderr, "gpnmsa-studio: --logits must be fast or exact, not '%s'\n", qPrintable(mode));
      return 1;
    }
    figure.exact = mode == "exact";
    return gpnmsa::ui::runFigureCommand(figure);
  }

  const QString shot = parser.value(shotOpt);
  const QString reportPath = parser.value(reportOpt);
  gpnmsa::ui::MainWindow window;
  window.setInteractive(shot.isEmpty() && reportPath.isEmpty());
  gpnmsa::ui::ReportRunner reportRunner;
  // --select
  const QStringList ids = parser.isSet(selectOpt) ? parser.value(selectOpt).split(',', Qt::SkipEmptyParts) : QStringList();
  if (parser.isSet(selectOpt) && ids.isEmpty()) {
    std::fprintf(stderr, "gpnmsa-studio: --select names no variant ID\n");
    return 1;
  }
  if (!reportPath.isEmpty()) {
    if (!shot.isEmpty()) {
      std::fprintf(stderr, "gpnmsa-studio: --report and --screenshot cannot be combined\n");
      return 1;
    }
    if (input.isEmpty()) {
      std::fprintf(stderr, "gpnmsa-studio: --report needs --open FILE (or the bundled default)\n");
      return 1;
    }
    QPageSize pageSize = gpnmsa::ui::defaultReportPageSize(QLocale());
    const QString page = parser.value(pageOpt);
    if (page.compare("A4", Qt::CaseInsensitive) == 0) pageSize = QPageSize(QPageSize::A4);
    else if (page.compare("Letter", Qt::CaseInsensitive) == 0) pageSize = QPageSize(QPageSize::Letter);
    else if (!page.isEmpty()) {
      std::fprintf(stderr, "gpnmsa-studio: --page-size must be A4 or Letter, not '%s'\n", qPrintable(page));
      return 1;
    }
    QObject::connect(&window, &gpnmsa::ui::MainWindow::errorOccurred, &app, &fail, Qt::QueuedConnection);
    // The report starts once the rows are scored AND the ClinVar lookup and
    // the gene annotation (opened in the background) have arrived, so that
    // it never leaves out what the user asked for. A failed lookup ends the
    // run through errorOccurred.
    auto startReport = std::make_shared<std::function<void()>>();
    *startReport = [&, ids, pageSize, startReport] {
      if (window.isLookingUpClinVar() || window.isOpeningGenes())
        return QTimer::singleShot(100, &window, [startReport] { (*startReport)(); });
      std::vector<int> rows;
      if (ids.isEmpty()) {
        for (int i = 0; i < window.tableModel()->rowCount(); ++i) rows.push_back(i);
      } else {
        QString unknown;
        rows = gpnmsa::ui::rowsWithIds(window, ids, &unknown);
        if (!unknown.isEmpty()) return fail(QString("--select: no variant with ID %1 in %2").arg(unknown, input));
      }
      QString error;
      if (!reportRunner.start(window, rows, reportPath, pageSize, &error)) return fail(error);
    };
    QObject::connect(&window, &gpnmsa::ui::MainWindow::scoringFinished, &app, [startReport](bool cancelled) {
      if (cancelled) return fail("scoring was cancelled");
      (*startReport)();
    });
    QObject::connect(&reportRunner, &gpnmsa::ui::ReportRunner::finished, &app,
                     [](bool cancelled, const QString& error, const QStringList& written) {
                       if (cancelled) return fail("the report was cancelled");
                       if (!error.isEmpty()) return fail(error);
                       for (const QString& f : written) std::fprintf(stdout, "wrote %s\n", qPrintable(f));
                       QCoreApplication::exit(0);
                     });
    QTimer::singleShot(10 * 60 * 1000, &app, [] { fail("timed out"); });
  }
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
    auto scored2 = std::make_shared<bool>(model2.isEmpty());
    auto grabbed = std::make_shared<bool>(false);
    auto render = [&window, shot, grabbed, scored, published, scored2] {
      if (*grabbed || !*scored || !*published || !*scored2 || window.detailPanel()->isBusy()) return;
      *grabbed = true;
      // One turn of the event loop so the views repaint with the last batch.
      QTimer::singleShot(200, &window, [&window, shot] {
        if (!window.grab().save(shot, "PNG")) return fail("cannot write " + shot);
        QCoreApplication::exit(0);
      });
    };
    QObject::connect(&window, &gpnmsa::ui::MainWindow::scoringFinished, &app, [&, ids, scored, render](bool cancelled) {
      if (cancelled) return fail("scoring was cancelled");
      *scored = true;
      int row = 0;
      if (!ids.isEmpty()) {
        QString unknown;
        const auto rows = gpnmsa::ui::rowsWithIds(window, ids.mid(0, 1), &unknown);
        if (rows.empty()) return fail(QString("--select: no variant with ID %1").arg(ids.first()));
        row = window.proxyModel()->mapFromSource(window.tableModel()->index(rows.front(), 0)).row();
      }
      window.selectRow(row);
      render();
    });
    QObject::connect(&window, &gpnmsa::ui::MainWindow::secondScoringFinished, &app, [scored2, render](bool cancelled) {
      if (cancelled) return fail("scoring with the second model was cancelled");
      *scored2 = true;
      render();
    });
    if (logoModel == 2)
      QObject::connect(&window, &gpnmsa::ui::MainWindow::secondSessionReady, &app,
                       [&window] { window.detailPanel()->setShownModel(1); });
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
  if (reportPath.isEmpty()) window.show();
  window.setDataSources(model, msa);
  if (!model2.isEmpty()) window.setSecondDataSources(model2, msa2);
  if (!scores.isEmpty()) window.setScoreFile(scores);
  const QString clinvar =
      parser.isSet(clinvarOpt) ? parser.value(clinvarOpt) : settings.value("data/clinvar").toString();
  if (!clinvar.isEmpty()) window.setClinVarFile(clinvar);
  if (!genes.isEmpty()) window.setGeneAnnotation(genes);
  if (!input.isEmpty()) {
    const bool opened = window.openFile(input);
    // An unknown --select ID is an error before minutes of scoring, not after.
    if (opened && !reportPath.isEmpty() && !ids.isEmpty()) {
      QString unknown;
      gpnmsa::ui::rowsWithIds(window, ids, &unknown);
      if (!unknown.isEmpty()) {
        std::fprintf(stderr, "gpnmsa-studio: --select: no variant with ID %s in %s\n", qPrintable(unknown),
                     qPrintable(input));
        return 1;
      }
    }
  }
  else if (!locus.isEmpty() && !window.openLocus(locus) && !shot.isEmpty()) return 1;
  return app.exec();
}
