// SPDX-License-Identifier: GPL-3.0-or-later
#include "column_chooser.h"

#include <QAction>
#include <QHeaderView>
#include <QMenu>
#include <QSettings>
#include <QTableView>

namespace gpnmsa::ui {

ColumnChooser::ColumnChooser(QTableView* view, const QString& settingsGroup, std::function<QString(int)> key,
                             std::function<bool(int)> hasData, QObject* parent)
    : QObject(parent), view_(view), group_(settingsGroup), key_(std::move(key)), hasData_(std::move(hasData)),
      menu_(new QMenu(view)) {
  menu_->setObjectName("columnMenu");
  auto* model = view_->model();
  for (int c = 0; c < model->columnCount(); ++c) {
    QAction* a = menu_->addAction(model->headerData(c, Qt::Horizontal).toString().replace('\n', ' '));
    a->setCheckable(true);
    a->setData(c);
    // triggered, not toggled: only the user's click is a choice.
    connect(a, &QAction::triggered, this, [this, c](bool checked) { setColumnShown(c, checked); });
    actions_.push_back(a);
  }
  menu_->addSeparator();
  menu_->addAction(tr("Default columns"), this, &ColumnChooser::resetChoices)
      ->setToolTip(tr("Show the columns that have data for this input; forget the choices made here"));
  QHeaderView* header = view_->horizontalHeader();
  header->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(header, &QWidget::customContextMenuRequested, this, [this, header](const QPoint& pos) {
    syncChecks();
    menu_->popup(header->mapToGlobal(pos));
  });
  refresh();
}

QString ColumnChooser::settingsKey(int column) const { return group_ + "/" + key_(column); }

bool ColumnChooser::hasChoice(int column) const { return QSettings().contains(settingsKey(column)); }

QAction* ColumnChooser::action(int column) const {
  return column >= 0 && column < int(actions_.size()) ? actions_[size_t(column)] : nullptr;
}

void ColumnChooser::refresh() {
  const QSettings settings;
  for (int c = 0; c < int(actions_.size()); ++c) {
    // Headers may change (two models: "GPN-Star\nscore"); one line in the menu.
    actions_[size_t(c)]->setText(view_->model()->headerData(c, Qt::Horizontal).toString().replace('\n', ' '));
    const QVariant choice = settings.value(settingsKey(c));
    view_->setColumnHidden(c, !(choice.isValid() ? choice.toBool() : hasData_(c)));
  }
  syncChecks();
}

void ColumnChooser::setColumnShown(int column, bool shown) {
  if (!action(column)) return;
  QSettings().setValue(settingsKey(column), shown);
  view_->setColumnHidden(column, !shown);
  syncChecks();
}

void ColumnChooser::resetChoices() {
  QSettings settings;
  for (int c = 0; c < int(actions_.size()); ++c) settings.remove(settingsKey(c));
  refresh();
}

void ColumnChooser::syncChecks() {
  for (int c = 0; c < int(actions_.size()); ++c) actions_[size_t(c)]->setChecked(!view_->isColumnHidden(c));
}

}  // namespace gpnmsa::ui
