// SPDX-License-Identifier: GPL-3.0-or-later
#include "rotary_split.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "gpnmsa/blas_core.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define GPNMSA_ROTARY_AVX512 1
#if !defined(__clang__)
// GCC 12 flags the intrinsics' own _mm512_undefined_* values (a known false
// positive of its headers).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#endif

namespace gpnmsa::rotary {

namespace {

// BF16 <-> F32 as bit operations: round to nearest even, any NaN becomes the
// quiet NaN 0x7FC0 (what c10::BFloat16 does); c10's per-element conversions
// made this pass 9% of a bf16 forward pass.
inline float fromBf16(uint16_t b) {
  const uint32_t u = uint32_t(b) << 16;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

inline uint16_t toBf16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  const uint32_t rounded = (u + 0x7FFFu + ((u >> 16) & 1u)) >> 16;
  return (u & 0x7FFFFFFFu) > 0x7F800000u ? uint16_t(0x7FC0) : uint16_t(rounded);
}

// Element access in F32 for the portable loop.
inline float load(const float* p, int64_t i) { return p[i]; }
inline void store(float* p, int64_t i, float x) { p[i] = x; }
inline float load(const c10::BFloat16* p, int64_t i) { return fromBf16(p[i].x); }
inline void store(c10::BFloat16* p, int64_t i, float x) { p[i].x = toBf16(x); }
inline float load(const c10::Half* p, int64_t i) { return float(p[i]); }
inline void store(c10::Half* p, int64_t i, float x) { p[i] = c10::Half(x); }

// One row of one head: RoFormer's interleaved-pair rotation
// (x_2j, x_2j+1) -> ((x_2j cos - x_2j+1 sin) * scale, (x_2j+1 cos + x_2j sin) * scale),
// every product and sum rounded to F32 in this order (the vector kernel
// rounds the same way).
template <typename T>
void rotateHead(const T* x, T* y, const float* sin, const float* cos, int64_t half, float scale) {
  for (int64_t j = 0; j < half; ++j) {
    const float e = load(x, 2 * j), o = load(x, 2 * j + 1);
    const float ec = e * cos[j], os = o * sin[j], oc = o * cos[j], es = e * sin[j];
    store(y, 2 * j, (ec - os) * scale);
    store(y, 2 * j + 1, (oc + es) * scale);
  }
}

template <typename T>
void copyHead(const T* x, T* y, int64_t d) {
  std::copy(x, x + d, y);
}

// The row loop shared by both kernels; `head` rotates (or copies) one head.
template <typename T, typename Head>
void forEachHead(const T* qkv, T* q, T* k, T* v, const HeadLayout& s, bool rotateValue,
                 const Head& head) {
  const int64_t H = s.heads * s.headDim;
  at::parallel_for(0, s.batch * s.length, 8, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; ++n) {
      const int64_t b = n / s.length, l = n % s.length;
      const T* row = qkv + n * 3 * H;
      for (int64_t h = 0; h < s.heads; ++h) {
        const int64_t out = ((b * s.heads + h) * s.length + l) * s.headDim;
        head(row + h * s.headDim, q + out, l, /*query*/ true, /*rotate*/ true);
        head(row + H + h * s.headDim, k + out, l, false, true);
        if (v != nullptr) head(row + 2 * H + h * s.headDim, v + out, l, false, rotateValue);
      }
    }
  });
}

template <typename T>
void portable(const T* qkv, T* q, T* k, T* v, const float* sin, const float* cos,
              const HeadLayout& s, bool rotateValue) {
  const int64_t half = s.headDim / 2;
  const float scale = float(1.0 / std::sqrt(double(s.headDim)));
  forEachHead(qkv, q, k, v, s, rotateValue, [&](const T* x, T* y, int64_t l, bool query, bool rotate) {
    if (rotate)
      rotateHead(x, y, sin + l * half, cos + l * half, half, query ? scale : 1.0f);
    else
      copyHead(x, y, s.headDim);
  });
}

#ifdef GPNMSA_ROTARY_AVX512

#define GPNMSA_AVX512 __attribute__((target("avx512f,avx512bw")))

// 16 lanes = 8 pairs: even lanes e*cos - o*sin, odd lanes o*cos + e*sin,
// then * scale; the same roundings as rotateHead (no fused multiply-add).
GPNMSA_AVX512 inline __m512 rotate16(__m512 x, __m512 cos, __m512 sin, __m512 scale) {
  const __m512 a = _mm512_mul_ps(x, cos);
  const __m512 b = _mm512_mul_ps(_mm512_permute_ps(x, 0xB1), sin);  // pairs swapped
  const __m512 r = _mm512_mask_blend_ps(0x5555, _mm512_add_ps(a, b), _mm512_sub_ps(a, b));
  return _mm512_mul_ps(r, scale);
}

