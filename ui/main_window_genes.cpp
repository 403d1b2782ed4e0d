// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow's gene annotation: opened in the background, drawn by the detail
// panel's gene track, searched by the locus box, and filling the overlap
// gene / consequence of variants the input left unannotated (core's
// fillGeneOverlap; the table shows input().annotations).
#include <QFileInfo>
#include <QLocale>

#include "column_chooser.h"
#include "detail_panel.h"
#include "gpnmsa/gene_overlap.h"
#include "locus_variants.h"
#include "main_window.h"
#include "variant_table_model.h"

namespace gpnmsa::ui {

bool MainWindow::isOpeningGenes() const { return genesOpen_->isBusy(); }

void MainWindow::setGeneAnnotation(const QString& path) {
  genesPath_ = path;
  if (path.isEmpty()) {
    genesOpen_->cancel();
    useGenes(nullptr);
    return;
  }
  struct Opened {
    std::shared_ptr<const gpnmsa::GeneAnnotation> genes;
    QString error;
  };
  genesOpen_->run<Opened>(
      [path] {
        Opened o;
        try {
          o.genes = gpnmsa::GeneAnnotation::open(path.toStdString());
        } catch (const std::exception& e) {
          o.error = QString::fromStdString(e.what());
        }
        return o;
      },
      [this, path](Opened o) {
        useGenes(o.genes);
        if (!o.genes) return report(tr("Cannot open the gene annotation %1: %2").arg(path, o.error));
        emit genesReady();
      });
}

void MainWindow::useGenes(std::shared_ptr<const gpnmsa::GeneAnnotation> genes) {
  genes_ = std::move(genes);
  detail_->setGeneAnnotation(genes_);
  if (input_.variants.empty()) return;
  gpnmsa::clearGeneOverlap(&input_);
  applyGenes(&input_);
  model_->setAnnotations(input_.annotations);
  columns_->refresh();
  updateInfo();
  emit inputAnnotationsChanged();
}

void MainWindow::applyGenes(gpnmsa::VariantTable* table) {
  gpnmsa::clearGeneOverlap(table);  // a table filled with an earlier annotation
  if (!genes_) return;
  try {
    gpnmsa::fillGeneOverlap(table, *genes_);
  } catch (const std::exception& e) {  // an indexed file that went bad since it was opened
    gpnmsa::clearGeneOverlap(table);
    report(tr("Gene overlap not filled in: %1").arg(QString::fromStdString(e.what())));
  }
}

std::optional<gpnmsa::Locus> MainWindow::geneLocus(const QString& text, QString* note, QString* error) const {
  const QString name = text.trimmed();
  if (name.isEmpty()) return std::nullopt;
  if (!genes_) {
    *error = tr("'%1' is not a locus (chr:pos, chr:start-end or chr:pos:ref:alt); gene names need a gene "
                "annotation (File ▸ Data Sources)")
                 .arg(name);
    return std::nullopt;
  }
  std::optional<gpnmsa::Gene> gene;
  try {
    gene = genes_->findGene(name.toStdString());
  } catch (const std::exception& e) {
    *error = QString::fromStdString(e.what());
    return std::nullopt;
  }
  const QString file = QFileInfo(QString::fromStdString(genes_->path())).fileName();
  if (!gene) {
    *error = tr("No gene or transcript named '%1' in %2, and not a locus (chr:pos, chr:start-end or "
                "chr:pos:ref:alt)")
                 .arg(name, file);
    return std::nullopt;
  }
  gpnmsa::Locus l;
  l.kind = gpnmsa::Locus::Kind::Region;
  l.chrom = gene->chrom;
  l.start = gene->start;
  l.end = std::min(gene->end, gene->start + kMaxLocusRegion - 1);
  const QLocale loc;
  const QString chrom = QString::fromStdString(gene->chrom);
  const QString span = QStringLiteral("%1:%2-%3").arg(chrom, loc.toString(qlonglong(gene->start)),
                                                      loc.toString(qlonglong(gene->end)));
  *note = tr("%1 (%2): %3, %4 bp")
              .arg(QString::fromStdString(gene->name), QString::fromStdString(gene->id), span,
                   loc.toString(qlonglong(gene->end - gene->start + 1)));
  if (l.end < gene->end)
    *note += tr("; longer than the locus box scores (%1 bp): scoring its first %1 bp, %2:%3-%4 (type a region "
                "inside it for another part)")
                 .arg(loc.toString(qlonglong(kMaxLocusRegion)), chrom, loc.toString(qlonglong(l.start)),
                      loc.toString(qlonglong(l.end)));
  return l;
}

}  // namespace gpnmsa::ui
