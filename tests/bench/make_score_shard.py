#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a synthetic GPN-Star LLR score shard (the released column layout:
chrom, pos, ref, alt, llr_calibrated, abs_llr_calibrated; three rows per
position, sorted) large enough to benchmark lookups (bench_score_shards):

    python3 tests/bench/make_score_shard.py OUT.parquet [POSITIONS] [ROWS_PER_GROUP]

Defaults: 2,000,000 positions (6,000,000 rows), 1,048,576 rows per row group
(pyarrow's default; the release's row-group size is not documented). Pages
are uncompressed (the standard library has no Snappy/Zstd), strings are
dictionary-encoded, pos has min/max statistics. Values are a function of
the position, so the benchmark can check every answer:
ref = "ACGT"[(pos * 7) % 4]; llr_calibrated of the k-th other base =
-(pos % 997) / 100 - k; abs_llr_calibrated = its absolute value.
Uses the Thrift compact encoder of tests/data/parquet/make_edge_cases.py."""
import array
import importlib.util
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("pq", os.path.join(HERE, "..", "data", "parquet", "make_edge_cases.py"))
pq = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pq)
Struct, T_STRUCT, T_BINARY, T_I32 = pq.Struct, pq.T_STRUCT, pq.T_BINARY, pq.T_I32

BASES = "ACGT"


def rows_of(first_pos, last_pos):
    """Columns for positions first..last inclusive (three rows each)."""
    pos, ref, alt, llr = array.array("q"), [], [], array.array("f")
    for p in range(first_pos, last_pos + 1):
        r = (p * 7) % 4
        k = 0
        for a in range(4):
            if a == r:
                continue
            pos.append(p)
            ref.append(r)
            alt.append(a)
            llr.append(-(p % 997) / 100.0 - k)
            k += 1
    return pos, ref, alt, llr


def bitpack2(values):
    """One bit-packed run of 2-bit values (the RLE/bit-packed hybrid)."""
    vals = list(values) + [0] * (-len(values) % 8)
    packed = bytes(vals[i] | vals[i + 1] << 2 | vals[i + 2] << 4 | vals[i + 3] << 6 for i in range(0, len(vals), 4))
    return pq.varint(((len(vals) // 8) << 1) | 1) + packed


def dictionary_chunk(words, indices, width):
    dict_bytes = b"".join(pq.with_length(w.encode()) for w in words)
    dict_page = pq.page_header(2, len(dict_bytes), Struct().i32(1, len(words)).i32(2, 0)) + dict_bytes
    if width == 2:
        body = bitpack2(indices)
    else:  # one RLE run of index 0
        body = pq.varint(len(indices) << 1) + b"\x00"
    data = pq.v1_page(len(indices), 8, bytes([width]) + body)
    return dict_page + data, len(dict_page)


def main():
    out_path = sys.argv[1]
    positions = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000_000
    group_rows = int(sys.argv[3]) if len(sys.argv) > 3 else 1_048_576
    first = 10_000_001
    out = bytearray(b"PAR1")
    groups = []
    total = 0
    p = first
    last_pos = first + positions - 1
    per_group = max(1, group_rows // 3)  # whole positions per group (a straddling one is tested elsewhere)
    while p <= last_pos:
        q = min(last_pos, p + per_group - 1)
        pos, ref, alt, llr = rows_of(p, q)
        n = len(pos)
        absl = array.array("f", (abs(x) for x in llr))
        columns = []
        chrom_chunk, chrom_off = dictionary_chunk(["22"], [0] * n, 1)
        columns.append(("chrom", 6, chrom_chunk, chrom_off, True, None))
        stats = Struct().i64(3, 0).binary(5, struct.pack("<q", pos[-1])).binary(6, struct.pack("<q", pos[0]))
        columns.append(("pos", 2, pq.v1_page(n, 0, pos.tobytes()), 0, False, stats))
        ref_chunk, ref_off = dictionary_chunk(list(BASES), ref, 2)
        columns.append(("ref", 6, ref_chunk, ref_off, True, None))
        alt_chunk, alt_off = dictionary_chunk(list(BASES), alt, 2)
        columns.append(("alt", 6, alt_chunk, alt_off, True, None))
        columns.append(("llr_calibrated", 4, pq.v1_page(n, 0, llr.tobytes()), 0, False, None))
        columns.append(("abs_llr_calibrated", 4, pq.v1_page(n, 0, absl.tobytes()), 0, False, None))
        structs = []
        group_start = len(out)
        for name, ptype, data, data_off, has_dict, st in columns:
            start = len(out)
            out += data
            meta = (Struct().i32(1, ptype).list(2, T_I32, [0, 3, 8] if has_dict else [0, 3])
                    .list(3, T_BINARY, [name.encode()]).i32(4, 0).i64(5, n).i64(6, len(data)).i64(7, len(data))
                    .i64(9, start + data_off))
            if has_dict:
                meta.i64(11, start)
            if st is not None:
                meta.struct(12, st)
            structs.append(Struct().i64(2, start).struct(3, meta))
        groups.append(Struct().list(1, T_STRUCT, structs).i64(2, len(out) - group_start).i64(3, n))
        total += n
        p = q + 1
    schema = [Struct().binary(4, b"schema").i32(5, 6)]
    for name, ptype in [("chrom", 6), ("pos", 2), ("ref", 6), ("alt", 6), ("llr_calibrated", 4),
                        ("abs_llr_calibrated", 4)]:
        schema.append(Struct().i32(1, ptype).i32(3, 0).binary(4, name.encode()))
    footer = (Struct().i32(1, 1).list(2, T_STRUCT, schema).i64(3, total).list(4, T_STRUCT, groups)
              .binary(6, b"make_score_shard.py (GPN-MSA Studio benchmark)").end())
    out += footer + struct.pack("<I", len(footer)) + b"PAR1"
    with open(out_path, "wb") as f:
        f.write(out)
    print(f"{out_path}: {total} rows, {len(groups)} row groups, {len(out)} bytes, positions {first}..{last_pos}")


if __name__ == "__main__":
    main()
