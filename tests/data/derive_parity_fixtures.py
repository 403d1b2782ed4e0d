#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Derives the two big species89 parity checkpoints from the F32 one in the repository.

  species89-fp16/model.safetensors  the same tensors rounded to F16 (round to nearest even),
                                     same names, order and __metadata__ as the F32 file
  species89-fp16/config.json        species89/config.json with "torch_dtype": "float16"
  species89/pytorch_model.bin       the same F32 tensors in PyTorch's zip serialization format
                                     (what torch.save writes since 1.6)

Usage: derive_parity_fixtures.py <tests/data/parity> <output parity dir>

Only the Python standard library: the build must not depend on which python3 (with or without
numpy) CMake finds. F16 rounding is struct's 'e' format, which rounds to nearest even like
numpy's astype(float16). The outputs are byte-identical to the files of the same names in the
project's shared reference folder, fixtures/parity (checked when this script was written; see
tests/data/PROVENANCE.md).
"""
import collections
import json
import os
import pickle
import struct
import sys
import types
import zlib
from array import array


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack_from("<Q", blob, 0)
    header = json.loads(blob[8:8 + n], object_pairs_hook=collections.OrderedDict)
    return header, memoryview(blob)[8 + n:]


def write_safetensors(path, header, data):
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)  # the safetensors writer pads the header to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw + data)


def f32_to_f16(buf):
    values = array("f")
    values.frombytes(bytes(buf))
    if sys.byteorder != "little":
        values.byteswap()
    return struct.pack("<%de" % len(values), *values)


def make_fp16(src_dir, out_dir):
    header, data = read_safetensors(os.path.join(src_dir, "model.safetensors"))
    out_header, chunks, offset = collections.OrderedDict(), [], 0
    for name, entry in header.items():
        if name == "__metadata__":
            out_header[name] = entry
            continue
        if entry["dtype"] != "F32":
            sys.exit("%s: %s is %s, expected F32" % (src_dir, name, entry["dtype"]))
        begin, end = entry["data_offsets"]
        half = f32_to_f16(data[begin:end])
        e = collections.OrderedDict(entry)
        e["dtype"] = "F16"
        e["data_offsets"] = [offset, offset + len(half)]
        out_header[name] = e
        chunks.append(half)
        offset += len(half)
    os.makedirs(out_dir, exist_ok=True)
    write_safetensors(os.path.join(out_dir, "model.safetensors"), out_header, b"".join(chunks))
    with open(os.path.join(src_dir, "config.json"), "rb") as f:
        config = f.read()
    old, new = b'"torch_dtype": "float32"', b'"torch_dtype": "float16"'
    if config.count(old) != 1:
        sys.exit("%s/config.json: expected one %s" % (src_dir, old.decode()))
    with open(os.path.join(out_dir, "config.json"), "wb") as f:
        f.write(config.replace(old, new))


# --- pytorch_model.bin -------------------------------------------------------------------
# Stand-ins that pickle under the names torch's own objects pickle under (no torch here).
_torch = types.ModuleType("torch")
_torch_utils = types.ModuleType("torch._utils")


class FloatStorage:
    pass


def _rebuild_tensor_v2(*args):
    raise RuntimeError("stand-in: written, never read")


FloatStorage.__module__, FloatStorage.__qualname__ = "torch", "FloatStorage"
_rebuild_tensor_v2.__module__ = "torch._utils"
_torch.FloatStorage, _torch._utils = FloatStorage, _torch_utils
_torch_utils._rebuild_tensor_v2 = _rebuild_tensor_v2


class Storage:
    def __init__(self, key, numel, data):
        self.key, self.numel, self.data = key, numel, data


class Tensor:
    """A contiguous F32 tensor; pickles as torch.Tensor.__reduce_ex__ does for a CPU tensor."""

    def __init__(self, storage, shape):
        self.storage, self.shape = storage, list(shape)

    def __reduce_ex__(self, protocol):
        stride, s = [], 1
        for d in reversed(self.shape):
            stride.insert(0, s)
            s *= d
        # torch.Size objects: fresh tuples per tensor (the pickler memoizes by identity)
        return (_rebuild_tensor_v2, (self.storage, 0, tuple(self.shape), tuple(stride), False,
                                     collections.OrderedDict()))


class Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", FloatStorage, obj.key, "cpu", obj.numel)
        return None


def state_dict_order(names, layers):
    """The module order of the published model (BERT-style encoder, MLM head): the order of
    its state_dict, and so of torch.save's data.pkl; safetensors sorts by name instead."""
    order = ["model.encoder.embed_positions.weight"]
    for i in range(layers):
        p = "model.encoder.layer.%d." % i
        for m in ("attention.self.query", "attention.self.key", "attention.self.value",
                  "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense",
                  "output.dense", "output.LayerNorm"):
            order += [p + m + ".weight", p + m + ".bias"]
    order += ["cls.predictions.transform.dense.weight", "cls.predictions.transform.dense.bias",
              "cls.predictions.transform.LayerNorm.weight", "cls.predictions.transform.LayerNorm.bias",
              "cls.predictions.decoder.weight", "cls.predictions.decoder.bias", "cls.predictions.bias"]
    if sorted(order) != sorted(names):
        sys.exit("tensor names differ from the published model's: %s"
                 % sorted(set(order).symmetric_difference(names)))
    return order