GPNMSA_AVX512 inline __m512 load16(const float* p) { return _mm512_loadu_ps(p); }
GPNMSA_AVX512 inline void store16(float* p, __m512 x) { _mm512_storeu_ps(p, x); }
GPNMSA_AVX512 inline __m512 load16(const c10::BFloat16* p) {
  const __m256i bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(bits), 16));
}
GPNMSA_AVX512 inline void store16(c10::BFloat16* p, __m512 x) {
  const __m512i u = _mm512_castps_si512(x);
  const __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(u, 16), _mm512_set1_epi32(1));
  const __m512i rounded =
      _mm512_srli_epi32(_mm512_add_epi32(_mm512_add_epi32(u, _mm512_set1_epi32(0x7FFF)), lsb), 16);
  const __mmask16 nan = _mm512_cmpgt_epi32_mask(_mm512_and_si512(u, _mm512_set1_epi32(0x7FFFFFFF)),
                                                _mm512_set1_epi32(0x7F800000));
  const __m512i bits = _mm512_mask_blend_epi32(nan, rounded, _mm512_set1_epi32(0x7FC0));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_cvtepi32_epi16(bits));
}

template <typename T>
GPNMSA_AVX512 void rotateHead16(const T* x, T* y, const float* cos, const float* sin, float scale,
                                int64_t d) {
  const __m512 by = _mm512_set1_ps(scale);
  for (int64_t i = 0; i < d; i += 16)
    store16(y + i, rotate16(load16(x + i), load16(cos + i), load16(sin + i), by));
}

template <typename T>
void avx512(const T* qkv, T* q, T* k, T* v, const float* sin, const float* cos,
            const HeadLayout& s, bool rotateValue) {
  const int64_t d = s.headDim, half = d / 2;
  // Tables with each pair's sine and cosine repeated for both its lanes.
  std::vector<float> cosPairs(size_t(s.length * d)), sinPairs(size_t(s.length * d));
  for (int64_t l = 0; l < s.length; ++l)
    for (int64_t j = 0; j < half; ++j) {
      cosPairs[size_t(l * d + 2 * j)] = cosPairs[size_t(l * d + 2 * j + 1)] = cos[l * half + j];
      sinPairs[size_t(l * d + 2 * j)] = sinPairs[size_t(l * d + 2 * j + 1)] = sin[l * half + j];
    }
  const float scale = float(1.0 / std::sqrt(double(d)));
  forEachHead(qkv, q, k, v, s, rotateValue, [&](const T* x, T* y, int64_t l, bool query, bool rotate) {
    if (!rotate) return copyHead(x, y, d);
    rotateHead16(x, y, cosPairs.data() + l * d, sinPairs.data() + l * d, query ? scale : 1.0f, d);
  });
}

#endif

template <typename T>
void dispatch(const T* qkv, T* q, T* k, T* v, const float* sin, const float* cos,
              const HeadLayout& s, bool rotateValue, Kernel kernel) {
#ifdef GPNMSA_ROTARY_AVX512
  // The vector loop takes whole heads of 16-lane blocks.
  if (kernel == Kernel::Avx512 && s.headDim % 16 == 0 && bestKernel() == Kernel::Avx512)
    return avx512(qkv, q, k, v, sin, cos, s, rotateValue);
#endif
  (void)kernel;
  portable(qkv, q, k, v, sin, cos, s, rotateValue);
}

}  // namespace

Kernel bestKernel() {
#ifdef GPNMSA_ROTARY_AVX512
  return cpuRunsAvx512Kernels() ? Kernel::Avx512 : Kernel::Portable;
#else
  return Kernel::Portable;
#endif
}

void splitRotate(const float* qkv, float* q, float* k, float* v, const float* sin, const float* cos,
                 const HeadLayout& s, bool rotateValue, Kernel kernel) {
  dispatch(qkv, q, k, v, sin, cos, s, rotateValue, kernel);
}

void splitRotate(const c10::BFloat16* qkv, c10::BFloat16* q, c10::BFloat16* k, c10::BFloat16* v,
                 const float* sin, const float* cos, const HeadLayout& s, bool rotateValue,
                 Kernel kernel) {
  dispatch(qkv, q, k, v, sin, cos, s, rotateValue, kernel);
}

void splitRotate(const c10::Half* qkv, c10::Half* q, c10::Half* k, c10::Half* v, const float* sin,
                 const float* cos, const HeadLayout& s, bool rotateValue, Kernel) {
  portable(qkv, q, k, v, sin, cos, s, rotateValue);
}

}  // namespace gpnmsa::rotary
