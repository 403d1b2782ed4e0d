// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "gpnmsa/resources.h"
#include "session_loading.h"

namespace gpnmsa::ui {

namespace {
QWidget* withBrowse(QLineEdit* edit, QPushButton* button) {
  auto* w = new QWidget;
  auto* l = new QHBoxLayout(w);
  l->setContentsMargins(0, 0, 0, 0);
  l->addWidget(edit, 1);
  l->addWidget(button);
  return w;
}
}  // namespace

SettingsDialog::SettingsDialog(const QString& modelDir, const QString& alignment, const QString& scoreFile,
                               QWidget* parent)
    : QDialog(parent), model_(new QLineEdit(modelDir)), alignment_(new QLineEdit(alignment)),
      scores_(new QLineEdit(scoreFile)), clinvar_(new QLineEdit), error_(new QLabel), jobs_(new JobSlot(this)) {
  setWindowTitle(tr("Data sources"));
  model_->setPlaceholderText(tr("folder with config.json and model.safetensors"));
  alignment_->setPlaceholderText(tr("89.zarr.zip or an unzipped .zarr folder"));
  auto* browseModel = new QPushButton(tr("Browse…"));
  connect(browseModel, &QPushButton::clicked, this, [this] {
    const QString d = QFileDialog::getExistingDirectory(this, tr("Model directory"), model_->text());
    if (!d.isEmpty()) model_->setText(d);
  });
  auto* browseMsa = new QPushButton(tr("Browse…"));
  connect(browseMsa, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Alignment store"), alignment_->text(),
                                                   tr("Zipped Zarr store (*.zip);;All files (*)"));
    if (!f.isEmpty()) alignment_->setText(f);
  });
  scores_->setObjectName("scoreFileEdit");
  scores_->setPlaceholderText(tr("optional: scores.tsv.bgz (with .tbi) or an http(s) URL"));
  scores_->setClearButtonEnabled(true);
  scores_->setToolTip(tr("Precomputed scores in the published layout (bgzip + tabix, chrom pos ref alt "
                         "score): shown in the Published column beside the live score."));
  auto* browseScores = new QPushButton(tr("Browse…"));
  connect(browseScores, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Precomputed score file"), scores_->text(),
                                                   tr("bgzip + tabix scores (*.bgz *.gz);;All files (*)"));
    if (!f.isEmpty()) scores_->setText(f);
  });
  clinvar_->setObjectName("clinvarFileEdit");
  clinvar_->setPlaceholderText(tr("optional: clinvar.vcf.gz (bgzip + tabix, NCBI's ClinVar VCF)"));
  clinvar_->setClearButtonEnabled(true);
  clinvar_->setToolTip(tr("ClinVar VCF (CLNSIG, CLNREVSTAT, CLNDN): exact allele matches fill the ClinVar "
                          "columns (significance, review stars, condition) of the table and its exports."));
  auto* browseClinVar = new QPushButton(tr("Browse…"));
  connect(browseClinVar, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("ClinVar VCF"), clinvar_->text(),
                                                   tr("bgzip + tabix VCF (*.vcf.gz *.vcf.bgz);;All files (*)"));
    if (!f.isEmpty()) clinvar_->setText(f);
  });
  genes_ = new QLineEdit;
  genes_->setObjectName("geneAnnotationEdit");
  genes_->setPlaceholderText(tr("optional: GFF3 or GTF (plain, .gz, or bgzip + tabix)"));
  genes_->setClearButtonEnabled(true);
  genes_->setToolTip(tr("Gene annotation (GENCODE, Ensembl or RefSeq; chr22 and 22 alike): the gene track "
                        "above the logo, gene names in the locus box, and gene / consequence from overlap "
                        "for variants the input left unannotated (overlap, not a consequence prediction)."));
  auto* browseGenes = new QPushButton(tr("Browse…"));
  connect(browseGenes, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(
        this, tr("Gene annotation"), genes_->text(),
        tr("Gene annotations (*.gff3 *.gff *.gtf *.gz *.bgz);;All files (*)"));
    if (!f.isEmpty()) genes_->setText(f);
  });
  auto* form = new QFormLayout;
  form->addRow(tr("Model:"), withBrowse(model_, browseModel));
  form->addRow(tr("Alignment:"), withBrowse(alignment_, browseMsa));
  form->addRow(tr("Published scores:"), withBrowse(scores_, browseScores));
  form->addRow(tr("ClinVar VCF:"), withBrowse(clinvar_, browseClinVar));
  form->addRow(tr("Gene annotation:"), withBrowse(genes_, browseGenes));

  error_->setWordWrap(true);
  error_->setStyleSheet("color: #b2182b");
  error_->hide();

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  ok_ = buttons->button(QDialogButtonBox::Ok);
  auto* defaults = buttons->addButton(tr("Bundled default"), QDialogButtonBox::ResetRole);
  connect(defaults, &QPushButton::clicked, this, [this] {
    const auto b = gpnmsa::defaultBundle();
    model_->setText(QString::fromStdString(b.model));
    alignment_->setText(QString::fromStdString(b.alignment));
    genes_->setText(QString::fromStdString(b.genes));
  });
  connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(error_);
  layout->addWidget(buttons);
  resize(640, sizeHint().height());
}

