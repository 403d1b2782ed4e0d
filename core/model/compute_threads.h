// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <cstdint>

namespace gpnmsa {

// Sets libtorch's intra-op threads: `threads` > 0 as given, 0 = every core.
// Returns the number in effect.
int applyComputeThreads(int threads);

// Into how many parallel tasks this library's at::parallel_for splits `n`
// items of `grain` at least, at libtorch's present thread count: 1 when the
// library was compiled without OpenMP (core/CMakeLists.txt). For tests.
int parallelTasksFor(int64_t n, int64_t grain);

}  // namespace gpnmsa
