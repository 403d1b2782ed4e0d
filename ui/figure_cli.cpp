// SPDX-License-Identifier: GPL-3.0-or-later
#include "figure_cli.h"

#include <QDir>
#include <QFileInfo>
#include <cstdio>
#include <exception>
#include <memory>

#include "detail_panel.h"
#include "figure_data.h"
#include "figure_render.h"

namespace gpnmsa::ui {

namespace {
int fail(const QString& message) {
  std::fprintf(stderr, "gpnmsa-studio: %s\n", qPrintable(message));
  return 1;
}

// Why `path` cannot be written, checked before minutes of computing; "" if it can.
QString unwritable(const QString& path) {
  const QFileInfo file(path);
  if (file.isDir()) return QObject::tr("cannot write %1: it is a directory").arg(path);
  const QFileInfo dir(file.absolutePath());
  if (!dir.isDir()) return QObject::tr("cannot write %1: folder %2 does not exist").arg(path, dir.filePath());
  if (!dir.isWritable()) return QObject::tr("cannot write %1: folder %2 is not writable").arg(path, dir.filePath());
  if (file.exists() && !file.isWritable()) return QObject::tr("cannot write %1: the file is read-only").arg(path);
  return {};
}
}  // namespace

QString figureModeText(bool exact) {
  if (exact) return QObject::tr("exact (one position masked per pass)");
  const auto o = DetailPanel::logitsOptions(DetailPanel::LogoMode::Fast);
  return QObject::tr("fast (%1 positions masked per pass, spacing %2; approximate)").arg(o.masksPerWindow).arg(o.spacing);
}

int runFigureCommand(const FigureCommand& c) {
  if (c.locus.isEmpty()) return fail(QObject::tr("--figure needs --locus (chr:start-end, at most %1 bp)").arg(kMaxFigureRegion));
  if (!figureFormatFor(c.output)) return fail(QObject::tr("--figure %1: the file name must end in .svg, .pdf or .png").arg(c.output));
  int dpi = kDefaultFigureDpi;
  if (!c.dpi.isEmpty()) {
    bool ok = false;
    dpi = c.dpi.toInt(&ok);
    if (!ok || dpi < kMinFigureDpi || dpi > kMaxFigureDpi)
      return fail(QObject::tr("--dpi must be a whole number from %1 to %2, not '%3'").arg(kMinFigureDpi).arg(kMaxFigureDpi).arg(c.dpi));
  }
  FigureRows rows;
  if (!c.rows.isEmpty()) {
    QString why;
    const auto parsed = FigureRows::parse(c.rows, &why);
    if (!parsed) return fail(QStringLiteral("--rows: ") + why);
    rows = *parsed;
  }
  if (const QString why = unwritable(c.output); !why.isEmpty()) return fail(why);

  FigureRequest request;
  if (!c.genes.isEmpty()) {
    try {
      request.genes = gpnmsa::GeneAnnotation::open(c.genes.toStdString());
    } catch (const std::exception& e) {
      return fail(QObject::tr("cannot read the gene annotation: %1").arg(QString::fromStdString(e.what())));
    }
  }
  QString why;
  const auto region = parseFigureRegion(c.locus, request.genes.get(), &why);
  if (!region) return fail(QStringLiteral("--locus %1: %2").arg(c.locus, why));
  request.region = *region;
  request.rows = rows;
  request.logits = DetailPanel::logitsOptions(c.exact ? DetailPanel::LogoMode::Exact : DetailPanel::LogoMode::Fast);
  request.modeText = figureModeText(c.exact);
  request.title = c.title;

  gpnmsa::SessionPtr session;
  try {
    gpnmsa::SessionOptions options;
    options.modelDir = c.modelDir.toStdString();
    options.alignment = c.alignment.toStdString();
    session = gpnmsa::EngineSession::open(options);
  } catch (const std::exception& e) {
    return fail(QString::fromStdString(e.what()));
  }
  FigureData data;
  try {
    int lastTenth = -1;
    data = gatherFigureData(*session, request, [&lastTenth](int64_t done, int64_t total) {
      const int tenth = total > 0 ? int(done * 10 / total) : 10;
      if (tenth == lastTenth) return;
      lastTenth = tenth;
      std::fprintf(stderr, "gpnmsa-studio: logits %lld / %lld positions\n", static_cast<long long>(done),
                   static_cast<long long>(total));
    });
  } catch (const std::exception& e) {
    return fail(QObject::tr("cannot make the figure of %1: %2").arg(c.locus, QString::fromStdString(e.what())));
  }
  QString error;
  if (!writeFigure(data, c.output, dpi, &error)) return fail(error);
  std::fprintf(stdout, "wrote %s\n", qPrintable(c.output));
  return 0;
}

}  // namespace gpnmsa::ui
