// SPDX-License-Identifier: GPL-3.0-or-later
// Converts UCSC MAF alignments (plain or gzip) plus a reference FASTA into the
// authors' Zarr v2 alignment store (see alignment_store.h).
#pragma once
#include <atomic>
#include <cstddef>
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
  // A malformed `s` row (size differing from its text's bases, a strand other
  // than + or -, start + size beyond srcSize) is skipped and counted: that
  // species is a gap in that block (a malformed reference row drops its block).
  // Real third-party MAFs contain such rows. strict = stop at the first one.
  bool strict = false;
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
  // Malformed `s` rows skipped (see MafImportOptions::strict).
  struct MalformedRows {
    int64_t total = 0;
    std::map<std::string, int64_t> byReason;   // reason (short phrase) -> rows
    std::map<std::string, int64_t> bySpecies;  // assembly -> rows
    std::vector<std::string> first;            // "file:line: problem", the first kMaxListed
    static constexpr std::size_t kMaxListed = 5;
  } malformed;
  int64_t blocksMalformedReference = 0;     // dropped: their reference row was malformed
};

// Throws gpnmsa::Error ("file:line: problem") on malformed input, and when the
// import would produce no data (no blocks, or none with a reference row on a
// requested chromosome); the output is left untouched on failure. Writes
// nothing besides the output: scratch files and a FASTA index the FASTA lacks
// live in the output's temporary sibling `.<name>.tmp-XXXXXX`, removed at the end.
MafImportResult importMaf(const MafImportOptions& options);

}  // namespace gpnmsa
