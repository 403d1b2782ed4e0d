// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow's Edit and Help menus (issue 12) and the table's column widths.
#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QMenuBar>
#include <QScreen>
#include <QStatusBar>
#include <QTableView>
#include <algorithm>

#include "help_dialogs.h"
#include "main_window.h"
#include "table_copy.h"
#include "variant_table_model.h"

namespace gpnmsa::ui {

namespace {
// Widest a column gets from its contents (long conditions, details); the
// user can still widen it.
constexpr int kMaxFittedWidth = 320;
}  // namespace

void MainWindow::buildEditAndHelpMenus() {
  // Edit goes right after File, whatever menus buildMenus added after it.
  QMenu* edit = new QMenu(tr("&Edit"), this);
  const QList<QAction*> top = menuBar()->actions();
  menuBar()->insertMenu(top.size() > 1 ? top.at(1) : nullptr, edit);
  QAction* copy = edit->addAction(tr("&Copy Selected Rows"), this, [this] { copySelectedRows(); });
  copy->setObjectName("copyRows");
  copy->setShortcut(QKeySequence::Copy);
  copy->setToolTip(tr("Copy the selected rows (visible columns, with a header line) as tab-separated text"));
  // The table has focus when rows are copied; text fields keep their own Ctrl+C.
  copy->setShortcutContext(Qt::WindowShortcut);
  edit->addAction(tr("Select &All Rows"), QKeySequence::SelectAll, table_, &QTableView::selectAll);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Keyboard Shortcuts"), this, [this] { showKeyboardShortcuts(this); })
      ->setObjectName("keyboardShortcuts");
  help->addAction(tr("&About GPN-MSA Studio"), this, [this] { showAbout(this); })->setObjectName("about");
}

bool MainWindow::copySelectedRows() {
  const QString tsv = selectedRowsTsv(table_);
  if (tsv.isEmpty()) {
    statusBar()->showMessage(tr("Select rows to copy."), 5000);
    return false;
  }
  QGuiApplication::clipboard()->setText(tsv);
  statusBar()->showMessage(tr("Copied %n row(s) as tab-separated text.", nullptr, int(tsv.count('\n')) - 1), 5000);
  return true;
}

// After each scoring run: every shown column as wide as its header and its
// values (as the table samples them), at most kMaxFittedWidth; the last
// (stretched) column takes the rest.
void MainWindow::fitColumns() {
  QHeaderView* h = table_->horizontalHeader();
  const int last = h->logicalIndex(h->count() - 1);
  for (int c = 0; c < VariantTableModel::ColumnCount; ++c) {
    if (h->isSectionHidden(c) || c == last) continue;
    table_->resizeColumnToContents(c);
    table_->setColumnWidth(c, std::min(table_->columnWidth(c), kMaxFittedWidth));
  }
}

void MainWindow::fitToScreen() {
  // The offscreen platform (tests, headless --screenshot and --report) has a
  // nominal 800x600 screen, not a user's: there the window keeps its size.
  if (QGuiApplication::platformName() == QLatin1String("offscreen")) return;
  const QScreen* s = screen();
  if (!s) return;
  const QSize room = s->availableGeometry().size();
  if (room.isValid()) resize(size().boundedTo(room));
}

}  // namespace gpnmsa::ui
