// SPDX-License-Identifier: GPL-3.0-or-later
#include "session_loading.h"

#include <QObject>
#include <exception>

#include "gpnmsa/error.h"

namespace gpnmsa::ui {

SessionLoad loadSession(const QString& modelDir, const QString& alignment) {
  SessionLoad out;
  gpnmsa::SessionOptions o;
  o.modelDir = modelDir.toStdString();
  o.alignment = alignment.toStdString();
  try {
    out.session = gpnmsa::EngineSession::open(o);
  } catch (const gpnmsa::SessionError& e) {
    const QString why = QString::fromStdString(e.what());
    switch (e.part()) {
      case gpnmsa::SessionError::Part::Model:
        out.error = QObject::tr("Cannot use the model %1: %2").arg(modelDir, why);
        break;
      case gpnmsa::SessionError::Part::Alignment:
        out.error = QObject::tr("Cannot use the alignment %1: %2").arg(alignment, why);
        break;
      case gpnmsa::SessionError::Part::Pair:
        out.error = QObject::tr("The model %1 and the alignment %2 do not fit together: %3")
                        .arg(modelDir, alignment, why);
        break;
    }
  } catch (const std::exception& e) {
    out.error = QObject::tr("Cannot load %1 with %2: %3").arg(modelDir, alignment, QString::fromStdString(e.what()));
  }
  return out;
}

}  // namespace gpnmsa::ui
