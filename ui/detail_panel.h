// SPDX-License-Identifier: GPL-3.0-or-later
// The detail panel: the region browser (ruler, genes, sequence logo,
// mutagenesis map and alignment rows on one axis, see region_browser.h) for
// the selected variant or a typed locus, with a header saying what is shown
// and how it is computed. What is in view is computed through a
// ViewLogitsScheduler (nearest the centre first, cached per session, mode
// and position, so returning costs nothing); the logo is computed exactly
// (one position masked per forward pass) or faster with several positions
// masked per pass (LogoMode), a choice in the header remembered in QSettings
// (kLogoModeKey). A click on a map cell asks for that SNV as a what-if row.
#pragma once
#include <QElapsedTimer>
#include <QWidget>
#include <memory>

#include "gpnmsa/engine_session.h"
#include "gpnmsa/gene_annotation.h"
#include "gpnmsa/scorer.h"
#include "track_help.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QToolButton;

namespace gpnmsa::ui {

class RegionBrowser;
class ViewLogitsScheduler;

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
  // computes the view again in that mode (what was computed in the other
  // stays cached). Setting the current mode does nothing.
  void setLogoMode(LogoMode mode);
  LogoMode logoMode() const { return logoMode_; }

  // A new model/alignment: the current work is cancelled and the tracks
  // cleared; a position asked for before the session existed is shown now.
  void setSession(gpnmsa::SessionPtr session);
  // The session whose logits are shown (the first or the second model).
  gpnmsa::SessionPtr session() const { return session_; }
  // Two models side by side: a second session adds a switch ("Model:") to
  // the header choosing whose logo and map are shown; null removes it. For a
  // GPN-Star model with a calibration table the logo's letters are the
  // calibrated heights (calibratedLogoHeights), as its published tracks draw them.
  void setSecondSession(gpnmsa::SessionPtr session);
  gpnmsa::SessionPtr secondSession() const { return second_; }
  // 0: the first model, 1: the second (when there is one).
  void setShownModel(int which);
  int shownModel() const { return shownModel_; }
  // Shows chrom:pos with `markedPos` marked (0 = none): the first time, or on
  // another chromosome, the 128-bp window around pos fills the view; else the
  // view keeps its zoom and moves only if pos is outside it. `title`
  // describes it ("chr1:1,230 G>A · score -3.2"). Asking again for what is
  // shown only updates the title.
  void showPosition(const QString& chrom, qint64 pos, qint64 markedPos, const QString& title);
  // A typed region: all of first..last in view (computed when it is at most
  // kMaxComputedView positions, with progress and Cancel; wider, an overview
  // of what is cached).
  void showRegion(const QString& chrom, qint64 first, qint64 last);
  void clear();
  void cancel();

  // Every position in view is computed (or the view is an overview).
  bool isComplete() const { return complete_; }
  bool isBusy() const;
  QString modeText() const;     // which computation the logo shows (the current mode)
  QString statusText() const;   // progress / timing line
  // The logits shown at chrom:pos (current session and mode); nullptr if not computed.
  const gpnmsa::PositionLogits* logitsAt(qint64 pos) const;
  QString chrom() const { return chrom_; }

  // The gene annotation drawn in the gene track (nullptr: none; the track says so).
  void setGeneAnnotation(std::shared_ptr<const gpnmsa::GeneAnnotation> genes);
  RegionBrowser* browser() const { return browser_; }
  ViewLogitsScheduler* scheduler() const { return scheduler_; }

 signals:
  // The computation of the view ended: complete unless cancelled.
  void finished(bool cancelled, double seconds);
  void failed(const QString& message);
  // The user clicked the mutagenesis map's cell for `alt` (A/C/G/T) at
  // chrom:pos: the main window adds that SNV as a "what-if" row (issue 12).
  void whatIfRequested(const QString& chrom, qint64 pos, char alt);

 private:
  void requestView();       // asks the scheduler for what is in view
  void showGenes();         // the gene track for the view
  void setStatus(const QString& text);
  void showLogoMode();      // combo box and tooltips follow logoMode_
  void setWorking(bool on); // progress bar and Cancel button
  void applySession(gpnmsa::SessionPtr session);  // shows this session's logits
  void updateModelBox();

  gpnmsa::SessionPtr session_;           // shown
  gpnmsa::SessionPtr primary_, second_;  // the first and second model
  int shownModel_ = 0;
  QComboBox* modelBox_ = nullptr;
  QLabel* modelLabel_ = nullptr;
  QString chrom_;
  qint64 pos_ = 0, marked_ = 0;
  bool wanted_ = false;    // a position is asked for
  bool complete_ = false;
  bool failed_ = false;    // the view's computation failed (not retried for the same position)
  bool requesting_ = false;  // inside scheduler_->request()
  bool quiet_ = false;     // cancelling for a new session / clear: no finished() for it
  LogoMode logoMode_ = LogoMode::Fast;
  QElapsedTimer clock_;

  QLabel* title_;
  QLabel* status_;
  QProgressBar* progress_;
  QToolButton* cancel_;
  QComboBox* logoModeBox_;
  RegionBrowser* browser_;
  ViewLogitsScheduler* scheduler_;
  std::shared_ptr<const gpnmsa::GeneAnnotation> genes_;
};

}  // namespace gpnmsa::ui
