// SPDX-License-Identifier: GPL-3.0-or-later
// The attention input pass of the CPU inference path: the fused query/key/
// value product's rows [B*L, 3H] become the [B, heads, L, d] blocks the
// attention products read, with RoFormer's rotary rotation and the query's
// 1/sqrt(d) scale applied on the way (one pass instead of the reference's
// six per tensor). An AVX-512 kernel does it where the CPU has one; it
// rounds exactly as the portable loop does, so results do not depend on
// the machine (test_rotary_split).
#pragma once
#include <c10/util/BFloat16.h>
#include <c10/util/Half.h>

#include <cstdint>

namespace gpnmsa::rotary {

struct HeadLayout {
  int64_t batch, length, heads, headDim;
};

enum class Kernel { Portable, Avx512 };

// The fastest kernel this CPU runs (cpuid; AVX-512 F+BW).
Kernel bestKernel();

// sin, cos: [L, d/2] F32 tables. q and k rotated (v too when rotateValue),
// q also scaled by 1/sqrt(d); v is not written when null (the caller reads
// it in place). Parallel over rows on libtorch's intra-op threads.
void splitRotate(const float* qkv, float* q, float* k, float* v, const float* sin, const float* cos,
                 const HeadLayout& s, bool rotateValue, Kernel kernel = bestKernel());
void splitRotate(const c10::BFloat16* qkv, c10::BFloat16* q, c10::BFloat16* k, c10::BFloat16* v,
                 const float* sin, const float* cos, const HeadLayout& s, bool rotateValue,
                 Kernel kernel = bestKernel());
// Portable loop only (half precision serves GPUs; kept for completeness).
void splitRotate(const c10::Half* qkv, c10::Half* q, c10::Half* k, c10::Half* v, const float* sin,
                 const float* cos, const HeadLayout& s, bool rotateValue,
                 Kernel kernel = Kernel::Portable);

}  // namespace gpnmsa::rotary
