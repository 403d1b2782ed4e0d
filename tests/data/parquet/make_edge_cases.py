#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes edge_cases.parquet: what the GPN-Star fixture files do not exercise
(real nulls, data page v2, BOOLEAN, INT32, a dictionary page with nulls in
its data page, RLE runs and bit-packed runs, uncompressed pages). Hand-written
Thrift compact encoding, standard library only, deterministic:

    python3 tests/data/parquet/make_edge_cases.py

The values are listed in EXPECTED (test_parquet.cpp checks the same)."""
import os
import struct

# Columns (10 rows; None = null).
IDS = list(range(10))                                                   # INT32 required, v1 PLAIN, statistics
FLAGS = [True, False, True, None, True, True, False, None, False, True]  # BOOLEAN optional, v1 PLAIN
SCORES = [None, 0.5, -1.25, 2.0, 1e-3, None, 3.5, -0.0, 7.75, 1e10]    # DOUBLE optional, v2 PLAIN
NAMES = ["AAA_C", "CCC_G", None, "AAA_C", "GGG_T", "GGG_T", "CCC_G", "AAA_C", "", "GGG_T"]  # dictionary
BIG = [-(2 ** 62), -1, 0, 1, 2 ** 40, 2 ** 62, 5, 6, 7, 8]              # INT64 required, v2 PLAIN
EXPECTED = {"id": IDS, "flag": FLAGS, "score": SCORES, "name": NAMES, "big": BIG}

T_BOOL_TRUE, T_BOOL_FALSE, T_I32, T_I64, T_BINARY, T_LIST, T_STRUCT = 1, 2, 5, 6, 8, 9, 12


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(n):
    return varint((n << 1) ^ (n >> 63))


class Struct:
    """Thrift compact struct: fields added in increasing id order."""

    def __init__(self):
        self.buf = bytearray()
        self.last = 0

    def _head(self, fid, ftype):
        d = fid - self.last
        self.buf += bytes([(d << 4) | ftype]) if 0 < d <= 15 else bytes([ftype]) + zigzag(fid)
        self.last = fid

    def i32(self, fid, v):
        self._head(fid, T_I32)
        self.buf += zigzag(v)
        return self

    def i64(self, fid, v):
        self._head(fid, T_I64)
        self.buf += zigzag(v)
        return self

    def binary(self, fid, v):
        self._head(fid, T_BINARY)
        self.buf += varint(len(v)) + v
        return self

    def boolean(self, fid, v):
        self._head(fid, T_BOOL_TRUE if v else T_BOOL_FALSE)
        return self

    def struct(self, fid, s):
        self._head(fid, T_STRUCT)
        self.buf += s.end()
        return self

    def list(self, fid, etype, items):
        self._head(fid, T_LIST)
        n = len(items)
        self.buf += bytes([(n << 4) | etype]) if n < 15 else bytes([0xF0 | etype]) + varint(n)
        for it in items:
            if etype == T_STRUCT:
                self.buf += it.end()
            elif etype == T_BINARY:
                self.buf += varint(len(it)) + it
            else:
                self.buf += zigzag(it)
        return self

    def end(self):
        return bytes(self.buf) + b"\x00"


def bitpacked(values, width):
    """One bit-packed run of the RLE/bit-packed hybrid (padded to groups of 8)."""
    vals = list(values) + [0] * (-len(values) % 8)
    bits = 0
    for i, v in enumerate(vals):
        bits |= v << (i * width)
    nbytes = len(vals) * width // 8
    return varint(((len(vals) // 8) << 1) | 1) + bits.to_bytes(nbytes, "little")


def rle_runs(values, width):
    """RLE runs only (one per stretch of equal values)."""
    out = bytearray()
    i = 0
    while i < len(values):
        j = i
        while j < len(values) and values[j] == values[i]:
            j += 1
        out += varint((j - i) << 1) + values[i].to_bytes((width + 7) // 8, "little")
        i = j
    return bytes(out)


def page_header(ptype, size, body):
    h = Struct().i32(1, ptype).i32(2, size).i32(3, size)
    fid = {0: 5, 2: 7, 3: 8}[ptype]
    return h.struct(fid, body).end()


def v1_page(num_values, encoding, payload):
    return page_header(0, len(payload), Struct().i32(1, num_values).i32(2, encoding).i32(3, 3).i32(4, 3)) + payload


def v2_page(num_values, nulls, encoding, levels, values):
    body = (Struct().i32(1, num_values).i32(2, nulls).i32(3, num_values).i32(4, encoding)
            .i32(5, len(levels)).i32(6, 0).boolean(7, False))
    return page_header(3, len(levels) + len(values), body) + levels + values


def with_length(b):
    return struct.pack("<I", len(b)) + b


def main():
    chunks = []  # (name, type, repetition, bytes, data page offset within chunk, dictionary?, encodings, stats)

    ids = b"".join(struct.pack("<i", v) for v in IDS)
    stats = Struct().i64(3, 0).binary(5, struct.pack("<i", max(IDS))).binary(6, struct.pack("<i", min(IDS)))
    chunks.append(("id", 1, 0, v1_page(10, 0, ids), 0, False, [0, 3], stats))

    defs = [0 if v is None else 1 for v in FLAGS]
    bits = 0
    present = [v for v in FLAGS if v is not None]
    for i, v in enumerate(present):
        bits |= int(v) << i
    payload = with_length(bitpacked(defs, 1)) + bits.to_bytes((len(present) + 7) // 8, "little")
    chunks.append(("flag", 0, 1, v1_page(10, 0, payload), 0, False, [0, 3], None))

    defs = [0 if v is None else 1 for v in SCORES]
    values = b"".join(struct.pack("<d", v) for v in SCORES if v is not None)
    chunks.append(("score", 5, 1, v2_page(10, 2, 0, rle_runs(defs, 1), values), 0, False, [0, 3], None))

    dictionary = ["AAA_C", "CCC_G", "GGG_T", ""]
    dict_bytes = b"".join(with_length(s.encode()) for s in dictionary)
    dict_page = page_header(2, len(dict_bytes), Struct().i32(1, len(dictionary)).i32(2, 0)) + dict_bytes
    defs = [0 if v is None else 1 for v in NAMES]
    indices = [dictionary.index(v) for v in NAMES if v is not None]
    payload = with_length(rle_runs(defs, 1)) + bytes([2]) + bitpacked(indices, 2)
    chunks.append(("name", 6, 1, dict_page + v1_page(10, 8, payload), len(dict_page), True, [0, 3, 8], None))

    values = b"".join(struct.pack("<q", v) for v in BIG)
    chunks.append(("big", 2, 0, v2_page(10, 0, 0, b"", values), 0, False, [0], None))

    out = bytearray(b"PAR1")
    column_structs = []
    for name, ptype, rep, data, data_off, has_dict, encodings, st in chunks:
        start = len(out)
        out += data
        meta = (Struct().i32(1, ptype).list(2, T_I32, encodings).list(3, T_BINARY, [name.encode()]).i32(4, 0)
                .i64(5, 10).i64(6, len(data)).i64(7, len(data)).i64(9, start + data_off))
        if has_dict:
            meta.i64(11, start)
        if st is not None:
            meta.struct(12, st)
        column_structs.append(Struct().i64(2, start).struct(3, meta))
    schema = [Struct().binary(4, b"schema").i32(5, len(chunks))]
    for name, ptype, rep, *_ in chunks:
        schema.append(Struct().i32(1, ptype).i32(3, rep).binary(4, name.encode()))
    group = Struct().list(1, T_STRUCT, column_structs).i64(2, len(out) - 4).i64(3, 10)
    footer = (Struct().i32(1, 1).list(2, T_STRUCT, schema).i64(3, 10).list(4, T_STRUCT, [group])
              .binary(6, b"make_edge_cases.py (GPN-MSA Studio tests)").end())
    out += footer + struct.pack("<I", len(footer)) + b"PAR1"
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "edge_cases.parquet"), "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
