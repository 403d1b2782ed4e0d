// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace gpnmsa {

// Gives the program OpenMP's passive wait policy and, where OpenBLAS did not
// recognise the CPU, its right kernel set (blas_core.h), both chosen before
// the runtimes start; called first thing in the programs' main() (a library must
// not re-execute its host).
// Why: libtorch runs its element-wise work on libgomp's threads and its F32
// matrix products on OpenBLAS's own pthreads. By default libgomp's idle
// threads spin for milliseconds after every parallel region, on the very
// cores OpenBLAS's threads then need (and OpenBLAS's spin with sched_yield
// while libgomp works): on a 2-core AMD EPYC a profile showed ~35% of the
// time in spin-waiting and sched_yield, and OMP_WAIT_POLICY=PASSIVE took the
// F32 forward pass from 4.1 to 8.4 windows/s. libgomp reads the policy once,
// in a constructor that runs before main(), so setenv() in main() is too
// late (and OpenBLAS reads OPENBLAS_CORETYPE while the program loads): when
// the user has not set them, this sets OMP_WAIT_POLICY and, if needed,
// OPENBLAS_CORETYPE, and re-executes /proc/self/exe with the same arguments,
// once (the variables themselves are the guard). A user's own values are
// left as set. Returns normally when nothing needs doing or when
// the re-execution failed (then the program runs with libgomp's default).
void applyThreadPolicy(char** argv);

}  // namespace gpnmsa
