// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/releases.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cache_dir.h"

namespace gpnmsa {
namespace {

std::string executableDir() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  const std::string path(buf, size_t(n));
  return path.substr(0, path.rfind('/'));
}

bool readable(const std::string& p) { return ::access(p.c_str(), R_OK) == 0; }

void makeDirs(const std::string& dir) {
  for (size_t at = 1; at != std::string::npos;) {
    at = dir.find('/', at + 1);
    const std::string part = dir.substr(0, at);
    if (::mkdir(part.c_str(), 0755) != 0 && errno != EEXIST)
      throw Error("cannot create " + part + ": " + std::strerror(errno));
  }
}

Release::Kind parseKind(const std::string& k, const std::string& where) {
  if (k == "model") return Release::Kind::Model;
  if (k == "alignment") return Release::Kind::Alignment;
  if (k == "scores") return Release::Kind::Scores;
  throw Error(where + ": kind '" + k + "' is not one of model, alignment, scores");
}

}  // namespace

ReleaseCatalog ReleaseCatalog::load() {
  if (const char* env = std::getenv("GPNMSA_RELEASES"); env && *env) return read(env);
  std::vector<std::string> candidates;
  if (const std::string exe = executableDir(); !exe.empty()) candidates.push_back(exe + "/../share/gpnmsa/releases.json");
  candidates.push_back(GPNMSA_INSTALL_RESOURCES "/releases.json");
  candidates.push_back(GPNMSA_SOURCE_RESOURCES "/releases.json");
  for (const std::string& c : candidates)
    if (readable(c)) return read(c);
  throw Error("no release manifest (releases.json) found; set GPNMSA_RELEASES=FILE");
}

ReleaseCatalog ReleaseCatalog::read(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw Error("cannot read the release manifest " + file + ": " + std::strerror(errno));
  ReleaseCatalog cat;
  cat.source_ = file;
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    cat.defaultBase_ = j.at("base").get<std::string>();
    for (const auto& r : j.at("releases")) {
      Release rel;
      rel.name = r.at("name").get<std::string>();
      const std::string where = file + ": release " + rel.name;
      rel.kind = parseKind(r.at("kind").get<std::string>(), where);
      rel.revision = r.value("revision", std::string("main"));
      rel.description = r.value("description", std::string());
      for (const auto& f : r.at("files")) {
        ReleaseFile rf;
        rf.path = f.at("path").get<std::string>();
        while (!rf.path.empty() && rf.path.front() == '/') rf.path.erase(0, 1);
        rf.name = rf.path.substr(rf.path.rfind('/') + 1);
        if (rf.name.empty() || rf.name == "." || rf.name == "..")
          throw Error(where + ": file path '" + rf.path + "' names no file");
        if (f.contains("size") && !f["size"].is_null()) rf.size = f["size"].get<int64_t>();
        if (f.contains("sha256") && !f["sha256"].is_null()) {
          rf.sha256 = f["sha256"].get<std::string>();
          for (char& ch : rf.sha256) ch = char(std::tolower(static_cast<unsigned char>(ch)));
          if (rf.sha256.size() != 64 || rf.sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
            throw Error(where + ": sha256 of " + rf.name + " is not 64 hex digits");
        }
        rel.files.push_back(rf);
      }
      if (rel.files.empty()) throw Error(where + ": no files");
      cat.releases_.push_back(rel);
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error("release manifest " + file + " is malformed: " + e.what());
  }
  return cat;
}

const Release* ReleaseCatalog::find(const std::string& name) const {
  for (const Release& r : releases_)
    if (r.name == name) return &r;
  return nullptr;
}

std::string ReleaseCatalog::base(const std::string& override) const {
  std::string b = override;
  if (b.empty())
    if (const char* env = std::getenv("GPNMSA_RELEASE_BASE"); env && *env) b = env;
  if (b.empty()) b = defaultBase_;
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b;
}

std::string releaseUrl(const std::string& base, const ReleaseFile& file) { return base + "/" + file.path; }

std::string modelReleaseDir(const Release& release, const std::string& dest) {
  if (!dest.empty()) return dest;
  return store::userCacheDir() + "/models/" + release.name + "/" + release.revision;
}

bool releaseComplete(const Release& release, const std::string& dir) {
  for (const ReleaseFile& f : release.files)
    if (!readable(dir + "/" + f.name)) return false;
  return true;
}

std::string manualDownloadHint(const Release& release, const std::string& base, const std::string& dir) {
  std::string urls;
  for (const ReleaseFile& f : release.files) urls += " " + releaseUrl(base, f);
  return "To download by hand:" + urls + " into " + dir;
}

std::string fetchRelease(const Release& release, const FetchOptions& options,
                         const std::function<void(const FetchProgress&)>& progress, const std::atomic<bool>* stop) {
  const std::string dir = modelReleaseDir(release, options.dest);
  makeDirs(dir);
  FetchProgress p;
  p.fileCount = int(release.files.size());
  for (const ReleaseFile& f : release.files) {
    ++p.fileIndex;
    p.fileName = f.name;
    const std::string dest = dir + "/" + f.name;
    if (readable(dest)) continue;  // in place only once verified
    DownloadRequest req;
    req.url = releaseUrl(options.base, f);
    req.dest = dest;
    req.expectedSha256 = f.sha256;
    req.expectedSize = f.size;
    req.allowUnverified = options.allowUnverified;
    downloadFile(
        req,
        [&](int64_t done, int64_t total) {
          p.done = done;
          p.total = total;
          if (progress) progress(p);
        },
        stop);
  }
  return dir;
}

}  // namespace gpnmsa
