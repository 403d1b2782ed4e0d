#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run_fuzzers.sh BUILD_DIR SECONDS_PER_TARGET [TARGET...]
#
# Runs every fuzz target built in BUILD_DIR (configured with -DGPNMSA_FUZZ=ON,
# see README, "Fuzzing"), or the TARGETs named (e.g. "vcf maf"), for
# SECONDS_PER_TARGET each on a scratch copy of its seed corpus (the committed
# corpus is never modified) and past findings, with a dictionary where
# tests/fuzz/dict/<target>.dict exists. Prints per target the executions,
# seconds, corpus files (seeds -> after the run) and the result. Exits 1 if
# any target finds a crash, hang (-timeout=10), leak or OOM
# (-rss_limit_mb=2048), or is missing; the inputs that did it are copied to
# BUILD_DIR/fuzz-findings/<target>/ and the end of its log is printed.
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS_PER_TARGET [TARGET...]" >&2
  exit 2
fi
build=$1
secs=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
bindir=$build/tests/fuzz

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for src in "$here"/fuzz_*.cpp; do
    name=$(basename "$src" .cpp)
    targets+=("${name#fuzz_}")
  done
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/gpnmsa-fuzz-run.XXXXXX")
trap 'rm -rf "$work"' EXIT
findings=$build/fuzz-findings
status=0
total_execs=0
total_secs=0

printf '%-16s %12s %8s %14s  %s\n' target executions seconds corpus result
for t in "${targets[@]}"; do
  bin=$bindir/fuzz_$t
  if [ ! -x "$bin" ]; then
    printf '%-16s %12s %8s %14s  %s\n' "$t" - - - "MISSING ($bin not built)"
    status=1
    continue
  fi
  corpus=$work/corpus/$t
  artifacts=$work/artifacts/$t
  mkdir -p "$corpus" "$artifacts"
  for d in "$here/corpus/$t" "$here/regressions/$t"; do
    [ -d "$d" ] && find "$d" -type f ! -name '.*' -exec cp {} "$corpus"/ \;
  done
  seeds=$(find "$corpus" -type f | wc -l)
  dict=()
  [ -f "$here/dict/$t.dict" ] && dict=(-dict="$here/dict/$t.dict")
  log=$work/$t.log
  start=$(date +%s.%N)
  # libtorch has no frame pointers: its allocations need the slow unwinder
  # for lsan.supp to see the frames it names.
  asan=${ASAN_OPTIONS:-}
  case $t in safetensors | pytorch_bin) asan="fast_unwind_on_malloc=0${asan:+:$asan}" ;; esac
  ASAN_OPTIONS=$asan LSAN_OPTIONS="suppressions=$here/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -detect_leaks=1 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" "$corpus" >"$log" 2>&1
  rc=$?
  end=$(date +%s.%N)
  elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
  execs=$(awk '/stat::number_of_executed_units/ { n = $2 } END { print n + 0 }' "$log")
  after=$(find "$corpus" -type f | wc -l)
  found=$(find "$artifacts" -type f | wc -l)
  result=ok
  if [ "$rc" -ne 0 ] || [ "$found" -gt 0 ]; then
    result="FAILED (exit $rc, $found input(s) in $findings/$t/)"
    status=1
    mkdir -p "$findings/$t"
    find "$artifacts" -type f -exec cp {} "$findings/$t/" \;
    cp "$log" "$findings/$t/fuzz.log"
  fi
  printf '%-16s %12s %8s %14s  %s\n' "$t" "$execs" "$elapsed" "$seeds -> $after" "$result"
  if [ "$result" != ok ]; then
    # The sanitizer's or libFuzzer's verdict and the project's frames.
    grep -E 'ERROR:|SUMMARY:|what\(\)|Test unit written|in gpnmsa::|in LLVMFuzzerTestOneInput' "$log" |
      head -n 20 | sed 's/^/    /'
  fi
  total_execs=$((total_execs + execs))
  total_secs=$((total_secs + elapsed))
done
printf '%-16s %12s %8s\n' total "$total_execs" "$total_secs"
exit $status
