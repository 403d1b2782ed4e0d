// SPDX-License-Identifier: GPL-3.0-or-later
// gpnmsa score-region: every SNV of one or more regions, in the published
// score layout (bgzip + tabix), optionally with bigWig tracks. The SNVs go
// through the same Scorer::score as `gpnmsa score` (see gpnmsa/region_snvs.h
// for which positions get rows); the output streams in position order.
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

#include "cli_common.h"
#include "commands.h"
#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "gpnmsa/file_checks.h"
#include "gpnmsa/locus.h"
#include "gpnmsa/precomputed_scores.h"
#include "gpnmsa/region_snvs.h"
#include "gpnmsa/run_summary.h"
#include "gpnmsa/scorer.h"
#include "gpnmsa/training.h"
#include "progress_reporter.h"
#include "region_tracks.h"

namespace gpnmsa::cli {
namespace {

struct ScoreRegionArgs {
  EngineOptions engine;
  std::vector<std::string> regions;
  std::string regionsBed, output, bigwigPrefix;
  bool listChromosomes = false;
};

// For the workflow's whole-chromosome runs: "name<TAB>length" per chromosome.
int listChromosomes(ScoreRegionArgs& a) {
  a.engine.quiet = true;
  const SessionPtr engine = openEngine(&a.engine);
  for (const ChromosomeInfo& c : engine->store->chromosomes()) std::cout << c.name << '\t' << c.length << '\n';
  return std::cout.flush() ? kExitOk : kExitError;
}

std::vector<GenomeRegion> givenRegions(const ScoreRegionArgs& a) {
  std::vector<GenomeRegion> out;
  for (const std::string& text : a.regions) {
    std::string why;
    const auto locus = parseLocus(text, &why);
    if (!locus || locus->kind == Locus::Kind::Variant)
      throw Error("--region '" + text + "': expected CHROM:START-END (1-based, inclusive)" +
                  (why.empty() ? "" : ": " + why));
    out.push_back({locus->chrom, locus->start, locus->end, "--region " + text});
  }
  if (!a.regionsBed.empty())
    for (const TrainRegion& r : readRegionsBed(a.regionsBed))
      out.push_back({r.chrom, r.start, r.end, a.regionsBed + ":" + std::to_string(r.line)});
  return out;
}

// Checked against the store, then in output order: chromosomes by UCSC name
// (the order bigWig wants; tabix takes any), positions ascending. Overlaps
// would score positions twice and break the order: refused.
std::vector<GenomeRegion> orderedRegions(const std::vector<GenomeRegion>& given, const RegionSnvScan& scan) {
  std::vector<GenomeRegion> out;
  for (const GenomeRegion& r : given) out.push_back(scan.checkedRegion(r));
  std::stable_sort(out.begin(), out.end(), [](const GenomeRegion& a, const GenomeRegion& b) {
    const std::string ca = ucscChromName(a.chrom), cb = ucscChromName(b.chrom);
    return ca != cb ? ca < cb : a.start < b.start;
  });
  for (size_t i = 1; i < out.size(); ++i)
    if (out[i].chrom == out[i - 1].chrom && out[i].start <= out[i - 1].end)
      throw Error(out[i].origin + ": region " + out[i].chrom + ":" + std::to_string(out[i].start) + "-" +
                  std::to_string(out[i].end) + " overlaps " + out[i - 1].origin + " (" +
                  std::to_string(out[i - 1].start) + "-" + std::to_string(out[i - 1].end) +
                  "); give each position once");
  return out;
}

int runScoreRegion(ScoreRegionArgs& a) {
  if (a.listChromosomes) return listChromosomes(a);
  if (a.output.empty()) throw Error("give -o FILE.tsv.bgz");
  if (a.regions.empty() && a.regionsBed.empty()) throw Error("give --region CHROM:START-END or --regions-bed FILE");
  if (a.output.size() <= 8 || a.output.compare(a.output.size() - 8, 8, ".tsv.bgz") != 0)
    throw Error("-o " + a.output + ": score-region writes the published score layout; name it FILE.tsv.bgz");
  const std::vector<GenomeRegion> given = givenRegions(a);  // BED errors before the model loads
  const std::vector<std::string> inputs = {a.regionsBed, a.engine.model, a.engine.msa};
  checkOutputPath(a.output, inputs);
  checkOutputPath(a.output + ".tbi", inputs);
  if (!a.bigwigPrefix.empty())
    for (const std::string& p : RegionTracks::paths(a.bigwigPrefix)) checkOutputPath(p, inputs);

  const SessionPtr engine = openEngine(&a.engine);
  ScoreOptions so = scoreOptions(a.engine, *engine);
  Scorer scorer(*engine->model, *engine->store, so);
  const RegionSnvScan scan(scorer, *engine->store);
  const std::vector<GenomeRegion> regions = orderedRegions(given, scan);

  ScoreFileWriter scores(a.output, 3, ScoreFileWriter::Order::Sorted);
  std::unique_ptr<RegionTracks> tracks;
  if (!a.bigwigPrefix.empty()) {
    std::map<std::string, uint32_t> chromosomes;  // name order
    for (const GenomeRegion& r : regions)
      chromosomes[ucscChromName(r.chrom)] = uint32_t(engine->store->length(r.chrom));
    tracks = std::make_unique<RegionTracks>(
        a.bigwigPrefix, std::vector<std::pair<std::string, uint32_t>>(chromosomes.begin(), chromosomes.end()));
  }

  int64_t total = 0, before = 0, sites = 0;
  for (const GenomeRegion& r : regions) total += r.end - r.start + 1;
  StatusTally tally;
  ProgressReporter progress("score-region", "positions", !a.engine.quiet);
  for (const GenomeRegion& r : regions) {
    const bool finished = scan.run(
        r,
        [&](const std::vector<ScoredVariant>& rows, const std::vector<SiteSnvScores>& scored) {
          // A read error or a non-finite score: no output rather than one with holes.
          for (const ScoredVariant& row : rows)
            if (!isScored(row.status))
              throw Error(row.variant.chrom + ":" + std::to_string(row.variant.pos) + " " + row.variant.ref + ">" +
                          row.variant.alt + ": " + statusName(row.status) + ": " + row.detail +
                          " (no output written)");
          tally.add(rows);
          scores.add(rows);
          if (tracks) tracks->add(scored);
          sites += int64_t(scored.size());
        },
        [&](int64_t done) { progress.update(before + done, total); }, &g_interrupted);
    if (!finished || g_interrupted) {
      reportInterrupted();
      return kExitInterrupted;
    }
    before += r.end - r.start + 1;
  }
  progress.finish(total, "scanned");
  const int64_t n = scores.commit();
  if (tracks) tracks->commit();
  if (!a.engine.quiet) {
    std::cerr << "wrote " << n << " SNVs at " << sites << " of " << total << " positions to " << a.output
              << " (+ .tbi)";
    if (n > 0) std::cerr << " (" << tally.counts() << ")";
    if (tracks) std::cerr << " and 5 bigWig tracks " << a.bigwigPrefix << ".{logo_A,logo_C,logo_G,logo_T,min_score}.bw";
    std::cerr << "\n";
    if (sites < total)
      std::cerr << "note: " << (total - sites)
                << " positions have no SNVs: reference N (or another non-ACGT letter) or no alignment there\n";
  }
  return kExitOk;
}

}  // namespace

Runner addScoreRegionCommand(CLI::App& app) {
  auto args = std::make_shared<ScoreRegionArgs>();
  CLI::App* cmd = app.add_subcommand(
      "score-region",
      "score every SNV of a region (three per position, one window pair each) into the published "
      "score layout (bgzip + tabix), optionally with bigWig tracks");
  addEngineOptions(cmd, &args->engine);
  cmd->add_option("--region", args->regions,
                  "CHROM:START-END, 1-based inclusive (commas allowed); may be repeated");
  cmd->add_option("--regions-bed", args->regionsBed,
                  "BED file of regions (chrom, 0-based start, end; further columns ignored; '#', "
                  "'track' and 'browser' lines skipped)");
  cmd->add_option("-o,--output", args->output,
                  "FILE.tsv.bgz: rows chrom pos ref alt score (chrom without 'chr'), sorted, with a tabix "
                  "index FILE.tsv.bgz.tbi. Rows are those `gpnmsa score -o FILE.tsv.bgz` writes for the same "
                  "SNVs: three per position whose reference is A/C/G/T (REF upper-cased), none at N or "
                  "unaligned positions; positions within 64 bp of a chromosome end are scored with a "
                  "shifted window (the published file leaves those out)");
  cmd->add_option("--bigwig-prefix", args->bigwigPrefix,
                  "also write bigWig tracks PREFIX.logo_A.bw .. PREFIX.logo_T.bw (sequence-logo letter "
                  "heights in bits, as the app's logo) and PREFIX.min_score.bw (lowest of the three SNV "
                  "scores); UCSC chromosome names (chr22)");
  cmd->add_flag("--list-chromosomes", args->listChromosomes,
                "print the alignment store's chromosomes and lengths (name<TAB>length) and exit");
  cmd->footer(
      "Regions are scored in chromosome-name order (chr1, chr10, chr2, ...), positions ascending; "
      "overlapping regions are refused. Interrupting leaves no output.");
  return [args]() { return runScoreRegion(*args); };
}

}  // namespace gpnmsa::cli
