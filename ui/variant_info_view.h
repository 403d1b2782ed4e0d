// SPDX-License-Identifier: GPL-3.0-or-later
// The "Variant" tab of the detail area (issue 11): everything the input and
// the data sources say about the selected allele: score and percentile with
// what they do not mean, allele frequency and its source, ClinVar (the
// input's own and the ClinVar file's match), and every transcript entry of its
// annotation with the one the summary columns show highlighted.
#pragma once
#include <QWidget>
#include <cmath>

#include "gpnmsa/annotations.h"
#include "gpnmsa/clinvar.h"
#include "gpnmsa/variant.h"

class QLabel;
class QTableWidget;

namespace gpnmsa::ui {

class VariantInfoView : public QWidget {
  Q_OBJECT
 public:
  // What is shown for one row.
  struct Info {
    gpnmsa::ScoredVariant row;
    const gpnmsa::AlleleAnnotation* allele = nullptr;  // null: the input has no annotation
    QString afSource;                                   // VariantAnnotations::afSource
    bool clinvarFile = false;                           // a ClinVar file was looked up
    gpnmsa::ClinVarMatch clinvar;                       // its match (found == false: none)
    bool distribution = false;                          // the session has a reference distribution
    double percentile = NAN;                            // NaN: not scored / no distribution
    bool whatIf = false;                                // added from the map, not in the input
  };

  explicit VariantInfoView(QWidget* parent = nullptr);

  void showVariant(const Info& info);
  void clear();

  // For tests: the transcript table (one row per annotation entry) and the
  // summary's plain text.
  QTableWidget* transcripts() const { return transcripts_; }
  int pickedRow() const { return picked_; }
  QString summaryText() const;

 private:
  QLabel* summary_;
  QTableWidget* transcripts_;
  QLabel* note_;
  int picked_ = -1;
};

}  // namespace gpnmsa::ui
