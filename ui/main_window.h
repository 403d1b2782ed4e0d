// SPDX-License-Identifier: GPL-3.0-or-later
// The main window: variant table with filters, input (File ▸ Open, drag and
// drop, recent files, locus box), background scoring with progress and
// Cancel, export, data-source settings. The lower half is a tab area that
// the detail views (alignment, logo, mutagenesis) plug into.
#pragma once
#include <QMainWindow>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "background_job.h"
#include "clinvar_lookup.h"
#include "gpnmsa/engine_session.h"
#include "gpnmsa/gene_annotation.h"
#include "gpnmsa/locus.h"
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
class QTimer;

namespace gpnmsa::ui {

class ColumnChooser;
class DetailPanel;
class ElidedLabel;
class VariantInfoView;
class ScoreOverview;
class ScoringWorker;
struct ScoringJob;
class VariantFilterProxy;
class VariantTableModel;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Loads the model and alignment in the background; inputs opened before it
  // is ready wait for it. The newest choice wins: a load still running when
  // another is asked for, or when useSession() is called, is dropped.
  void setDataSources(const QString& modelDir, const QString& alignment);
  // Makes a loaded session the current one (File ▸ Data Sources hands over
  // the session it loaded): cancels any load still running, points the detail
  // views, the status bar and export provenance at it, and rescores the
  // current input with it.
  void useSession(gpnmsa::SessionPtr session);
  gpnmsa::SessionPtr session() const { return session_; }
  // A second model shown side by side (main_window_second.cpp): its own
  // alignment store(s), loaded in the background and checked like the first
  // pair; every variant is scored with both. An empty modelDir removes it.
  void setSecondDataSources(const QString& modelDir, const QStringList& alignments);
  void useSecondSession(gpnmsa::SessionPtr session);
  gpnmsa::SessionPtr secondSession() const { return session2_; }
  bool isLoadingSecondSession() const;
  bool isScoringSecond() const;
  QString secondModelDir() const { return modelDir2_; }
  QStringList secondAlignments() const { return alignments2_; }
  // Provenance of what the table shows, one line per model ("GPN-MSA model
  // DIR with ALIGNMENT: GPN-MSA, 128-bp window, not calibrated"), for the
  // status bar, About this result and reports.
  QStringList modelProvenance() const;
  bool isLoadingSession() const;
  // The variants opened (file or locus) with what the input says about them
  // (annotations, ClinVar matches), parallel to the table model's rows.
  const gpnmsa::VariantTable& input() const { return input_; }

  // A precomputed score file (bgzip + tabix, the published layout) for the
  // "Published" column; "" for none (the column is hidden). Opened in the
  // background; scoreFileReady or errorOccurred follows. Every input opened
  // (and the current one) is looked up in it at once, off the GUI thread.
  void setScoreFile(const QString& path);
  QString scoreFile() const { return scoreFilePath_; }
  bool hasScoreFile() const { return scoreFile_ != nullptr; }
  bool isLookingUp() const;

  // A ClinVar VCF (bgzip + tabix) for the ClinVar columns; "" for none (the
  // columns are hidden). Opened in the background; every input opened (and
  // the current one) is looked up in it off the GUI thread, filling
  // input().annotations.clinvarMatches; clinVarFinished follows each lookup,
  // errorOccurred a failure.
  void setClinVarFile(const QString& path);
  QString clinVarFile() const { return clinvarPath_; }
  bool hasClinVarFile() const { return clinvar_ != nullptr; }
  bool isLookingUpClinVar() const;
  // A gene annotation (GFF3 / GTF; plain, gzip or bgzip + tabix) for the
  // gene track, gene names in the locus box and the overlap gene /
  // consequence of variants the input left unannotated; "" for none. Opened
  // in the background; genesReady or errorOccurred follows. (Defined in
  // main_window_genes.cpp.)
  void setGeneAnnotation(const QString& path);
  QString geneAnnotationPath() const { return genesPath_; }
  std::shared_ptr<const gpnmsa::GeneAnnotation> geneAnnotation() const { return genes_; }
  bool isOpeningGenes() const;

