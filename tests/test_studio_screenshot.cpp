// SPDX-License-Identifier: GPL-3.0-or-later
// gpnmsa-studio --screenshot, run as a user's script would (offscreen):
// it loads, scores, selects the first row and writes a non-empty PNG.
#include <QtTest>

class TestStudioScreenshot : public QObject {
  Q_OBJECT

  static int run(const QStringList& args, QString* err) {
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir home;  // QSettings must not read the user's choices
    env.insert("HOME", home.path());
    env.insert("XDG_CONFIG_HOME", home.path());
    p.setProcessEnvironment(env);
    p.start(GPNMSA_STUDIO, args);
    if (!p.waitForFinished(120000)) {
      p.kill();
      p.waitForFinished();
      return -1;
    }
    *err = QString::fromLocal8Bit(p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
  }

 private slots:
  void screenshotOfParityVariants() {
    QTemporaryDir dir;
    const QString out = dir.filePath("shot.png");
    const QString parity = GPNMSA_TEST_DATA "/parity";
    QString err;
    const int rc = run({"--model", parity + "/tiny", "--msa", parity + "/msa.zarr", "--open",
                        parity + "/variants.tsv", "--screenshot", out}, &err);
    QVERIFY2(rc == 0, qPrintable(QString("exit %1: %2").arg(rc).arg(err)));
    QImage img(out);
    QVERIFY(!img.isNull());
    QVERIFY(img.width() > 400 && img.height() > 300);
    // Not a blank image: the table and the score colours make many colours.
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 7)
      for (int x = 0; x < img.width(); x += 7) colours.insert(img.pixel(x, y));
    QVERIFY(colours.size() > 10);
  }

  void bundledDefaultAndLocus() {
    QTemporaryDir dir;
    const QString out = dir.filePath("locus.png");
    QString err;
    const int rc = run({"--locus", "22:16770000-16770010", "--screenshot", out}, &err);
    QVERIFY2(rc == 0, qPrintable(QString("exit %1: %2").arg(rc).arg(err)));
    QVERIFY(!QImage(out).isNull());
  }

  // --select chooses the row shown; an ID not in the input fails naming it.
  void selectChoosesTheRow() {
    QTemporaryDir dir;
    QFile demo(GPNMSA_SOURCE_DIR "/resources/demo/variants.vcf");
    QVERIFY(demo.open(QIODevice::ReadOnly));
    QByteArray two;
    for (const QByteArray& line : demo.readAll().split('\n'))
      if (line.startsWith('#') || line.contains("\tNeutral_1\t") || line.contains("\tNeutral_199\t")) two += line + '\n';
    QCOMPARE(two.count("\tNeutral_"), 2);
    const QString vcf = dir.filePath("two.vcf");
    QFile f(vcf);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(two) == two.size());
    f.close();
    QString err;
    int rc = run({"--open", vcf, "--screenshot", dir.filePath("ok.png"), "--select", "Neutral_199"}, &err);
    QVERIFY2(rc == 0, qPrintable(QString("exit %1: %2").arg(rc).arg(err)));
    QVERIFY(!QImage(dir.filePath("ok.png")).isNull());
    rc = run({"--open", vcf, "--screenshot", dir.filePath("no.png"), "--select", "Neutral_2"}, &err);
    QCOMPARE(rc, 1);
    QVERIFY2(err.contains("Neutral_2"), qPrintable(err));
    QVERIFY(!QFile::exists(dir.filePath("no.png")));
  }

  // Two models side by side (--model2: the demo GPN-Star with random weights
  // made at build time), the logo of the second shown (--logo-model 2).
  void twoModelsSideBySide() {
    QTemporaryDir dir;
    QFile demo(GPNMSA_SOURCE_DIR "/resources/demo/variants.vcf");
    QVERIFY(demo.open(QIODevice::ReadOnly));
    QByteArray some;
    int kept = 0;
    for (const QByteArray& line : demo.readAll().split('\n'))
      if (line.startsWith('#') || (!line.isEmpty() && kept++ < 24)) some += line + '\n';
    const QString vcf = dir.filePath("some.vcf");
    QFile f(vcf);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(some) == some.size());
    f.close();
    const QString out = dir.filePath("two.png");
    QString err;
    int rc = run({"--open", vcf, "--model2", GPNMSA_DEMO_GPNSTAR, "--logo-model", "2", "--screenshot", out}, &err);
    QVERIFY2(rc == 0, qPrintable(QString("exit %1: %2").arg(rc).arg(err)));
    QVERIFY(!QImage(out).isNull());
    // A second model that does not exist fails, naming it.
    rc = run({"--open", vcf, "--model2", dir.filePath("nothing"), "--screenshot", dir.filePath("no.png")}, &err);
    QCOMPARE(rc, 1);
    QVERIFY2(err.contains("Second model") && err.contains("nothing"), qPrintable(err));
    rc = run({"--open", vcf, "--logo-model", "2", "--screenshot", dir.filePath("no.png")}, &err);
    QCOMPARE(rc, 1);
    QVERIFY2(err.contains("--model2"), qPrintable(err));
  }

  void badInputFails() {
    QTemporaryDir dir;
    QString err;
    const int rc = run({"--open", dir.filePath("missing.vcf"), "--screenshot", dir.filePath("x.png")}, &err);
    QVERIFY(rc != 0);
    QVERIFY2(err.contains("missing.vcf"), qPrintable(err));
    QVERIFY(!QFile::exists(dir.filePath("x.png")));
  }

  // A bare FILE (how a desktop passes one, Exec=gpnmsa-studio %f) opens as --open
  // does: a missing one fails naming it, rather than the bundled demo opening.
  // Two files, or a FILE and --open, are refused: one file at a time.
  void bareFileArgumentOpensIt() {
    QTemporaryDir dir;
    QString err;
    int rc = run({dir.filePath("bare-missing.vcf"), "--screenshot", dir.filePath("x.png")}, &err);
    QVERIFY(rc != 0);
    QVERIFY2(err.contains("bare-missing.vcf"), qPrintable(err));
    QVERIFY(!QFile::exists(dir.filePath("x.png")));
    rc = run({dir.filePath("a.vcf"), dir.filePath("b.vcf"), "--screenshot", dir.filePath("x.png")}, &err);
    QCOMPARE(rc, 1);
    QVERIFY2(err.contains("one file to open at a time") && err.contains("b.vcf"), qPrintable(err));
    rc = run({"--open", dir.filePath("a.vcf"), dir.filePath("b.vcf"), "--screenshot", dir.filePath("x.png")}, &err);
    QCOMPARE(rc, 1);
    QVERIFY2(err.contains("one file to open at a time"), qPrintable(err));
  }
};

QTEST_MAIN(TestStudioScreenshot)
#include "test_studio_screenshot.moc"
