// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings_dialog.h"

#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QSettings>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "gpnmsa/releases.h"
#include "gpnmsa/resources.h"
#include "release_download.h"
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
  scores_->setPlaceholderText(tr("optional: scores.tsv.bgz (with .tbi), a GPN-Star score shard folder, or an http(s) URL"));
  scores_->setClearButtonEnabled(true);
  scores_->setToolTip(tr("Precomputed scores, shown in the Published column beside the live score: GPN-MSA's "
                         "published layout (bgzip + tabix, chrom pos ref alt score), or GPN-Star's Parquet "
                         "score shards (a folder data/<score-set>/ or its llr/ folder; the calibrated LLR). "
                         "Choosing one llr_chr<C>.parquet shard uses its whole folder."));
  auto* browseScores = new QPushButton(tr("Browse…"));
  connect(browseScores, &QPushButton::clicked, this, [this] {
    QString f = QFileDialog::getOpenFileName(
        this, tr("Precomputed score file"), scores_->text(),
        tr("Precomputed scores (*.bgz *.gz *.parquet);;bgzip + tabix scores (*.bgz *.gz);;"
           "GPN-Star score shards (llr_chr*.parquet);;All files (*)"));
    // One shard stands for its folder: every chromosome, not just the one picked.
    const QFileInfo info(f);
    if (info.fileName().startsWith(QLatin1String("llr_chr")) && info.suffix() == QLatin1String("parquet"))
      f = info.absolutePath();
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
  model2_ = new QLineEdit;
  model2_->setObjectName("secondModelEdit");
  model2_->setPlaceholderText(tr("optional: a second model folder (GPN-Star or GPN-MSA), scored side by side"));
  model2_->setClearButtonEnabled(true);
  model2_->setToolTip(tr("A second model whose scores appear beside the first model's in the table, with its own "
                         "column group; the detail panel can switch the logo between the two."));
  auto* browseModel2 = new QPushButton(tr("Browse…"));
  connect(browseModel2, &QPushButton::clicked, this, [this] {
    const QString d = QFileDialog::getExistingDirectory(this, tr("Second model directory"), model2_->text());
    if (!d.isEmpty()) model2_->setText(d);
  });
  alignment2_ = new QLineEdit;
  alignment2_->setObjectName("secondAlignmentEdit");
  alignment2_->setPlaceholderText(tr("its alignment: empty = the one above; several stores joined by columns: A;B"));
  alignment2_->setClearButtonEnabled(true);
  alignment2_->setToolTip(tr("The second model's alignment store (.zip, .zarr folder or URL). GPN-Star M447 reads "
                             "two stores whose columns follow each other (243 + 204): give both, separated by ';'."));
  auto* browseMsa2 = new QPushButton(tr("Browse…"));
  connect(browseMsa2, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Second alignment store"), alignment2_->text(),
                                                   tr("Zipped Zarr store (*.zip);;All files (*)"));
    if (!f.isEmpty()) alignment2_->setText(f);
  });
  releaseBase_ = new QLineEdit(QSettings().value("data/releaseBase").toString());
  releaseBase_->setObjectName("releaseBaseEdit");
  releaseBase_->setPlaceholderText(tr("https://huggingface.co (or a mirror keeping the same paths)"));
  releaseBase_->setClearButtonEnabled(true);
  releaseBase_->setToolTip(tr("Where \"GPN-MSA release (online)\" finds the published files; empty: "
                              "$GPNMSA_RELEASE_BASE, else the model hub."));
  auto* form = new QFormLayout;
  form->addRow(tr("Model:"), withBrowse(model_, browseModel));
  form->addRow(tr("Alignment:"), withBrowse(alignment_, browseMsa));
  form->addRow(tr("Second model:"), withBrowse(model2_, browseModel2));
  form->addRow(tr("Its alignment:"), withBrowse(alignment2_, browseMsa2));
  form->addRow(tr("Published scores:"), withBrowse(scores_, browseScores));
  form->addRow(tr("ClinVar VCF:"), withBrowse(clinvar_, browseClinVar));
  form->addRow(tr("Gene annotation:"), withBrowse(genes_, browseGenes));
  form->addRow(tr("Release base URL:"), releaseBase_);

  error_->setObjectName("dataSourcesStatus");
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
  auto* online = buttons->addButton(tr("GPN-MSA release (online)"), QDialogButtonBox::ResetRole);
  online->setObjectName("onlineReleaseButton");
  online->setToolTip(tr("The authors' model (downloaded once into the cache, verified), alignment and "
                        "precomputed scores (both read in place over http)"));
  connect(online, &QPushButton::clicked, this, &SettingsDialog::useOnlineRelease);
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
void SettingsDialog::setSecondModel(const QString& modelDir, const QStringList& alignments) {
  model2_->setText(modelDir);
  alignment2_->setText(alignments.join(QLatin1Char(';')));
}
QString SettingsDialog::secondModelDir() const { return model2_->text().trimmed(); }
QStringList SettingsDialog::secondAlignments() const {
  QStringList out;
  for (const QString& a : alignment2_->text().split(QLatin1Char(';'), Qt::SkipEmptyParts))
    if (!a.trimmed().isEmpty()) out << a.trimmed();
  return out;
}
QString SettingsDialog::scoreFilePath() const { return scores_->text().trimmed(); }
void SettingsDialog::setClinVarPath(const QString& path) { clinvar_->setText(path); }
QString SettingsDialog::clinVarPath() const { return clinvar_->text().trimmed(); }
QString SettingsDialog::geneAnnotationPath() const { return genes_->text().trimmed(); }

