// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa-studio --locus L --figure OUT.svg|pdf|png [--dpi N] [--rows N]`:
// the figure of one region, made without a window (offscreen): the model and
// alignment are loaded, the logits of every position computed in the
// remembered logo mode (progress on stderr), the file written atomically.
#pragma once
#include <QString>

namespace gpnmsa::ui {

struct FigureCommand {
  QString locus;   // chr:start-end, chr:pos, chr:pos:ref:alt, or a gene of `genes`
  QString output;  // .svg, .pdf or .png
  QString modelDir, alignment, genes;  // genes: "" for no gene track
  QString dpi;     // "" = kDefaultFigureDpi
  QString rows;    // "" = closest:20 (see FigureRows::parse)
  bool exact = false;  // exact logits (one position masked per pass) instead of fast
  QString title;       // "" = the locus line
};

// The words for a logits mode in a figure's title.
QString figureModeText(bool exact);

// Runs the command; messages go to stderr ("gpnmsa-studio: ..."), "wrote OUT"
// to stdout. Returns the exit status: 0 written; 1 a bad locus, a region
// over kMaxFigureRegion, an unwritable path, a bad option, data that cannot
// be loaded.
int runFigureCommand(const FigureCommand& command);

}  // namespace gpnmsa::ui
