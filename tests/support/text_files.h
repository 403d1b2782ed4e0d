// SPDX-License-Identifier: GPL-3.0-or-later
// Small input files that tests write for themselves.
#pragma once
#include <QByteArray>
#include <QFile>
#include <QString>

namespace testsupport {

// Writes `text` to `path` (replacing it); false if it cannot.
inline bool writeTextFile(const QString& path, const QByteArray& text) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}

}  // namespace testsupport
