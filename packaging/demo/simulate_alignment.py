#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Simulates the GPN-MSA Studio demo alignment (SIMULATED data, not real).

The human row is a real hg38 excerpt; the 89 other species are evolved from
it along the real multiz100way tree (pruned to hg38 + the 89 released
species) under phast's REV neutral model, with per-site rate multipliers:
neutral sequence 1.0, conserved elements of three constraint strengths, and
coding exons whose codon positions evolve at different rates (3rd positions
fastest). Simulated repeats are soft-masked (lower case) in the human row.
Distant species align less often outside constrained sequence, and short
deletions punch gaps, as in real multiz alignments.

Why rooting at hg38 works: the REV model is time-reversible, so evolving the
other species outward from the human sequence along the tree re-rooted at
hg38 samples them from their distribution given the human row (the real
sequence stands in for a draw from the stationary distribution).

Python 3 standard library only; deterministic for a given --seed.
Writes into --out: reference.fa (human row, soft-masked, ">chr22"),
alignment.maf (hg38 + 89 species), truth.bed, neutral.mod (the neutral
model on the pruned tree, for phyloP), split.tsv (train/hold-out ranges).
"""
import argparse
import math
import os
import random
import sys

BASES = "ACGT"

# Substitution-rate multipliers (relative to neutral) of the simulated classes.
CONSERVED_RATES = [(0.05, "strong"), (0.15, "medium"), (0.30, "weak")]
CONSERVED_WEIGHTS = [0.35, 0.40, 0.25]
EXON_RATES = (0.15, 0.08, 0.60)  # codon positions 1, 2, 3


def die(msg):
    sys.exit("simulate_alignment.py: " + msg)


# ---------------------------------------------------------------- inputs
def parse_newick(text):
    """Returns (adjacency {node: [(neighbour, length)]}, leaf names)."""
    text = text.strip().rstrip(";")
    adj = {}
    leaves = []
    counter = [0]
    pos = [0]

    def new_internal():
        counter[0] += 1
        return "#%d" % counter[0]

    def parse_length():
        if pos[0] < len(text) and text[pos[0]] == ":":
            pos[0] += 1
            start = pos[0]
            while pos[0] < len(text) and text[pos[0]] not in ",();":
                pos[0] += 1
            return float(text[start:pos[0]])
        return 0.0

    def parse_node():
        if text[pos[0]] == "(":
            node = new_internal()
            pos[0] += 1
            while True:
                child = parse_node()
                length = parse_length()
                adj.setdefault(node, []).append((child, length))
                adj.setdefault(child, []).append((node, length))
                if text[pos[0]] == ",":
                    pos[0] += 1
                elif text[pos[0]] == ")":
                    pos[0] += 1
                    break
                else:
                    die("newick: unexpected %r at %d" % (text[pos[0]], pos[0]))
            # skip an internal label, if any
            while pos[0] < len(text) and text[pos[0]] not in ",():;":
                pos[0] += 1
            return node
        start = pos[0]
        while pos[0] < len(text) and text[pos[0]] not in ",():;":
            pos[0] += 1
        name = text[start:pos[0]].strip()
        if not name:
            die("newick: empty leaf name at %d" % start)
        leaves.append(name)
        adj.setdefault(name, [])
        return name

    parse_node()
    return adj, leaves


def read_mod(path):
    """phast .mod: background frequencies and the 4x4 REV rate matrix."""
    lines = open(path).read().splitlines()
    background = None
    rate = []
    for i, line in enumerate(lines):
        if line.startswith("BACKGROUND:"):
            background = [float(x) for x in line.split()[1:]]
        if line.startswith("RATE_MAT:"):
            rate = [[float(x) for x in lines[i + 1 + k].split()] for k in range(4)]
    if background is None or len(rate) != 4:
        die("%s: no BACKGROUND or RATE_MAT" % path)
    return background, rate


def read_fasta_one(path):
    name, parts = None, []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith(">"):
                if name is not None:
                    die("%s: more than one sequence" % path)
                name = line[1:].split()[0]
            elif line:
                parts.append(line)
    seq = "".join(parts).upper()
    bad = set(seq) - set(BASES)
    if bad:
        die("%s: unexpected bases %s" % (path, "".join(sorted(bad))))
    return name, seq


# ---------------------------------------------------------------- model
def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(4)) for j in range(4)] for i in range(4)]


def expm(q, t):
    """exp(Q t) by scaling and squaring with a Taylor series (4x4)."""
    a = [[q[i][j] * t for j in range(4)] for i in range(4)]
    norm = max(sum(abs(x) for x in row) for row in a)
    squarings = max(0, int(math.ceil(math.log2(norm / 0.25))) if norm > 0 else 0)
    a = [[x / (2 ** squarings) for x in row] for row in a]
    result = [[1.0 if i == j else 0.0 for j in range(4)] for i in range(4)]
    term = [row[:] for row in result]
    for k in range(1, 18):
        term = matmul(term, a)
        term = [[x / k for x in row] for row in term]
        result = [[result[i][j] + term[i][j] for j in range(4)] for i in range(4)]
    for _ in range(squarings):
        result = matmul(result, result)
    return result


def cumulative_rows(p):
    out = []
    for row in p:
        total, acc = sum(row), []
        s = 0.0
        for x in row:
            s += x / total
            acc.append(s)
        acc[3] = 1.0
        out.append(acc)
    return out


# ---------------------------------------------------------------- annotation
def place_intervals(rng, length, occupied, count, min_len, max_len, margin, log_uniform=True,
                    multiple=1, tries=20000):
    """Non-overlapping intervals [start, end) avoiding `occupied` (bytearray, 1 = taken)."""
    placed = []
    for _ in range(tries):
        if len(placed) >= count:
            break
        if log_uniform:
            n = int(round(math.exp(rng.uniform(math.log(min_len), math.log(max_len)))))
        else:
            n = rng.randint(min_len, max_len)
        n = max(multiple, n - n % multiple)
        start = rng.randint(margin, length - margin - n)
        lo, hi = max(0, start - 10), min(length, start + n + 10)
        if any(occupied[lo:hi]):
            continue
        for i in range(start, start + n):
            occupied[i] = 1
        placed.append((start, start + n))
    return sorted(placed)


def make_annotation(rng, length, holdout_start):
    """Per-position class codes and rates plus the interval list for truth.bed."""
    occupied = bytearray(length)
    intervals = []  # (start, end, name, strand, rate_text, label)
    # Genes: a few exons each, introns of 0.5-6 kb; exon lengths multiple of 3,
    # each exon starting at codon position 1 (in the gene's direction).
    gene_starts = [int(length * f) for f in (0.05, 0.30, 0.55, 0.83)]
    for g, gstart in enumerate(gene_starts):
        strand = "+" if g % 2 == 0 else "-"
        pos = gstart
        for e in range(rng.randint(4, 7)):
            n = rng.randint(20, 80) * 3
            if pos + n >= length - 200:
                break
            if not any(occupied[pos - 10:pos + n + 10]):
                for i in range(pos, pos + n):
                    occupied[i] = 1
                intervals.append((pos, pos + n, "exon", strand,
                                  ",".join("%.2f" % r for r in EXON_RATES), "constrained"))
            pos += n + rng.randint(500, 3000)
    # Conserved elements: ~7% of the sequence, 15-300 bp, three strengths; the
    # hold-out part gets its share like the rest.
    n_elements = int(length * 0.07 / 80)
    for (s, e) in place_intervals(rng, length, occupied, n_elements, 15, 300, 100):
        rate, strength = rng.choices(CONSERVED_RATES, CONSERVED_WEIGHTS)[0]
        intervals.append((s, e, "conserved_" + strength, ".", "%.2f" % rate,
                          "constrained"))
    # Simulated repeats (soft-masked in the human row), neutral: ~30%.
    n_repeats = int(length * 0.30 / 500)
    for (s, e) in place_intervals(rng, length, occupied, n_repeats, 100, 1500, 1, True):
        intervals.append((s, e, "repeat", ".", "1.00", "neutral"))
    intervals.sort()
    rate = [1.0] * length
    klass = ["neutral"] * length
    for (s, e, name, strand, rtext, _) in intervals:
        if name == "exon":
            rates = [float(x) for x in rtext.split(",")]
            for i in range(s, e):
                k = (i - s) % 3 if strand == "+" else (e - 1 - i) % 3
                rate[i] = rates[k]
                klass[i] = "exon_cp%d" % (k + 1)
        elif name.startswith("conserved"):
            r = float(rtext)
            for i in range(s, e):
                rate[i] = r
                klass[i] = name
        else:
            for i in range(s, e):
                klass[i] = "repeat"
    return intervals, rate, klass


# ---------------------------------------------------------------- simulation
def simulate(args):
    rng = random.Random(args.seed)
    adj, leaves = parse_newick(open(args.tree).read())
    species = [l.strip() for l in open(args.species) if l.strip() and not l.startswith("#")]
    if "hg38" not in adj:
        die("%s: no hg38 leaf" % args.tree)
    missing = [s for s in species if s not in adj]
    if missing:
        die("%s: species not in the tree: %s" % (args.tree, " ".join(missing)))
    if sorted(leaves) != sorted(species + ["hg38"]):
        die("%s: leaves differ from hg38 + %s" % (args.tree, args.species))
    background, q = read_mod(args.neutral_mod)
    _, human = read_fasta_one(args.reference)
    length = len(human)
    holdout_start = int(length * (1 - args.holdout_fraction))  # 0-based first hold-out row

    intervals, rate, klass = make_annotation(rng, length, holdout_start)
    distinct_rates = sorted(set(rate))
    rate_index = bytearray(distinct_rates.index(r) for r in rate)

    # Re-root at hg38: walk the tree outward from the human leaf.
    seqs = {"hg38": bytearray(BASES.index(c) for c in human)}
    dist = {"hg38": 0.0}
    order = [("hg38", None)]
    stack = ["hg38"]
    seen = {"hg38"}
    edges = []
    while stack:
        u = stack.pop()
        for (v, t) in adj[u]:
            if v in seen:
                continue
            seen.add(v)
            dist[v] = dist[u] + t
            edges.append((u, v, t))
            stack.append(v)
    for n, (u, v, t) in enumerate(edges):
        tables = [cumulative_rows(expm(q, t * r)) for r in distinct_rates]
        # flatten: tables[rate][parent_base] -> (c0, c1, c2)
        flat = [[(row[0], row[1], row[2]) for row in tab] for tab in tables]
        parent = seqs[u]
        child = bytearray(length)
        rnd = rng.random
        for i in range(length):
            c0, c1, c2 = flat[rate_index[i]][parent[i]]
            x = rnd()
            child[i] = 0 if x < c0 else (1 if x < c1 else (2 if x < c2 else 3))
        seqs[v] = child
        if (n + 1) % 30 == 0 or n + 1 == len(edges):
            print("simulate: %d/%d branches" % (n + 1, len(edges)), file=sys.stderr)

    # Alignment coverage: distant species align mostly in constrained sequence.
    constrained = bytearray(length)
    for (s, e, name, _, _, label) in intervals:
        if label == "constrained":
            for i in range(max(0, s - 20), min(length, e + 20)):
                constrained[i] = 1
    rows = {}
    for sp in species:
        d = dist[sp]
        p_neutral = 0.97 * math.exp(-max(0.0, d - 0.6) * 1.2)
        row = bytearray(ord(BASES[b]) for b in seqs[sp])
        aligned = bytearray(length)
        i = 0
        while i < length:
            n = rng.randint(300, 3000)
            if rng.random() < p_neutral:
                for k in range(i, min(length, i + n)):
                    aligned[k] = 1
            i += n
        # constrained stretches align with probability 0.95 each
        for (s, e, name, _, _, label) in intervals:
            if label == "constrained" and rng.random() < 0.95:
                for k in range(max(0, s - 20), min(length, e + 20)):
                    aligned[k] = 1
        # short deletions in neutral sequence: ~1 per 3 kb, 1-10 bp
        for _ in range(length // 3000):
            s = rng.randrange(length)
            n = rng.randint(1, 10)
            if not any(constrained[s:s + n]):
                for k in range(s, min(length, s + n)):
                    aligned[k] = 0
        for k in range(length):
            if not aligned[k]:
                row[k] = ord("-")
        rows[sp] = row

    os.makedirs(args.out, exist_ok=True)
    human_masked = bytearray(human.encode())
    for (s, e, name, _, _, _) in intervals:
        if name == "repeat":
            human_masked[s:e] = human_masked[s:e].lower()
    write_fasta(os.path.join(args.out, "reference.fa"), args.chrom, human_masked)
    write_maf(os.path.join(args.out, "alignment.maf"), args.chrom, human_masked, species, rows,
              args.block)
    write_truth(os.path.join(args.out, "truth.bed"), args.chrom, intervals)
    write_mod(os.path.join(args.out, "neutral.mod"), args.neutral_mod, args.tree)
    with open(os.path.join(args.out, "split.tsv"), "w") as f:
        f.write("#chrom\tstart\tend\tsplit\t(1-based inclusive)\n")
        f.write("%s\t1\t%d\ttrain\n" % (args.chrom_store, holdout_start))
        f.write("%s\t%d\t%d\tholdout\n" % (args.chrom_store, holdout_start + 1, length))
    counts = {}
    for c in klass:
        counts[c] = counts.get(c, 0) + 1
    for c in sorted(counts):
        print("class %-18s %7d positions" % (c, counts[c]), file=sys.stderr)


def write_fasta(path, name, seq):
    with open(path, "w") as f:
        f.write(">%s\n" % name)
        for i in range(0, len(seq), 60):
            f.write(seq[i:i + 60].decode() + "\n")


def write_maf(path, chrom, human, species, rows, block):
    """One block per `block` columns; species without any base in a block are left out."""
    length = len(human)
    totals = {sp: length - rows[sp].count(b"-") for sp in species}
    starts = {sp: 0 for sp in species}
    with open(path, "w") as f:
        f.write("##maf version=1 scoring=none\n")
        f.write("# SIMULATED alignment for the GPN-MSA Studio demo (packaging/demo); "
                "hg38 row = real hg38 chr22:16600000-16800000, other rows simulated\n\n")
        for b0 in range(0, length, block):
            b1 = min(length, b0 + block)
            f.write("a score=0\n")
            f.write("s hg38.%s %d %d + %d %s\n" % (chrom, b0, b1 - b0, length,
                                                   human[b0:b1].decode()))
            for sp in species:
                text = rows[sp][b0:b1]
                n = (b1 - b0) - text.count(b"-")
                if n == 0:
                    continue
                f.write("s %s.sim%s %d %d + %d %s\n" % (sp, chrom, starts[sp], n, totals[sp],
                                                       text.decode()))
                starts[sp] += n
            f.write("\n")


def write_truth(path, chrom, intervals):
    with open(path, "w") as f:
        f.write("#SIMULATED truth of the GPN-MSA Studio demo alignment (BED, 0-based half-open)\n")
        f.write("#rate = substitution-rate multiplier relative to neutral (exon: codon positions "
                "1,2,3 counted from the exon start on '+', from its end on '-')\n")
        f.write("#chrom\tstart\tend\tclass\tscore\tstrand\trate\tlabel\n")
        for (s, e, name, strand, rtext, label) in intervals:
            f.write("%s\t%d\t%d\t%s\t0\t%s\t%s\t%s\n" % (chrom, s, e, name, strand, rtext, label))


def write_mod(path, template, tree_path):
    """The neutral model with the pruned 90-species tree (phyloP input)."""
    tree = open(tree_path).read().strip()
    out = []
    for line in open(template).read().splitlines():
        out.append("TREE: " + tree if line.startswith("TREE:") else line)
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reference", required=True, help="real hg38 excerpt FASTA (root/human row)")
    p.add_argument("--tree", required=True, help="newick: hg38 + the 89 species, branch lengths")
    p.add_argument("--species", required=True, help="the 89 species, store column order")
    p.add_argument("--neutral-mod", required=True, help="phast REV model (rate matrix)")
    p.add_argument("--out", required=True)
    p.add_argument("--chrom", default="chr22", help="chromosome name in MAF/FASTA")
    p.add_argument("--chrom-store", default="22", help="chromosome name in the store")
    p.add_argument("--seed", type=int, default=20250101)
    p.add_argument("--holdout-fraction", type=float, default=0.2)
    p.add_argument("--block", type=int, default=5000, help="MAF block width")
    simulate(p.parse_args())


if __name__ == "__main__":
    main()
