#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints the MAF blocks whose first (reference) row starts at or after a
1-based position: phyloP then scores only the hold-out part. The simulated
MAF's blocks have a fixed width, so the hold-out start is a block boundary;
a block straddling it is an error rather than a silent cut."""
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: maf_slice.py ALIGNMENT.maf FIRST_POS_1BASED")
    path, first = sys.argv[1], int(sys.argv[2]) - 1
    out = sys.stdout
    block, keep = [], None
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if line.startswith("##maf"):
                out.write(line)
            elif line.startswith("a"):
                block, keep = [line], None
            elif line.startswith("s ") and block:
                if keep is None:
                    fields = line.split()
                    start, size = int(fields[2]), int(fields[3])
                    if start < first < start + size:
                        sys.exit("maf_slice.py: %s:%d: block %d-%d straddles %d"
                                 % (path, n, start, start + size, first + 1))
                    keep = start >= first
                block.append(line)
            elif not line.strip() and block:
                if keep:
                    out.write("".join(block) + "\n")
                block = []
    if block and keep:
        out.write("".join(block) + "\n")


if __name__ == "__main__":
    main()
