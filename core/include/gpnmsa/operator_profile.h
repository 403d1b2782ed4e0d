// SPDX-License-Identifier: GPL-3.0-or-later
// Where a forward pass spends its time, per libtorch operator (and per
// named block of the engine's own loops), for `gpnmsa bench --profile`:
// the question a perf profile of a stripped libtorch cannot answer.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace gpnmsa {

struct OperatorTime {
  std::string name;         // e.g. "aten::addmm", "gpnmsa::splitRotate"
  int64_t calls = 0;
  double selfSeconds = 0;   // inside this operator, minus the operators it called
};

struct OperatorProfile {
  double wallSeconds = 0;        // of the whole call
  double outsideSeconds = 0;     // wall time in no operator on the calling thread
  std::vector<OperatorTime> operators;  // by self time, largest first
};

// Runs `fn` once under libtorch's CPU profiler (record-function events on
// the calling thread and the intra-op threads it starts) and sums each
// operator's self time. Profiling adds a little time per operator call.
OperatorProfile profileOperators(const std::function<void()>& fn);

}  // namespace gpnmsa
