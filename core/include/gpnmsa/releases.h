// SPDX-License-Identifier: GPL-3.0-or-later
// The authors' published files by name ("gpn-msa-sapiens", "multiz100way-89",
// "gpn-msa-hg38-scores"), from the manifest resources/releases.json: where
// each file lies below a base URL (a mirror keeps the same relative paths),
// and its size and SHA-256 where known. A model release is downloaded once
// into the user cache; alignment and score releases are URLs read in place.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gpnmsa/http_download.h"

namespace gpnmsa {

struct ReleaseFile {
  std::string path;    // below the base URL, no leading '/'
  std::string name;    // the file name it gets locally (last part of path)
  int64_t size = -1;   // -1: not known
  std::string sha256;  // lower-case hex; empty: not known (the server's digest is used)
};

struct Release {
  enum class Kind { Model, Alignment, Scores };
  std::string name;
  Kind kind = Kind::Model;
  std::string revision;     // the pinned revision (model releases), names the cache folder
  std::string description;  // one line for users
  std::vector<ReleaseFile> files;  // alignment/scores: the first is the file to open
};

class ReleaseCatalog {
 public:
  // The manifest named by $GPNMSA_RELEASES, else releases.json in
  // <executable>/../share/gpnmsa, the install prefix or the source tree's
  // resources/. Throws gpnmsa::Error if none is found or it is malformed.
  static ReleaseCatalog load();
  // Throws gpnmsa::Error naming the file and the entry at fault.
  static ReleaseCatalog read(const std::string& file);

  const Release* find(const std::string& name) const;
  const std::vector<Release>& releases() const { return releases_; }
  const std::string& source() const { return source_; }
  // The base URL to use: `override` if not empty, else $GPNMSA_RELEASE_BASE,
  // else the manifest's. Never ends with '/'.
  std::string base(const std::string& override = {}) const;

 private:
  std::string source_, defaultBase_;
  std::vector<Release> releases_;
};

std::string releaseUrl(const std::string& base, const ReleaseFile& file);

// Where a model release is kept: `dest` if not empty, else
// <user cache>/models/<name>/<revision>.
std::string modelReleaseDir(const Release& release, const std::string& dest = {});

// True when every file of the release is in `dir` (a file appears there only
// after its digest matched).
bool releaseComplete(const Release& release, const std::string& dir);

// Per file: which file (index, count, name) and the bytes so far.
struct FetchProgress {
  int fileIndex = 0, fileCount = 0;
  std::string fileName;
  int64_t done = 0, total = -1;
};

struct FetchOptions {
  std::string base;  // as from ReleaseCatalog::base()
  std::string dest;  // modelReleaseDir's `dest`
  bool allowUnverified = false;
};

// Downloads the files of `release` missing from its folder (resuming partial
// ones) and returns the folder. Throws DownloadError (what() names the URL;
// manualDownloadHint() says how to do it by hand) or gpnmsa::Error.
std::string fetchRelease(const Release& release, const FetchOptions& options,
                         const std::function<void(const FetchProgress&)>& progress = {},
                         const std::atomic<bool>* stop = nullptr);

// "To download by hand: URL1 URL2 into DIR" for a failed fetch.
std::string manualDownloadHint(const Release& release, const std::string& base, const std::string& dir);

}  // namespace gpnmsa
