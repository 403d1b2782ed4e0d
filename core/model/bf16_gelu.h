// SPDX-License-Identifier: GPL-3.0-or-later
// GELU (the exact erf form, hidden_act "gelu") on BF16 values in place, by
// table: a BF16 input has only 65,536 values, so the table holds each one's
// correctly rounded GELU (computed once in double precision). Why not in
// the product's epilogue: with oneDNN 2.6's gelu_erf epilogue the bf16
// feed-forward product ran at 986 GFLOP/s on AMX where the query/key/value
// product without one ran at 1,530 (batch 8, one profile, 2026-12-01); the
// table pass (0.9 ms a layer at batch 8) costs less than that difference.
// The value then is GELU of the product rounded to BF16,
// rounded again: what eager PyTorch does in BF16 (linear, then gelu), and
// within one BF16 step of the epilogue's.
#pragma once
#include <c10/util/BFloat16.h>

#include <cstdint>

namespace gpnmsa::bf16gelu {

enum class Kernel { Portable, Avx512 };

// The fastest kernel this CPU runs (cpuid; AVX-512 F+BW).
Kernel bestKernel();

// data[i] = GELU(data[i]) for n values; parallel on libtorch's intra-op
// threads. Both kernels give the same bits (the same table).
void apply(c10::BFloat16* data, int64_t n, Kernel kernel = bestKernel());

// The table's value for one input (BF16 bits in, BF16 bits out).
uint16_t geluBits(uint16_t bits);

}  // namespace gpnmsa::bf16gelu
