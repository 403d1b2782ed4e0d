// SPDX-License-Identifier: GPL-3.0-or-later
// Which alignment rows a figure shows: all species, the first N in store
// order, or the N closest to human by phylogenetic distance (branch length
// along the UCSC hg38.100way guide tree, resources/species/
// multiz100way-89-distances.tsv). The human row is always drawn first.
#pragma once
#include <QString>
#include <optional>
#include <vector>

namespace gpnmsa::ui {

struct FigureRows {
  enum class Kind { All, First, Closest };
  Kind kind = Kind::Closest;
  int count = 20;  // species (human not counted); ignored for All

  // "all", "N" (= closest:N), "closest:N", "first:N" (case ignored); N >= 0.
  // nullopt with *error saying what is accepted otherwise.
  static std::optional<FigureRows> parse(const QString& text, QString* error = nullptr);
  QString toString() const;  // the form parse() reads back
  // For the figure's title: "human + 20 closest of 89 species".
  QString describe(int speciesCount) const;
  bool operator==(const FigureRows& o) const { return kind == o.kind && (kind == Kind::All || count == o.count); }
};

// The distance table shipped beside the species names (speciesTableFile());
// empty if not found.
QString speciesDistanceFile();
// Distance from human of store columns 1..S, read from a TSV with columns
// assembly, distance ('#' lines and the header skipped); empty when the
// file cannot be read or does not list exactly `speciesCount` species.
std::vector<double> loadSpeciesDistances(int speciesCount, const QString& tsvPath = {});
// Store columns 1..S ordered closest first. A store that is not the released
// 89-species layout (no distances known) keeps its store order.
std::vector<int> speciesClosestFirst(int speciesCount, const QString& tsvPath = {});
// The alignment sequence indices to draw, human (0) first.
std::vector<int> figureRowIndices(const FigureRows& rows, int speciesCount, const QString& tsvPath = {});

}  // namespace gpnmsa::ui
