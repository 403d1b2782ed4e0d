#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Moves the demo bundle from its own coordinates (position p = 1..200,001 of
a 200,001-bp chromosome "22") to real hg38 coordinates: position p + OFFSET of
chromosome 22 at its full hg38 length. Deterministic (same input, same bytes).

SRC holds the demo in its own coordinates: msa.zarr (directory) or
msa.zarr.zip, variants.vcf, truth.bed, split.tsv, phylop.holdout.wig[.gz].
DST receives the same files at hg38 coordinates (the store as msa.zarr.zip).

The store keeps its chunking (512 rows), compressor, dtype and fill value;
row r of the new array is row r - OFFSET of the old one. Only chunks that
overlap the aligned rows are written: Zarr v2 reads an absent chunk as the
fill value, and gpnmsa reads it as "no alignment here" (status not_aligned).
Rows of those chunks outside the aligned rows hold the fill value (NUL).
Needs python3-zarr and python3-numcodecs (packaging/setup.sh).

usage: place_at_hg38.py [--offset 16599999] [--length 50818468] SRC DST
"""
import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numcodecs
import zarr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zip_store import zip_store  # noqa: E402

HG38_CHR22 = 50818468
OFFSET = 16599999  # demo position 1 = hg38 chr22:16,600,000


def die(msg):
    sys.exit("place_at_hg38.py: " + msg)


def open_source_store(src):
    d, z = os.path.join(src, "msa.zarr"), os.path.join(src, "msa.zarr.zip")
    if os.path.isdir(d):
        return zarr.open_group(zarr.DirectoryStore(d), mode="r")
    if os.path.isfile(z):
        return zarr.open_group(zarr.ZipStore(z, mode="r"), mode="r")
    die("%s holds neither msa.zarr nor msa.zarr.zip" % src)


def place_store(src, dst_zip, offset, length):
    old = open_source_store(src)
    names = sorted(old.array_keys())
    if names != ["22"]:
        die("expected one array '22' in the demo store, found %s" % names)
    a = old["22"]
    if offset + a.shape[0] > length:
        die("rows 0-%d + offset %d do not fit in %d rows" % (a.shape[0], offset, length))
    with tempfile.TemporaryDirectory(prefix="demo-hg38-") as tmp:
        out = os.path.join(tmp, "msa.zarr")
        g = zarr.open_group(zarr.DirectoryStore(out), mode="w")
        attrs = dict(old.attrs)
        attrs["description"] = (
            "SIMULATED alignment for the GPN-MSA Studio demo at hg38 coordinates: array '22' "
            "has the length of hg38 chr22 (%d rows) but only rows %d-%d (0-based, = "
            "chr22:%d-%d) are aligned; absent chunks mean no alignment. Column 0 is real hg38 "
            "sequence with simulated repeat soft-masking; columns 1..89 are simulated along the "
            "multiz100way tree (packaging/demo/make_demo_data.sh)"
            % (length, offset, offset + a.shape[0] - 1, offset + 1, offset + a.shape[0]))
        attrs["aligned_rows"] = [offset, offset + a.shape[0]]
        g.attrs.update(attrs)
        comp = a.compressor
        if not isinstance(comp, numcodecs.Blosc):
            die("expected a Blosc compressor, found %r" % comp)
        b = g.create_dataset("22", shape=(length, a.shape[1]), chunks=a.chunks, dtype=a.dtype,
                             compressor=comp, fill_value=a.fill_value, order=a.order,
                             filters=a.filters)
        # Chunk by chunk of the new array, so memory stays small.
        rows = a.chunks[0]
        first, last = offset // rows, (offset + a.shape[0] - 1) // rows
        for k in range(first, last + 1):
            lo, hi = max(k * rows, offset), min((k + 1) * rows, offset + a.shape[0])
            b[lo:hi] = a[lo - offset:hi - offset]
        zip_store(out, dst_zip)


def place_vcf(src, dst, offset, length):
    with open(src) as f, open(dst, "w") as o:
        for line in f:
            if line.startswith("##contig=<ID=22,"):
                line = ('##contig=<ID=22,length=%d,assembly=hg38,description="hg38 chromosome 22; '
                        'the demo alignment covers chr22:%d-%d only">\n'
                        % (length, offset + 1, offset + 200001))
            elif not line.startswith("#"):
                cols = line.split("\t")
                cols[1] = str(int(cols[1]) + offset)
                line = "\t".join(cols)
            o.write(line)


def place_split(src, dst, offset):
    with open(src) as f, open(dst, "w") as o:
        for line in f:
            if not line.startswith("#"):
                cols = line.rstrip("\n").split("\t")
                cols[1], cols[2] = str(int(cols[1]) + offset), str(int(cols[2]) + offset)
                line = "\t".join(cols) + "\n"
            o.write(line)


def place_bed(src, dst, offset):
    with open(src) as f, open(dst, "w") as o:
        for line in f:
            if line.startswith("#") or not line.strip():
                o.write(line)
                continue
            cols = line.rstrip("\n").split("\t")
            cols[1], cols[2] = str(int(cols[1]) + offset), str(int(cols[2]) + offset)
            o.write("\t".join(cols) + "\n")


def place_wig(src, dst, offset):
    opener = gzip.open if src.endswith(".gz") else open
    tmp = dst + ".tmp"
    with opener(src, "rt") as f, open(tmp, "w") as o:
        for line in f:
            if line.startswith(("fixedStep", "variableStep")):
                line = re.sub(r"\bchrom=\S+", "chrom=chr22", line)
                line = re.sub(r"\bstart=(\d+)", lambda m: "start=%d" % (int(m.group(1)) + offset), line)
            elif line.split() and line.split()[0].isdigit() and len(line.split()) == 2:
                w = line.split()  # variableStep: POS VALUE
                line = "%d\t%s\n" % (int(w[0]) + offset, w[1])
            o.write(line)
    with open(dst, "wb") as out:
        subprocess.run(["gzip", "-n", "-9", "-c", tmp], stdout=out, check=True)
    os.remove(tmp)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--offset", type=int, default=OFFSET)
    p.add_argument("--length", type=int, default=HG38_CHR22)
    p.add_argument("src")
    p.add_argument("dst")
    a = p.parse_args()
    if os.path.abspath(a.src) == os.path.abspath(a.dst):
        die("SRC and DST must differ")
    os.makedirs(a.dst, exist_ok=True)
    place_store(a.src, os.path.join(a.dst, "msa.zarr.zip"), a.offset, a.length)
    place_vcf(os.path.join(a.src, "variants.vcf"), os.path.join(a.dst, "variants.vcf"), a.offset, a.length)
    place_split(os.path.join(a.src, "split.tsv"), os.path.join(a.dst, "split.tsv"), a.offset)
    place_bed(os.path.join(a.src, "truth.bed"), os.path.join(a.dst, "truth.bed"), a.offset)
    wig = os.path.join(a.src, "phylop.holdout.wig.gz")
    if not os.path.exists(wig):
        wig = os.path.join(a.src, "phylop.holdout.wig")
    place_wig(wig, os.path.join(a.dst, "phylop.holdout.wig.gz"), a.offset)


if __name__ == "__main__":
    main()
