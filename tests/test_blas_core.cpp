// SPDX-License-Identifier: GPL-3.0-or-later
// The OpenBLAS kernel choice (blas_core.h): the rule on its own, the CPU
// features against the kernel's view of them (/proc/cpuinfo), and the
// choice as the installed program makes it (`gpnmsa bench`'s BLAS line);
// and the thread policy (thread_policy.h): which work gets OpenBLAS's, and
// the wait policy `gpnmsa bench` runs the forward pass with.
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include "gpnmsa/benchmark.h"
#include "gpnmsa/blas_core.h"
#include "gpnmsa/thread_policy.h"

using gpnmsa::CpuFeatures;
using gpnmsa::openBlasCoreFor;

namespace {

CpuFeatures avx512Bf16() {
  CpuFeatures f;
  f.avx2 = f.fma = f.avx512f = f.avx512bw = f.avx512dq = f.avx512vl = f.avx512cd = f.avx512bf16 = true;
  return f;
}

QStringList cpuinfoFlags() {
  QFile f("/proc/cpuinfo");
  if (!f.open(QIODevice::ReadOnly)) return {};
  for (const QByteArray& line : f.readAll().split('\n'))
    if (line.startsWith("flags")) return QString::fromLatin1(line.mid(line.indexOf(':') + 1)).split(' ', Qt::SkipEmptyParts);
  return {};
}

struct BenchBlasLine {
  QString line, core, detected, who;
  QString waitPolicy;  // the "# OpenMP wait policy:" line
};

BenchBlasLine benchBlasLine(const QProcessEnvironment& env) {
  QProcess p;
  p.setProcessEnvironment(env);
  p.start(GPNMSA_CLI, {"bench", "--what", "gemm", "--precision", "f32", "--batch-size", "1",
                       "--gemm-seconds", "0", "--hidden", "16", "--layers", "1", "--heads", "1",
                       "--ffn", "16", "--species", "2"});
  p.waitForFinished(120000);
  const QString out = QString::fromUtf8(p.readAllStandardOutput());
  BenchBlasLine b;
  const auto w = QRegularExpression("^# OpenMP wait policy: (.*)$", QRegularExpression::MultilineOption).match(out);
  if (w.hasMatch()) b.waitPolicy = w.captured(1);
  const auto m = QRegularExpression("^# BLAS: (.*)$", QRegularExpression::MultilineOption).match(out);
  if (!m.hasMatch()) return b;
  b.line = m.captured(1);
  const auto c = QRegularExpression(R"(^OpenBLAS core (\S+) \((.*)\)$)").match(b.line);
  if (c.hasMatch()) {
    b.core = c.captured(1);
    b.who = c.captured(2);
    const auto d = QRegularExpression(R"(OpenBLAS detected (\S+);)").match(b.who);
    if (d.hasMatch()) b.detected = d.captured(1);
  }
  return b;
}

}  // namespace

class TestBlasCore : public QObject {
  Q_OBJECT
 private slots:
  void fallbackCoresAreUpgradedToWhatTheCpuHas() {
    QCOMPARE(openBlasCoreFor("Prescott", avx512Bf16()), std::string("Cooperlake"));
    CpuFeatures skx = avx512Bf16();
    skx.avx512bf16 = false;
    QCOMPARE(openBlasCoreFor("Prescott", skx), std::string("SkylakeX"));
    CpuFeatures avx2;
    avx2.avx2 = avx2.fma = true;
    QCOMPARE(openBlasCoreFor("Prescott", avx2), std::string("Haswell"));
    QCOMPARE(openBlasCoreFor("NEHALEM", avx2), std::string("Haswell"));
    CpuFeatures partial512 = avx512Bf16();  // AVX-512F without BW/VL (Knights Landing-like)
    partial512.avx512bw = partial512.avx512vl = false;
    QCOMPARE(openBlasCoreFor("Prescott", partial512), std::string("Haswell"));
  }

  void recognisedCoresAndOldCpusAreLeftAlone() {
    for (const char* core : {"Haswell", "SkylakeX", "Cooperlake", "Zen", "SapphireRapids", ""})
      QCOMPARE(openBlasCoreFor(core, avx512Bf16()), std::string());
    CpuFeatures sse;  // a CPU without AVX2: Prescott may be right
    QCOMPARE(openBlasCoreFor("Prescott", sse), std::string());
    CpuFeatures noFma;
    noFma.avx2 = true;
    QCOMPARE(openBlasCoreFor("Prescott", noFma), std::string());
  }

