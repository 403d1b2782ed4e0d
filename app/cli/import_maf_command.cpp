// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa import-maf`: UCSC MAF + reference FASTA -> the authors' Zarr v2 store.
#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli_common.h"
#include "commands.h"
#include "gpnmsa/error.h"
#include "gpnmsa/maf_import.h"
#include "progress_reporter.h"

namespace gpnmsa::cli {
namespace {

struct ImportMafArgs {
  std::vector<std::string> mafs;
  std::string reference, species, refPrefix = "hg38", output;
  std::vector<std::string> chromosomes;
  bool quiet = false;
  bool strict = false;
};

// "--species a,b,c" or "--species FILE" (one name a line, # comments).
std::vector<std::string> speciesList(const std::string& arg) {
  std::vector<std::string> out;
  std::ifstream file(arg);
  if (file) {
    std::string line;
    while (std::getline(file, line)) {
      const auto hash = line.find('#');
      if (hash != std::string::npos) line.resize(hash);
      std::istringstream ls(line);
      std::string name;
      while (ls >> name) out.push_back(name);
    }
  } else {
    // An assembly name is the part of a src before its first '.', so an
    // argument with '/' or '.' was meant as a file: never take it as a name.
    if (arg.find_first_of("/.") != std::string::npos) {
      struct stat st {};
      if (::stat(arg.c_str(), &st) != 0) {
        throw Error("--species " + arg + ": no such file (species names contain neither '/' nor '.')");
      }
      throw Error("--species " + arg + ": cannot read the species file");
    }
    std::string name;
    std::istringstream ls(arg);
    while (std::getline(ls, name, ',')) {
      if (!name.empty()) out.push_back(name);
    }
  }
  if (out.empty()) throw Error("--species " + arg + ": no species names");
  return out;
}

// "malformed 's' rows skipped: ..." with counts per reason and per species and
// the first few places, so a user can look at them or rerun with --strict.
void printMalformedRows(const MafImportResult::MalformedRows& m, int64_t blocksDropped) {
  if (m.total == 0) return;
  std::cerr << "warning: " << m.total << " malformed 's' row(s) skipped (each species a gap in its block";
  if (blocksDropped > 0) std::cerr << "; " << blocksDropped << " block(s) dropped for a malformed reference row";
  std::cerr << "; --strict stops at the first):\n  by reason:";
  for (const auto& [reason, n] : m.byReason) std::cerr << " " << reason << " (" << n << ");";
  std::cerr << "\n  by species:";
  for (const auto& [name, n] : m.bySpecies) std::cerr << " " << name << "(" << n << ")";
  std::cerr << "\n  first:";
  for (const auto& where : m.first) std::cerr << "\n    " << where;
  std::cerr << "\n";
}

int runImportMaf(ImportMafArgs& a) {
  MafImportOptions o;
  o.mafs = a.mafs;
  o.referenceFasta = a.reference;
  o.species = speciesList(a.species);
  o.refPrefix = a.refPrefix;
  o.output = a.output;
  o.chromosomes = a.chromosomes;
  o.strict = a.strict;
  ProgressReporter progress("reading MAF", "bytes", !a.quiet);
  o.progress = [&](int64_t done, int64_t total) { progress.update(done, total); };
  o.stop = &g_interrupted;
  MafImportResult r;
  try {
    r = importMaf(o);
  } catch (const Error&) {
    if (reportInterrupted("no store written")) return kExitInterrupted;
    throw;
  }
  progress.finish();
  // Skipped rows are data loss the user should see even with --quiet.
  printMalformedRows(r.malformed, r.blocksMalformedReference);
  if (!a.quiet) {
    std::cerr << "wrote " << a.output << ": " << r.chromosomes.size() << " chromosome(s), "
              << (1 + o.species.size()) << " columns\n";
    for (const auto& c : r.chromosomes) {
      std::cerr << "  " << c.name << " (" << c.mafName << "): " << c.length << " rows, "
                << c.coveredRows << " covered by blocks\n";
    }
    std::cerr << "blocks: " << r.blocks << " read, " << r.blocksUsed << " used, "
              << r.blocksWithoutReference << " without a " << o.refPrefix << " row, "
              << r.blocksOtherChromosomes << " on other chromosomes, " << r.blocksReverseStrand
              << " reverse-complemented\n";
    std::cerr << "reference-gap columns dropped: " << r.columnsDroppedReferenceGap
              << "; duplicate species rows ignored: " << r.duplicateRows << "\n";
    if (!r.skippedSpecies.empty()) {
      std::cerr << "species in the MAF but not in the list (rows skipped):";
      for (const auto& [name, n] : r.skippedSpecies) std::cerr << " " << name << "(" << n << ")";
      std::cerr << "\n";
    }
  }
  return kExitOk;
}

}  // namespace

Runner addImportMafCommand(CLI::App& app) {
  auto args = std::make_shared<ImportMafArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import-maf", "convert UCSC MAF alignments into the authors' Zarr v2 alignment store");
  cmd->footer(
      "Files written besides the store: while it runs, a hidden sibling directory .NAME.tmp-XXXXXX beside\n"
      "the output holds the scratch matrices (rows x (1 + species) bytes per chromosome, reserved up front)\n"
      "and, when the reference FASTA has no .fai (.gzi) of its own, its index; the directory becomes the\n"
      "store or is removed. Nothing is written beside the MAF or FASTA.");
  cmd->add_option("--maf", args->mafs, "MAF file (plain or gzip); repeat for several")->required();
  cmd->add_option("--reference", args->reference,
                  "reference FASTA (plain or bgzip, faidx); column 0 and chromosome lengths. "
                  "Without it, the MAF's own reference row is used")
      ->check(CLI::ExistingFile);
  cmd->add_option("--species", args->species,
                  "species (assembly names) in store column order: comma-separated or a file, one a line")
      ->required();
  cmd->add_option("--ref-prefix", args->refPrefix, "assembly of the reference rows (src = PREFIX.chrom)")
      ->capture_default_str();
  cmd->add_option("--chrom", args->chromosomes, "import only this chromosome (MAF name); repeatable");
  cmd->add_option("-o,--output", args->output, "output store directory (replaced atomically)")->required();
  cmd->add_flag("--strict", args->strict,
                "stop at the first malformed 's' row (size differing from its text, unknown strand, "
                "start + size beyond srcSize) instead of skipping it and counting it in the summary");
  cmd->add_flag("-q,--quiet", args->quiet, "no progress on stderr");
  return [args]() { return runImportMaf(*args); };
}

}  // namespace gpnmsa::cli
