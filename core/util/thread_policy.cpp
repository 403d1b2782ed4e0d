// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/thread_policy.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "gpnmsa/blas_core.h"

namespace gpnmsa {

namespace {
char** g_argv = nullptr;
// Set beside OMP_WAIT_POLICY when gpnmsa chose it, so reports can tell the
// program's choice from the user's (as GPNMSA_OPENBLAS_DETECTED does).
constexpr const char* kWaitMarker = "GPNMSA_SET_WAIT_POLICY";
}  // namespace

ThreadPolicy openBlasThreadPolicy() { return {true, true}; }

void rememberProgramArguments(char** argv) { g_argv = argv; }

void applyThreadPolicy(ThreadPolicy policy) {
  if (g_argv == nullptr || g_argv[0] == nullptr) return;
  const bool setWait = policy.passiveWait && std::getenv("OMP_WAIT_POLICY") == nullptr &&
                       ::setenv("OMP_WAIT_POLICY", "PASSIVE", 1) == 0;
  if (setWait) ::setenv(kWaitMarker, "1", 1);
  bool setCore = false;
  if (policy.openBlasCore && std::getenv("OPENBLAS_CORETYPE") == nullptr) {
    const std::string detected = openBlasCoreName();
    const std::string better = openBlasCoreFor(detected, CpuFeatures::detect());
    setCore = !better.empty() && ::setenv("OPENBLAS_CORETYPE", better.c_str(), 1) == 0;
    if (setCore) ::setenv("GPNMSA_OPENBLAS_DETECTED", detected.c_str(), 1);  // for `gpnmsa bench`
  }
  if (!setWait && !setCore) return;
  ::execv("/proc/self/exe", g_argv);
  // No /proc (or exec refused): run on with the defaults, and let child
  // processes choose for themselves.
  if (setWait) {
    ::unsetenv("OMP_WAIT_POLICY");
    ::unsetenv(kWaitMarker);
  }
  if (setCore) {
    ::unsetenv("OPENBLAS_CORETYPE");
    ::unsetenv("GPNMSA_OPENBLAS_DETECTED");
  }
}

std::string describeWaitPolicy() {
  const char* value = std::getenv("OMP_WAIT_POLICY");
  if (value == nullptr) return "libgomp's default (not set)";
  if (std::getenv(kWaitMarker) != nullptr) return std::string(value) + " (set by gpnmsa)";
  return std::string(value) + " (OMP_WAIT_POLICY, set by the user)";
}

}  // namespace gpnmsa
