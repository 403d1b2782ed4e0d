// SPDX-License-Identifier: GPL-3.0-or-later
#include <cctype>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli_common.h"
#include "commands.h"
#include "gpnmsa/atomic_file.h"
#include "gpnmsa/calibration.h"
#include "gpnmsa/error.h"
#include "gpnmsa/locus.h"
#include "gpnmsa/logo_heights.h"
#include "gpnmsa/scorer.h"
#include "gpnmsa/text.h"
#include "gpnmsa/version.h"
#include "progress_reporter.h"

namespace gpnmsa::cli {
namespace {

struct LogitsArgs {
  EngineOptions engine;
  std::string region, output;
  int multiMask = 0;  // 0 = exact; N = N positions masked per window pair
  int spacing = 16;
};

// GPN-Star's extra columns of one position (shared/docs/gpn-star-spec.md):
// entropy in nats, calibrated entropy and the published tracks' logo heights
// when the model folder has a calibration table.
struct StarColumns {
  double entropy = NAN, entropyCalibrated = NAN;
  std::optional<std::array<double, 4>> logo;
};

std::string cell(double x) {
  if (std::isnan(x)) return {};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", x);
  return buf;
}

void writeLogits(std::FILE* f, const RegionLogits& r, const LogitsArgs& a,
                 const std::vector<StarColumns>* star, bool calibrated) {
  std::fprintf(f, "# gpnmsa %s logits model=%s alignment=%s region=%s:%lld-%lld mode=%s\n", GPNMSA_VERSION,
               a.engine.model.c_str(), a.engine.msa.c_str(), r.chrom.c_str(), (long long)r.start,
               (long long)r.end,
               r.masksPerWindow > 1
                   ? ("multi-mask:" + std::to_string(r.masksPerWindow) + "x" + std::to_string(a.spacing) + "(approximate)").c_str()
                   : "exact");
  std::fprintf(f, "chrom\tpos\tref\tA\tC\tG\tT%s\n",
               !star ? "" : calibrated ? "\tentropy\tentropy_calibrated\tlogo_A\tlogo_C\tlogo_G\tlogo_T" : "\tentropy");
  for (size_t i = 0; i < r.positions.size(); ++i) {
    const auto& p = r.positions[i];
    std::fprintf(f, "%s\t%lld\t%c\t%.6f\t%.6f\t%.6f\t%.6f", r.chrom.c_str(), (long long)p.pos,
                 toUpperAscii(p.ref), p.acgt[0], p.acgt[1], p.acgt[2],
                 p.acgt[3]);
    if (star) {
      const StarColumns& s = (*star)[i];
      std::string extra = "\t" + cell(s.entropy);
      if (calibrated) {
        extra += "\t" + cell(s.entropyCalibrated);
        for (int b = 0; b < 4; ++b) extra += "\t" + (s.logo ? cell((*s.logo)[size_t(b)]) : std::string());
      }
      std::fputs(extra.c_str(), f);
    }
    std::fputc('\n', f);
  }
}

std::vector<StarColumns> starColumns(const RegionLogits& r, const EngineSession& engine) {
  std::vector<StarColumns> out(r.positions.size());
  const CalibrationTable* table = engine.calibration.get();
  for (size_t i = 0; i < out.size(); ++i) {
    const PositionLogits& p = r.positions[i];
    out[i].entropy = entropyBits(softmax4(p.acgt)) * std::log(2.0);
    if (!table) continue;
    const std::string context = pentanucleotide(*engine.store, r.chrom, p.pos - 1);
    out[i].entropyCalibrated = out[i].entropy / table->entropyNeutralMean(context);
    if (table->hasLlr()) out[i].logo = calibratedLogoHeights(p.acgt, p.ref, context, *table);
  }
  return out;
}

int runLogits(LogitsArgs& a) {
  std::string why;
  const auto locus = parseLocus(a.region, &why);
  if (!locus) throw Error("--region '" + a.region + "': " + why);
  if (locus->kind == Locus::Kind::Variant)
    throw Error("--region '" + a.region + "': expected CHROM:START-END or CHROM:POS");
  std::unique_ptr<AtomicFile> out;
  if (a.output != "-") out = std::make_unique<AtomicFile>(a.output);

  const SessionPtr engine = openEngine(&a.engine);
  ScoreOptions so = scoreOptions(a.engine, *engine);
  if (a.multiMask > 1) {
    so.logits.mode = RegionLogitsOptions::Mode::MultiMask;
    so.logits.masksPerWindow = a.multiMask;
    so.logits.spacing = a.spacing;
  }
  Scorer scorer(*engine->model, *engine->store, so);
  ProgressReporter progress("logits", "positions", !a.engine.quiet);
  const auto region = scorer.regionLogits(
      locus->chrom, locus->start, locus->end,
      [&](int64_t done, int64_t total) { progress.update(done, total); }, &g_interrupted);
  if (reportInterrupted()) return kExitInterrupted;
  progress.finish();
  const bool star = engine->model->kind() == ModelKind::GpnStar;
  const std::vector<StarColumns> extra = star ? starColumns(region, *engine) : std::vector<StarColumns>();
  const std::vector<StarColumns>* starOut = star ? &extra : nullptr;
  const bool calibrated = engine->calibration != nullptr;
  if (!out) {
    writeLogits(stdout, region, a, starOut, calibrated);
    return std::fflush(stdout) == 0 ? kExitOk : kExitError;
  }
  std::FILE* f = std::fopen(out->tempPath().c_str(), "w");
  if (!f) throw Error("cannot write " + a.output);
  writeLogits(f, region, a, starOut, calibrated);
  const bool ok = std::ferror(f) == 0;
  if (std::fclose(f) != 0 || !ok) throw Error("writing " + a.output + " failed (disk full?)");
  out->commit();
  return kExitOk;
}

}  // namespace

Runner addLogitsCommand(CLI::App& app) {
  auto args = std::make_shared<LogitsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "logits",
      "strand-averaged A,C,G,T logits at every position of a region, each masked in turn (GPN-Star models: "
      "also entropy in nats, and with the model's calibration_table entropy_calibrated and the published "
      "tracks' logo heights logo_A..logo_T)");
  addEngineOptions(cmd, &args->engine);
  cmd->add_option("--region", args->region, "CHROM:START-END, 1-based inclusive (commas allowed)")
      ->required();
  cmd->add_option("-o,--output", args->output, "TSV output ('-' = stdout)")->required();
  cmd->add_option("--multi-mask", args->multiMask,
                  "mask N positions (--spacing bp apart) per window pair: ~N times faster, "
                  "approximate (default: exact, one position per pass)")
      ->check(CLI::Range(0, 64));
  cmd->add_option("--spacing", args->spacing, "bp between positions masked together (--multi-mask)")
      ->check(CLI::Range(1, 127))->capture_default_str();
  return [args]() { return runLogits(*args); };
}

}  // namespace gpnmsa::cli