  void cpuFeaturesAgreeWithTheKernel() {
    const QStringList flags = cpuinfoFlags();
    if (flags.isEmpty()) QSKIP("no /proc/cpuinfo flags line (not x86 Linux)");
    const CpuFeatures f = CpuFeatures::detect();
    QCOMPARE(f.avx2, flags.contains("avx2"));
    QCOMPARE(f.fma, flags.contains("fma"));
    QCOMPARE(f.avx512f, flags.contains("avx512f"));
    QCOMPARE(f.avx512bw, flags.contains("avx512bw"));
    QCOMPARE(f.avx512dq, flags.contains("avx512dq"));
    QCOMPARE(f.avx512vl, flags.contains("avx512vl"));
    QCOMPARE(f.avx512cd, flags.contains("avx512cd"));
    QCOMPARE(f.avx512bf16, flags.contains("avx512_bf16"));
  }

  // The program's own choice: without OPENBLAS_CORETYPE it keeps a core
  // OpenBLAS recognised and replaces a fallback by the rule's; a user's
  // OPENBLAS_CORETYPE is never replaced.
  void programChoosesOnlyWhenOpenBlasFellBack() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString users = env.value("OPENBLAS_CORETYPE");
    env.remove("GPNMSA_OPENBLAS_DETECTED");
    if (!users.isEmpty()) {  // this machine's setting, left alone (CI sets one)
      const BenchBlasLine b = benchBlasLine(env);
      QVERIFY2(b.line.contains("OPENBLAS_CORETYPE=" + users + ", set by the user"), qPrintable(b.line));
      return;
    }
    const BenchBlasLine b = benchBlasLine(env);
    if (b.line.startsWith("not OpenBLAS")) QSKIP("the BLAS here is not OpenBLAS");
    QVERIFY2(!b.core.isEmpty(), qPrintable("no BLAS line: " + b.line));
    const CpuFeatures cpu = CpuFeatures::detect();
    if (b.who == "as OpenBLAS detected it") {
      QCOMPARE(openBlasCoreFor(b.core.toStdString(), cpu), std::string());
    } else {
      QVERIFY2(b.who.endsWith("chosen by gpnmsa"), qPrintable(b.line));
      const std::string want = openBlasCoreFor(b.detected.toStdString(), cpu);
      QVERIFY2(!want.empty(), qPrintable(b.line));
      QCOMPARE(b.core.toLower().toStdString(), QString::fromStdString(want).toLower().toStdString());
    }
    // The same core asked for by the user: kept, and said to be the user's.
    env.insert("OPENBLAS_CORETYPE", b.core);
    const BenchBlasLine u = benchBlasLine(env);
    QVERIFY2(u.line == "OpenBLAS core " + b.core + " (OPENBLAS_CORETYPE=" + b.core + ", set by the user)",
             qPrintable(u.line));
  }

  // OpenBLAS's policy (its kernels, OpenMP's passive wait) only where
  // OpenBLAS runs the products: GPN-Star's layers, and everything in a build
  // without oneDNN; GPN-MSA on oneDNN and GPU work get none.
  void threadPolicyFollowsWhereTheProductsRun() {
    using gpnmsa::ModelKind;
    const bool onednn = QString::fromStdString(gpnmsa::inferenceKernels()).startsWith("oneDNN");
    const auto star = gpnmsa::inferenceThreadPolicy(ModelKind::GpnStar, "cpu");
    QVERIFY(star.openBlasCore && star.passiveWait);
    const auto msa = gpnmsa::inferenceThreadPolicy(ModelKind::GpnMsa, "cpu");
    QCOMPARE(msa.openBlasCore, !onednn);
    QCOMPARE(msa.passiveWait, !onednn);
    for (const auto kind : {ModelKind::GpnMsa, ModelKind::GpnStar}) {
      const auto gpu = gpnmsa::inferenceThreadPolicy(kind, "cuda:0");
      QVERIFY(!gpu.openBlasCore && !gpu.passiveWait);
    }
    const auto training = gpnmsa::openBlasThreadPolicy();
    QVERIFY(training.openBlasCore && training.passiveWait);
  }

  // `gpnmsa bench` times the forward pass as `score` runs it: with oneDNN,
  // libgomp's own wait policy (passive cost bf16 ~30% here); a user's
  // OMP_WAIT_POLICY is kept and said to be the user's.
  void benchKeepsLibgompsWaitPolicyOnOneDnn() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("GPNMSA_SET_WAIT_POLICY");
    const QString users = env.value("OMP_WAIT_POLICY");
    if (users.isEmpty()) {
      const BenchBlasLine b = benchBlasLine(env);
      if (QString::fromStdString(gpnmsa::inferenceKernels()).startsWith("oneDNN"))
        QCOMPARE(b.waitPolicy, QString("libgomp's default (not set)"));
      else
        QCOMPARE(b.waitPolicy, QString("PASSIVE (set by gpnmsa)"));
    }
    env.insert("OMP_WAIT_POLICY", "ACTIVE");
    QCOMPARE(benchBlasLine(env).waitPolicy, QString("ACTIVE (OMP_WAIT_POLICY, set by the user)"));
  }
};

QTEST_GUILESS_MAIN(TestBlasCore)
#include "test_blas_core.moc"