def write_torch_zip(path, archive, entries):
    """PyTorch's stream writer (miniz): stored entries whose data start at multiples of 64
    (an 'FB' extra field of 'Z' padding), local headers without sizes and a data descriptor
    after each entry, version fields 0, zero DOS time, and zip64 end records."""
    out, central = bytearray(), bytearray()
    for name, payload in entries:
        fname = ("%s/%s" % (archive, name)).encode()
        offset = len(out)
        start = offset + 30 + len(fname) + 4
        pad = -start % 64
        extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
        crc = zlib.crc32(payload) & 0xFFFFFFFF
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 0, 0x0808, 0, 0, 0, 0, 0, 0,
                           len(fname), len(extra)) + fname + extra
        assert len(out) % 64 == 0
        out += payload
        out += struct.pack("<IIII", 0x08074B50, crc, len(payload), len(payload))
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0, 0, 0x0808, 0, 0, 0, crc,
                               len(payload), len(payload), len(fname), 0, 0, 0, 0, 0,
                               offset) + fname
    cd_offset, n = len(out), len(entries)
    out += central
    z64 = len(out)
    out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 0x031E, 0x002D, 0, 0, n, n,
                       len(central), cd_offset)
    out += struct.pack("<IIQI", 0x07064B50, 0, z64, 1)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(central), cd_offset, 0)
    with open(path, "wb") as f:
        f.write(out)


def make_pytorch_bin(src_dir, out_dir):
    header, data = read_safetensors(os.path.join(src_dir, "model.safetensors"))
    with open(os.path.join(src_dir, "config.json")) as f:
        layers = json.load(f)["num_hidden_layers"]
    tensors = {k: v for k, v in header.items() if k != "__metadata__"}
    state, storages = {}, []
    for key, name in enumerate(state_dict_order(list(tensors), layers)):
        e = tensors[name]
        if e["dtype"] != "F32":
            sys.exit("%s: %s is %s, expected F32" % (src_dir, name, e["dtype"]))
        begin, end = e["data_offsets"]
        storage = Storage(str(key), (end - begin) // 4, bytes(data[begin:end]))
        storages.append(storage)
        state[name] = Tensor(storage, e["shape"])
    import io
    buf = io.BytesIO()
    saved = {m: sys.modules.get(m) for m in ("torch", "torch._utils")}
    sys.modules["torch"], sys.modules["torch._utils"] = _torch, _torch_utils
    try:
        Pickler(buf, protocol=2).dump(state)
    finally:
        for m, mod in saved.items():
            if mod is None:
                sys.modules.pop(m, None)
            else:
                sys.modules[m] = mod
    entries = [("data.pkl", buf.getvalue())]
    entries += [("data/" + s.key, s.data) for s in sorted(storages, key=lambda s: s.key)]
    entries.append(("version", b"3\n"))
    os.makedirs(out_dir, exist_ok=True)
    write_torch_zip(os.path.join(out_dir, "pytorch_model.bin"), "pytorch_model", entries)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    make_fp16(os.path.join(src, "species89"), os.path.join(out, "species89-fp16"))
    make_pytorch_bin(os.path.join(src, "species89"), os.path.join(out, "species89"))


if __name__ == "__main__":
    main()
