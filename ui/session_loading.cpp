// SPDX-License-Identifier: GPL-3.0-or-later
#include "session_loading.h"

#include <QDir>
#include <QFileInfo>
#include <QObject>
#include <exception>

#include "gpnmsa/calibration.h"
#include "gpnmsa/error.h"

namespace gpnmsa::ui {

SessionLoad loadSession(const QString& modelDir, const QString& alignment) {
  return loadSession(modelDir, QStringList{alignment});
}

SessionLoad loadSession(const QString& modelDir, const QStringList& alignments) {
  SessionLoad out;
  gpnmsa::SessionOptions o;
  o.modelDir = modelDir.toStdString();
  o.alignment = alignments.value(0).toStdString();
  for (int i = 1; i < alignments.size(); ++i) o.moreAlignments.push_back(alignments[i].toStdString());
  const QString alignment = alignments.join(QStringLiteral(" + "));
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

bool isGpnStar(const gpnmsa::EngineSession& session) {
  return session.model && session.model->kind() == gpnmsa::ModelKind::GpnStar;
}

QString sessionKind(const gpnmsa::EngineSession& session) {
  return session.model ? QString::fromLatin1(gpnmsa::modelKindName(session.model->kind())) : QString();
}

QString sessionLabel(const gpnmsa::EngineSession& session) {
  const QString name = QFileInfo(QDir::cleanPath(QString::fromStdString(session.modelDir))).fileName();
  return name.isEmpty() ? sessionKind(session) : QStringLiteral("%1 (%2)").arg(sessionKind(session), name);
}

int sessionWindow(const gpnmsa::EngineSession& session) {
  return session.model ? gpnmsa::defaultWindowLength(*session.model) : 0;
}

namespace {
QString calibrationFolder(const gpnmsa::EngineSession& session) {
  if (!session.calibration) return {};
  const std::string& file =
      session.calibration->hasLlr() ? session.calibration->llrPath() : session.calibration->entropyPath();
  return QFileInfo(QString::fromStdString(file)).absolutePath();
}
}  // namespace

QString sessionInfo(const gpnmsa::EngineSession& session) {
  const QString calibration = calibrationFolder(session);
  return QStringLiteral("kind=%1 window=%2 calibration=%3")
      .arg(sessionKind(session))
      .arg(sessionWindow(session))
      .arg(calibration.isEmpty() ? QStringLiteral("none") : calibration);
}

QString sessionSummary(const gpnmsa::EngineSession& session) {
  const QString calibration = calibrationFolder(session);
  QString cal;
  if (!calibration.isEmpty()) cal = QObject::tr("calibration table %1").arg(calibration);
  else if (isGpnStar(session)) cal = QObject::tr("no calibration table");
  else cal = QObject::tr("not calibrated");
  return QObject::tr("%1, %2-bp window, %3").arg(sessionKind(session)).arg(sessionWindow(session)).arg(cal);
}

}  // namespace gpnmsa::ui
