// SPDX-License-Identifier: GPL-3.0-or-later
// Which OpenBLAS kernel set the F32 matrix products run on, and the fix for
// a CPU OpenBLAS does not know. Debian 12's OpenBLAS 0.3.21 picks kernels by
// CPU family/model; a model newer than it (seen here: Intel family 6 model
// 207, Emerald Rapids, in a VM that hides the name) falls back to "Prescott",
// SSE3 kernels: 38 GFLOP/s where the same CPU's AVX-512 kernels reach
// 215-245, and the F32 forward pass 1.4 instead of 7.3 windows/s.
#pragma once
#include <string>

namespace gpnmsa {

struct CpuFeatures {
  bool avx2 = false, fma = false;
  bool avx512f = false, avx512bw = false, avx512dq = false, avx512vl = false, avx512cd = false;
  bool avx512bf16 = false;
  // cpuid, with the OS's XSAVE state checked (AVX/AVX-512 registers enabled).
  static CpuFeatures detect();
};

// AVX-512 F and BW usable here (detect(), once per process): what the
// engine's hand-written vector kernels (rotary split, BF16 GELU) need.
bool cpuRunsAvx512Kernels();

// The OpenBLAS core (an OPENBLAS_CORETYPE value) to ask for instead of
// `detectedCore`, or "" to keep it: only when OpenBLAS fell back to a core
// without AVX2 on a CPU that has AVX2 and FMA; then the widest core the
// CPU's features allow (Cooperlake, SkylakeX, Haswell). A core OpenBLAS
// recognised is never second-guessed.
std::string openBlasCoreFor(const std::string& detectedCore, const CpuFeatures& cpu);

// The core OpenBLAS runs with, "" when the BLAS in this process is not
// OpenBLAS (e.g. Debian's reference BLAS, or MKL).
std::string openBlasCoreName();

// One line for benchmark headers: the core and who chose it, e.g.
// "OpenBLAS core Cooperlake (OpenBLAS detected Prescott; chosen by gpnmsa)".
std::string describeBlasCore();

}  // namespace gpnmsa
