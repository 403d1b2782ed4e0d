// SPDX-License-Identifier: GPL-3.0-or-later
// Converts UCSC MAF alignments (plain or gzip) plus a reference FASTA into the
// authors' Zarr v2 alignment store (see alignment_store.h).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace gpnmsa {

struct MafImportOptions {
  std::vector<std::string> mafs;   // MAF files (plain, gzip or bgzip)
  // Reference FASTA (faidx-indexable: plain or bgzip). Column 0 comes from it,
  // soft-masking kept, and chromosome lengths are its sequence lengths. If
  // empty, column 0 is the MAF's own reference row ('N' where no block covers)
  // and the length is the reference src's srcSize.
  std::string referenceFasta;
  std::vector<std::string> species;  // store columns 1..S, by assembly name
  std::string refPrefix = "hg38";    // reference rows are `<refPrefix>.<chrom>`
  std::string output;                // store directory (replaced atomically)
  // Restricts import to these chromosomes ("chr22" or "22": ChromResolver's rule); empty = all.
  std::vector<std::string> chromosomes;
  // For excerpts: row = reference position - offset; if length > 0 it replaces
  // the chromosome length. Bases outside [0, length) are counted and skipped.
  int64_t offset = 0;
  int64_t length = 0;
  // Called now and then with the bytes of MAF read so far and the total size of
  // the MAF files (compressed sizes for gzip).
  std::function<void(int64_t done, int64_t total)> progress;
  const std::atomic<bool>* stop = nullptr;  // set to cancel (Error "cancelled")
};

struct MafImportResult {
  struct Chromosome {
    std::string name;     // stored name ("22")
    std::string mafName;  // as in the MAF ("chr22")
    int64_t length = 0;
    int64_t coveredRows = 0;  // rows covered by at least one block
  };
  std::vector<Chromosome> chromosomes;
  int64_t blocks = 0;                       // `a` blocks read
  int64_t blocksUsed = 0;
  int64_t blocksWithoutReference = 0;       // no `<refPrefix>.` row
  int64_t blocksOtherChromosomes = 0;       // filtered out by options.chromosomes
  int64_t blocksReverseStrand = 0;          // reference on '-': reverse-complemented
  int64_t columnsDroppedReferenceGap = 0;
  int64_t basesOutsideRange = 0;            // reference bases outside [0, length)
  int64_t duplicateRows = 0;                // a species' 2nd+ row in one block (ignored)
  std::map<std::string, int64_t> skippedSpecies;  // assembly not in the list -> rows
};

// Throws gpnmsa::Error ("file:line: problem") on malformed input; the output
// is left untouched on failure.
MafImportResult importMaf(const MafImportOptions& options);

}  // namespace gpnmsa
