// SPDX-License-Identifier: GPL-3.0-or-later
// Counting the model's forward passes (encoder runs: one per batch of
// windows, whatever logits accessor asked for it), so tests can check that a
// cache spared the model work, and a job can tell how many passes it caused.
// Two counters, both incremented by every pass of every model (GpnMsaModel,
// GpnStarModel):
// process-wide (atomic), and per thread (a job runs in a thread of its own,
// so the difference of its thread's counter is exactly the passes it made,
// however many other jobs run at the same time).
#pragma once
#include <cstdint>

namespace gpnmsa {

// Forward passes run in this process since it started, by any thread.
int64_t forwardPassesInProcess();
// Forward passes run by the calling thread since it started.
int64_t forwardPassesOnThisThread();

// Counts one pass in both (called by the models' encoders).
void countForwardPass();

}  // namespace gpnmsa
