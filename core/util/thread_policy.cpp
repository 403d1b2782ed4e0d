// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/thread_policy.h"

#include <unistd.h>

#include <cstdlib>

namespace gpnmsa {

void applyThreadPolicy(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;  // the user's, or ours after the exec
  if (argv == nullptr || argv[0] == nullptr) return;
  if (::setenv("OMP_WAIT_POLICY", "PASSIVE", 1) != 0) return;
  ::execv("/proc/self/exe", argv);
  // No /proc (or exec refused): run on with the default policy, and let
  // child processes choose for themselves.
  ::unsetenv("OMP_WAIT_POLICY");
}

}  // namespace gpnmsa
