// SPDX-License-Identifier: GPL-3.0-or-later
// gpnmsa-studio --help and --version with no display at all (no DISPLAY,
// WAYLAND_DISPLAY or QT_QPA_PLATFORM): answered before any GUI is made.
#include <QtTest>
#include <QProcess>

#include "gpnmsa/version.h"

namespace {
struct Run {
  int code = -1;
  QString out, err;
};

Run studio(const QStringList& args) {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "QT_QPA_PLATFORMTHEME"})
    env.remove(QString::fromLatin1(name));
  QProcess p;
  p.setProcessEnvironment(env);
  p.start(QStringLiteral(GPNMSA_STUDIO), args);
  p.waitForFinished(120000);
  Run r;
  r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}
}  // namespace

class TestStudioNoDisplay : public QObject {
  Q_OBJECT
 private slots:
  void helpListsEveryOption() {
    const Run r = studio({"--help"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("Usage:"));
    for (const char* option : {"--model", "--msa", "--open", "--scores", "--genes", "--locus", "--screenshot",
                               "--report", "--select", "--page-size", "--clinvar", "--help", "--version"})
      QVERIFY2(r.out.contains(QString::fromLatin1(option)), option);
    QCOMPARE(studio({"-h"}).code, 0);
  }

  void versionNamesVersionAndCommit() {
    const Run r = studio({"--version"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("GPN-MSA Studio " GPNMSA_VERSION)));
    QVERIFY(r.out.contains(QString::fromUtf8(gpnmsa::buildCommit())));
  }

  // The environment really has no display: anything that needs a window fails.
  void aWindowNeedsADisplay() {
    const Run r = studio({"--model", "/nonexistent", "--screenshot", "/nonexistent/x.png"});
    QVERIFY(r.code != 0);
  }
};

QTEST_GUILESS_MAIN(TestStudioNoDisplay)
#include "test_studio_no_display.moc"
