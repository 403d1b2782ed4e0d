// SPDX-License-Identifier: GPL-3.0-or-later
// File ▸ Report…: asks where to write the report of the selected rows and on
// which paper (A4 / Letter; the last choice is remembered, the locale's paper
// the first time), then makes it with a progress dialog that can cancel.
#pragma once

namespace gpnmsa::ui {

class MainWindow;

void openReportDialog(MainWindow* window);

}  // namespace gpnmsa::ui