QString SettingsDialog::modelDir() const { return model_->text().trimmed(); }
QString SettingsDialog::alignment() const { return alignment_->text().trimmed(); }
QString SettingsDialog::scoreFilePath() const { return scores_->text().trimmed(); }
void SettingsDialog::setClinVarPath(const QString& path) { clinvar_->setText(path); }
QString SettingsDialog::clinVarPath() const { return clinvar_->text().trimmed(); }
QString SettingsDialog::geneAnnotationPath() const { return genes_->text().trimmed(); }

void SettingsDialog::setGeneAnnotation(const QString& path, std::shared_ptr<const gpnmsa::GeneAnnotation> opened) {
  genes_->setText(path);
  genesFile_ = std::move(opened);
  genesOpenedPath_ = genesFile_ ? path : QString();
}

void SettingsDialog::accept() {
  // Loading is the only reliable check (config, tensors, store, species
  // count); the score file is optional, but when given it must open (file
  // and .tbi). Both off the GUI thread: the released model takes seconds.
  struct Loaded {
    SessionLoad session;
    ScoreFilePtr scores;
    QString scoresError;
    ClinVarFilePtr clinvar;
    QString clinvarError;
    std::shared_ptr<const gpnmsa::GeneAnnotation> genes;
    QString genesError;
  };
  const QString model = modelDir(), msa = alignment(), scores = scoreFilePath(), clinvar = clinVarPath();
  const QString genes = geneAnnotationPath();
  // The file opened already for an unchanged path is kept (not read again).
  const auto kept = genes == genesOpenedPath_ ? genesFile_ : nullptr;
  ok_->setEnabled(false);
  error_->setStyleSheet("");
  error_->setText(tr("Loading…"));
  error_->show();
  jobs_->run<Loaded>(
      [model, msa, scores, clinvar, genes, kept] {
        Loaded l;
        l.session = loadSession(model, msa);
        if (l.session.session && !scores.isEmpty()) l.scores = ScoreFile::open(scores, &l.scoresError);
        if (l.session.session && !clinvar.isEmpty()) l.clinvar = openClinVarFile(clinvar, &l.clinvarError);
        l.genes = kept;
        if (l.session.session && !genes.isEmpty() && !kept) {
          try {
            l.genes = gpnmsa::GeneAnnotation::open(genes.toStdString());
          } catch (const std::exception& e) {
            l.genesError = QObject::tr("Gene annotation: %1").arg(QString::fromStdString(e.what()));
          }
        }
        return l;
      },
      [this, scores, clinvar, genes](Loaded l) {
        ok_->setEnabled(true);
        session_ = l.session.session;
        scoreFile_ = l.scores;
        clinvarFile_ = l.clinvar;
        genesFile_ = genes.isEmpty() ? nullptr : l.genes;
        genesOpenedPath_ = genesFile_ ? genes : QString();
        QString error = !session_                              ? l.session.error
                        : (!scores.isEmpty() && !scoreFile_)   ? l.scoresError
                        : (!clinvar.isEmpty() && !clinvarFile_) ? l.clinvarError
                                                                : QString();
        if (error.isEmpty() && !genes.isEmpty() && !genesFile_) error = l.genesError;
        if (!error.isEmpty()) {
          error_->setStyleSheet("color: #b2182b");
          error_->setText(error);
          return;
        }
        QDialog::accept();
      });
}

// Cancel while loading: the load is dropped (its thread is waited for when
// the dialog goes).
void SettingsDialog::reject() {
  jobs_->cancel();
  QDialog::reject();
}

}  // namespace gpnmsa::ui
