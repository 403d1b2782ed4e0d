// SPDX-License-Identifier: GPL-3.0-or-later
// Loading a model + alignment pair (core's EngineSession) for the desktop
// app: the core's typed errors worded for its users. Run it in a JobSlot.
// Also how the app names a loaded session: its kind and folder (table
// headers, the logo switch) and what its scores depend on (provenance).
#pragma once
#include <QString>
#include <QStringList>

#include "gpnmsa/engine_session.h"

namespace gpnmsa::ui {

struct SessionLoad {
  gpnmsa::SessionPtr session;  // null on failure
  QString error;               // says which file and why; empty on success
};

// Never throws.
SessionLoad loadSession(const QString& modelDir, const QString& alignment);
// Several stores joined by columns (GPN-Star M447: 243 + 204), as the CLI's
// repeated --msa; the first is the primary store.
SessionLoad loadSession(const QString& modelDir, const QStringList& alignments);

// "GPN-Star (demo-gpnstar)": the kind and the model folder's name.
QString sessionLabel(const gpnmsa::EngineSession& session);
// "GPN-Star" / "GPN-MSA".
QString sessionKind(const gpnmsa::EngineSession& session);
bool isGpnStar(const gpnmsa::EngineSession& session);
// The window the app scores with (the model's default, defaultWindowLength).
int sessionWindow(const gpnmsa::EngineSession& session);
// "kind=GPN-Star window=128 calibration=<dir>/calibration_table" (or
// calibration=none): written after model=<dir> in exports' provenance.
QString sessionInfo(const gpnmsa::EngineSession& session);
// The same for people: "GPN-Star, 128-bp window, calibration table <dir>"
// ("no calibration table"; GPN-MSA: "not calibrated").
QString sessionSummary(const gpnmsa::EngineSession& session);

}  // namespace gpnmsa::ui
