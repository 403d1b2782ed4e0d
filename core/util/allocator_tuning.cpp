// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/allocator_tuning.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace gpnmsa {

void tuneAllocatorForScoring() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 1 << 20);  // also disables the dynamic adjustment
#endif
}

}  // namespace gpnmsa
