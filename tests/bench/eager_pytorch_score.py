#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Eager-PyTorch reference pipeline for `gpnmsa score` (a benchmark, not a test).

Scores the SNVs of a VCF with a GPN-MSA checkpoint (config.json +
model.safetensors) on a Zarr alignment store the way gpnmsa does: one
128-bp window per site and strand (the variant at index 64, clamped at the
chromosome's ends, masked), batches of --sites-per-batch sites (both strands
of a site in the same batch), score = mean of the forward-strand
logit(ALT) - logit(REF) and the reverse-strand one on complemented bases.
The forward pass is a plain re-implementation with torch.nn.functional ops
(no TorchScript, no fusion), independent of gpnmsa's C++ code.

Needs Debian's python3-torch (1.13) and python3-zarr:
  apt install python3-torch python3-zarr
Usage: eager_pytorch_score.py MODEL_DIR MSA_ZARR VARIANTS_VCF OUT_TSV [--threads 2]
Prints the wall time of the scoring and of the whole process to stderr.
"""
import argparse
import json
import math
import sys
import time

T0 = time.monotonic()

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import zarr  # noqa: E402

WINDOW, CENTRE, MASK = 128, 64, 5
BASE = np.zeros(256, dtype=np.uint8)
for i, b in enumerate("ACGT", start=1):
    BASE[ord(b)] = BASE[ord(b.lower())] = i
COMPLEMENT = np.array([0, 4, 3, 2, 1, 5], dtype=np.uint8)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
        data = f.read()
    dtypes = {"F32": np.float32, "F16": np.float16}
    out = {}
    for key, meta in header.items():
        if key == "__metadata__":
            continue
        lo, hi = meta["data_offsets"]
        a = np.frombuffer(data[lo:hi], dtype=dtypes[meta["dtype"]]).reshape(meta["shape"])
        out[key] = torch.from_numpy(a.astype(np.float32))
    return out


class EagerGpnMsa:
    def __init__(self, model_dir):
        self.cfg = json.load(open(model_dir + "/config.json"))
        self.w = read_safetensors(model_dir + "/model.safetensors")
        c = self.cfg
        self.H, self.heads = c["hidden_size"], c["num_attention_heads"]
        self.d = self.H // self.heads
        self.eps = c.get("layer_norm_eps", 1e-12)
        if "model.encoder.embed_positions.weight" in self.w:
            self.pos = self.w["model.encoder.embed_positions.weight"]
        else:  # the sinusoidal table: sin | cos halves
            j = np.arange(self.d // 2)
            theta = np.arange(c["max_position_embeddings"])[:, None] / np.power(10000.0, 2 * j / self.d)
            self.pos = torch.from_numpy(np.concatenate([np.sin(theta), np.cos(theta)], 1).astype(np.float32))

    def lin(self, x, name):
        return F.linear(x, self.w[name + ".weight"], self.w[name + ".bias"])

    def norm(self, x, name):
        return F.layer_norm(x, (x.shape[-1],), self.w[name + ".weight"], self.w[name + ".bias"], self.eps)

    def rotary(self, x, sin, cos):
        rotated = torch.stack([-x[..., 1::2], x[..., 0::2]], -1).reshape_as(x)
        return x * cos + rotated * sin

    def forward(self, human, aux, positions):
        """human [B, L], aux [B, L, S] int64 tokens -> logits [B, 6] at positions."""
        B, L = human.shape
        c = self.cfg
        x = torch.zeros(B, L, self.H)
        x.scatter_(2, human.unsqueeze(-1), 1.0)
        offsets = torch.arange(aux.shape[2]) * c["aux_features_vocab_size"] + c["vocab_size"]
        x.scatter_(2, aux + offsets, 1.0)
        half = self.d // 2
        sin = self.pos[:L, :half].repeat_interleave(2, -1)
        cos = self.pos[:L, half:].repeat_interleave(2, -1)
        for i in range(c["num_hidden_layers"]):
            p = f"model.encoder.layer.{i}"
            split = lambda t: t.view(B, L, self.heads, self.d).transpose(1, 2)  # noqa: E731
            q = self.rotary(split(self.lin(x, p + ".attention.self.query")), sin, cos)
            k = self.rotary(split(self.lin(x, p + ".attention.self.key")), sin, cos)
            v = split(self.lin(x, p + ".attention.self.value"))
            if c.get("rotary_value", False):
                v = self.rotary(v, sin, cos)
            probs = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.d), -1)
            ctx = (probs @ v).transpose(1, 2).reshape(B, L, self.H)
            a = self.norm(self.lin(ctx, p + ".attention.output.dense") + x, p + ".attention.output.LayerNorm")
            h = F.gelu(self.lin(a, p + ".intermediate.dense"))
            x = self.norm(self.lin(h, p + ".output.dense") + a, p + ".output.LayerNorm")
        rows = x[torch.arange(B), positions]
        t = self.norm(F.gelu(self.lin(rows, "cls.predictions.transform.dense")),
                      "cls.predictions.transform.LayerNorm")
        return self.lin(t, "cls.predictions.decoder")


def read_vcf(path):
    out = []
    for line in open(path):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        out.append((f[0], int(f[1]), f[3], f[4]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model"), ap.add_argument("msa"), ap.add_argument("vcf"), ap.add_argument("out")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sites-per-batch", type=int, default=8)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model = EagerGpnMsa(a.model)
    store = zarr.open(a.msa, mode="r")
    variants = read_vcf(a.vcf)
    sites = list(dict.fromkeys((chrom, pos) for chrom, pos, _, _ in variants))
    t_score = time.monotonic()
    logits = {}
    with torch.inference_mode():
        for b in range(0, len(sites), a.sites_per_batch):
            human, aux, positions = [], [], []
            for chrom, pos in sites[b:b + a.sites_per_batch]:
                arr = store[chrom]
                start = min(max(pos - 1 - CENTRE, 0), arr.shape[0] - WINDOW)
                index = pos - 1 - start
                rows = BASE[np.frombuffer(arr[start:start + WINDOW].tobytes(), dtype=np.uint8)
                            .reshape(WINDOW, -1)]
                fwd = rows.copy()
                fwd[index, 0] = MASK
                rev = COMPLEMENT[rows[::-1]]
                rev[WINDOW - 1 - index, 0] = MASK
                for w, p in ((fwd, index), (rev, WINDOW - 1 - index)):
                    human.append(w[:, 0])
                    aux.append(w[:, 1:])
                    positions.append(p)
            out = model.forward(torch.from_numpy(np.stack(human).astype(np.int64)),
                                torch.from_numpy(np.stack(aux).astype(np.int64)),
                                torch.tensor(positions))
            for j, site in enumerate(sites[b:b + a.sites_per_batch]):
                logits[site] = (out[2 * j], out[2 * j + 1])
    scoring = time.monotonic() - t_score
    with open(a.out, "w") as f:
        f.write("chrom\tpos\tref\talt\tscore\n")
        for chrom, pos, ref, alt in variants:
            fwd, rev = logits[(chrom, pos)]
            r, x = int(BASE[ord(ref)]), int(BASE[ord(alt)])
            score = ((fwd[x] - fwd[r]) + (rev[5 - x] - rev[5 - r])).item() / 2
            f.write(f"{chrom}\t{pos}\t{ref}\t{alt}\t{score:.6g}\n")
    print(f"eager pytorch: {len(sites)} sites, {a.threads} threads, scoring {scoring:.2f} s, "
          f"whole process {time.monotonic() - T0:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
