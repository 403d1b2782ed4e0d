// SPDX-License-Identifier: GPL-3.0-or-later
// File ▸ Export Figure…: the region (prefilled with the one the window
// shows: a typed region whole, else the detail views' window), the file
// (format by its suffix: .svg, .pdf, .png), the DPI (default 300) and which
// alignment rows (all, first N, closest N); the choices are remembered. The
// figure is then made in the background with progress and Cancel.
#pragma once
#include <QDialog>

#include "figure_data.h"

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace gpnmsa::ui {

class MainWindow;

// The region the window shows, as locus text ("22:16,699,900-16,700,300");
// "" when nothing is shown.
QString currentFigureLocus(const MainWindow& window);
// What the figure of `region` in `window` is computed with: its gene
// annotation, the detail panel's logits mode, and the logits the detail
// views already hold in that mode (reused, not computed again).
FigureRequest figureRequestFor(const MainWindow& window, const FigureRegion& region, const FigureRows& rows);

class FigureDialog : public QDialog {
  Q_OBJECT
 public:
  explicit FigureDialog(MainWindow* window);

  QString locusText() const;
  QString titleText() const;  // "" = the locus line
  QString path() const;
  int dpi() const;
  FigureRows rows() const;
  // The fields' values saved in QSettings for the next time.
  void remember() const;

  QLineEdit* locusEdit() const { return locus_; }
  QLineEdit* titleEdit() const { return title_; }
  QLineEdit* pathEdit() const { return path_; }
  QSpinBox* dpiBox() const { return dpi_; }
  QComboBox* rowsKindBox() const { return rowsKind_; }
  QSpinBox* rowsCountBox() const { return rowsCount_; }

 private:
  QLineEdit* locus_;
  QLineEdit* title_;
  QLineEdit* path_;
  QSpinBox* dpi_;
  QComboBox* rowsKind_;
  QSpinBox* rowsCount_;
};

// Runs the dialog, then the export with a progress dialog.
void openFigureDialog(MainWindow* window);

}  // namespace gpnmsa::ui
