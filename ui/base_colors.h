// SPDX-License-Identifier: GPL-3.0-or-later
// One palette for every view that draws bases (alignment, logo, mutagenesis
// axis), so a base reads the same everywhere. Colours are the published logo
// track's (shared/docs/gpn-msa-spec.md): A green, C blue, G orange, T red.
#pragma once
#include <QColor>

namespace gpnmsa::ui {

inline const QColor kColorA{0, 128, 0};
inline const QColor kColorC{0, 0, 255};
inline const QColor kColorG{255, 166, 0};
inline const QColor kColorT{255, 0, 0};
inline const QColor kColorN{96, 96, 96};
// Gaps ('-') and missing data (fill bytes, '?', anything else) must not look
// like a base: a light grey cell, '-' drawn for a gap, nothing for missing.
inline const QColor kColorGap{215, 215, 215};
inline const QColor kColorMissing{235, 235, 235};

// Mixes `c` with white; used for soft-masked (lower-case) human bases so
// repeats stay recognisable but visibly de-emphasised.
inline QColor lighter(const QColor& c, double towardWhite = 0.55) {
  auto mix = [&](int v) { return int(v + (255 - v) * towardWhite + 0.5); };
  return QColor(mix(c.red()), mix(c.green()), mix(c.blue()));
}

// Colour of an upper-case nucleotide A,C,G,T (N dark grey); invalid otherwise.
inline QColor nucleotideColor(char upper) {
  switch (upper) {
    case 'A': return kColorA;
    case 'C': return kColorC;
    case 'G': return kColorG;
    case 'T': return kColorT;
    case 'N': return kColorN;
    default: return QColor();
  }
}

// How one stored alignment byte is drawn.
struct BaseStyle {
  QColor fill;
  QColor text;   // letter colour
  char letter;   // 0 = draw no letter
};

inline BaseStyle baseStyle(char stored) {
  const bool lower = stored >= 'a' && stored <= 'z';
  const char up = lower ? char(stored - 'a' + 'A') : stored;
  QColor fill = nucleotideColor(up);
  if (!fill.isValid()) {
    if (stored == '-') return {kColorGap, QColor(110, 110, 110), '-'};
    return {kColorMissing, QColor(), 0};
  }
  if (lower) fill = lighter(fill);
  // Dark text on the light fills (orange, soft-masked), white on the dark ones.
  const bool lightFill = lower || up == 'G';
  return {fill, lightFill ? QColor(0, 0, 0) : QColor(255, 255, 255), stored};
}

}  // namespace gpnmsa::ui
