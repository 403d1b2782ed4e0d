// SPDX-License-Identifier: GPL-3.0-or-later
// Loading a model + alignment pair (core's EngineSession) for the desktop
// app: the core's typed errors worded for its users. Run it in a JobSlot.
#pragma once
#include <QString>

#include "gpnmsa/engine_session.h"

namespace gpnmsa::ui {

struct SessionLoad {
  gpnmsa::SessionPtr session;  // null on failure
  QString error;               // says which file and why; empty on success
};

// Never throws.
SessionLoad loadSession(const QString& modelDir, const QString& alignment);

}  // namespace gpnmsa::ui
