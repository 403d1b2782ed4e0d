// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine_session.h"

#include <QThread>
#include <exception>

#include "gpnmsa/scorer.h"

namespace gpnmsa::ui {

SessionPtr EngineSession::load(const QString& modelDir, const QString& alignmentPath,
                               QString* error) {
  auto s = std::make_shared<EngineSession>();
  s->modelDir = modelDir;
  s->alignmentPath = alignmentPath;
  QString stage;
  try {
    stage = QObject::tr("model %1").arg(modelDir);
    if (modelDir.isEmpty()) throw std::runtime_error("no model directory chosen");
    s->model = gpnmsa::GpnMsaModel::load(modelDir.toStdString());
    stage = QObject::tr("alignment %1").arg(alignmentPath);
    if (alignmentPath.isEmpty()) throw std::runtime_error("no alignment store chosen");
    s->store = gpnmsa::AlignmentStore::open(alignmentPath.toStdString());
    // The Scorer checks that the store has as many species as the model expects;
    // doing it here reports a mismatched pair when it is chosen, not at first use.
    stage = QObject::tr("model and alignment");
    gpnmsa::Scorer check(*s->model, *s->store);
  } catch (const std::exception& e) {
    if (error) *error = QObject::tr("Cannot use %1: %2").arg(stage, QString::fromStdString(e.what()));
    return nullptr;
  }
  return s;
}

void loadSessionAsync(QObject* context, const QString& modelDir, const QString& alignmentPath,
                      std::function<void(SessionPtr, const QString&)> done) {
  auto result = std::make_shared<std::pair<SessionPtr, QString>>();
  QThread* thread = QThread::create([=] {
    result->first = EngineSession::load(modelDir, alignmentPath, &result->second);
  });
  QObject::connect(thread, &QThread::finished, context, [=] { done(result->first, result->second); });
  QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
  thread->start();
}

}  // namespace gpnmsa::ui
