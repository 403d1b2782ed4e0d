#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Adds a `phylop` column to a table written by `gpnmsa score` (TSV), taken
from a fixedStep/variableStep wiggle (plain or gzip) at each row's position.
usage: add_phylop.py SCORED.tsv PHYLOP.wig[.gz] OUT.tsv"""
import gzip
import sys


def read_wiggle(path):
    values = {}
    opener = gzip.open if path.endswith(".gz") else open
    mode, pos, step = None, 0, 1
    with opener(path, "rt") as f:
        for line in f:
            w = line.split()
            if not w or w[0] in ("track", "browser") or w[0].startswith("#"):
                continue
            if w[0] in ("fixedStep", "variableStep"):
                kv = dict(x.split("=", 1) for x in w[1:])
                mode = w[0]
                pos, step = int(kv.get("start", 1)), int(kv.get("step", 1))
                continue
            if mode == "fixedStep":
                values[pos] = w[0]
                pos += step
            else:
                values[int(w[0])] = w[1]
    return values


def main():
    scored, wig, out = sys.argv[1:4]
    phylop = read_wiggle(wig)
    with open(scored) as f, open(out + ".tmp", "w") as o:
        header = None
        for line in f:
            if line.startswith("#"):
                o.write(line)
                continue
            cols = line.rstrip("\n").split("\t")
            if header is None:
                header = cols
                o.write("\t".join(cols + ["phylop"]) + "\n")
                continue
            pos = int(cols[header.index("pos")])
            o.write("\t".join(cols + [phylop.get(pos, "")]) + "\n")
    import os
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
