#!/bin/sh
# Throughput of `gpnmsa score` with a full-size (768x12, 89 species) random-weight
# model on a synthetic alignment. Usage: tests/bench/bench_score.sh BUILD_DIR [THREADS...]
set -eu
build=${1:-build}; shift || true
data=$build/bench-data
[ -d "$data/model" ] || "$build/tests/bench/make_bench_data" "$data" --variants 60
for t in ${*:-1 2}; do
  /usr/bin/time -f "threads=$t wall=%es maxrss=%MkB" \
    "$build/app/gpnmsa" score --model "$data/model" --msa "$data/msa.zarr" \
    -i "$data/variants.vcf" -o "$data/out-$t.tsv" --threads "$t" 2>&1 | grep -E "scoring:.*in|threads="
done
