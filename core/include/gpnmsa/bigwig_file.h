// SPDX-License-Identifier: GPL-3.0-or-later
// bigWig tracks of per-base values (libBigWig), for genome browsers:
// `gpnmsa score-region --bigwig-prefix` and `gpnmsa merge-bigwig`.
// Chromosome names are UCSC's ("chr22", "chrM"), which browsers expect;
// they are listed, and their values written, in name order (strcmp), the
// order the bigWig chromosome tree is searched in.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gpnmsa {

// "22" -> "chr22", "chrX" -> "chrX", "MT" / "M" -> "chrM".
std::string ucscChromName(const std::string& chrom);

// One bigWig written a value at a time, positions in order (chromosomes in
// the order of `chromosomes`, which must be in name order), atomically:
// nothing appears at `path` without commit().
class BigWigWriter {
 public:
  // chromosomes: (UCSC name, length), sorted by name. Throws gpnmsa::Error.
  BigWigWriter(const std::string& path, const std::vector<std::pair<std::string, uint32_t>>& chromosomes);
  ~BigWigWriter();
  BigWigWriter(const BigWigWriter&) = delete;
  BigWigWriter& operator=(const BigWigWriter&) = delete;
  // The value of 1-based position `pos`; positions never written have no value.
  void add(const std::string& chrom, int64_t pos, float value);
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Every (1-based position, value) of `chrom` in a bigWig. Throws gpnmsa::Error.
std::vector<std::pair<int64_t, float>> readBigWigValues(const std::string& path, const std::string& chrom);

// One bigWig holding the values of `inputs` (per-chunk tracks of one
// region set, given in position order; chromosomes may repeat across them),
// atomically at `output`. Throws gpnmsa::Error naming the file when an input
// is not a bigWig, lengths of a chromosome disagree, or positions overlap or
// go backwards.
void mergeBigWigs(const std::vector<std::string>& inputs, const std::string& output);

}  // namespace gpnmsa
