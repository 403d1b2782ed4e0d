#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates the SIMULATED demo data of resources/demo (all but the model):
#   alignment store (msa.zarr.zip), demo VCF with truth labels, truth.bed,
#   split.tsv (train / hold-out), species list, and phyloP of the hold-out.
# Needs /usr/bin/python3, Debian's phast (phyloP; packaging/setup.sh --demo)
# and a built gpnmsa (GPNMSA=path/to/gpnmsa, default build/app/cli/gpnmsa).
# Deterministic: the same inputs and seeds give the same files.
# The simulation works in the region's own coordinates (position 1 = hg38
# chr22:16,600,000) in $WORK/own-coordinates; place_at_hg38.py then moves everything to
# real hg38 coordinates (chromosome 22 at its full length, 50,818,468 rows,
# with only the chunks of the aligned region present).
#
# usage: packaging/demo/make_demo_data.sh [WORK_DIR] [BUNDLE_DIR]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=${GPNMSA_SHARED_DIR:-$root/../shared}
work=${1:-${TMPDIR:-/tmp}/gpnmsa-demo-work}
bundle=${2:-$root/resources/demo}
gpnmsa=${GPNMSA:-$root/build/app/gpnmsa}
seed=${DEMO_SEED:-20250101}

for tool in "$gpnmsa" /usr/bin/python3 phyloP; do
  command -v "$tool" >/dev/null || { echo "make_demo_data.sh: $tool not found" >&2; exit 1; }
done
[ -d "$shared/data" ] || { echo "make_demo_data.sh: $shared/data not found (set GPNMSA_SHARED_DIR)" >&2; exit 1; }

own="$work/own-coordinates"
mkdir -p "$work" "$own" "$bundle"
species="$shared/data/trees/multiz100way-89-species.txt"

echo "== simulating the alignment (seed $seed)" >&2
/usr/bin/python3 "$here/simulate_alignment.py" \
  --reference "$shared/data/reference/hg38.chr22_16600000-16800000.nf-core.fa" \
  --tree "$shared/data/trees/hg38.100way.pruned_to_gpn-msa_90species.nh" \
  --species "$species" \
  --neutral-mod "$shared/data/simulation/hg38.100way.neutral.REV-template.mod" \
  --seed "$seed" --out "$work"

echo "== importing into the authors' Zarr layout" >&2
"$gpnmsa" import-maf -q --maf "$work/alignment.maf" --reference "$work/reference.fa" \
  --species "$species" --ref-prefix hg38 -o "$work/msa.zarr"
# The store's attributes say what it is.
cat > "$work/msa.zarr/.zattrs" <<'EOF'
{
    "description": "SIMULATED alignment for the GPN-MSA Studio demo: column 0 is real hg38 chr22:16600000-16800000 (row 0 = 16600000) with simulated repeat soft-masking; columns 1..89 are simulated along the multiz100way tree (packaging/demo/make_demo_data.sh)",
    "simulated": true
}
EOF
/usr/bin/python3 "$here/zip_store.py" "$work/msa.zarr" "$own/msa.zarr.zip"

holdout_start=$(awk -F'\t' '$4 == "holdout" { print $2 }' "$work/split.tsv")
echo "== demo VCF (hold-out from row $holdout_start)" >&2
/usr/bin/python3 "$here/make_demo_vcf.py" --reference "$work/reference.fa" --truth "$work/truth.bed" \
  --holdout-start "$holdout_start" -o "$own/variants.vcf"

echo "== phyloP (phast, the simulation's neutral model) on the hold-out" >&2
/usr/bin/python3 "$here/maf_slice.py" "$work/alignment.maf" "$holdout_start" > "$work/holdout.maf"
phyloP --method LRT --mode CONACC --wig-scores --msa-format MAF \
  "$work/neutral.mod" "$work/holdout.maf" > "$work/phylop.holdout.wig"
gzip -n -9 -c "$work/phylop.holdout.wig" > "$own/phylop.holdout.wig.gz"
cp "$work/truth.bed" "$work/split.tsv" "$own/"

echo "== placing the demo at hg38 coordinates (chr22:16,600,000 = demo position 1)" >&2
/usr/bin/python3 "$here/place_at_hg38.py" "$own" "$bundle"
cp "$root/resources/species/multiz100way-89-species.tsv" "$bundle/species.tsv"
echo "== done: $bundle" >&2