  // Reads a VCF/VCF.gz/BCF/TSV/CSV and scores it. False (and errorOccurred) if unreadable.
  bool openFile(const QString& path);
  // chr:pos and chr:start-end score every SNV there; chr:pos:ref:alt one variant.
  // With a gene annotation, a gene name or id (case ignored) opens the gene's
  // span, its first kMaxLocusRegion bp when longer (the status bar says so).
  // False with the inline message for text it cannot parse or find.
  bool openLocus(const QString& text);
  // Writes all rows, or the visible ones in view order (format from the extension).
  // A VCF export of an input that already declares an INFO field the export
  // writes (scored before) fails, with *infoConflict set, unless replaceInfo.
  bool exportTo(const QString& path, bool visibleOnly, QString* error = nullptr, bool replaceInfo = false,
                bool* infoConflict = nullptr);

  // false: report errors by signal and status bar only (headless use, tests).
  void setInteractive(bool on) { interactive_ = on; }
  bool isBusy() const;
  void selectRow(int viewRow);

  // What-if rows (issue 12; main_window_whatif.cpp). Adds the SNV
  // chrom:pos REF>alt, REF from the alignment's human row, to the table as a
  // row marked as not from the loaded input (ID kWhatIfId, record numbers
  // after the input's), selects it and scores it through the same scorer
  // as the input's rows (whatIfFinished follows). The same allele already in
  // the table is selected instead. Returns the model row, or -1 (ALT equal to
  // REF, an N reference, no session: said in the status bar or reported).
  // DetailPanel::whatIfRequested (a mutagenesis-map click) calls it.
  int addWhatIf(const QString& chrom, qint64 pos, char alt);
  static constexpr const char* kWhatIfId = "what-if";
  bool isScoringWhatIf() const;
  // What the last successful exportTo() left out and why (what-if rows in a
  // VCF copy of an input VCF); empty when nothing.
  QString lastExportNote() const { return exportNote_; }
  // Edit ▸ Copy: the selected rows (visible columns, header line) as TSV on
  // the clipboard; false when no row is selected.
  bool copySelectedRows();

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
  // The table header's column menu (shown/hidden columns, remembered).
  ColumnChooser* columnChooser() const { return columns_; }
  VariantInfoView* variantInfo() const { return info_; }

 signals:
  void currentVariantChanged(const gpnmsa::ScoredVariant& variant);
  // The detail views' job for the current selection ended (logo complete
  // unless cancelled); the message is empty unless it failed.
  void detailsFinished(bool cancelled, const QString& error);
  void sessionReady();
  void scoreFileReady();
  void genesReady();
  // input().annotations changed after the input was opened (gene overlap
  // filled in or taken out when the gene annotation arrived or went).
  void inputAnnotationsChanged();
  // The published-score lookup of the current input ended.
  void publishedFinished(bool cancelled);
  // The ClinVar lookup of the current input ended (ok: the columns are filled).
  void clinVarFinished(bool ok);
  void scoringFinished(bool cancelled);
  void secondSessionReady();
  void secondScoringFinished(bool cancelled);
  // The what-if job ended (its rows scored unless cancelled).
  void whatIfFinished(bool cancelled);
  void errorOccurred(const QString& message);

 public slots:
  void cancelScoring();
  // Scores the rows still pending (after a Cancel), keeping the others.
  void scoreRemaining();

 public:
  // Rows not scored yet (status pending: cancelled or still running).
  int pendingCount() const;
  // What an export of all / the visible rows should warn about (pending rows
  // exported without a score); empty when nothing.
  QString exportWarning(bool visibleOnly) const;

 protected:
  void dragEnterEvent(QDragEnterEvent* e) override;
  void dropEvent(QDropEvent* e) override;

