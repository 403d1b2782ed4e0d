// SPDX-License-Identifier: GPL-3.0-or-later
// The attention input pass (core/model/rotary_split.h): the layout and the
// RoFormer rotation against a direct double-precision computation, and the
// AVX-512 kernel against the portable loop bit for bit (F32 and BF16, with
// infinities, NaN, subnormals and values that round to even), so a result
// never depends on which CPU computed it.
#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "compute_threads.h"
#include "rotary_split.h"

using gpnmsa::rotary::HeadLayout;
using gpnmsa::rotary::Kernel;
using gpnmsa::rotary::splitRotate;

namespace {

struct Case {
  HeadLayout shape;
  std::vector<float> qkv, sin, cos;
};

Case makeCase(int64_t batch, int64_t length, int64_t heads, int64_t headDim, bool special) {
  Case c{{batch, length, heads, headDim}, {}, {}, {}};
  std::mt19937 rng(uint32_t(batch * 1000 + headDim));
  std::normal_distribution<float> normal(0.f, 3.f);
  c.qkv.resize(size_t(batch * length * 3 * heads * headDim));
  for (float& x : c.qkv) x = normal(rng);
  if (special) {
    const float values[] = {std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::quiet_NaN(),
                            std::numeric_limits<float>::denorm_min(),
                            1e-39f,
                            0.f,
                            -0.f,
                            3.0e38f,
                            1.00390625f,  // 1 + 2^-8: a BF16 tie, rounds to even
                            1.01171875f};
    for (size_t i = 0; i < c.qkv.size(); i += 7) c.qkv[i] = values[(i / 7) % std::size(values)];
  }
  const int64_t half = headDim / 2;
  for (int64_t l = 0; l < length; ++l)
    for (int64_t j = 0; j < half; ++j) {
      const double angle = double(l) * std::pow(10000.0, -2.0 * double(j) / double(headDim));
      c.sin.push_back(float(std::sin(angle)));
      c.cos.push_back(float(std::cos(angle)));
    }
  return c;
}

std::vector<c10::BFloat16> toBf16(const std::vector<float>& x) {
  std::vector<c10::BFloat16> out;
  for (float f : x) out.emplace_back(f);
  return out;
}

template <typename T>
bool sameBits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

template <typename T>
struct Output {
  std::vector<T> q, k, v;
};

template <typename T>
Output<T> run(const Case& c, const std::vector<T>& qkv, bool withValue, bool rotateValue,
              Kernel kernel) {
  const size_t n = qkv.size() / 3;
  Output<T> o{std::vector<T>(n), std::vector<T>(n), std::vector<T>(n, T(-7.f))};
  splitRotate(qkv.data(), o.q.data(), o.k.data(), withValue ? o.v.data() : nullptr, c.sin.data(),
              c.cos.data(), c.shape, rotateValue, kernel);
  return o;
}

bool haveAvx512() { return gpnmsa::rotary::bestKernel() == Kernel::Avx512; }

}  // namespace

class TestRotarySplit : public QObject {
  Q_OBJECT
 private slots:
  void layoutAndRotationMatchDirectComputation() {
    const Case c = makeCase(2, 9, 3, 16, false);
    const auto& s = c.shape;
    for (Kernel kernel : {Kernel::Portable, Kernel::Avx512}) {
      const auto out = run(c, c.qkv, true, true, kernel);
      const int64_t H = s.heads * s.headDim, half = s.headDim / 2;
      const double scale = 1.0 / std::sqrt(double(s.headDim));
      double worst = 0;
      for (int64_t b = 0; b < s.batch; ++b)
        for (int64_t l = 0; l < s.length; ++l)
          for (int64_t h = 0; h < s.heads; ++h)
            for (int64_t j = 0; j < half; ++j) {
              const double sn = c.sin[size_t(l * half + j)], cs = c.cos[size_t(l * half + j)];
              const size_t at = size_t(((b * s.heads + h) * s.length + l) * s.headDim + 2 * j);
              for (int part = 0; part < 3; ++part) {
                const size_t in = size_t((b * s.length + l) * 3 * H + part * H + h * s.headDim + 2 * j);
                const double e = c.qkv[in], o = c.qkv[in + 1];
                const double f = part == 0 ? scale : 1.0;
                const auto& got = part == 0 ? out.q : part == 1 ? out.k : out.v;
                worst = std::max({worst, std::fabs(got[at] - (e * cs - o * sn) * f),
                                  std::fabs(got[at + 1] - (o * cs + e * sn) * f)});
              }
            }
      QVERIFY2(worst < 1e-5, qPrintable(QString("max |error| %1").arg(worst)));
    }
  }

