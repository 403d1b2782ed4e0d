// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers for tests of the core library: a core error's message, a whole store.
#pragma once
#include <QString>
#include <QtTest>
#include <initializer_list>
#include <string>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"

namespace testsupport {

// The message of the gpnmsa::Error that `f` throws.
template <typename F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const gpnmsa::Error& e) {
    return e.what();
  }
  return "(no gpnmsa::Error thrown)";
}

// Copies the file `from` to `to` with every `before` replaced by `after`
// (an input edited for one case); false if either file fails.
inline bool copyReplacing(const QString& from, const QString& to, const QByteArray& before, const QByteArray& after) {
  QFile in(from), out(to);
  if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly)) return false;
  const QByteArray text = in.readAll().replace(before, after);
  return out.write(text) == text.size();
}

// Every row of every chromosome of a store, in chromosome order.
inline std::string allRows(const gpnmsa::AlignmentStore& s) {
  std::string out;
  for (const auto& c : s.chromosomes()) {
    const auto rows = s.fetch(c.name, 0, c.length);
    out.append(rows.begin(), rows.end());
  }
  return out;
}

}  // namespace testsupport

// The expression throws a gpnmsa::Error whose message contains every needle.
#define EXPECT_ERROR(expr, ...)                                                              \
  do {                                                                                       \
    const std::string msg_ = testsupport::errorOf([&] { (void)(expr); });                    \
    for (const std::string& needle_ : std::initializer_list<std::string>{__VA_ARGS__}) {     \
      QVERIFY2(msg_.find(needle_) != std::string::npos,                                      \
               qPrintable(QString::fromStdString("'" + needle_ + "' not in: " + msg_)));     \
    }                                                                                        \
  } while (0)
