// SPDX-License-Identifier: GPL-3.0-or-later
// Row labels for the alignment view: common names of the released store's 89
// species, in store column order (resources/species/multiz100way-89-species.tsv).
#pragma once
#include <QString>
#include <QStringList>

namespace gpnmsa::ui {

// Where the shipped TSV is: next to the bundled default data
// ($GPNMSA_DATA_DIR/.., <exe>/../share/gpnmsa, the source tree's resources/).
// Empty if not found.
QString speciesTableFile();

// Common names ("Chinese tree shrew") from a TSV with columns assembly,
// common_name ('#' lines and the header skipped, '_' shown as space).
// Empty list if the file cannot be read.
QStringList loadSpeciesNames(const QString& tsvPath);

// Labels for a store with `speciesCount` species, human first:
// {"Human", <89 common names>} for the released layout, otherwise
// {"Human", "species 1", ..., "species S"}. `tsvPath` empty = speciesTableFile().
QStringList alignmentRowLabels(int speciesCount, const QString& tsvPath = {});

}  // namespace gpnmsa::ui
