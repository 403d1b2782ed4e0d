// SPDX-License-Identifier: GPL-3.0-or-later
#include "bf16_gelu.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "gpnmsa/blas_core.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define GPNMSA_GELU_AVX512 1
#if !defined(__clang__)
// GCC 12 flags the intrinsics' own _mm512_undefined_* values (a known false
// positive of its headers).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#define GPNMSA_AVX512 __attribute__((target("avx512f,avx512bw")))
#endif

namespace gpnmsa::bf16gelu {

namespace {

// Correctly rounded (to nearest, ties to even) from double to BF16; NaN
// stays NaN (quiet 0x7FC0, as c10::BFloat16). Through float, whose rounding
// can only make a tie that was none: that case is rounded toward y.
uint16_t toBf16(double y) {
  const float f = float(y);
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  if ((u & 0x7FFFFFFFu) > 0x7F800000u) return 0x7FC0;
  if ((u & 0xFFFFu) == 0x8000u && double(f) != y) {
    const bool away = std::fabs(y) > std::fabs(double(f));  // BF16 bits grow with magnitude
    return uint16_t((u >> 16) + (away ? 1u : 0u));
  }
  return uint16_t((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

// 65,536 entries and two spare ones: the vector kernel reads 4 bytes at
// entry i (entry i in the low half).
const std::vector<uint16_t>& table() {
  static const std::vector<uint16_t> t = [] {
    std::vector<uint16_t> out(65536 + 2, 0);
    for (uint32_t bits = 0; bits < 65536; ++bits) {
      const uint32_t u = bits << 16;
      float x;
      std::memcpy(&x, &u, sizeof x);
      // x/2 * (1 + erf(x/sqrt(2))), with 1 + erf(z) as erfc(-z): the sum
      // cancels to nothing for x below about -5 (libtorch's float formula
      // gives 0 there, this the tiny true value). -inf gives NaN, as there
      // (-inf * 0).
      const double xd = x;
      const double y = 0.5 * xd * std::erfc(-xd * M_SQRT1_2);
      out[bits] = toBf16(y);
    }
    return out;
  }();
  return t;
}

void portable(uint16_t* data, int64_t begin, int64_t end, const uint16_t* t) {
  for (int64_t i = begin; i < end; ++i) data[i] = t[data[i]];
}

#ifdef GPNMSA_GELU_AVX512
GPNMSA_AVX512 void avx512(uint16_t* data, int64_t begin, int64_t end, const uint16_t* t) {
  int64_t i = begin;
  for (; i + 16 <= end; i += 16) {
    const __m256i bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + i));
    const __m512i index = _mm512_cvtepu16_epi32(bits);
    // 4 bytes from entry `index` (scale 2): the entry is the low half.
    const __m512i pairs = _mm512_i32gather_epi32(index, t, 2);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(data + i), _mm512_cvtepi32_epi16(pairs));
  }
  portable(data, i, end, t);
}
#endif

}  // namespace

Kernel bestKernel() {
#ifdef GPNMSA_GELU_AVX512
  return cpuRunsAvx512Kernels() ? Kernel::Avx512 : Kernel::Portable;
#else
  return Kernel::Portable;
#endif
}

uint16_t geluBits(uint16_t bits) { return table()[bits]; }

void apply(c10::BFloat16* values, int64_t n, Kernel kernel) {
  static_assert(sizeof(c10::BFloat16) == sizeof(uint16_t), "BF16 is 16 bits");
  uint16_t* data = reinterpret_cast<uint16_t*>(values);
  const uint16_t* t = table().data();
  const bool vector = kernel == Kernel::Avx512 && bestKernel() == Kernel::Avx512;
  // Blocks of 16 Ki values: a thread's share stays in its cache.
  at::parallel_for(0, n, 1 << 14, [&](int64_t begin, int64_t end) {
#ifdef GPNMSA_GELU_AVX512
    if (vector) return avx512(data, begin, end, t);
#endif
    (void)vector;
    portable(data, begin, end, t);
  });
}

}  // namespace gpnmsa::bf16gelu
