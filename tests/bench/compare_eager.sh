#!/bin/sh
# Whole-process time of `gpnmsa score` against an eager PyTorch pipeline of the
# same model (tests/bench/eager_pytorch_score.py) on the same 48 sites: a
# full-size (768x12, 89 species) random-weight model on a synthetic alignment,
# batches of 8 sites (16 windows, both strands), the same thread count.
# Prints both times, their ratio and the largest |score difference| (an
# independent check of the C++ model). A benchmark, never run by ctest.
# Needs: apt install python3-torch python3-zarr
# Usage: tests/bench/compare_eager.sh BUILD_DIR [THREADS [ROUNDS]]
set -eu
build=${1:-build}; threads=${2:-2}; rounds=${3:-3}
here=$(dirname "$0")
data=$build/bench-data-eager
[ -d "$data/model" ] || "$build/tests/bench/make_bench_data" "$data" --variants 48 >/dev/null
now() { date +%s.%N; }
echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
# The two programs run alternately, `rounds` times each: this VM's speed drifts
# by up to 2x within minutes, and alternating puts both under the same drift.
times=""
i=0
while [ "$i" -lt "$rounds" ]; do
  t0=$(now)
  "$build/app/gpnmsa" score -q --model "$data/model" --msa "$data/msa.zarr" -i "$data/variants.vcf" \
    -o "$data/gpnmsa.tsv" --threads "$threads" --batch-size 16
  t1=$(now)
  /usr/bin/python3 "$here/eager_pytorch_score.py" "$data/model" "$data/msa.zarr" "$data/variants.vcf" \
    "$data/eager.tsv" --threads "$threads" --sites-per-batch 8 >/dev/null
  t2=$(now)
  times="$times $t0,$t1,$t2"
  i=$((i + 1))
done
/usr/bin/python3 - "$data/gpnmsa.tsv" "$data/eager.tsv" $times <<'PY'
import csv, statistics, sys
def scores(path):
    rows = [r for r in csv.reader(open(path), delimiter="\t") if r and not r[0].startswith("#")]
    head = [h.lower() for h in rows[0]]
    key = [head.index(k) for k in ("chrom", "pos", "ref", "alt")]
    s = head.index("score")
    return {tuple(r[i] for i in key): float(r[s]) for r in rows[1:]}
a, b = scores(sys.argv[1]), scores(sys.argv[2])
common = a.keys() & b.keys()
assert len(common) == len(b), f"{len(common)} of {len(b)} variants in both outputs"
worst = max(abs(a[k] - b[k]) for k in common)
ours, eager = [], []
for r, triple in enumerate(sys.argv[3:], 1):
    t0, t1, t2 = map(float, triple.split(","))
    ours.append(t1 - t0)
    eager.append(t2 - t1)
    print(f"round {r}: gpnmsa score {t1 - t0:.2f} s; eager pytorch {t2 - t1:.2f} s; "
          f"ratio {(t2 - t1) / (t1 - t0):.2f}x")
mo, me = statistics.median(ours), statistics.median(eager)
print(f"median: gpnmsa score {mo:.2f} s; eager pytorch {me:.2f} s; ratio {me / mo:.2f}x; "
      f"{len(common)} scores, max |dscore| {worst:.2g}")
PY
