#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes gpnmsa-studio.svg: a three-column sequence logo (letters drawn as
# strokes, so no font is needed to render it) in the app's base colours
# (ui/base_colors.h: A green, C blue, G orange, T red). Run once; the SVG is
# committed and the PNG sizes are made from it at build time (rsvg-convert).
import math
import sys

COLOURS = {"A": "#008000", "C": "#0000ff", "G": "#ffa600", "T": "#ff0000"}
BASELINE, TOP = 222.0, 34.0
# Each column, bottom to top (the tallest, most likely letter on top, as in a logo).
COLUMNS = [
    [("T", 20), ("G", 34), ("A", 126)],
    [("A", 18), ("C", 160)],
    [("C", 22), ("T", 40), ("G", 112)],
]
X0, COL_W, GAP = 30.0, 58.0, 8.0


def letter(ch, x0, y0, w, h):
    s = min(13.0, max(3.0, h * 0.2))  # stroke width: thinner for short letters
    x1, y1, xm, ym = x0 + w, y0 + h, x0 + w / 2, y0 + h / 2
    # Keep the strokes inside the box.
    ix0, ix1, iy0, iy1 = x0 + s / 2, x1 - s / 2, y0 + s / 2, y1 - s / 2
    rx, ry = (ix1 - ix0) / 2, (iy1 - iy0) / 2

    def at(deg):  # a point of the inner ellipse; 0 deg = right, counter-clockwise
        return xm + rx * math.cos(math.radians(deg)), ym - ry * math.sin(math.radians(deg))

    if ch == "A":
        d = (f"M{ix0:.1f},{iy1:.1f} L{xm:.1f},{iy0:.1f} L{ix1:.1f},{iy1:.1f} "
             f"M{x0 + w * 0.27:.1f},{y0 + h * 0.64:.1f} L{x1 - w * 0.27:.1f},{y0 + h * 0.64:.1f}")
    elif ch == "T":
        d = f"M{ix0:.1f},{iy0:.1f} L{ix1:.1f},{iy0:.1f} M{xm:.1f},{iy0:.1f} L{xm:.1f},{y1:.1f}"
    else:
        (sx, sy), (ex, ey) = at(45), at(-45)
        d = f"M{sx:.1f},{sy:.1f} A{rx:.1f},{ry:.1f} 0 1 0 {ex:.1f},{ey:.1f}"
        if ch == "G":
            d += f" L{ix1:.1f},{ym:.1f} L{xm + rx * 0.1:.1f},{ym:.1f}"
    cap = "butt" if ch == "T" else "round"
    return (f'  <path d="{d}" fill="none" stroke="{COLOURS[ch]}" stroke-width="{s:.1f}" '
            f'stroke-linecap="{cap}" stroke-linejoin="round"/>')


def main(out):
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<!-- GPN-MSA Studio icon. SPDX-License-Identifier: GPL-3.0-or-later.',
             '     Made by packaging/icons/make_icon.py. -->',
             '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">',
             '  <rect x="8" y="8" width="240" height="240" rx="36" fill="#fbfbf7" stroke="#5a5a5a" stroke-width="6"/>',
             f'  <path d="M24,{BASELINE + 8:.0f} L232,{BASELINE + 8:.0f}" stroke="#5a5a5a" stroke-width="4"/>']
    for i, column in enumerate(COLUMNS):
        x = X0 + i * (COL_W + GAP)
        y = BASELINE
        for ch, h in column:
            y -= h
            parts.append(letter(ch, x, y + 2, COL_W, h - 4))
        assert y >= TOP - 1, "column too tall"
    parts.append("</svg>")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "gpnmsa-studio.svg")
