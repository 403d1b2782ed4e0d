// SPDX-License-Identifier: GPL-3.0-or-later
// Help ▸ About and Help ▸ Keyboard Shortcuts. Both texts are built from what
// the program is (versions compiled in or loaded, the window's own actions),
// so they cannot go stale when a library or a shortcut changes.
#pragma once
#include <QString>
#include <vector>

class QWidget;

namespace gpnmsa::ui {

// HTML: program version and source commit, Qt (run time), libtorch, htslib
// and QCustomPlot versions, the licences of the program and of each library.
QString aboutText();

struct ShortcutEntry {
  QString action;    // menu path and text without '&': "Edit ▸ Copy"
  QString shortcut;  // native text: "Ctrl+C"; several joined by ", "
};
// Every action of `window` (menus and widgets) that has a shortcut, in menu
// order then the rest, from the actions themselves.
std::vector<ShortcutEntry> keyboardShortcuts(const QWidget* window);

void showAbout(QWidget* parent);
void showKeyboardShortcuts(QWidget* parent);

}  // namespace gpnmsa::ui
