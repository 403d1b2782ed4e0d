// SPDX-License-Identifier: GPL-3.0-or-later
#include "aligned_runs.h"

#include <algorithm>

namespace gpnmsa::ui {

std::vector<std::pair<qint64, qint64>> alignedRuns(const gpnmsa::AlignmentStore& store, const std::string& stored,
                                                   qint64 first, qint64 last) {
  qint64 chunkRows = 1;
  for (const auto& c : store.chromosomes())
    if (c.name == stored) chunkRows = std::max<qint64>(1, c.chunkRows);
  const std::vector<char> rows = store.fetch(stored, first - 1, last);
  const size_t columns = size_t(store.columns());
  std::vector<std::pair<qint64, qint64>> runs;
  qint64 chunk = -1;
  bool present = false;
  for (qint64 pos = first; pos <= last; ++pos) {
    const qint64 row = pos - 1;
    if (row / chunkRows != chunk) {  // one key lookup per chunk, not per row
      chunk = row / chunkRows;
      present = store.isAligned(stored, row);
    }
    if (!present || rows[size_t(pos - first) * columns] == '\0') continue;
    if (!runs.empty() && runs.back().second == pos - 1) runs.back().second = pos;
    else runs.emplace_back(pos, pos);
  }
  return runs;
}

}  // namespace gpnmsa::ui