void SettingsDialog::setGeneAnnotation(const QString& path, std::shared_ptr<const gpnmsa::GeneAnnotation> opened) {
  genes_->setText(path);
  genesFile_ = std::move(opened);
  genesOpenedPath_ = genesFile_ ? path : QString();
}

QString SettingsDialog::releaseBase() const { return releaseBase_->text().trimmed(); }

void SettingsDialog::showError(const QString& message) {
  error_->setStyleSheet("color: #b2182b");
  error_->setText(message);
  error_->show();
}

void SettingsDialog::useOnlineRelease() {
  try {
    const gpnmsa::ReleaseCatalog cat = gpnmsa::ReleaseCatalog::load();
    const std::string base = cat.base(releaseBase().toStdString());
    bool model = false, msa = false, scores = false;
    for (const gpnmsa::Release& r : cat.releases()) {
      const QString url = QString::fromStdString(gpnmsa::releaseUrl(base, r.files.front()));
      if (r.kind == gpnmsa::Release::Kind::Model && !model) {
        model_->setText(QString::fromStdString(gpnmsa::modelReleaseDir(r)));
        model = true;
      } else if (r.kind == gpnmsa::Release::Kind::Alignment && !msa) {
        alignment_->setText(url);
        msa = true;
      } else if (r.kind == gpnmsa::Release::Kind::Scores && !scores) {
        scores_->setText(url);
        scores = true;
      }
    }
    error_->hide();
  } catch (const std::exception& e) {
    showError(QString::fromStdString(e.what()));
  }
}

