// SPDX-License-Identifier: GPL-3.0-or-later
// The loaded model and alignment store, shared by every job of a session.
// Loading takes seconds for the released model, so it runs off the GUI thread.
#pragma once
#include <QObject>
#include <QString>
#include <functional>
#include <memory>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/model.h"

namespace gpnmsa::ui {

struct EngineSession {
  QString modelDir;
  QString alignmentPath;
  std::unique_ptr<gpnmsa::GpnMsaModel> model;
  std::unique_ptr<gpnmsa::AlignmentStore> store;

  // Loads both and checks they fit together (species count). Returns nullptr
  // and a message naming the file and the problem on failure; never throws.
  static std::shared_ptr<const EngineSession> load(const QString& modelDir,
                                                   const QString& alignmentPath,
                                                   QString* error);
};

using SessionPtr = std::shared_ptr<const EngineSession>;

// Loads in a background thread; `done` runs in `context`'s thread with either
// a session or an error message. Nothing runs if `context` is destroyed first.
void loadSessionAsync(QObject* context, const QString& modelDir, const QString& alignmentPath,
                      std::function<void(SessionPtr, const QString& error)> done);

}  // namespace gpnmsa::ui
