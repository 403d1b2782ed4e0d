// SPDX-License-Identifier: GPL-3.0-or-later
// The published files by name on the command line: `fetch-model`, and
// --model/--msa/--scores NAME (a path that exists always wins over a name).
#pragma once
#include <CLI/CLI.hpp>

#include <string>

#include "gpnmsa/releases.h"

namespace gpnmsa::cli {

struct ReleaseOptions {
  std::string base;  // --release-base; empty: $GPNMSA_RELEASE_BASE, else the manifest's
  bool allowUnverified = false;
};

void addReleaseOptions(CLI::App* cmd, ReleaseOptions* o);

// `arg` unchanged when it exists locally or names no release; the model
// folder in the user cache for a model release (downloaded first, with
// progress on stderr unless quiet, when not complete there). Throws
// gpnmsa::Error saying what failed and how to download by hand.
std::string resolveModelArg(const std::string& arg, const ReleaseOptions& o, bool quiet);

// `arg` unchanged when it exists locally or names no release; the URL of the
// release's file for an alignment or score release (read in place).
std::string resolveRemoteArg(const std::string& arg, Release::Kind kind, const ReleaseOptions& o);

// Downloads `release` into `dest` (empty: the user cache) with progress on
// stderr; returns the folder.
std::string fetchModelRelease(const Release& release, const ReleaseOptions& o, const std::string& dest, bool quiet);

}  // namespace gpnmsa::cli
