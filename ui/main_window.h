// SPDX-License-Identifier: GPL-3.0-or-later
// The main window: variant table with filters, input (File ▸ Open, drag and
// drop, recent files, locus box), background scoring with progress and
// Cancel, export, data-source settings. The lower half is a tab area that
// the detail views (alignment, logo, mutagenesis) plug into.
#pragma once
#include <QMainWindow>
#include <QPointer>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "engine_session.h"
#include "published_scores.h"
#include "gpnmsa/variant.h"
#include "gpnmsa/variant_reader.h"
#include "variant_metatype.h"

class QLabel;
class QLineEdit;
class QComboBox;
class QMenu;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;
class QThread;
class QTimer;

namespace gpnmsa::ui {

class DetailPanel;
class ScoreOverview;
class ScoringWorker;
class VariantFilterProxy;
class VariantTableModel;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Loads the model and alignment in the background; inputs opened before it
  // is ready wait for it.
  void setDataSources(const QString& modelDir, const QString& alignment);
  SessionPtr session() const { return session_; }

  // A precomputed score file (bgzip + tabix, the published layout) for the
  // "Published" column; "" for none (the column is hidden). Opened in the
  // background; scoreFileReady or errorOccurred follows. Every input opened
  // (and the current one) is looked up in it at once, off the GUI thread.
  void setScoreFile(const QString& path);
  QString scoreFile() const { return scoreFilePath_; }
  bool hasScoreFile() const { return scoreFile_ != nullptr; }
  bool isLookingUp() const { return publishedBusy_; }

  // Reads a VCF/VCF.gz/BCF/TSV/CSV and scores it. False (and errorOccurred) if unreadable.
  bool openFile(const QString& path);
  // chr:pos and chr:start-end score every SNV there; chr:pos:ref:alt one variant.
  // False with the inline message for text it cannot parse or find.
  bool openLocus(const QString& text);
  // Writes all rows, or the visible ones in view order (format from the extension).
  bool exportTo(const QString& path, bool visibleOnly, QString* error = nullptr);

  // false: report errors by signal and status bar only (headless use, tests).
  void setInteractive(bool on) { interactive_ = on; }
  bool isBusy() const;
  void selectRow(int viewRow);

  // The detail views that File ▸ Export View writes (PNG or SVG by suffix).
  enum class View { Alignment, Logo, Mutagenesis, ScoreOverview };
  // Atomic: a failing export leaves any previous file at `path` intact.
  bool exportView(View view, const QString& path, QString* error = nullptr);

  QTabWidget* detailTabs() const { return details_; }  // the detail views go here
  DetailPanel* detailPanel() const { return detail_; }
  ScoreOverview* scoreOverview() const { return overview_; }
  QTableView* tableView() const { return table_; }
  VariantTableModel* tableModel() const { return model_; }
  VariantFilterProxy* proxyModel() const { return proxy_; }

 signals:
  void currentVariantChanged(const gpnmsa::ScoredVariant& variant);
  // The detail views' job for the current selection ended (logo complete
  // unless cancelled); the message is empty unless it failed.
  void detailsFinished(bool cancelled, const QString& error);
  void sessionReady();
  void scoreFileReady();
  // The published-score lookup of the current input ended.
  void publishedFinished(bool cancelled);
  void scoringFinished(bool cancelled);
  void errorOccurred(const QString& message);

 public slots:
  void cancelScoring();

 protected:
  void dragEnterEvent(QDragEnterEvent* e) override;
  void dropEvent(QDropEvent* e) override;

 private:
  void buildMenus();
  QWidget* buildFilterBar();
  void startScoring(gpnmsa::VariantTable table);
  void startPublished();
  void cancelPublished();
  void useScoreFile(ScoreFilePtr file);
  void whenSessionReady(std::function<void()> action);
  void report(const QString& message);
  void setLocusError(const QString& message);
  void addRecent(const QString& path);
  void applyFilters();
  void updateSummary();
  void emitCurrent();
  void showDetails(const gpnmsa::ScoredVariant& row);
  QString variantTitle(const gpnmsa::ScoredVariant& row) const;
  void refreshOverview();
  void exportViewDialog(View view);
  void openDialog();
  void exportDialog(bool visibleOnly);
  void settingsDialog();

  QString modelDir_, alignment_;
  SessionPtr session_;
  bool loading_ = false;
  std::vector<std::function<void()>> waiting_;  // run once the session is loaded
  gpnmsa::VariantTable input_;
  // The running job's stop flag, not the worker: it deletes itself in its own
  // thread when the job ends.
  std::shared_ptr<std::atomic<bool>> scoringStop_;
  bool scoringBusy_ = false;
  QPointer<QThread> thread_;
  std::vector<QPointer<QThread>> oldThreads_;  // superseded jobs, waited for on close
  quint64 job_ = 0;  // signals of older jobs are ignored
  bool interactive_ = true;

  QString scoreFilePath_;
  ScoreFilePtr scoreFile_;
  quint64 scoreFileRequest_ = 0;  // answers to older setScoreFile calls are ignored
  quint64 publishedJob_ = 0;
  bool publishedBusy_ = false;
  std::shared_ptr<std::atomic<bool>> publishedStop_;
  std::vector<QPointer<QThread>> publishedThreads_;  // waited for on close

  VariantTableModel* model_;
  VariantFilterProxy* proxy_;
  QTableView* table_;
  QTabWidget* details_;
  DetailPanel* detail_;
  ScoreOverview* overview_;
  QTimer* overviewTimer_;  // coalesces row updates into one histogram redraw
  QLineEdit* locus_;
  QLabel* locusError_;
  QLineEdit* minScore_;
  QLineEdit* maxScore_;
  QComboBox* status_;
  QLineEdit* text_;
  QProgressBar* progress_;
  QLabel* eta_;
  QPushButton* cancel_;
  QLabel* summary_;
  // Says, whenever the bundled demo is open, that its data are simulated.
  QLabel* demoNote_ = nullptr;
  QString demoAlignment_, demoDescription_;
  QMenu* recent_;
};

}  // namespace gpnmsa::ui
