// SPDX-License-Identifier: GPL-3.0-or-later
// Per-position conservation scores (phyloP, phastCons) for training weights,
// read from bedGraph or wiggle (fixedStep / variableStep), plain or gzip, and
// kept only where training windows can fall.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpnmsa::training {

struct Span {
  std::string chrom;  // stored name
  int64_t start = 0;  // 0-based
  int64_t end = 0;    // exclusive
};

using ChromResolver = std::function<std::optional<std::string>(std::string_view)>;

// values[k][i]: the track at row spans[k].start + i; NaN where the file has
// none. Throws gpnmsa::Error naming the file and line for malformed input.
std::vector<std::vector<float>> readConservationTrack(const std::string& path,
                                                      const std::vector<Span>& spans,
                                                      const ChromResolver& resolve);

}  // namespace gpnmsa::training
