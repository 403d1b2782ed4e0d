// SPDX-License-Identifier: GPL-3.0-or-later
#include "table_copy.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QStringList>
#include <QTableView>
#include <algorithm>
#include <vector>

#include "variant_table_model.h"

namespace gpnmsa::ui {

namespace {
QString cell(QString text) {
  for (QChar& c : text)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return text;
}
}  // namespace

QString selectedRowsTsv(const QTableView* view) {
  const QAbstractItemModel* model = view->model();
  if (!model || !view->selectionModel()) return {};
  std::vector<int> rows;
  for (const QModelIndex& i : view->selectionModel()->selectedRows()) rows.push_back(i.row());
  if (rows.empty()) return {};
  std::sort(rows.begin(), rows.end());
  const QHeaderView* header = view->horizontalHeader();
  std::vector<int> columns;  // logical indices in on-screen order
  for (int visual = 0; visual < header->count(); ++visual) {
    const int logical = header->logicalIndex(visual);
    if (!header->isSectionHidden(logical)) columns.push_back(logical);
  }
  QStringList lines;
  QStringList fields;
  for (int c : columns) fields << cell(model->headerData(c, Qt::Horizontal).toString());
  lines << fields.join('\t');
  for (int r : rows) {
    fields.clear();
    for (int c : columns) {
      const QModelIndex index = model->index(r, c);
      QString text;
      if (c == VariantTableModel::Pos) text = index.data(VariantTableModel::RawRole).toString();
      else text = index.data(Qt::DisplayRole).toString();
      if (text == QStringLiteral("…")) text.clear();  // not computed (yet)
      fields << cell(text);
    }
    lines << fields.join('\t');
  }
  return lines.join('\n') + '\n';
}

}  // namespace gpnmsa::ui
