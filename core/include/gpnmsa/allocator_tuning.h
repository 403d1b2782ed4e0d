// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace gpnmsa {

// Process-wide malloc setting for long scoring runs; called once by the
// programs' main() (a library must not change it behind its host's back).
// Why: glibc raises its mmap threshold each time a large block is freed, so
// the model's multi-MB activation buffers end up on the heap, interleaved
// with the long-lived alignment-chunk cache entries; the heap then cannot
// shrink and grows with the number of chunks cached (measured: 10,000 SNVs
// over 200 kb peaked at 782 MB against 353 MB for 1,000 SNVs over 20 kb).
// A fixed 1-MiB threshold keeps every buffer of 1 MiB or more in its own
// mapping, returned to the system when freed.
void tuneAllocatorForScoring();

}  // namespace gpnmsa
