// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/operator_profile.h"

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace gpnmsa {

namespace prof = torch::autograd::profiler;

OperatorProfile profileOperators(const std::function<void()>& fn) {
  prof::enableProfilerLegacy(
      torch::profiler::impl::ProfilerConfig(torch::profiler::impl::ProfilerState::CPU));
  const auto t0 = std::chrono::steady_clock::now();
  try {
    fn();
  } catch (...) {
    prof::disableProfilerLegacy();
    throw;
  }
  OperatorProfile out;
  out.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const prof::thread_event_lists lists = prof::disableProfilerLegacy();

  // Events of one thread nest (push ... pop): self time is a range's length
  // minus its children's. Only the thread with the most top-level time is the
  // caller; its uncovered wall time is work outside any operator.
  std::map<std::string, OperatorTime> byName;
  double callerTopLevel = 0;
  for (const auto& events : lists) {
    struct Open {
      const prof::LegacyEvent* push;
      double childUs;
    };
    std::vector<Open> stack;
    double topLevel = 0;
    for (const prof::LegacyEvent& e : events) {
      if (e.kind() == prof::EventKind::PushRange) {
        stack.push_back({&e, 0});
      } else if (e.kind() == prof::EventKind::PopRange && !stack.empty()) {
        const Open open = stack.back();
        stack.pop_back();
        const double us = open.push->cpuElapsedUs(e);
        OperatorTime& t = byName[open.push->name()];
        t.name = open.push->name();
        ++t.calls;
        t.selfSeconds += (us - open.childUs) / 1e6;
        if (stack.empty())
          topLevel += us;
        else
          stack.back().childUs += us;
      }
    }
    callerTopLevel = std::max(callerTopLevel, topLevel / 1e6);
  }
  out.outsideSeconds = std::max(0.0, out.wallSeconds - callerTopLevel);
  for (auto& [name, t] : byName) out.operators.push_back(std::move(t));
  std::sort(out.operators.begin(), out.operators.end(),
            [](const OperatorTime& a, const OperatorTime& b) { return a.selfSeconds > b.selfSeconds; });
  return out;
}

}  // namespace gpnmsa
