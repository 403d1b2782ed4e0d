// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/thread_policy.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "gpnmsa/blas_core.h"

namespace gpnmsa {

void applyThreadPolicy(char** argv) {
  if (argv == nullptr || argv[0] == nullptr) return;
  // Each variable is set only when the user has not set it, so after the
  // one re-execution nothing is left to set: the variables are the guard.
  const bool setWait =
      std::getenv("OMP_WAIT_POLICY") == nullptr && ::setenv("OMP_WAIT_POLICY", "PASSIVE", 1) == 0;
  bool setCore = false;
  if (std::getenv("OPENBLAS_CORETYPE") == nullptr) {
    const std::string detected = openBlasCoreName();
    const std::string better = openBlasCoreFor(detected, CpuFeatures::detect());
    setCore = !better.empty() && ::setenv("OPENBLAS_CORETYPE", better.c_str(), 1) == 0;
    if (setCore) ::setenv("GPNMSA_OPENBLAS_DETECTED", detected.c_str(), 1);  // for `gpnmsa bench`
  }
  if (!setWait && !setCore) return;
  ::execv("/proc/self/exe", argv);
  // No /proc (or exec refused): run on with the defaults, and let child
  // processes choose for themselves.
  if (setWait) ::unsetenv("OMP_WAIT_POLICY");
  if (setCore) {
    ::unsetenv("OPENBLAS_CORETYPE");
    ::unsetenv("GPNMSA_OPENBLAS_DETECTED");
  }
}

}  // namespace gpnmsa
