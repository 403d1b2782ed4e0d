#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/) from the
test data in tests/data (excerpts of a few KB, cut at line or block
boundaries) plus a few small synthetic inputs (tiny model files, a GFF3, score
lines). Standard library only. Deterministic: run it again after changing the
test data, and commit the result.

    python3 tests/fuzz/make_seeds.py

The zip-index sidecar seeds (corpus/zip_index/sidecar-*) are made by the fuzz
target itself (GPNMSA_FUZZ_KEEP_SIDECAR), see README, "Fuzzing"."""
import gzip
import io
import json
import os
import shutil
import struct
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
OUT = os.path.join(HERE, "corpus")
sys.path.insert(0, DATA)
import derive_parity_fixtures as dpf  # noqa: E402  (its torch.save stand-ins)

LIMIT = 6000  # bytes per excerpt


def data(*parts):
    with open(os.path.join(DATA, *parts), "rb") as f:
        return f.read()


def excerpt(blob, limit=LIMIT, keep_header=True, sep=b"\n"):
    """The header lines (if any) and as many whole records as fit in `limit`."""
    if len(blob) <= limit:
        return blob
    cut = blob.rfind(sep, 0, limit)
    return blob[:cut + 1] if cut > 0 else blob[:limit]


def body(blob):
    """The records of a VCF (after the #CHROM line)."""
    lines = blob.split(b"\n")
    return b"\n".join(l for l in lines if not l.startswith(b"#"))


def put(target, name, blob):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    with open(os.path.join(OUT, target, name), "wb") as f:
        f.write(blob)


def locus():
    for i, text in enumerate(["chr1:12345", "1:12,345-12,400", "chr1-12345-A-G", "1:12345:A:G",
                              " X:1-3000 ", "chr22:10510072", "1:0", "MT:1-2"]):
        put("locus", "seed%d" % i, text.encode())


def zarr():
    z = os.path.join("parity", "msa.zarr")
    put("zarr_meta", "zarray-X", b"\0" + data(z, "X", ".zarray"))
    put("zarr_meta", "zarray-1", b"\0" + data(z, "1", ".zarray"))
    put("zarr_meta", "zgroup", b"\1" + data(z, ".zgroup"))
    meta = json.loads(data(z, "X", ".zarray"))
    cells = meta["chunks"][0] * meta["chunks"][1]
    for chunk in ("0.0", "5.0"):
        put("blosc_chunk", "X-" + chunk, struct.pack("<I", cells) + b"\1" + data(z, "X", chunk))
    put("blosc_chunk", "raw", struct.pack("<I", 64) + b"\0" + b"ACGTN-acgtn" * 5 + b"A" * 9)


def zips():
    z = os.path.join(DATA, "parity", "msa.zarr")
    names = [".zgroup", "X/.zarray", "X/0.0", "1/.zarray"]
    for method, tag in ((zipfile.ZIP_STORED, "stored"), (zipfile.ZIP_DEFLATED, "deflated")):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", method) as zf:
            for n in names:
                info = zipfile.ZipInfo(n, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = method
                zf.writestr(info, open(os.path.join(z, n), "rb").read())
        put("zip_index", "zip-" + tag, b"\0" + buf.getvalue())
    # The pytorch_model.bin layout (zip64 end records, data descriptors).
    put("zip_index", "zip64-torch", b"\0" + tiny_pytorch_bin())


def variants():
    for n in ("bad_pos.vcf", "empty.vcf", "multiallelic.vcf", "with_gpn_msa.vcf"):
        put("vcf", n, data("io", n))
    put("vcf", "parity-variants.vcf", excerpt(data("parity", "variants.vcf")))
    put("vcf", "ensembl-vep-chr21.vcf", excerpt(data("real", "variants", "ensembl-vep.test.GRCh38.chr21.vcf")))
    put("vcf", "clinvar-gnomad.vcf", excerpt(data("real", "variants", "clinvar-gnomad-example.vcf")))
    for n in ("vep_csq_pick.vcf", "snpeff_ann_multiallelic.vcf", "bcftools_bcsq.vcf", "vep_ann.vcf"):
        put("vcf", n, excerpt(data("annotations", n)))
    put("text_variants", "three_fields.txt", b"\0" + data("io", "three_fields.txt"))
    put("text_variants", "headerless.txt", b"\0" + b"1\t100\t.\tA\tG\nchr2\t5\trs1\tC\tT,*\n")
    put("text_variants", "columns.tsv", b"\1" + data("io", "columns.tsv"))
    put("text_variants", "bad_pos.tsv", b"\1" + data("io", "bad_pos.tsv"))
    put("text_variants", "parity-variants.tsv", b"\1" + excerpt(data("parity", "variants.tsv"), 2000))
    put("text_variants", "quoted.csv", b"\2" + data("io", "quoted.csv"))
    put("text_variants", "missing_alt.csv", b"\2" + data("io", "missing_alt.csv"))


def annotations():
    # Byte 0 as fuzz_annotations.cpp reads it: 0 VEP CSQ, 1 SnpEff ANN, 2 BCSQ, 3 VEP under ANN; 4 = INFO/AF.
    put("annotations", "vep_csq_pick", b"\0" + body(data("annotations", "vep_csq_pick.vcf")))
    put("annotations", "vep_csq_pick-af", b"\4" + body(data("annotations", "vep_csq_pick.vcf")))
    put("annotations", "snpeff_multiallelic", b"\1" + body(data("annotations", "snpeff_ann_multiallelic.vcf")))
    put("annotations", "bcsq", b"\2" + excerpt(body(data("annotations", "bcftools_bcsq.vcf")), 3000))
    put("annotations", "bcsq-af", b"\6" + excerpt(body(data("annotations", "bcftools_bcsq.vcf")), 1500))


def maf():
    for n in ("hg16.5way.ucsc_test.biopython.maf", "hg38.multiz100way.chr22_10510072.maftk.maf",
              "mm10.9species.chr12.bx-python.maf", "mm8.11species.chr7_tiny.bx-python.maf"):
        put("maf", n, b"\0" + excerpt(data("real", "maf", n), sep=b"\n\n"))
    put("maf", "hg16-strict", b"\1" + data("real", "maf", "hg16.5way.ucsc_test.biopython.maf"))


def scores():
    rows = []
    for chrom in ("1", "22"):
        for pos in range(10510070, 10510080):
            for alt in "ACGT"[:3]:
                rows.append("%s\t%d\tT\t%s\t%.3f" % (chrom, pos, alt, (pos % 17 - 8) / 3.0))
    rows.append("22\t10510090\tA\tC\tnan")
    put("score_lines", "scores", ("\n".join(rows) + "\n").encode())


def genes():
    for n in ("Homo_sapiens.GRCh38.99.chr22_16550000-16850000.gtf",
              "gencode.v33.basic.annotation.chr22_16550000-16850000.gtf"):
        put("gene_annotation", n, b"\0" + excerpt(data("genes", n)))
        put("gene_annotation", n + ".gz", b"\1" + excerpt(data("genes", n), 3000))
    gff3 = (b"##gff-version 3\n"
            b"NC_000022.11\tBestRefSeq\tgene\t1000\t9000\t.\t+\t.\tID=gene-ABC;Name=ABC;gene_biotype=protein_coding\n"
            b"NC_000022.11\tBestRefSeq\tmRNA\t1000\t9000\t.\t+\t.\tID=rna-NM_1.2;Parent=gene-ABC;Name=NM_1.2;tag=MANE Select\n"
            b"NC_000022.11\tBestRefSeq\texon\t1000\t1500\t.\t+\t.\tID=exon-1;Parent=rna-NM_1.2\n"
            b"NC_000022.11\tBestRefSeq\texon\t8000\t9000\t.\t+\t.\tID=exon-2;Parent=rna-NM_1.2\n"
            b"NC_000022.11\tBestRefSeq\tCDS\t1200\t1500\t.\t+\t0\tID=cds-1;Parent=rna-NM_1.2\n"
            b"NC_000022.11\tBestRefSeq\tCDS\t8000\t8500\t.\t+\t0\tID=cds-1;Parent=rna-NM_1.2\n"
            b"chr22\tHAVANA\tgene\t20000\t30000\t.\t-\t.\tID=ENSG1.1;gene_name=DEF;gene_type=lncRNA\n")
    put("gene_annotation", "refseq.gff3", b"\2" + gff3)
    with open(os.path.join(HERE, "..", "..", "resources", "demo", "genes",
                           "gencode.v33.basic.annotation.chr22_16550000-16850000.gff3"), "rb") as f:
        gencode = f.read()
    put("gene_annotation", "gencode.gff3", b"\2" + excerpt(gencode))
    put("gene_annotation", "refseq.gff3.gz", b"\3" + gff3)


def clinvar():
    put("clinvar", "clinvar-excerpt.vcf", excerpt(gzip.decompress(data("clinvar", "clinvar_20230710.GRCh37.excerpt.vcf.gz"))))


def model_files():
    for d in ("tiny", "tiny-fp16", "species89"):
        put("model_config", d + ".json", data("parity", d, "config.json"))
    # Small safetensors: F32, F16 and BF16 tensors, metadata, padding.
    header = {"__metadata__": {"format": "pt"},
              "a.weight": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
              "b.bias": {"dtype": "F16", "shape": [4], "data_offsets": [24, 32]},
              "c": {"dtype": "BF16", "shape": [1, 2, 2], "data_offsets": [32, 40]},
              "d": {"dtype": "F32", "shape": [], "data_offsets": [40, 44]}}
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    put("safetensors", "small.safetensors", struct.pack("<Q", len(raw)) + raw + bytes(range(44)))
    put("pytorch_bin", "small.bin", tiny_pytorch_bin())


def tiny_pytorch_bin():
    """Two F32 tensors written the way torch.save does (derive_parity_fixtures' stand-ins)."""
    s0 = dpf.Storage("0", 6, struct.pack("<6f", *range(6)))
    s1 = dpf.Storage("1", 4, struct.pack("<4f", 1, 2, 3, 4))
    state = {"a.weight": dpf.Tensor(s0, [2, 3]), "b.bias": dpf.Tensor(s1, [4])}
    buf = io.BytesIO()
    saved = {m: sys.modules.get(m) for m in ("torch", "torch._utils")}
    sys.modules["torch"], sys.modules["torch._utils"] = dpf._torch, dpf._torch_utils
    try:
        dpf.Pickler(buf, protocol=2).dump(state)
    finally:
        for m, mod in saved.items():
            if mod is None:
                sys.modules.pop(m, None)
            else:
                sys.modules[m] = mod
    entries = [("data.pkl", buf.getvalue()), ("data/0", s0.data), ("data/1", s1.data), ("version", b"3\n")]
    path = os.path.join(OUT, ".tmp-torch.bin")
    os.makedirs(OUT, exist_ok=True)
    dpf.write_torch_zip(path, "pytorch_model", entries)
    with open(path, "rb") as f:
        blob = f.read()
    os.remove(path)
    return blob


def parquet():
    # Whole files (Parquet cannot be cut): the two score shards (ZSTD, SNAPPY;
    # several row groups, dictionary strings) and the smaller calibration table.
    for name in ["scores/llr_chr1.parquet", "scores/entropy_chr1.parquet", "calibration_table/entropy.parquet"]:
        put("parquet", name.replace("/", "-"), data("gpnstar", *name.split("/")))
    # Hand-written: nulls, data page v2, BOOLEAN, INT32, uncompressed pages.
    put("parquet", "edge_cases.parquet", data("parquet", "edge_cases.parquet"))


def main():
    for d in os.listdir(OUT) if os.path.isdir(OUT) else []:
        # Keep the sidecar seeds (made by the fuzzer, see the docstring).
        p = os.path.join(OUT, d)
        for n in os.listdir(p):
            if not n.startswith("sidecar-"):
                os.remove(os.path.join(p, n))
    locus(); zarr(); zips(); variants(); annotations(); maf(); scores(); genes(); clinvar(); model_files(); parquet()


if __name__ == "__main__":
    main()
