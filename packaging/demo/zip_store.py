#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Zips a Zarr store directory the way the authors ship theirs (entries stored,
not deflated: the chunks are Blosc-compressed already). Entries are sorted and
dated 1980-01-01 so that the same store always gives the same bytes."""
import os
import sys
import zipfile


def zip_store(src, out):
    if not os.path.isfile(os.path.join(src, ".zgroup")):
        sys.exit("zip_store.py: %s: not a Zarr group (no .zgroup)" % src)
    names = []
    for root, _, files in os.walk(src):
        for name in files:
            full = os.path.join(root, name)
            names.append(os.path.relpath(full, src))
    tmp = out + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED, allowZip64=True) as z:
        for rel in sorted(names):
            info = zipfile.ZipInfo(rel, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            with open(os.path.join(src, rel), "rb") as f:
                z.writestr(info, f.read(), zipfile.ZIP_STORED)
    os.replace(tmp, out)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: zip_store.py STORE_DIR OUT.zip")
    zip_store(sys.argv[1], sys.argv[2])


if __name__ == "__main__":
    main()
