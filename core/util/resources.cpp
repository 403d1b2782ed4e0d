// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/resources.h"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <vector>

namespace gpnmsa {
namespace {

bool isDir(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string executableDir() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  std::string path(buf, size_t(n));
  return path.substr(0, path.rfind('/'));
}

}  // namespace

DefaultBundle defaultBundle() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("GPNMSA_DATA_DIR"); env && *env) candidates.emplace_back(env);
  const std::string exe = executableDir();
  if (!exe.empty()) candidates.push_back(exe + "/../share/gpnmsa/demo");
  candidates.push_back(GPNMSA_INSTALL_RESOURCES "/demo");
  candidates.push_back(GPNMSA_SOURCE_RESOURCES "/demo");
  DefaultBundle b;
  for (const auto& c : candidates) {
    if (!isDir(c + "/model")) continue;
    b.root = c;
    b.model = c + "/model";
    b.alignment = c + "/msa.zarr.zip";
    b.variants = c + "/variants.vcf";
    if (const std::string genes = c + "/genes/gencode.v33.basic.annotation.chr22_16550000-16850000.gff3";
        ::access(genes.c_str(), R_OK) == 0)
      b.genes = genes;
    std::ifstream about(c + "/ABOUT.txt");
    std::getline(about, b.description);
    break;
  }
  return b;
}

}  // namespace gpnmsa
