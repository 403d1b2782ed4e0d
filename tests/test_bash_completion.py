#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The bash completion of gpnmsa (made at build time by packaging/cli_help.py),
run in a real bash against what the built program says in --help: it offers
every subcommand and, per subcommand, exactly the options its --help lists;
after an option taking a path it offers files, after a number nothing.
Usage: test_bash_completion.py GPNMSA COMPLETION_FILE"""
import os
import re
import subprocess
import sys
import tempfile

gpnmsa, completion = sys.argv[1], sys.argv[2]
failures = []


def complete(*words):
    """COMPREPLY of _gpnmsa for the command line `gpnmsa WORDS` (the last word being completed)."""
    words = ["gpnmsa", *words]
    script = (f"source {completion!r}\n"
              f"COMP_WORDS=({' '.join(repr(w) for w in words)})\n"
              f"COMP_CWORD={len(words) - 1}\n"
              "_gpnmsa\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n")
    out = subprocess.run(["bash", "--norc", "-c", script], capture_output=True, text=True, check=True).stdout
    return set(filter(None, out.splitlines()))


def help_text(*sub):
    return subprocess.run([gpnmsa, *sub, "--help"], capture_output=True, text=True, check=True).stdout


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: missing {sorted(want - got)}, extra {sorted(got - want)}")


# Subcommands: the names indented under "Subcommands:" in gpnmsa --help.
top = help_text()
subs = set(re.findall(r"^  ([a-z][a-z0-9-]*) ", top.split("Subcommands:")[1], re.M))
if not {"score", "logits"} <= subs:
    failures.append(f"gpnmsa --help lists no score/logits subcommand: {sorted(subs)}")
check("gpnmsa <TAB>", complete(""), subs)
check("gpnmsa s<TAB>", complete("s"), {s for s in subs if s.startswith("s")})

for sub in sorted(subs):
    # Every -x / --long-name that starts an option line of the subcommand's help.
    options = set()
    for line in help_text(sub).splitlines():
        m = re.match(r"^  (-\w)?,?(--[\w-]+)", line)
        if m:
            options.update(o for o in m.groups() if o)
    check(f"gpnmsa {sub} -<TAB>", complete(sub, "-"), options)
    check(f"gpnmsa {sub} --<TAB>", complete(sub, "--"), {o for o in options if o.startswith("--")})

with tempfile.TemporaryDirectory() as d:
    for name in ("variants.vcf", "variants.tsv", "other.txt"):
        open(os.path.join(d, name), "w").close()
    prefix = os.path.join(d, "var")
    want = {os.path.join(d, "variants.vcf"), os.path.join(d, "variants.tsv")}
    check("gpnmsa score -i <path><TAB>", complete("score", "-i", prefix), want)
    check("gpnmsa score --output <path><TAB>", complete("score", "--output", prefix), want)
    check("gpnmsa score --threads <path><TAB>", complete("score", "--threads", prefix), set())
    check("gpnmsa score -q <path><TAB>", complete("score", "-q", prefix), want)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"ok: {len(subs)} subcommands")
