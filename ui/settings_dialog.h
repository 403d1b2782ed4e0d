// SPDX-License-Identifier: GPL-3.0-or-later
// Data sources: model directory and alignment store (and the optional
// published score file and gene annotation). OK loads them in the
// background (so a wrong, unreadable or mismatched pair is reported here,
// with the reason, while the window stays live) and hands the loaded session
// back.
#pragma once
#include <QDialog>

#include "background_job.h"
#include "clinvar_lookup.h"
#include "gpnmsa/engine_session.h"
#include "gpnmsa/gene_annotation.h"
#include "published_scores.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace gpnmsa::ui {

class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  SettingsDialog(const QString& modelDir, const QString& alignment, const QString& scoreFile = {},
                 QWidget* parent = nullptr);
  QString modelDir() const;
  QString alignment() const;
  // Optional precomputed score file (bgzip + tabix); "" for none.
  QString scoreFilePath() const;
  // The score file opened when OK was accepted (nullptr when none was given).
  ScoreFilePtr scoreFile() const { return scoreFile_; }
  // Optional ClinVar VCF (bgzip + tabix); "" for none. Opened by OK like the
  // score file, its errors shown here.
  void setClinVarPath(const QString& path);
  QString clinVarPath() const;
  ClinVarFilePtr clinVarFile() const { return clinvarFile_; }
  // Gene annotation (GFF3 / GTF): the path shown and the file opened for it
  // (kept when OK finds the path unchanged, opened again otherwise).
  void setGeneAnnotation(const QString& path, std::shared_ptr<const gpnmsa::GeneAnnotation> opened);
  QString geneAnnotationPath() const;
  // Opened when OK was accepted (nullptr when no path was given).
  std::shared_ptr<const gpnmsa::GeneAnnotation> geneAnnotation() const { return genesFile_; }
  // The session loaded when OK was accepted.
  gpnmsa::SessionPtr session() const { return session_; }
  // The optional second model (two models side by side) and its store(s):
  // one store, or several joined by columns (';' between them in the field);
  // empty stores: the first model's alignment. OK loads and checks the pair
  // as it does the first; its session is null when no second model is given.
  void setSecondModel(const QString& modelDir, const QStringList& alignments);
  QString secondModelDir() const;
  QStringList secondAlignments() const;  // as typed (empty: the first alignment)
  gpnmsa::SessionPtr secondSession() const { return session2_; }
  // A load started by OK is still running.
  bool isLoading() const { return jobs_->isBusy(); }

  // Fills the fields with the published files (resources/releases.json): the
  // model's folder in the user cache, the alignment's and score file's URLs
  // below the base URL field's value. OK then downloads the model first if
  // it is not complete there (progress in the dialog; Cancel keeps the
  // partial file for next time).
  void useOnlineRelease();
  QString releaseBase() const;

  void accept() override;
  void reject() override;

 private:
  // True when the model field names a published model not yet downloaded:
  // the download has started, and accept() runs again when it ends.
  bool downloadModelFirst();
  void showError(const QString& message);

  QLineEdit* model_;
  QLineEdit* alignment_;
  QLineEdit* model2_ = nullptr;
  QLineEdit* alignment2_ = nullptr;
  QLineEdit* scores_;
  QLineEdit* clinvar_;
  QLineEdit* genes_ = nullptr;
  QLineEdit* releaseBase_ = nullptr;
  QLabel* error_;
  QPushButton* ok_;
  JobSlot* jobs_;
  gpnmsa::SessionPtr session_, session2_;
  ScoreFilePtr scoreFile_;
  ClinVarFilePtr clinvarFile_;
  std::shared_ptr<const gpnmsa::GeneAnnotation> genesFile_;
  QString genesOpenedPath_;  // the path genesFile_ was opened from
};

}  // namespace gpnmsa::ui
