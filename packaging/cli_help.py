#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads what the built gpnmsa says in --help (CLI11's layout) and writes, from it,
the bash completion (`completion`) or the help2man include with a section per
subcommand (`man-include`). Run at build time (packaging/deb/package.cmake), so
neither can fall behind the program: a new subcommand or option shows up in both
at the next build."""
import re
import subprocess
import sys

# "  -i,--input TEXT REQUIRED    description": short name, long name, what follows
# the name (a value type such as TEXT, INT:INT in [0 - 1024], TEXT=f32, and/or
# CLI11's notes such as "Excludes: --other"), description (maybe on the next line).
OPTION = re.compile(r"^  (-\w,)?(--[\w-]+)(?: (\S.*?))?(?:\s{2,}(.*))?$")
VALUE_TYPE = re.compile(r"^[A-Z]{2,}")  # TEXT, INT, FLOAT...: the option takes a value


def run_help(program, *sub):
    out = subprocess.run([program, *sub, "--help"], check=True, capture_output=True, text=True).stdout
    return out.splitlines()


def section(lines, title):
    """The lines under `title:` up to the next blank line after the section's first line."""
    start = lines.index(title + ":") + 1
    body = []
    for line in lines[start:]:
        if not line.strip():
            if body:
                break
            continue
        body.append(line)
    return body


def subcommands(program):
    lines = run_help(program)
    subs = []
    for line in section(lines, "Subcommands"):
        m = re.match(r"^  ([\w-]+)\s+(.*)$", line)
        if m:
            subs.append((m.group(1), m.group(2)))
    return subs


def options(lines):
    """[(short or None, long, value type or None, description)] of an Options: section."""
    opts = []
    for line in section(lines, "Options"):
        m = OPTION.match(line)
        if m:
            short = m.group(1)[:-1] if m.group(1) else None
            value = m.group(3) if m.group(3) and VALUE_TYPE.match(m.group(3)) else None
            opts.append([short, m.group(2), value, m.group(4) or ""])
        elif opts and line.startswith("    "):  # description on the next line
            opts[-1][3] = (opts[-1][3] + " " + line.strip()).strip()
    return opts


def completion(program):
    subs = subcommands(program)
    top = options(run_help(program))
    cases = []
    for name, _ in subs:
        opts = options(run_help(program, name))
        words = " ".join(o for s, l, _, _ in opts for o in ([s] if s else []) + [l])
        valued = "|".join(o for s, l, t, _ in opts if t for o in ([s] if s else []) + [l])
        # Numbers (INT, FLOAT) get no file names; every other value is completed as a path.
        numeric = "|".join(o for s, l, t, _ in opts if t and re.match(r"^(INT|UINT|FLOAT|NUMBER)", t)
                           for o in ([s] if s else []) + [l])
        cases.append(f"    {name})\n      opts='{words}'\n      valued='{valued}'\n      numeric='{numeric}'\n      ;;")
    top_words = " ".join(o for s, l, _, _ in top for o in ([s] if s else []) + [l])
    return f"""# bash completion for gpnmsa. Generated at build time by packaging/cli_help.py
# from `gpnmsa --help` and `gpnmsa SUBCOMMAND --help`: do not edit.
# SPDX-License-Identifier: GPL-3.0-or-later
_gpnmsa() {{
  local cur prev sub="" i opts="" valued="" numeric=""
  cur="${{COMP_WORDS[COMP_CWORD]}}"
  prev=""
  if [ "$COMP_CWORD" -gt 0 ]; then prev="${{COMP_WORDS[COMP_CWORD-1]}}"; fi
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${{COMP_WORDS[i]}}" in
      -*) ;;
      *) sub="${{COMP_WORDS[i]}}"; break ;;
    esac
  done
  if [ -z "$sub" ]; then
    if [[ "$cur" == -* ]]; then
      COMPREPLY=($(compgen -W '{top_words}' -- "$cur"))
    else
      COMPREPLY=($(compgen -W '{" ".join(n for n, _ in subs)}' -- "$cur"))
    fi
    return 0
  fi
  case "$sub" in
{chr(10).join(cases)}
    *) return 0 ;;
  esac
  if [ -n "$valued" ] && [[ "|$valued|" == *"|$prev|"* ]]; then
    if [ -n "$numeric" ] && [[ "|$numeric|" == *"|$prev|"* ]]; then return 0; fi
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
    return 0
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
  return 0
}}
complete -F _gpnmsa gpnmsa
"""


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return ("\\&" + text) if text[:1] in ".'" else text


def man_include(program):
    out = ["[SUBCOMMANDS]",
           "Each subcommand has its own options; `gpnmsa SUBCOMMAND \\-\\-help' lists them too."]
    for name, summary in subcommands(program):
        out.append(f'.SS "gpnmsa {name}"')
        out.append(roff(summary[:1].upper() + summary[1:] + ("" if summary.endswith(".") else ".")))
        for short, long, value, desc in options(run_help(program, name)):
            if long == "--help":
                continue
            head = (f"\\fB{roff(short)}\\fR, " if short else "") + f"\\fB{roff(long)}\\fR"
            if value:
                head += f" \\fI{roff(value)}\\fR"
            out += [".TP", head, roff(desc)]
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("completion", "man-include"):
        sys.exit("usage: cli_help.py completion|man-include GPNMSA OUT")
    mode, program, out = sys.argv[1:]
    text = completion(program) if mode == "completion" else man_include(program)
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    import os
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
