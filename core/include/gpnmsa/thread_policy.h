// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>

#include "gpnmsa/model_kind.h"

namespace gpnmsa {

// How the program's threads should be set up for the work it is about to do,
// chosen before the runtimes start (they read their settings while the
// program loads, so a change needs one re-execution; see applyThreadPolicy).
// Why two settings, and why not always:
// - OPENBLAS_CORETYPE: Debian 12's OpenBLAS picks kernels by CPU model and
//   falls back to SSE3 ones on a CPU newer than itself (blas_core.h).
// - OMP_WAIT_POLICY=PASSIVE: libtorch runs element-wise work on libgomp's
//   threads and F32 products on OpenBLAS's own pthreads. By default libgomp's
//   idle threads spin after every parallel region on the cores OpenBLAS's
//   threads need next: on a 2-core AMD EPYC ~35% of the F32 forward pass was
//   spin-waiting, and PASSIVE doubled its speed (4.1 -> 8.4 windows/s).
// Both matter only where OpenBLAS runs the products: training, GPN-Star, and
// builds without oneDNN. GPN-MSA's inference runs every product on oneDNN,
// on the same OpenMP pool as everything else; there PASSIVE costs speed
// (threads sleep and wake between the many short regions of a forward
// pass: bf16 31 -> 44 windows/s and F32 10.3 -> 11.6 with libgomp spinning,
// 2026-12-01), and the re-execution costs ~0.5 s of start-up (libtorch is
// loaded twice).
struct ThreadPolicy {
  bool openBlasCore = false;  // set OPENBLAS_CORETYPE where OpenBLAS fell back
  bool passiveWait = false;   // set OMP_WAIT_POLICY=PASSIVE
};

// For products on OpenBLAS (training, and any work in a build without oneDNN).
ThreadPolicy openBlasThreadPolicy();
// For inference with a model of `kind` on `device` ("cpu", "cuda", ...):
// nothing for GPN-MSA on the CPU when this build has oneDNN, nothing on a
// GPU, OpenBLAS's policy otherwise.
ThreadPolicy inferenceThreadPolicy(ModelKind kind, const std::string& device);

// Remembers the program's arguments for a later re-execution; call first
// thing in main().
void rememberProgramArguments(char** argv);

// Sets what `policy` asks for that the user has not set (a user's own values
// are left as set) and, if anything was set, re-executes /proc/self/exe with
// the remembered arguments, once (the variables themselves are the guard).
// Call before the work starts and before anything irreversible (outputs,
// reading standard input); a library must not re-execute its host. Returns
// normally when nothing needs doing or when the re-execution failed (then
// the program runs on with the runtimes' defaults).
void applyThreadPolicy(ThreadPolicy policy);

// One line for benchmark headers: OMP_WAIT_POLICY and who set it, e.g.
// "libgomp's default (not set)" or "PASSIVE (set by gpnmsa)".
std::string describeWaitPolicy();

}  // namespace gpnmsa
