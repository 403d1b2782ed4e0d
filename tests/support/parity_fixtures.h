// SPDX-License-Identifier: GPL-3.0-or-later
// Reading the parity fixtures (tests/data/parity, see tests/data/PROVENANCE.md)
// for the parity tests (with Qt's JSON, independently of the core library's readers).
#pragma once
#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTextStream>
#include <cmath>
#include <cstdint>
#include <vector>

namespace testsupport {

// The fixtures copied into the repository.
inline QString parityDir() { return QStringLiteral(GPNMSA_TEST_DATA "/parity"); }

// A fixture by its path under parity/: the repository's copy, or else one the
// build derives from it (tests/data/derive_parity_fixtures.py writes
// species89-fp16/ and species89/pytorch_model.bin into the build tree). Fatal
// when in neither.
inline QString parityPath(const QString& rel) {
  const QString repo = parityDir() + QLatin1Char('/') + rel;
  if (QFileInfo::exists(repo)) return repo;
  const QString derived = QStringLiteral(GPNMSA_TEST_DATA_DERIVED "/parity/") + rel;
  if (QFileInfo::exists(derived)) return derived;
  qFatal("parity fixture %s is neither in %s nor in %s (the build makes the derived ones: "
         "build the target gpnmsa_test_data)",
         qPrintable(rel), qPrintable(parityDir()), GPNMSA_TEST_DATA_DERIVED "/parity");
  return {};
}

inline QJsonObject readJson(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(path));
  return QJsonDocument::fromJson(f.readAll()).object();
}

// Flattens a nested JSON array of numbers in row-major order.
template <typename T>
void flatten(const QJsonValue& v, std::vector<T>* out) {
  if (v.isArray()) {
    for (const auto& x : v.toArray()) flatten(x, out);
  } else {
    out->push_back(static_cast<T>(v.toDouble()));
  }
}

template <typename T>
std::vector<T> flat(const QJsonValue& v) {
  std::vector<T> out;
  flatten(v, &out);
  return out;
}

// The fixtures' tolerance: 1e-4 absolute, or relative for magnitudes above 1.
inline bool withinTolerance(double got, double want, double tol = 1e-4) {
  return std::fabs(got - want) <= tol * std::max(1.0, std::fabs(want));
}

// Largest violation of the tolerance, as a multiple of it (<= 1 passes).
inline double worstRatio(const std::vector<float>& got, const std::vector<float>& want,
                         double tol = 1e-4) {
  double worst = 0;
  for (size_t i = 0; i < want.size() && i < got.size(); ++i) {
    const double r = std::fabs(double(got[i]) - want[i]) / (tol * std::max(1.0, std::fabs(double(want[i]))));
    if (!(r <= worst)) worst = std::isnan(r) ? INFINITY : r;
  }
  return worst;
}

struct TsvTable {
  QStringList header;
  std::vector<QStringList> rows;
  int column(const QString& name) const { return header.indexOf(name); }
};

inline TsvTable readTsv(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) qFatal("cannot open %s", qPrintable(path));
  TsvTable t;
  QTextStream in(&f);
  while (!in.atEnd()) {
    const QString line = in.readLine();
    if (line.isEmpty() || line.startsWith('#')) continue;
    if (t.header.isEmpty()) t.header = line.split('\t');
    else t.rows.push_back(line.split('\t'));
  }
  return t;
}

}  // namespace testsupport
