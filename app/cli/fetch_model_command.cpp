// SPDX-License-Identifier: GPL-3.0-or-later
// gpnmsa fetch-model: download a published model once into the user cache
// (or --dest), resumably and verified; afterwards everything works offline.
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "gpnmsa/releases.h"
#include "release_options.h"

namespace gpnmsa::cli {
namespace {

struct FetchArgs {
  std::string release = "gpn-msa-sapiens";
  std::string dest;
  bool list = false;
  bool quiet = false;
  ReleaseOptions releases;
};

int runFetch(const FetchArgs& a) {
  const ReleaseCatalog cat = ReleaseCatalog::load();
  if (a.list) {
    for (const Release& r : cat.releases()) std::cout << r.name << "\t" << r.description << "\n";
    return kExitOk;
  }
  const Release* r = cat.find(a.release);
  if (!r) {
    std::string known;
    for (const Release& x : cat.releases())
      if (x.kind == Release::Kind::Model) known += (known.empty() ? "" : ", ") + x.name;
    throw Error("--release: no published model named '" + a.release + "' in " + cat.source() + " (known: " + known + ")");
  }
  if (r->kind != Release::Kind::Model)
    throw Error("--release: '" + a.release + "' is read in place over http, not downloaded; pass it to --msa or --scores");
  try {
    const std::string dir = fetchModelRelease(*r, a.releases, a.dest, a.quiet);
    std::cout << dir << "\n";
  } catch (const DownloadError& e) {
    if (e.kind() != DownloadError::Kind::Cancelled) throw;
    std::cerr << "\ngpnmsa: interrupted; " << e.what() << "\n";
    return kExitInterrupted;
  }
  return kExitOk;
}

}  // namespace

Runner addFetchModelCommand(CLI::App& app) {
  auto args = std::make_shared<FetchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "fetch-model",
      "download a published model (releases.json) once into the user cache, resumably, checking its SHA-256; "
      "prints the folder. Then --model NAME works offline");
  cmd->add_option("--release", args->release, "the published model's name")->capture_default_str();
  cmd->add_option("--dest", args->dest,
                  "folder to download into (default: $XDG_CACHE_HOME/gpnmsa/models/NAME/REVISION, "
                  "~/.cache/gpnmsa/...)");
  cmd->add_flag("--list", args->list, "list the published files by name and exit");
  addReleaseOptions(cmd, &args->releases);
  cmd->add_flag("-q,--quiet", args->quiet, "no progress on stderr");
  return [args] { return runFetch(*args); };
}

}  // namespace gpnmsa::cli
