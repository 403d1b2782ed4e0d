// SPDX-License-Identifier: GPL-3.0-or-later
#include "species_names.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include "gpnmsa/resources.h"

namespace gpnmsa::ui {

namespace {
constexpr int kReleasedSpecies = 89;
const char* kTableName = "species/multiz100way-89-species.tsv";
}  // namespace

QString speciesTableFile() {
  // The bundle root is .../resources/demo or .../share/gpnmsa/demo; the
  // species table ships beside it, so every layout the bundle supports works.
  const DefaultBundle bundle = defaultBundle();
  if (!bundle.root.empty()) {
    const QString candidate =
        QDir(QString::fromStdString(bundle.root)).absoluteFilePath(QStringLiteral("../") + kTableName);
    if (QFileInfo::exists(candidate)) return QDir::cleanPath(candidate);
  }
  return {};
}

QStringList loadSpeciesNames(const QString& tsvPath) {
  QFile file(tsvPath);
  if (tsvPath.isEmpty() || !file.open(QIODevice::ReadOnly | QIODevice::Text)) return {};
  QStringList names;
  QTextStream in(&file);
  bool headerSeen = false;
  while (!in.atEnd()) {
    const QString line = in.readLine();
    if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
    if (!headerSeen) {  // "assembly<TAB>common_name"
      headerSeen = true;
      continue;
    }
    const QStringList fields = line.split(QLatin1Char('\t'));
    const QString name = fields.size() >= 2 && !fields[1].isEmpty() ? fields[1] : fields[0];
    names << QString(name).replace(QLatin1Char('_'), QLatin1Char(' '));
  }
  return names;
}

QStringList alignmentRowLabels(int speciesCount, const QString& tsvPath) {
  QStringList labels{QStringLiteral("Human")};
  if (speciesCount == kReleasedSpecies) {
    const QStringList names = loadSpeciesNames(tsvPath.isEmpty() ? speciesTableFile() : tsvPath);
    if (names.size() == kReleasedSpecies) return labels + names;
  }
  // A test or custom store: its columns are not the released species.
  for (int i = 1; i <= speciesCount; ++i) labels << QStringLiteral("species %1").arg(i);
  return labels;
}

}  // namespace gpnmsa::ui
