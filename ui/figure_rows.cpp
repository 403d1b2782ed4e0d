// SPDX-License-Identifier: GPL-3.0-or-later
#include "figure_rows.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QTextStream>
#include <algorithm>
#include <numeric>

#include "species_names.h"

namespace gpnmsa::ui {

std::optional<FigureRows> FigureRows::parse(const QString& text, QString* error) {
  const QString t = text.trimmed().toLower();
  FigureRows r;
  if (t == QLatin1String("all")) {
    r.kind = Kind::All;
    return r;
  }
  QString number = t;
  if (t.startsWith(QLatin1String("closest:"))) {
    number = t.mid(8);
  } else if (t.startsWith(QLatin1String("first:"))) {
    r.kind = Kind::First;
    number = t.mid(6);
  }
  bool ok = false;
  const int n = number.toInt(&ok);
  if (!ok || n < 0) {
    if (error)
      *error = QObject::tr("rows must be 'all', N (the N species closest to human), 'closest:N' or 'first:N', not '%1'")
                   .arg(text);
    return std::nullopt;
  }
  r.count = n;
  return r;
}

QString FigureRows::toString() const {
  switch (kind) {
    case Kind::All: return QStringLiteral("all");
    case Kind::First: return QStringLiteral("first:%1").arg(count);
    case Kind::Closest: break;
  }
  return QStringLiteral("closest:%1").arg(count);
}

QString FigureRows::describe(int speciesCount) const {
  const int n = kind == Kind::All ? speciesCount : std::min(count, speciesCount);
  if (n == 0) return QObject::tr("human row only");
  if (kind == Kind::All || n == speciesCount) return QObject::tr("human + all %1 species").arg(speciesCount);
  if (kind == Kind::First) return QObject::tr("human + first %1 of %2 species").arg(n).arg(speciesCount);
  return QObject::tr("human + %1 closest of %2 species").arg(n).arg(speciesCount);
}

QString speciesDistanceFile() {
  const QString names = speciesTableFile();
  if (names.isEmpty()) return {};
  const QString candidate = QFileInfo(names).dir().absoluteFilePath(QStringLiteral("multiz100way-89-distances.tsv"));
  return QFileInfo::exists(candidate) ? candidate : QString();
}

std::vector<double> loadSpeciesDistances(int speciesCount, const QString& tsvPath) {
  QFile file(tsvPath.isEmpty() ? speciesDistanceFile() : tsvPath);
  if (file.fileName().isEmpty() || !file.open(QIODevice::ReadOnly | QIODevice::Text)) return {};
  std::vector<double> out;
  QTextStream in(&file);
  bool headerSeen = false;
  while (!in.atEnd()) {
    const QString line = in.readLine();
    if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
    if (!headerSeen) {  // "assembly<TAB>dist_from_hg38_subst_per_site"
      headerSeen = true;
      continue;
    }
    const QStringList fields = line.split(QLatin1Char('\t'));
    bool ok = false;
    const double d = fields.size() >= 2 ? fields[1].toDouble(&ok) : 0;
    if (!ok) return {};  // a damaged table orders nothing
    out.push_back(d);
  }
  if (int(out.size()) != speciesCount) return {};
  return out;
}

std::vector<int> speciesClosestFirst(int speciesCount, const QString& tsvPath) {
  std::vector<int> order(size_t(std::max(0, speciesCount)));
  std::iota(order.begin(), order.end(), 1);
  const std::vector<double> d = loadSpeciesDistances(speciesCount, tsvPath);
  if (d.empty()) return order;
  // Stable: equal distances keep store order.
  std::stable_sort(order.begin(), order.end(), [&d](int a, int b) { return d[size_t(a - 1)] < d[size_t(b - 1)]; });
  return order;
}

std::vector<int> figureRowIndices(const FigureRows& rows, int speciesCount, const QString& tsvPath) {
  std::vector<int> out{0};
  const int n = rows.kind == FigureRows::Kind::All ? speciesCount : std::clamp(rows.count, 0, speciesCount);
  if (rows.kind == FigureRows::Kind::Closest) {
    const auto order = speciesClosestFirst(speciesCount, tsvPath);
    out.insert(out.end(), order.begin(), order.begin() + n);
  } else {
    for (int i = 1; i <= n; ++i) out.push_back(i);
  }
  return out;
}

}  // namespace gpnmsa::ui
