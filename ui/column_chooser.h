// SPDX-License-Identifier: GPL-3.0-or-later
// Which columns of a table view are shown: a context menu on the horizontal
// header with one checkable action per column. A column the user has shown or
// hidden there stays so (QSettings, "<group>/<column key>"); any other column
// is shown exactly when it has data for the current input (hasData), so
// annotation, ClinVar or percentile columns appear only where they say
// something unless the user decided otherwise.
#pragma once
#include <QObject>
#include <QString>
#include <functional>
#include <vector>

class QAction;
class QMenu;
class QTableView;

namespace gpnmsa::ui {

class ColumnChooser : public QObject {
  Q_OBJECT
 public:
  // `key`: a stable settings name per logical column; `hasData`: the default
  // visibility of a column the user made no choice for.
  ColumnChooser(QTableView* view, const QString& settingsGroup, std::function<QString(int)> key,
                std::function<bool(int)> hasData, QObject* parent = nullptr);

  // Re-applies every column's visibility (after the input, the annotations,
  // the distribution or the score file changed).
  void refresh();
  // The user's choice, as the menu's action makes it: remembered, applied.
  void setColumnShown(int column, bool shown);
  // Forgets every remembered choice (defaults apply again).
  void resetChoices();
  bool hasChoice(int column) const;

  // The header's menu (its actions' data() is the column), for tests.
  QMenu* menu() const { return menu_; }
  QAction* action(int column) const;

 private:
  QString settingsKey(int column) const;
  void syncChecks();

  QTableView* view_;
  QString group_;
  std::function<QString(int)> key_;
  std::function<bool(int)> hasData_;
  QMenu* menu_;
  std::vector<QAction*> actions_;
};

}  // namespace gpnmsa::ui