 private:
  void buildMenus();
  void buildEditAndHelpMenus();  // Edit after File, Help last (after any menu buildMenus adds)
  void scoreWhatIfs();
  // What-if rows still pending in the first (or the second) model's group,
  // with a job scoring their variants.
  std::shared_ptr<std::vector<int>> pendingWhatIfs(bool secondModel, ScoringJob* job) const;
  bool exportDropsWhatIfs(const QString& path) const;
  // Table columns as wide as their header and contents, within limits.
  void fitColumns();
  // No larger than the screen's available area (a 1024x700 laptop).
  void fitToScreen();
  // View ▸ tracks on/off (remembered), zoom, go to variant (main_window_view.cpp).
  void buildViewMenu();
  QWidget* buildFilterBar();
  void startScoring(gpnmsa::VariantTable table);
  // Scores the rows `subset` of input_ (all when empty) with session_, or
  // once it is loaded.
  void runScoring(std::vector<int> subset = {});
  void scoringEnded();
  void runSecondScoring();
  void scoreSecondWhatIfs();
  void updateModelHeadings();
  void startPublished();
  void cancelPublished();
  void useScoreFile(ScoreFilePtr file);
  void useClinVarFile(ClinVarFilePtr file);
  void startClinVar();
  // The Variant tab shows the current row (after selection, scores, lookups).
  void updateInfo();
  // Gene annotation (main_window_genes.cpp): make `genes` current, refill
  // the overlap of input_; fill a table about to be shown; a typed gene.
  void useGenes(std::shared_ptr<const gpnmsa::GeneAnnotation> genes);
  void applyGenes(gpnmsa::VariantTable* table);
  std::optional<gpnmsa::Locus> geneLocus(const QString& text, QString* note, QString* error) const;
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

  // The paths of session_ (not of a load still running): what the status bar
  // and export provenance name.
  QString modelDir_, alignment_;
  gpnmsa::SessionPtr session_;
  QString modelDir2_;
  QStringList alignments2_;
  gpnmsa::SessionPtr session2_;
  JobSlot* session2Load_ = new JobSlot(this);  // the second model + its store(s)
  JobSlot* scoring2_ = new JobSlot(this);      // scoring of input_ with the second model
  JobSlot* whatIf2_ = new JobSlot(this);       // what-if rows with the second model
  std::vector<std::function<void()>> waiting_;  // run once the session is loaded
  bool scoringWanted_ = false;  // input_ waits for the session to be scored
  gpnmsa::VariantTable input_;
  QString inputName_;  // the file input_ came from; empty for a typed locus
  bool interactive_ = true;

  QString scoreFilePath_;
  ScoreFilePtr scoreFile_;
  QString clinvarPath_;
  ClinVarFilePtr clinvar_;
  QString genesPath_;
  std::shared_ptr<const gpnmsa::GeneAnnotation> genes_;
  JobSlot* genesOpen_ = new JobSlot(this);  // opening the gene annotation

  VariantTableModel* model_;
  VariantFilterProxy* proxy_;
  QTableView* table_;
  ColumnChooser* columns_ = nullptr;
  VariantInfoView* info_ = nullptr;
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
  QPushButton* scoreRemaining_;  // shown after a Cancel while rows are pending
  QLabel* summary_;
  // Background work, one slot per kind (the newest request wins; all waited
  // for when the window closes).
  JobSlot* sessionLoad_;    // model + alignment
  JobSlot* scoreFileOpen_;  // the precomputed score file and its index
  JobSlot* scoring_;        // scoring of input_
  JobSlot* published_;      // published-score lookups of input_
  JobSlot* clinvarOpen_;    // the ClinVar file and its index
  JobSlot* clinvarJobs_;    // ClinVar lookups of input_
  JobSlot* whatIfScoring_ = new JobSlot(this);  // scoring of what-if rows
  QString exportNote_;
  // Says, whenever the bundled demo is open, that its data are simulated.
  QLabel* demoNote_ = nullptr;
  QString demoAlignment_, demoDescription_;
  QMenu* recent_;
};

}  // namespace gpnmsa::ui
