// SPDX-License-Identifier: GPL-3.0-or-later
// The report's background job (run in a JobSlot): for each variant, its
// 128-bp alignment window and the model's logits at every position of it,
// computed exactly (one position masked per pass, as the scores are), then
// the provenance (which hashes the model files). A variant whose window
// cannot be read (not aligned, unknown chromosome) gets its reason instead of
// figures; the job goes on with the next.
#pragma once
#include <QDateTime>
#include <QString>
#include <QVector>
#include <vector>

#include "background_job.h"
#include "gpnmsa/engine_session.h"
#include "report_data.h"

Q_DECLARE_METATYPE(QVector<gpnmsa::ui::ReportFigures>)

namespace gpnmsa::ui {

struct ReportJob {
  struct Site {
    QString chrom;
    qint64 pos = 0;
  };
  std::vector<Site> sites;  // one per variant, in report order
  QString inputPath;        // for the provenance
  QDateTime created;
  int batchSize = 16;
  // The gene annotation for the gene track figure (null: none set) and its file.
  std::shared_ptr<const gpnmsa::GeneAnnotation> genes;
  QString genesPath;
  QString clinvarPath;  // the ClinVar file in use, for the provenance ("" = none)
  gpnmsa::SessionPtr second;  // the second model shown side by side, for the provenance (null: none)
};

class ReportWorker : public JobWorker {
  Q_OBJECT
 public:
  ReportWorker(gpnmsa::SessionPtr session, ReportJob job, QObject* parent = nullptr);

  // The logo computation the report's figures use (always exact), in words.
  static QString logoModeText();

 signals:
  // done/total count window positions over all variants.
  void progress(qint64 done, qint64 total);
  // One ReportFigures per site; `provenance` as collectProvenance() gives it.
  void finished(const QVector<gpnmsa::ui::ReportFigures>& figures,
                const QVector<gpnmsa::ui::ReportField>& provenance, bool cancelled);
  void failed(const QString& message);

 protected:
  void run() override;

 private:
  // The gene track of a variant's figures: the genes over its logits' span.
  void addGenes(ReportFigures* f, qint64 marked) const;

  gpnmsa::SessionPtr session_;
  ReportJob job_;
};

}  // namespace gpnmsa::ui

Q_DECLARE_METATYPE(QVector<gpnmsa::ui::ReportField>)
