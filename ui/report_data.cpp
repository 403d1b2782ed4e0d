// SPDX-License-Identifier: GPL-3.0-or-later
#include "report_data.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <cmath>

#include "calibration_note.h"
#include "gpnmsa/annotations.h"
#include "gpnmsa/score_distribution.h"
#include "gpnmsa/variant_writer.h"
#include "gpnmsa/version.h"
#include "session_loading.h"

namespace gpnmsa::ui {

namespace {
const QString kNone = QStringLiteral("—");

QString orNone(const std::string& s) { return s.empty() ? kNone : QString::fromStdString(s); }

// Files above this are named with their size only: hashing a 36 GB alignment
// would take longer than the report.
constexpr qint64 kHashLimit = 100LL * 1000 * 1000;

QString sha256(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QCryptographicHash h(QCryptographicHash::Sha256);
  if (!h.addData(&f)) return {};
  return QString::fromLatin1(h.result().toHex());
}

QString sizeText(qint64 bytes) {
  return QStringLiteral("%1 bytes").arg(QLocale(QLocale::English).toString(bytes));
}

// "name: 14,012,345 bytes, SHA-256 ab12…" (the whole digest: it is what a
// reader compares).
QString fileLine(const QFileInfo& fi) {
  QString s = fi.fileName() + QStringLiteral(": ") + sizeText(fi.size());
  if (fi.size() <= kHashLimit) {
    const QString digest = sha256(fi.filePath());
    if (!digest.isEmpty()) s += QStringLiteral(", SHA-256 ") + digest;
  }
  return s;
}
}  // namespace

QString researchUseStatement() {
  return QObject::tr(
      "For research use. Not a diagnostic device: this report has not been validated for clinical "
      "decisions and must not be used on its own to classify a variant or to guide patient care.");
}

QString calibrationStatement() {
  // The app-wide sentence (core's, also in tooltips, legend and the Variant
  // tab), then what a score is.
  return calibrationText() + ' ' +
         QObject::tr("A score is log P(alt) − log P(ref) from a DNA language model (negative: the model finds "
                     "the alternative allele less likely).");
}

QString percentileText(double percentile) {
  if (std::isnan(percentile)) return {};
  return QObject::tr("lower than %1% of possible SNVs")
      .arg(QString::fromStdString(gpnmsa::formatPercentile(percentile)));
}

ReportVariant collectVariant(const gpnmsa::ScoredVariant& row, const gpnmsa::VariantTable& input, int index,
                             const gpnmsa::EngineSession* session) {
  const gpnmsa::Variant& v = row.variant;
  const QLocale english(QLocale::English);  // 16,700,123 whatever the user's locale
  ReportVariant r;
  r.row = row;
  r.locus = QString::fromStdString(v.chrom) + QLatin1Char(':') + english.toString(qlonglong(v.pos));
  const QString alleles = QString::fromStdString(v.ref) + QLatin1Char('>') + QString::fromStdString(v.alt);
  r.title = r.locus + QLatin1Char(' ') + alleles;
  if (!v.id.empty() && v.id != ".") r.title += QStringLiteral(" (%1)").arg(QString::fromStdString(v.id));

  const auto& ann = input.annotations;
  gpnmsa::AnnotationSummary sum;
  if (index >= 0 && size_t(index) < ann.alleles.size()) sum = gpnmsa::summarize(ann.alleles[size_t(index)]);
  r.gene = QString::fromStdString(sum.gene);

  auto add = [&r](const QString& label, const QString& value) {
    r.fields.push_back({label, value.isEmpty() ? kNone : value});
  };
  add(QObject::tr("Locus"), r.locus + QObject::tr(" (1-based)"));
  add(QObject::tr("Alleles"), QObject::tr("REF %1, ALT %2").arg(QString::fromStdString(v.ref),
                                                                QString::fromStdString(v.alt)));
  add(QObject::tr("ID"), v.id == "." ? QString() : QString::fromStdString(v.id));
  add(QObject::tr("Gene"), QString::fromStdString(sum.gene));
  add(QObject::tr("Transcript"), QString::fromStdString(sum.transcript));
  add(QObject::tr("HGVSc"), QString::fromStdString(sum.hgvsc));
  add(QObject::tr("HGVSp"), QString::fromStdString(sum.hgvsp));
  QString consequence = QString::fromStdString(sum.consequence);
  if (!sum.impact.empty()) consequence += QStringLiteral(" (%1)").arg(QString::fromStdString(sum.impact));
  // Filled from the gene annotation, not by an annotator: say so where it is read.
  const auto* allele = index >= 0 && size_t(index) < ann.alleles.size() ? &ann.alleles[size_t(index)] : nullptr;
  if (allele && allele->picked >= 0 && allele->entries[size_t(allele->picked)].overlap)
    consequence += QObject::tr(" (overlap with the gene annotation, not a consequence prediction)");
  add(QObject::tr("Consequence"), consequence);
  QString af = QString::fromStdString(sum.af);
  if (!af.isEmpty() && !ann.afSource.empty())
    af += QObject::tr(" (source: %1)").arg(QString::fromStdString(ann.afSource));
  add(QObject::tr("Allele frequency"), af);
  add(QObject::tr("ClinVar (input)"), orNone(sum.clinvar));
  if (!ann.clinvarFile.empty()) {
    QString cv;
    if (index >= 0 && size_t(index) < ann.clinvarMatches.size() && ann.clinvarMatches[size_t(index)].found) {
      const auto& m = ann.clinvarMatches[size_t(index)];
      cv = orNone(m.significance);
      if (m.stars >= 0) cv += m.stars == 1 ? QObject::tr("; 1 star") : QObject::tr("; %1 stars").arg(m.stars);
      if (!m.reviewStatus.empty()) cv += QStringLiteral(" (%1)").arg(QString::fromStdString(m.reviewStatus));
      if (!m.condition.empty()) cv += QObject::tr("; condition: %1").arg(QString::fromStdString(m.condition));
      if (!m.id.empty()) cv += QObject::tr("; Variation ID %1").arg(QString::fromStdString(m.id));
    } else {
      cv = QObject::tr("no exact match");
    }
    add(QObject::tr("ClinVar (%1)").arg(QFileInfo(QString::fromStdString(ann.clinvarFile)).fileName()), cv);
  }
  add(QObject::tr("GPN-MSA score"), QString::fromStdString(gpnmsa::formatScore(row.score)));
  if (!std::isnan(row.scoreFwd) || !std::isnan(row.scoreRev))
    add(QObject::tr("Strand scores"), QObject::tr("forward %1, reverse %2")
                                          .arg(QString::fromStdString(gpnmsa::formatScore(row.scoreFwd)),
                                               QString::fromStdString(gpnmsa::formatScore(row.scoreRev))));
  QString pct;
  if (session && session->distribution && gpnmsa::isScored(row.status))
    pct = percentileText(session->distribution->percentile(row.score));
  else if (gpnmsa::isScored(row.status))
    pct = QObject::tr("no reference distribution for this model");
  add(QObject::tr("Percentile"), pct);
  QString status = QString::fromLatin1(gpnmsa::statusName(row.status));
  if (!row.detail.empty()) status += QStringLiteral(": ") + QString::fromStdString(row.detail);
  add(QObject::tr("Status"), status);
  return r;
}

std::vector<ReportField> collectProvenance(const gpnmsa::EngineSession* session, const QString& inputPath,
                                           const QDateTime& created, const QString& genes, const QString& clinvar,
                                           const gpnmsa::EngineSession* second) {
  std::vector<ReportField> p;
  p.push_back({QObject::tr("Program"), QStringLiteral("GPN-MSA Studio %1 (commit %2)")
                                           .arg(QStringLiteral(GPNMSA_VERSION), QString::fromUtf8(gpnmsa::buildCommit()))});
  p.push_back({QObject::tr("Created"), created.toString(Qt::ISODate)});
  if (!inputPath.isEmpty()) {
    const QFileInfo in(inputPath);
    p.push_back({QObject::tr("Input"), in.absoluteFilePath() + QStringLiteral(" (") + sizeText(in.size()) + ')'});
  } else {
    p.push_back({QObject::tr("Input"), QObject::tr("a locus typed in the app (no file)")});
  }
  if (!session) return p;
  const QString modelDir = QString::fromStdString(session->modelDir);
  p.push_back({QObject::tr("Model"), QFileInfo(modelDir).absoluteFilePath()});
  p.push_back({QObject::tr("  model kind"), sessionSummary(*session)});
  const QDir dir(modelDir);
  for (const QFileInfo& fi : dir.entryInfoList(QDir::Files, QDir::Name))
    p.push_back({QObject::tr("  model file"), fileLine(fi)});
  const QString alignment = QString::fromStdString(session->alignmentPath);
  const QFileInfo ai(alignment);
  QString a = ai.exists() ? ai.absoluteFilePath() : alignment;  // a URL stays as written
  if (ai.isFile()) a += QStringLiteral(" (") + fileLine(ai).section(QStringLiteral(": "), 1) + ')';
  else if (ai.isDir()) a += QObject::tr(" (a Zarr directory)");
  p.push_back({QObject::tr("Alignment"), a});
  if (session->distribution) {
    QString d = QFileInfo(QString::fromStdString(session->distributionPath)).absoluteFilePath();
    const std::string method = session->distribution->value("method");
    if (!method.empty()) d += QObject::tr(" (method %1, %2 scores)").arg(QString::fromStdString(method),
                                                                          QString::fromStdString(session->distribution->value("count")));
    p.push_back({QObject::tr("Score distribution"), d});
  } else {
    p.push_back({QObject::tr("Score distribution"),
                 session->distributionError.empty() ? QObject::tr("none (no percentiles)")
                                                    : QString::fromStdString(session->distributionError)});
  }
  if (second) {
    p.push_back({QObject::tr("Second model"), QFileInfo(QString::fromStdString(second->modelDir)).absoluteFilePath()});
    p.push_back({QObject::tr("  model kind"), sessionSummary(*second)});
    const QFileInfo si(QString::fromStdString(second->alignmentPath));
    p.push_back({QObject::tr("Second alignment"),
                 si.exists() ? si.absoluteFilePath() : QString::fromStdString(second->alignmentPath)});
  }
  auto annotationFile = [&p](const QString& label, const QString& path) {
    const QFileInfo fi(path);
    p.push_back({label, path.isEmpty() ? QObject::tr("none")
                        : fi.isFile() ? fi.absoluteFilePath() + QStringLiteral(" (") + fileLine(fi).section(QStringLiteral(": "), 1) + ')'
                                      : path});
  };
  annotationFile(QObject::tr("Gene annotation"), genes);
  annotationFile(QObject::tr("ClinVar file"), clinvar);
  return p;
}

}  // namespace gpnmsa::ui
