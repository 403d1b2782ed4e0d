// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/blas_core.h"

#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace gpnmsa {

CpuFeatures CpuFeatures::detect() {
  CpuFeatures f;
#if defined(__x86_64__) || defined(__i386__)
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return f;
  const bool fma = c & (1u << 12), osxsave = c & (1u << 27), avx = c & (1u << 28);
  if (!osxsave || !avx) return f;
  uint32_t xcr0Low = 0, xcr0High = 0;
  __asm__ volatile("xgetbv" : "=a"(xcr0Low), "=d"(xcr0High) : "c"(0));
  const bool avxState = (xcr0Low & 0x6) == 0x6;        // SSE and AVX registers saved
  const bool avx512State = (xcr0Low & 0xE6) == 0xE6;   // plus opmask and ZMM state
  if (!avxState) return f;
  f.fma = fma;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return f;
  f.avx2 = b & (1u << 5);
  if (avx512State) {
    f.avx512f = b & (1u << 16);
    f.avx512dq = b & (1u << 17);
    f.avx512cd = b & (1u << 28);
    f.avx512bw = b & (1u << 30);
    f.avx512vl = b & (1u << 31);
    if (__get_cpuid_count(7, 1, &a, &b, &c, &d)) f.avx512bf16 = a & (1u << 5);
  }
#endif
  return f;
}

std::string openBlasCoreFor(const std::string& detectedCore, const CpuFeatures& cpu) {
  std::string core = detectedCore;
  std::transform(core.begin(), core.end(), core.begin(),
                 [](unsigned char ch) { return char(std::tolower(ch)); });
  // OpenBLAS's x86 cores without AVX2 kernels (its fallbacks for unknown CPUs
  // are prescott and, in some builds, generic names).
  static const char* const kPreAvx2[] = {
      "prescott", "core2",   "penryn",    "dunnington", "nehalem",   "atom",       "katmai",
      "coppermine", "northwood", "banias", "athlon",   "opteron",  "opteron_sse3", "barcelona",
      "bobcat",   "nano",    "sandybridge", "bulldozer", "piledriver", "generic",  "unknown"};
  const bool fellBack = std::find(std::begin(kPreAvx2), std::end(kPreAvx2), core) != std::end(kPreAvx2);
  if (!fellBack || !cpu.avx2 || !cpu.fma) return "";
  const bool skylakeX = cpu.avx512f && cpu.avx512bw && cpu.avx512dq && cpu.avx512vl && cpu.avx512cd;
  if (skylakeX) return cpu.avx512bf16 ? "Cooperlake" : "SkylakeX";
  return "Haswell";
}

std::string openBlasCoreName() {
  using CoreName = char* (*)();
  auto fn = reinterpret_cast<CoreName>(::dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (fn == nullptr) return "";
  const char* name = fn();
  return name ? name : "";
}

bool cpuRunsAvx512Kernels() {
  static const bool avx512 = [] {
    const CpuFeatures cpu = CpuFeatures::detect();
    return cpu.avx512f && cpu.avx512bw;
  }();
  return avx512;
}

std::string describeBlasCore() {
  const std::string core = openBlasCoreName();
  if (core.empty()) return "not OpenBLAS (no openblas_get_corename in this process)";
  const char* forced = std::getenv("OPENBLAS_CORETYPE");
  const char* detected = std::getenv("GPNMSA_OPENBLAS_DETECTED");
  if (forced && detected)
    return "OpenBLAS core " + core + " (OpenBLAS detected " + detected + "; chosen by gpnmsa)";
  if (forced) return "OpenBLAS core " + core + " (OPENBLAS_CORETYPE=" + forced + ", set by the user)";
  return "OpenBLAS core " + core + " (as OpenBLAS detected it)";
}

}  // namespace gpnmsa
