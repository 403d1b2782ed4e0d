// SPDX-License-Identifier: GPL-3.0-or-later
#include <cctype>
#include <fstream>
#include <sstream>

#include "gpnmsa/error.h"
#include "gpnmsa/locus.h"
#include "gpnmsa/training.h"

namespace gpnmsa {

TrainRegion parseTrainRegion(const std::string& text) {
  std::string why;
  const auto locus = parseLocus(text, &why);
  if (!locus || locus->kind != Locus::Kind::Region)
    throw Error("region '" + text + "': expected chr:start-end" + (why.empty() ? "" : " (" + why + ")"));
  return {locus->chrom, locus->start, locus->end};
}

std::vector<TrainRegion> readRegionsBed(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open BED file");
  std::vector<TrainRegion> out;
  std::string line;
  for (long n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#' || line.rfind("track", 0) == 0 || line.rfind("browser", 0) == 0) continue;
    std::istringstream f(line);
    std::string chrom;
    long long start = -1, end = -1;
    // A number must end at a field boundary: "200abc" is garbage, not 200.
    if (!(f >> chrom >> start >> end) || start < 0 || end <= start || !(f.eof() || std::isspace(f.peek())))
      throw Error(path + ":" + std::to_string(n) + ": expected 'chrom start end' with 0 <= start < end");
    out.push_back({chrom, start + 1, end, n});
  }
  if (out.empty()) throw Error(path + ": no regions");
  return out;
}

}  // namespace gpnmsa
