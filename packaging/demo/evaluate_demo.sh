#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Compares three scores on the demo hold-out's 400 SIMULATED SNVs (200 at
# constrained positions, 200 neutral; labels = ID prefix): the demo model's
# GPN-MSA score, the alignment-frequency baseline log((alt+1)/(ref+1)) and
# phast's phyloP of the same alignment (resources/demo/phylop.holdout.wig.gz).
#
# usage: packaging/demo/evaluate_demo.sh [WORK_DIR] [BUNDLE_DIR]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-${TMPDIR:-/tmp}/gpnmsa-demo-eval}
bundle=${2:-$root/resources/demo}
gpnmsa=${GPNMSA:-$root/build/app/gpnmsa}
mkdir -p "$work"

"$gpnmsa" score -q --baseline --model "$bundle/model" --msa "$bundle/msa.zarr.zip" \
  -i "$bundle/variants.vcf" -o "$work/scored.tsv"
/usr/bin/python3 "$here/add_phylop.py" "$work/scored.tsv" "$bundle/phylop.holdout.wig.gz" \
  "$work/scored_phylop.tsv"
"$gpnmsa" evaluate -i "$work/scored_phylop.tsv" --label-from-id --positive Constrained \
  --score score --score af_baseline --higher-is-positive phylop -o "$work/metrics.tsv"
