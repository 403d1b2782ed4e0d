#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the demo VCF: SIMULATED SNVs in the hold-out part, with truth labels.

Constrained = positions whose simulated substitution rate is at most 0.15 of
neutral (strong/medium conserved elements, exon codon positions 1 and 2);
neutral = positions evolving at the neutral rate (incl. soft-masked repeats).
Weakly conserved sites and 3rd codon positions are left out so that the two
labels are clear-cut. The label is both the ID prefix (Constrained_/Neutral_,
like Pathogenic_/Common_ in the authors' ClinVar example) and INFO CLASS.
Python 3 standard library only; deterministic for a given --seed.
"""
import argparse
import random
import sys

BASES = "ACGT"


def die(msg):
    sys.exit("make_demo_vcf.py: " + msg)


def read_fasta_one(path):
    parts = []
    with open(path) as f:
        for line in f:
            if not line.startswith(">"):
                parts.append(line.strip())
    return "".join(parts)


def per_position_truth(bed, length):
    """0-based arrays: class name and rate multiplier of each position."""
    klass = ["neutral"] * length
    rate = [1.0] * length
    with open(bed) as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 8:
                die("%s:%d: expected 8 columns" % (bed, n))
            s, e, name, strand, rtext = int(fields[1]), int(fields[2]), fields[3], fields[5], fields[6]
            if not (0 <= s < e <= length):
                die("%s:%d: interval %d-%d outside 0-%d" % (bed, n, s, e, length))
            if name == "exon":
                rates = [float(x) for x in rtext.split(",")]
                for i in range(s, e):
                    k = (i - s) % 3 if strand == "+" else (e - 1 - i) % 3
                    klass[i] = "exon_cp%d" % (k + 1)
                    rate[i] = rates[k]
            else:
                for i in range(s, e):
                    klass[i] = name
                    rate[i] = float(rtext)
    return klass, rate


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reference", required=True)
    p.add_argument("--truth", required=True, help="truth.bed from simulate_alignment.py")
    p.add_argument("--holdout-start", type=int, required=True, help="1-based first hold-out position")
    p.add_argument("--chrom", default="22")
    p.add_argument("--per-label", type=int, default=200)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("-o", "--output", required=True)
    a = p.parse_args()

    seq = read_fasta_one(a.reference)
    length = len(seq)
    klass, rate = per_position_truth(a.truth, length)
    # 64 bp from the ends so every variant has a full 128-bp window.
    lo, hi = max(a.holdout_start - 1, 64), length - 64
    constrained = [i for i in range(lo, hi) if rate[i] <= 0.15]
    neutral = [i for i in range(lo, hi) if rate[i] == 1.0]
    if len(constrained) < a.per_label or len(neutral) < a.per_label:
        die("hold-out has %d constrained and %d neutral positions; %d each needed"
            % (len(constrained), len(neutral), a.per_label))
    rng = random.Random(a.seed)
    picked = [(i, "constrained") for i in rng.sample(constrained, a.per_label)]
    picked += [(i, "neutral") for i in rng.sample(neutral, a.per_label)]
    picked.sort()
    with open(a.output, "w") as f:
        f.write("##fileformat=VCFv4.2\n")
        f.write("##source=GPN-MSA Studio demo (packaging/demo/make_demo_data.sh): SIMULATED variants "
                "on a SIMULATED alignment; not real variants\n")
        f.write("##SIMULATED=true\n")
        f.write("##contig=<ID=%s,length=%d,description=\"SIMULATED demo chromosome; row 1 = hg38 "
                "chr22:16600000\">\n" % (a.chrom, length))
        f.write("##INFO=<ID=CLASS,Number=1,Type=String,Description=\"Truth label (simulated): "
                "constrained or neutral\">\n")
        f.write("##INFO=<ID=ELEMENT,Number=1,Type=String,Description=\"Simulated class of the "
                "position: conserved_strong, conserved_medium, exon_cp1, exon_cp2, neutral, repeat\">\n")
        f.write("##INFO=<ID=RATE,Number=1,Type=Float,Description=\"Simulated substitution-rate "
                "multiplier relative to neutral\">\n")
        f.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
        counts = {"constrained": 0, "neutral": 0}
        for i, label in picked:
            ref = seq[i].upper()
            alt = rng.choice([b for b in BASES if b != ref])
            counts[label] += 1
            vid = "%s_%d" % ("Constrained" if label == "constrained" else "Neutral", counts[label])
            f.write("%s\t%d\t%s\t%s\t%s\t.\t.\tCLASS=%s;ELEMENT=%s;RATE=%.2f\n"
                    % (a.chrom, i + 1, vid, ref, alt, label, klass[i], rate[i]))


if __name__ == "__main__":
    main()
