// SPDX-License-Identifier: GPL-3.0-or-later
// Running a program (the gpnmsa command) from a test and keeping what it printed.
#pragma once
#include <QProcess>
#include <QString>
#include <QStringList>

namespace testsupport {

// What a run of a program printed and how it ended (-1: it crashed).
struct ProgramRun {
  int code = -1;
  QString out, err;
};

// `workingDir`: where it runs (empty: here).
inline ProgramRun runProgram(const QString& program, const QStringList& args, int timeoutMs = 600000,
                             const QString& workingDir = {}) {
  QProcess p;
  if (!workingDir.isEmpty()) p.setWorkingDirectory(workingDir);
  p.start(program, args);
  p.waitForFinished(timeoutMs);
  ProgramRun r;
  r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}

}  // namespace testsupport
