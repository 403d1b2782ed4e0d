#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# replay.sh FUZZER DIR...: runs FUZZER once on every file in the DIRs that
# exist (seed corpus, past findings); fails if any input crashes, leaks or
# throws. Used by the fuzz_replay_* CTest tests.
set -eu
fuzzer=$1
shift
for dir in "$@"; do
  [ -d "$dir" ] || continue
  find "$dir" -type f ! -name '.*' -exec "$fuzzer" -detect_leaks=1 {} +
done
