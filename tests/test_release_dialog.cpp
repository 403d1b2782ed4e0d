// SPDX-License-Identifier: GPL-3.0-or-later
// File ▸ Data Sources ▸ "GPN-MSA release (online)" against the loopback
// mirror (support/release_mirror.h), offscreen with a real event loop: the
// button fills in the cached model's folder and the alignment's URL, OK
// downloads the model (progress in the dialog), verifies it and loads the
// session; Cancel during the download keeps the partial file.
#include <QtTest>

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "settings_dialog.h"
#include "support/release_mirror.h"

class TestReleaseDialog : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  testsupport::ReleaseMirror mirror_;

  QString modelDir(const QString& cache) const {
    return cache + "/gpnmsa/models/gpn-msa-sapiens/" + testsupport::ReleaseMirror::revision();
  }

  static QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    QDir().mkpath(tmp_.filePath("mirror"));
    const QString why = mirror_.start(tmp_.filePath("mirror"));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    qputenv("GPNMSA_RELEASES", mirror_.manifest().toUtf8());
    qunsetenv("GPNMSA_RELEASE_BASE");
    QStandardPaths::setTestModeEnabled(true);  // QSettings away from the user's
  }

  void cleanupTestCase() { mirror_.stop(); }

  void onlineChoiceDownloadsAndLoads() {
    const QString cache = tmp_.filePath("cache-ok");
    qputenv("XDG_CACHE_HOME", cache.toUtf8());
    gpnmsa::ui::SettingsDialog dialog({}, {});
    dialog.findChild<QLineEdit*>("releaseBaseEdit")->setText(mirror_.base());
    dialog.findChild<QPushButton*>("onlineReleaseButton")->click();
    QCOMPARE(dialog.modelDir(), modelDir(cache));
    QCOMPARE(dialog.alignment(), mirror_.base() + "/datasets/songlab/multiz100way/resolve/main/89.zarr.zip");
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    auto* status = dialog.findChild<QLabel*>("dataSourcesStatus");
    dialog.accept();
    QVERIFY(dialog.isLoading());
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith("Downloading model.safetensors: "), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 60000);
    QVERIFY(dialog.session() && dialog.session()->model);
    QCOMPARE(readAll(modelDir(cache) + "/model.safetensors"),
             readAll(testsupport::ReleaseMirror::parity() + "/tiny/model.safetensors"));
  }

  void cancelKeepsThePartialFile() {
    const QString cache = tmp_.filePath("cache-cancel");
    qputenv("XDG_CACHE_HOME", cache.toUtf8());
    const QString part = modelDir(cache) + "/model.safetensors.part";
    {
      gpnmsa::ui::SettingsDialog dialog({}, {});
      dialog.findChild<QLineEdit*>("releaseBaseEdit")->setText(mirror_.base());
      dialog.findChild<QPushButton*>("onlineReleaseButton")->click();
      dialog.accept();
      QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(part).size() > 20000, 30000);
      dialog.reject();
    }  // the dialog waits for its job's thread
    QVERIFY(QFileInfo(part).size() > 20000);
    QVERIFY(!QFileInfo::exists(modelDir(cache) + "/model.safetensors"));
  }
};

QTEST_MAIN(TestReleaseDialog)
#include "test_release_dialog.moc"