  void valueCopiedOrLeftAlone() {
    const Case c = makeCase(1, 5, 2, 32, false);
    const auto copied = run(c, c.qkv, true, false, Kernel::Portable);
    const int64_t H = 2 * 32;
    // v[b=0, h=1, l=3, :] is the input's value block of row 3, head 1, unrotated.
    for (int64_t i = 0; i < 32; ++i)
      QCOMPARE(copied.v[size_t((1 * 5 + 3) * 32 + i)], c.qkv[size_t(3 * 3 * H + 2 * H + 32 + i)]);
    const auto untouched = run(c, c.qkv, false, false, Kernel::Portable);
    for (float x : untouched.v) QCOMPARE(x, -7.f);
  }

  void avx512MatchesPortableBitForBit_data() {
    QTest::addColumn<int>("headDim");
    QTest::addColumn<bool>("rotateValue");
    QTest::newRow("d64") << 64 << false;
    QTest::newRow("d64 rotary value") << 64 << true;
    QTest::newRow("d16") << 16 << false;
    QTest::newRow("d24 (portable tail)") << 24 << true;
  }

  void avx512MatchesPortableBitForBit() {
    if (!haveAvx512()) QSKIP("this CPU has no AVX-512: only the portable kernel runs here");
    QFETCH(int, headDim);
    QFETCH(bool, rotateValue);
    const Case c = makeCase(3, 128, 2, headDim, true);
    const auto a = run(c, c.qkv, true, rotateValue, Kernel::Portable);
    const auto b = run(c, c.qkv, true, rotateValue, Kernel::Avx512);
    QVERIFY(sameBits(a.q, b.q) && sameBits(a.k, b.k) && sameBits(a.v, b.v));
    const auto bf = toBf16(c.qkv);
    const auto x = run(c, bf, true, rotateValue, Kernel::Portable);
    const auto y = run(c, bf, true, rotateValue, Kernel::Avx512);
    QVERIFY(sameBits(x.q, y.q) && sameBits(x.k, y.k) && sameBits(x.v, y.v));
    // The BF16 results are c10's own rounding of the F32 arithmetic.
    const std::vector<float> widened(bf.begin(), bf.end());
    const auto ref = run(c, widened, true, rotateValue, Kernel::Portable);
    for (size_t i = 0; i < ref.q.size(); ++i) {
      const c10::BFloat16 want(ref.q[i]);
      QVERIFY2(std::isnan(ref.q[i]) ? std::isnan(float(y.q[i])) : want.x == y.q[i].x,
               qPrintable(QString("q[%1]: %2").arg(i).arg(ref.q[i])));
    }
  }

  // The engine's own loops (this pass, the BF16 GELU pass) split their rows
  // over libtorch's threads. ATen's parallel_for is an inline template that
  // runs serially when the including code is compiled without OpenMP, as the
  // engine was until 2026-12-01: the pass then kept one core of two busy.
  // A row's result does not depend on the split.
  void runsOnEveryThreadWithTheSameBits() {
    gpnmsa::applyComputeThreads(1);
    QCOMPARE(gpnmsa::parallelTasksFor(1000, 8), 1);
    const Case c = makeCase(4, 128, 4, 64, true);
    const auto one = run(c, c.qkv, true, false, gpnmsa::rotary::bestKernel());
    gpnmsa::applyComputeThreads(2);
#if defined(__GNUC__) && !defined(__clang__)
    // GCC builds link libgomp, libtorch's own OpenMP (core/CMakeLists.txt).
    QCOMPARE(gpnmsa::parallelTasksFor(1000, 8), 2);
#else
    qInfo("not a GCC build: the engine's loops may run serially (%d task)", gpnmsa::parallelTasksFor(1000, 8));
#endif
    const auto two = run(c, c.qkv, true, false, gpnmsa::rotary::bestKernel());
    QVERIFY(sameBits(one.q, two.q) && sameBits(one.k, two.k) && sameBits(one.v, two.v));
  }
};

QTEST_APPLESS_MAIN(TestRotarySplit)
#include "test_rotary_split.moc"
