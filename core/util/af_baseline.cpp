// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/af_baseline.h"

#include <cmath>

namespace gpnmsa {

namespace {
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
}  // namespace

AlleleCounts countAlleles(const char* row, int columns, char ref, char alt) {
  AlleleCounts n;
  const char r = upper(ref), a = upper(alt);
  for (int c = 1; c < columns; ++c) {
    const char b = upper(row[c]);
    if (b == r) ++n.ref;
    else if (b == a) ++n.alt;
  }
  return n;
}

float alignmentFrequencyBaseline(const char* row, int columns, char ref, char alt) {
  const AlleleCounts n = countAlleles(row, columns, ref, alt);
  return static_cast<float>(std::log((n.alt + 1.0) / (n.ref + 1.0)));
}

}  // namespace gpnmsa
