// SPDX-License-Identifier: GPL-3.0-or-later
#include "variant_info_view.h"

#include <QFont>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QStringList>
#include <QTableWidget>
#include <QTextDocument>
#include <QVBoxLayout>

#include "calibration_note.h"
#include "gpnmsa/score_distribution.h"
#include "gpnmsa/variant_writer.h"
#include "variant_table_model.h"

namespace gpnmsa::ui {

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
QString html(const std::string& s) { return q(s).toHtmlEscaped(); }

QString join(const std::vector<std::string>& terms) {
  QStringList out;
  for (const auto& t : terms) out << q(t);
  return out.join(", ");
}

QString stars(int n) {
  return n < 0 ? QObject::tr("unknown") : QString(n, QChar(0x2605)) + QString(4 - std::min(n, 4), QChar(0x2606));
}

enum TranscriptColumn { Gene, Transcript, Biotype, Consequences, Impact, Hgvsc, Hgvsp, Flags, TranscriptColumns };
}  // namespace

VariantInfoView::VariantInfoView(QWidget* parent)
    : QWidget(parent), summary_(new QLabel), transcripts_(new QTableWidget(0, TranscriptColumns)), note_(new QLabel) {
  summary_->setObjectName("variantSummary");
  summary_->setWordWrap(true);
  summary_->setTextFormat(Qt::RichText);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  summary_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  transcripts_->setObjectName("transcripts");
  transcripts_->setHorizontalHeaderLabels(
      {tr("Gene"), tr("Transcript"), tr("Biotype"), tr("Consequences"), tr("Impact"), tr("HGVSc"), tr("HGVSp"),
       tr("Flags")});
  transcripts_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  transcripts_->setSelectionBehavior(QAbstractItemView::SelectRows);
  transcripts_->verticalHeader()->hide();
  transcripts_->horizontalHeader()->setStretchLastSection(true);
  transcripts_->setToolTip(tr("Every transcript entry of the input's annotation for this allele; the highlighted "
                              "one is what the table's summary columns show (VEP --pick order: PICK, MANE "
                              "Select, canonical, most severe)"));
  note_->setObjectName("calibrationNote");
  note_->setWordWrap(true);
  note_->setText(calibrationText());
  note_->setStyleSheet("color: palette(dark); font-style: italic");
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(summary_);
  layout->addWidget(transcripts_, 1);
  layout->addWidget(note_);
  clear();
}

QString VariantInfoView::summaryText() const {
  QTextDocument doc;
  doc.setHtml(summary_->text());
  return doc.toPlainText();
}

void VariantInfoView::clear() {
  summary_->setText(tr("Select a variant to see what is known about it."));
  transcripts_->setRowCount(0);
  picked_ = -1;
}

void VariantInfoView::showVariant(const Info& info) {
  const auto& r = info.row;
  const auto& v = r.variant;
  QStringList lines;
  lines << tr("<b>%1:%2 %3&gt;%4</b>%5")
               .arg(html(v.chrom), QLocale().toString(qlonglong(v.pos)), html(v.ref), html(v.alt),
                    v.id.empty() || v.id == "." ? QString() : "  ·  " + html(v.id));
  if (info.whatIf)
    lines << tr("<span style=\"color:%1\"><b>What-if</b>: added by clicking the mutagenesis map; not a record "
                "of the loaded input. Scored exactly, as the input's variants are.</span>")
                 .arg(VariantTableModel::whatIfColor().name());
  if (gpnmsa::isScored(r.status)) {
    QString score = tr("Score %1 (forward %2, reverse %3)")
                        .arg(q(gpnmsa::formatScore(r.score)), q(gpnmsa::formatScore(r.scoreFwd)),
                             q(gpnmsa::formatScore(r.scoreRev)));
    if (!std::isnan(info.percentile))
      score += tr("  ·  percentile %1: lower than %1% of possible SNVs")
                   .arg(q(gpnmsa::formatPercentile(info.percentile)));
    else if (!info.distribution)
      score += tr("  ·  no percentile (the model has no score_distribution.tsv)");
    lines << score;
  } else {
    lines << tr("Not scored: %1 %2").arg(QString::fromLatin1(gpnmsa::statusName(r.status)), html(r.detail));
  }
  const gpnmsa::AnnotationSummary s = info.allele ? gpnmsa::summarize(*info.allele) : gpnmsa::AnnotationSummary();
  if (!s.af.empty()) lines << tr("Allele frequency %1 (%2)").arg(html(s.af), info.afSource.toHtmlEscaped());
  else if (!info.afSource.isEmpty()) lines << tr("Allele frequency: none in %1").arg(info.afSource.toHtmlEscaped());
  else lines << tr("Allele frequency: none in the input");
  if (!s.clinvar.empty()) lines << tr("ClinVar (input's annotation): %1").arg(html(s.clinvar));
  if (!info.clinvarFile) {
    lines << tr("ClinVar file: none set (File ▸ Data Sources)");
  } else if (!info.clinvar.found) {
    lines << tr("ClinVar file: no exact match");
  } else {
    const auto& m = info.clinvar;
    lines << tr("ClinVar file: <b>%1</b>  ·  %2 (%3)  ·  %4  ·  Variation ID %5")
                 .arg(html(m.significance), stars(m.stars), html(m.reviewStatus), html(m.condition), html(m.id));
  }
  if (!info.allele) lines << tr("No transcript annotation in the input (VEP CSQ, SnpEff ANN or bcftools BCSQ).");
  summary_->setText(lines.join("<br>"));

  const auto& entries = info.allele ? info.allele->entries : std::vector<gpnmsa::TranscriptConsequence>();
  picked_ = info.allele ? info.allele->picked : -1;
  transcripts_->setRowCount(int(entries.size()));
  for (int i = 0; i < int(entries.size()); ++i) {
    const auto& e = entries[size_t(i)];
    QStringList flags;
    if (i == picked_) flags << tr("shown in table");
    if (e.pick) flags << "PICK";
    if (e.mane) flags << "MANE";
    if (e.canonical) flags << tr("canonical");
    const QString cells[] = {q(e.gene), q(e.transcript), q(e.biotype), join(e.consequences),
                             q(e.impact), q(e.hgvsc), q(e.hgvsp), flags.join(", ")};
    for (int c = 0; c < TranscriptColumns; ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      if (i == picked_) {
        QFont f = item->font();
        f.setBold(true);
        item->setFont(f);
        item->setBackground(QColor(0xff, 0xf3, 0xcd));
      }
      transcripts_->setItem(i, c, item);
    }
  }
  transcripts_->resizeColumnsToContents();
}

}  // namespace gpnmsa::ui