bool SettingsDialog::downloadModelFirst() {
  const gpnmsa::Release* release = nullptr;
  gpnmsa::ReleaseCatalog cat;
  std::string base;
  try {
    cat = gpnmsa::ReleaseCatalog::load();
    base = cat.base(releaseBase().toStdString());
    for (const gpnmsa::Release& r : cat.releases())
      if (r.kind == gpnmsa::Release::Kind::Model && QString::fromStdString(gpnmsa::modelReleaseDir(r)) == modelDir())
        release = &r;
  } catch (const std::exception&) {
    return false;  // no manifest: the model field is an ordinary folder
  }
  if (!release || gpnmsa::releaseComplete(*release, modelDir().toStdString())) return false;
  gpnmsa::FetchOptions options;
  options.base = base;
  ok_->setEnabled(false);
  error_->setStyleSheet("");
  error_->setText(tr("Downloading %1 from %2…").arg(QString::fromStdString(release->name), QString::fromStdString(base)));
  error_->show();
  auto* worker = new ReleaseDownloadWorker(*release, options);
  // The rate and time left speak of this attempt's bytes of the current file.
  auto clock = std::make_shared<QElapsedTimer>();
  auto file = std::make_shared<QString>();
  auto firstDone = std::make_shared<qint64>(0);
  jobs_->start(worker, [=](quint64 id) {
    connect(worker, &ReleaseDownloadWorker::progress, this, [=](const QString& name, qint64 done, qint64 total) {
      if (!jobs_->isCurrent(id)) return;
      if (name != *file) {
        *file = name;
        *firstDone = done;
        clock->start();
      }
      const double seconds = clock->elapsed() / 1000.0;
      const double rate = seconds > 0.5 ? (done - *firstDone) / seconds : 0;
      error_->setText(tr("Downloading %1").arg(downloadProgressText(name, done, total, rate)));
    });
    connect(worker, &ReleaseDownloadWorker::finished, this, [=](const QString&) {
      if (!jobs_->isCurrent(id)) return;
      jobs_->finish(id);
      accept();  // now complete: load it
    });
    connect(worker, &ReleaseDownloadWorker::failed, this, [=](const QString& message) {
      if (!jobs_->isCurrent(id)) return;
      jobs_->finish(id);
      ok_->setEnabled(true);
      showError(message);
    });
    connect(worker, &ReleaseDownloadWorker::cancelled, this, [=] {
      if (jobs_->isCurrent(id)) jobs_->finish(id);
    });
  });
  return true;
}

void SettingsDialog::accept() {
  QSettings().setValue("data/releaseBase", releaseBase());
  if (downloadModelFirst()) return;
  // Loading is the only reliable check (config, tensors, store, species
  // count); the score file is optional, but when given it must open (file
  // and .tbi). Both off the GUI thread: the released model takes seconds.
  struct Loaded {
    SessionLoad session, session2;
    ScoreFilePtr scores;
    QString scoresError;
    ClinVarFilePtr clinvar;
    QString clinvarError;
    std::shared_ptr<const gpnmsa::GeneAnnotation> genes;
    QString genesError;
  };
  const QString model = modelDir(), msa = alignment(), scores = scoreFilePath(), clinvar = clinVarPath();
  const QString genes = geneAnnotationPath();
  const QString model2 = secondModelDir();
  const QStringList msa2 = secondAlignments().isEmpty() ? QStringList{msa} : secondAlignments();
  // The file opened already for an unchanged path is kept (not read again).
  const auto kept = genes == genesOpenedPath_ ? genesFile_ : nullptr;
  ok_->setEnabled(false);
  error_->setStyleSheet("");
  error_->setText(tr("Loading…"));
  error_->show();
  jobs_->run<Loaded>(
      [model, msa, scores, clinvar, genes, kept, model2, msa2] {
        Loaded l;
        l.session = loadSession(model, msa);
        if (l.session.session && !model2.isEmpty()) l.session2 = loadSession(model2, msa2);
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
      [this, scores, clinvar, genes, model2](Loaded l) {
        ok_->setEnabled(true);
        session_ = l.session.session;
        session2_ = l.session2.session;
        scoreFile_ = l.scores;
        clinvarFile_ = l.clinvar;
        genesFile_ = genes.isEmpty() ? nullptr : l.genes;
        genesOpenedPath_ = genesFile_ ? genes : QString();
        QString error = !session_                              ? l.session.error
                        : (!model2.isEmpty() && !session2_)    ? tr("Second model: %1").arg(l.session2.error)
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
