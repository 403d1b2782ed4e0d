// SPDX-License-Identifier: GPL-3.0-or-later
// Data sources: model directory and alignment store. OK loads them (so a
// wrong, unreadable or mismatched pair is reported here, with the reason)
// and hands the loaded session back.
#pragma once
#include <QDialog>

#include "engine_session.h"
#include "published_scores.h"

class QLabel;
class QLineEdit;

namespace gpnmsa::ui {

class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  SettingsDialog(const QString& modelDir, const QString& alignment, const QString& scoreFile = {},
                 QWidget* parent = nullptr);
  QString modelDir() const;
  QString alignment() const;
  // Optional precomputed score file (bgzip + tabix); "" for none.
  QString scoreFilePath() const;
  // The score file opened when OK was accepted (nullptr when none was given).
  ScoreFilePtr scoreFile() const { return scoreFile_; }
  // The session loaded when OK was accepted.
  SessionPtr session() const { return session_; }

  void accept() override;

 private:
  QLineEdit* model_;
  QLineEdit* alignment_;
  QLineEdit* scores_;
  QLabel* error_;
  SessionPtr session_;
  ScoreFilePtr scoreFile_;
};

}  // namespace gpnmsa::ui
