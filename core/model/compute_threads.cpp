// SPDX-License-Identifier: GPL-3.0-or-later
#include "compute_threads.h"

#include <torch/torch.h>

#include <ATen/Parallel.h>

#include <atomic>
#include <thread>

namespace gpnmsa {

int applyComputeThreads(int threads) {
  // libtorch's own default follows OpenMP's, which is 1 on some machines
  // (seen on Debian 12 with 2 cores): "0 = all cores" must be said explicitly.
  if (threads <= 0) threads = int(std::max(1u, std::thread::hardware_concurrency()));
  if (torch::get_num_threads() != threads) torch::set_num_threads(threads);
  return torch::get_num_threads();
}

int parallelTasksFor(int64_t n, int64_t grain) {
  std::atomic<int> tasks{0};
  at::parallel_for(0, n, grain, [&](int64_t, int64_t) { ++tasks; });
  return tasks.load();
}

}  // namespace gpnmsa
