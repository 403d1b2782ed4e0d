// SPDX-License-Identifier: GPL-3.0-or-later
// The detail views for the selected variant or locus: its 128-bp alignment
// window (human row, then the species), the model's sequence logo and the
// in-silico mutagenesis map of the same window. Each selection starts one
// RegionWorker; a newer selection cancels the older job, whose late signals
// are ignored. The logo is computed exactly (one position masked per forward
// pass) or faster with several positions masked per pass (LogoMode), a choice
// in the panel's header remembered in QSettings (kLogoModeKey).
#pragma once
#include <QWidget>
#include <memory>

#include "background_job.h"
#include "gpnmsa/engine_session.h"
#include "gpnmsa/gene_annotation.h"
#include "gpnmsa/scorer.h"

class QComboBox;
class QLabel;
class QSplitter;

namespace gpnmsa::ui {

class AlignmentView;
class GeneTrackView;
class LogoView;
class MutagenesisPlot;
class RegionWorker;

class DetailPanel : public QWidget {
  Q_OBJECT
 public:
  // Fast: RegionLogitsOptions::Mode::MultiMask with its defaults (4 positions
  // 16 bp apart masked per window pair, about 4x fewer passes, approximate).
  // Exact: one position masked per pass, the computation the scores use.
  enum class LogoMode { Fast, Exact };
  static constexpr const char* kLogoModeKey = "view/logoMode";  // "fast" / "exact"
  // The engine options a mode stands for.
  static gpnmsa::RegionLogitsOptions logitsOptions(LogoMode mode);

  // Reads the logo mode from QSettings (Fast when unset).
  explicit DetailPanel(QWidget* parent = nullptr);
  ~DetailPanel() override;

  // Changes how the logo is computed, saves the choice in QSettings and
  // recomputes the window shown (if any). Setting the current mode does nothing.
  void setLogoMode(LogoMode mode);
  LogoMode logoMode() const { return logoMode_; }

  // A new model/alignment: the current job is cancelled and the views cleared;
  // a position asked for before the session existed is shown now.
  void setSession(gpnmsa::SessionPtr session);
  gpnmsa::SessionPtr session() const { return session_; }
  // Shows the window around chrom:pos with column `markedPos` marked (0 =
  // none). `title` describes it ("chr1:1,230 G>A · score -3.2"). Asking again
  // for the window already shown only updates the title.
  void showPosition(const QString& chrom, qint64 pos, qint64 markedPos, const QString& title);
  void clear();
  void cancel();

  // The logo of the current position is fully computed.
  bool isComplete() const { return complete_; }
  bool isBusy() const;
  QString modeText() const;     // which computation the logo shows (the current mode)
  QString statusText() const;   // progress / timing line

  // The gene annotation drawn in the gene track above the logo (nullptr:
  // none; the track says so). Redraws the window shown.
  void setGeneAnnotation(std::shared_ptr<const gpnmsa::GeneAnnotation> genes);
  GeneTrackView* geneTrackView() const { return geneTrack_; }
  AlignmentView* alignmentView() const { return alignment_; }
  LogoView* logoView() const { return logo_; }
  MutagenesisPlot* mutagenesisPlot() const { return mutagenesis_; }
  // Gives the logo and the gene track the left/right margins of the
  // mutagenesis map's plot area, so that a position is drawn at the same
  // pixel column in all three. Runs after every layout of the map and every
  // resize of the logo or the track.
  void alignColumns();

 signals:
  // The current job ended: the logo is complete unless cancelled.
  void finished(bool cancelled, double seconds);
  void failed(const QString& message);
  // The user clicked the mutagenesis map's cell for `alt` (A/C/G/T) at
  // chrom:pos: the main window adds that SNV as a "what-if" row (issue 12).
  void whatIfRequested(const QString& chrom, qint64 pos, char alt);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void start();
  void setStatus(const QString& text);
  void showLogoMode();  // combo box and tooltips follow logoMode_
  void showGenes(qint64 start, qint64 end);  // the gene track for that window of chrom_

  gpnmsa::SessionPtr session_;
  QString chrom_;
  qint64 pos_ = 0, marked_ = 0;
  bool wanted_ = false;    // a position is asked for
  bool complete_ = false;
  bool failed_ = false;    // the current job failed (not retried for the same position)
  LogoMode logoMode_ = LogoMode::Fast;

  QLabel* title_;
  QLabel* status_;
  QComboBox* logoModeBox_;
  JobSlot* jobs_;  // the region job of the position shown; a newer one cancels it
  std::shared_ptr<const gpnmsa::GeneAnnotation> genes_;
  qint64 windowStart_ = 0, windowEnd_ = -1;  // the window shown (end < start: none)
  GeneTrackView* geneTrack_;
  AlignmentView* alignment_;
  LogoView* logo_;
  MutagenesisPlot* mutagenesis_;
};

}  // namespace gpnmsa::ui
