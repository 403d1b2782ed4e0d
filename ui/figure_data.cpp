// SPDX-License-Identifier: GPL-3.0-or-later
#include "figure_data.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QObject>
#include <algorithm>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "gpnmsa/locus.h"
#include "gpnmsa/resources.h"
#include "gpnmsa/tokens.h"
#include "aligned_runs.h"
#include "species_names.h"
#include "view_logits_plan.h"

namespace gpnmsa::ui {

namespace {
// Position labels as users read them everywhere else: 16,700,000.
QString grouped(qint64 v) { return QLocale(QLocale::English, QLocale::UnitedStates).toString(qlonglong(v)); }

QString geneLabel(const gpnmsa::Gene& g) { return QString::fromStdString(g.name.empty() ? g.id : g.name); }

}  // namespace

std::optional<FigureRegion> parseFigureRegion(const QString& text, const gpnmsa::GeneAnnotation* genes,
                                              QString* error) {
  auto fail = [error](const QString& m) -> std::optional<FigureRegion> {
    if (error) *error = m;
    return std::nullopt;
  };
  std::string why;
  FigureRegion r;
  if (const auto locus = gpnmsa::parseLocus(text.toStdString(), &why)) {
    r.chrom = QString::fromStdString(locus->chrom);
    if (locus->kind == gpnmsa::Locus::Kind::Region) {
      r.start = locus->start;
      r.end = locus->end;
    } else {  // the detail panel's window: 64 bp before the position, 63 after
      r.marked = locus->start;
      r.start = std::max<qint64>(1, locus->start - gpnmsa::kWindowSize / 2);
      r.end = r.start + gpnmsa::kWindowSize - 1;
    }
  } else if (genes) {
    std::optional<gpnmsa::Gene> gene;
    try {
      gene = genes->findGene(text.trimmed().toStdString());
    } catch (const std::exception& e) {
      return fail(QString::fromStdString(e.what()));
    }
    if (!gene) return fail(QObject::tr("'%1' is neither a locus (%2) nor a gene of %3")
                               .arg(text.trimmed(), QString::fromStdString(why), QString::fromStdString(genes->path())));
    r.chrom = QString::fromStdString(gene->chrom);
    r.start = gene->start;
    r.end = gene->end;
  } else {
    return fail(QString::fromStdString(why));
  }
  if (r.length() > kMaxFigureRegion)
    return fail(QObject::tr("the region %1:%2-%3 is %4 bp long; a figure shows at most %5 bp")
                    .arg(r.chrom, grouped(r.start), grouped(r.end), grouped(r.length()), grouped(kMaxFigureRegion)));
  return r;
}

const gpnmsa::PositionLogits* FigureData::logitsAt(qint64 pos) const {
  if (pos < start || pos > end) return nullptr;
  const auto& l = logits[size_t(pos - start)];
  return l.pos == pos ? &l : nullptr;
}

QString FigureData::title() const { return customTitle.isEmpty() ? locusLine() : customTitle; }

QString FigureData::locusLine() const {
  QString t = QStringLiteral("%1:%2-%3 (%4 bp)").arg(chrom.startsWith(QLatin1String("chr")) ? chrom : "chr" + chrom,
                                                     grouped(start), grouped(end), grouped(length()));
  if (!genes.empty()) {
    QStringList names;
    for (size_t i = 0; i < genes.size() && i < 3; ++i) names << geneLabel(genes[i]);
    if (genes.size() > 3) names << QObject::tr("+%1 more").arg(genes.size() - 3);
    t += QStringLiteral(" · ") + names.join(QStringLiteral(", "));
  }
  return t;
}

QString FigureData::subtitle() const {
  const QString s = QObject::tr("Model: %1 · Alignment: %2 · Logits: %3 · Rows: %4")
                        .arg(modelName, alignmentName, modeText, rowsText);
  return customTitle.isEmpty() ? s : locusLine() + QStringLiteral(" · ") + s;
}

QString shortModelName(const QString& modelDir) {
  const QFileInfo info(QDir::cleanPath(modelDir));
  const QString name = info.fileName();
  if (name.compare(QLatin1String("model"), Qt::CaseInsensitive) == 0 && !info.dir().dirName().isEmpty())
    return info.dir().dirName() + QLatin1Char('/') + name;
  return name;
}

FigureData gatherFigureData(const gpnmsa::EngineSession& session, const FigureRequest& request,
                            const gpnmsa::ProgressCallback& progress, const std::atomic<bool>* stop) {
  if (!session.model || !session.store) throw gpnmsa::Error("no model and alignment loaded");
  const gpnmsa::AlignmentStore& store = *session.store;
  const FigureRegion& region = request.region;
  const auto stored = store.resolve(region.chrom.toStdString());
  if (!stored)
    throw gpnmsa::Error("chromosome '" + region.chrom.toStdString() + "' is not in the alignment store " + store.path());
  const qint64 chromLength = store.length(*stored);
  FigureData d;
  d.chrom = QString::fromStdString(*stored);
  d.start = region.start;
  d.end = std::min(region.end, chromLength);  // a position's window near the end
  d.marked = region.marked;
  if (d.start < 1 || d.start > d.end)
    throw gpnmsa::Error("the region " + region.chrom.toStdString() + ":" + std::to_string(region.start) + "-" +
                        std::to_string(region.end) + " is outside chromosome " + *stored + " (1-" +
                        std::to_string(chromLength) + ")");
  if (d.length() > kMaxFigureRegion)
    throw gpnmsa::Error("a figure shows at most " + std::to_string(kMaxFigureRegion) + " bp");

  // Alignment rows of the whole region.
  const auto bytes = store.fetch(*stored, d.start - 1, d.end);
  d.alignment.chrom = d.chrom;
  d.alignment.firstPos = d.start;
  d.alignment.columns = store.columns();
  d.alignment.rows = QByteArray(bytes.data(), qsizetype(bytes.size()));
  d.alignment.markedIndex = d.marked >= d.start && d.marked <= d.end ? int(d.marked - d.start) : -1;
  d.alignment.rowLabels = alignmentRowLabels(store.speciesCount());
  d.rows = figureRowIndices(request.rows, store.speciesCount());
  d.rowsText = request.rows.describe(store.speciesCount());

  // Genes.
  d.annotationSet = request.genes != nullptr;
  if (request.genes) d.genes = request.genes->genesIn(d.chrom.toStdString(), d.start, d.end);

  // Title words.
  d.modelName = shortModelName(QString::fromStdString(session.modelDir));
  d.alignmentName = QFileInfo(QString::fromStdString(session.alignmentPath)).fileName();
  const QString demo = QFileInfo(QString::fromStdString(gpnmsa::defaultBundle().alignment)).canonicalFilePath();
  if (!demo.isEmpty() && QFileInfo(QString::fromStdString(session.alignmentPath)).canonicalFilePath() == demo)
    d.alignmentName += QObject::tr(" (demo: simulated)");
  d.modeText = request.modeText;
  d.customTitle = request.title.trimmed();

  // Logits: reuse what the app computed, compute the rest.
  d.logits.assign(size_t(d.length()), gpnmsa::PositionLogits{});
  for (const auto& l : request.known)
    if (l.pos >= d.start && l.pos <= d.end && d.logits[size_t(l.pos - d.start)].pos == 0) {
      d.logits[size_t(l.pos - d.start)] = l;
      ++d.reused;
    }
  const qint64 total = d.length();
  qint64 done = d.reused;
  if (progress) progress(done, total);
  const bool multi = request.logits.mode == gpnmsa::RegionLogitsOptions::Mode::MultiMask;
  gpnmsa::ScoreOptions options;
  options.batchSize = std::max(2, request.batchSize);
  options.logits = request.logits;
  const gpnmsa::Scorer scorer(*session.model, store, options);
  // What is computed together, as the browser's scheduler does it (so a
  // figure and the browser show the same values): exact, each stretch of
  // missing positions; multi-mask, each whole grid block holding a missing
  // position (a value depends on the positions masked with it).
  std::vector<std::pair<qint64, qint64>> units;
  for (qint64 pos = d.start; pos <= d.end; ++pos) {
    if (d.logits[size_t(pos - d.start)].pos != 0) continue;
    if (!units.empty() && pos <= units.back().second) continue;
    if (multi) {
      const GridBlock b = multiMaskBlock(pos, request.logits);
      units.emplace_back(std::max<qint64>(1, b.first), std::min(b.last, chromLength));
    } else if (!units.empty() && units.back().second == pos - 1) {
      units.back().second = pos;
    } else {
      units.emplace_back(pos, pos);
    }
  }
  for (const auto& [first, last] : units) {
    // Positions without alignment are left out (drawn empty), not an error.
    for (const auto& [a, b] : alignedRuns(store, *stored, first, last)) {
      if (stop && *stop) break;
      const qint64 before = done;
      const auto run = scorer.regionLogits(
          *stored, a, b,
          [&](int64_t runDone, int64_t) {
            if (progress && !multi) progress(before + runDone, total);
          },
          stop);
      for (const auto& l : run.positions)
        if (l.pos >= d.start && l.pos <= d.end && d.logits[size_t(l.pos - d.start)].pos == 0) {
          d.logits[size_t(l.pos - d.start)] = l;
          ++d.computed;
          ++done;
        }
      if (progress) progress(done, total);
    }
    if (stop && *stop) break;
  }
  return d;
}

}  // namespace gpnmsa::ui
