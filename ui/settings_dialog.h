// SPDX-License-Identifier: GPL-3.0-or-later
// Data sources: model directory and alignment store. OK loads them (so a
// wrong, unreadable or mismatched pair is reported here, with the reason)
// and hands the loaded session back.
#pragma once
#include <QDialog>

#include "engine_session.h"

class QLabel;
class QLineEdit;

namespace gpnmsa::ui {

class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  SettingsDialog(const QString& modelDir, const QString& alignment, QWidget* parent = nullptr);
  QString modelDir() const;
  QString alignment() const;
  // The session loaded when OK was accepted.
  SessionPtr session() const { return session_; }

  void accept() override;

 private:
  QLineEdit* model_;
  QLineEdit* alignment_;
  QLabel* error_;
  SessionPtr session_;
};

}  // namespace gpnmsa::ui
