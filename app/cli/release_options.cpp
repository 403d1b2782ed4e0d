// SPDX-License-Identifier: GPL-3.0-or-later
#include "release_options.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli_common.h"
#include "progress_reporter.h"

namespace gpnmsa::cli {
namespace {

bool existsLocally(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0;
}

// Release names look like "gpn-msa-sapiens": no '/', no URL scheme.
const Release* findRelease(const std::string& arg, const ReleaseCatalog& cat) {
  if (arg.empty() || arg.find('/') != std::string::npos || existsLocally(arg)) return nullptr;
  return cat.find(arg);
}

const char* kindWord(Release::Kind k) {
  switch (k) {
    case Release::Kind::Model: return "model";
    case Release::Kind::Alignment: return "alignment";
    case Release::Kind::Scores: return "scores";
  }
  return "?";
}

// Only worth reading the manifest for an argument that could be a name.
bool couldBeName(const std::string& arg) {
  return !arg.empty() && arg.find('/') == std::string::npos && !existsLocally(arg);
}

// A missing manifest makes no name a release: the argument is then reported
// as the missing file it is.
ReleaseCatalog loadQuietly() {
  try {
    return ReleaseCatalog::load();
  } catch (const Error&) {
    return {};
  }
}

}  // namespace

void addReleaseOptions(CLI::App* cmd, ReleaseOptions* o) {
  cmd->add_option("--release-base", o->base,
                  "base URL of the published files named in releases.json (a mirror keeps the same "
                  "paths); default: $GPNMSA_RELEASE_BASE, else https://huggingface.co");
  cmd->add_flag("--allow-unverified", o->allowUnverified,
                "accept a downloaded file for which neither releases.json nor the server gives a SHA-256");
}

std::string fetchModelRelease(const Release& release, const ReleaseOptions& o, const std::string& dest, bool quiet) {
  const ReleaseCatalog cat = ReleaseCatalog::load();
  FetchOptions fo;
  fo.base = cat.base(o.base);
  fo.dest = dest;
  fo.allowUnverified = o.allowUnverified;
  const std::string dir = modelReleaseDir(release, dest);
  if (releaseComplete(release, dir)) {
    if (!quiet) std::cerr << release.name << ": already downloaded in " << dir << "\n";
    return dir;
  }
  if (!quiet) std::cerr << "downloading " << release.name << " from " << fo.base << " into " << dir << "\n";
  // One progress line per file; the rate and ETA speak of this attempt's bytes.
  std::unique_ptr<ProgressReporter> reporter;
  int current = 0;
  int64_t kept = 0, last = 0;
  auto started = std::chrono::steady_clock::now();
  const auto fileDone = [&](const std::string& name) {
    if (quiet || current == 0) return;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "%s%s: %lld bytes (%lld this time, in %s)\n", ::isatty(STDERR_FILENO) ? "\r\033[K" : "", name.c_str(), (long long)last,
                 (long long)(last - kept), formatDuration(s).c_str());
  };
  std::string currentName;
  try {
    fetchRelease(release, fo, [&](const FetchProgress& p) {
      if (p.fileIndex != current) {
        fileDone(currentName);
        current = p.fileIndex;
        currentName = p.fileName;
        kept = p.done;
        started = std::chrono::steady_clock::now();
        if (!quiet && kept > 0)
          std::cerr << p.fileName << ": resuming after " << kept << " bytes kept from an earlier attempt\n";
        reporter = std::make_unique<ProgressReporter>("downloading " + p.fileName, "KiB", !quiet);
      }
      last = p.done;
      if (p.total >= 0) reporter->update((p.done - kept) / 1024, (p.total - kept) / 1024);
    }, &g_interrupted);
    fileDone(currentName);
  } catch (const DownloadError& e) {
    if (e.kind() == DownloadError::Kind::Cancelled) throw;
    std::string message = e.what();
    if (e.kind() == DownloadError::Kind::Network || e.kind() == DownloadError::Kind::Http)
      message += ". " + manualDownloadHint(release, fo.base, dir);
    throw Error(message);
  }
  if (!quiet) std::cerr << release.name << ": verified and saved in " << dir << "\n";
  return dir;
}

std::string resolveModelArg(const std::string& arg, const ReleaseOptions& o, bool quiet) {
  if (!couldBeName(arg)) return arg;
  const ReleaseCatalog cat = loadQuietly();
  const Release* r = findRelease(arg, cat);
  if (!r) return arg;
  if (r->kind != Release::Kind::Model)
    throw Error("--model: '" + arg + "' is a published " + kindWord(r->kind) + ", not a model");
  return fetchModelRelease(*r, o, {}, quiet);
}

std::string resolveRemoteArg(const std::string& arg, Release::Kind kind, const ReleaseOptions& o) {
  if (!couldBeName(arg)) return arg;
  const ReleaseCatalog cat = loadQuietly();
  const Release* r = findRelease(arg, cat);
  if (!r) return arg;
  if (r->kind != kind)
    throw Error("'" + arg + "' is a published " + std::string(kindWord(r->kind)) + ", not " +
                (kind == Release::Kind::Alignment ? "an alignment" : "a score file"));
  return releaseUrl(cat.base(o.base), r->files.front());
}

}  // namespace gpnmsa::cli
