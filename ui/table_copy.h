// SPDX-License-Identifier: GPL-3.0-or-later
// Edit ▸ Copy of the variant table: the selected rows as TSV, as a
// spreadsheet pastes them.
#pragma once
#include <QString>

class QTableView;

namespace gpnmsa::ui {

// The selected rows of `view`, in view order, as tab-separated text: a header
// line of the visible columns (in their on-screen order), then one line per
// row. Cells are the text the table shows, except that positions are written
// without digit grouping and a pending score ("…") is empty; tabs and line
// breaks inside a cell become spaces. Empty when nothing is selected.
QString selectedRowsTsv(const QTableView* view);

}  // namespace gpnmsa::ui
