#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# CTest: the Snakemake workflow (packaging/workflow) on a small stretch of the
# demo region in 3 chunks, with Debian's snakemake --cores 2; its merged
# scores.tsv.bgz must hold the same rows as one `gpnmsa score-region` of the
# whole stretch, and its merged bigWigs the same values.
# Usage: test_workflow.sh GPNMSA SOURCE_DIR
set -eu
GPNMSA=$1
SRC=$2
if ! command -v snakemake >/dev/null 2>&1; then
  echo "SKIP: snakemake is not installed (packaging/setup.sh installs it)"
  exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
printf 'chr22\t16650000\t16650120\tdemo\n' > "$TMP/demo.bed"
run_workflow() {
  snakemake --snakefile "$SRC/packaging/workflow/Snakefile" --cores 2 --quiet --directory "$TMP" \
    --config gpnmsa="$GPNMSA" regions_bed="$TMP/demo.bed" chunk_size=40 threads=1 outdir="$TMP/results" \
    > "$TMP/snakemake.log" 2>&1 || { cat "$TMP/snakemake.log"; exit 1; }
}
start=$(date +%s)
run_workflow
echo "workflow run: $(( $(date +%s) - start )) s"
R=$TMP/results
test "$(ls "$R"/chunks/*.tsv.bgz | wc -l)" -eq 3 || { echo "FAIL: expected 3 chunks"; ls "$R/chunks"; exit 1; }
"$GPNMSA" score-region -q --threads 1 --region chr22:16650001-16650120 -o "$TMP/single.tsv.bgz" \
  --bigwig-prefix "$TMP/single"
bgzip -dc "$R/scores.tsv.bgz" > "$TMP/merged.tsv"
bgzip -dc "$TMP/single.tsv.bgz" > "$TMP/single.tsv"
test -s "$TMP/single.tsv" || { echo "FAIL: the single run wrote no rows"; exit 1; }
cmp "$TMP/merged.tsv" "$TMP/single.tsv" || { echo "FAIL: merged rows differ from the single run"; diff "$TMP/merged.tsv" "$TMP/single.tsv" | head; exit 1; }
# The merged index answers a query inside the middle chunk.
test "$(tabix "$R/scores.tsv.bgz" 22:16650050-16650059 | wc -l)" -eq \
  "$(awk '$2>=16650050 && $2<=16650059' "$TMP/single.tsv" | wc -l)" || { echo "FAIL: tabix query"; exit 1; }
# bigWig values: merged chunks == single run (gpnmsa merge-bigwig of one file
# rewrites it value by value, so equal values give equal bytes).
for t in logo_A logo_C logo_G logo_T min_score; do
  "$GPNMSA" merge-bigwig -o "$TMP/a.bw" "$R/$t.bw"
  "$GPNMSA" merge-bigwig -o "$TMP/b.bw" "$TMP/single.$t.bw"
  cmp "$TMP/a.bw" "$TMP/b.bw" || { echo "FAIL: $t.bw differs from the single run"; exit 1; }
done
(cd "$R" && sha256sum -c --quiet checksums.sha256) || { echo "FAIL: checksums"; exit 1; }
grep -q "SNVs written: $(wc -l < "$TMP/single.tsv") " "$R/report.txt" || { echo "FAIL: report"; cat "$R/report.txt"; exit 1; }
# Resumable: the state a failed chunk leaves (its outputs gone, no merge)
# is completed by running again; the intact chunks are not redone.
cp -p "$R/benchmarks/chunk_00000.tsv" "$TMP/kept.tsv"
rm "$R"/chunks/00001.* "$R"/scores.tsv.bgz* "$R"/*.bw "$R"/checksums.sha256 "$R"/report.txt
run_workflow
test -s "$R/chunks/00001.tsv.bgz" || { echo "FAIL: the lost chunk was not redone"; exit 1; }
cmp "$R/benchmarks/chunk_00000.tsv" "$TMP/kept.tsv" || { echo "FAIL: an intact chunk was redone"; exit 1; }
bgzip -dc "$R/scores.tsv.bgz" | cmp - "$TMP/single.tsv" || { echo "FAIL: rows differ after the resumed run"; exit 1; }
echo "workflow: 3 chunks merged == single score-region ($(wc -l < "$TMP/single.tsv") rows)"
cat "$R/report.txt"
