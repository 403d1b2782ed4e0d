// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace gpnmsa {

// Sets libtorch's intra-op threads: `threads` > 0 as given, 0 = every core.
// Returns the number in effect.
int applyComputeThreads(int threads);

}  // namespace gpnmsa
