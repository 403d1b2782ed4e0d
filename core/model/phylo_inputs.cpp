// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/phylo_inputs.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numeric>
#include <sstream>

#include "gpnmsa/error.h"
#include "gpnmsa/gpn_star_config.h"

namespace gpnmsa {
namespace {

bool isRegularFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string shapeText(const std::vector<int64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

// The header is the repr() of a Python dict with exactly the keys 'descr',
// 'fortran_order' and 'shape'. A small scanner over that one shape (rather
// than a general Python-literal parser) is all the format needs.
class HeaderScanner {
 public:
  HeaderScanner(std::string text, std::string where) : t_(std::move(text)), where_(std::move(where)) {}
  void skipSpace() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\n')) ++i_;
  }
  bool accept(char c) {
    skipSpace();
    if (i_ < t_.size() && t_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!accept(c)) fail(std::string("expected '") + c + "'");
  }
  std::string quoted() {
    skipSpace();
    if (i_ >= t_.size() || (t_[i_] != '\'' && t_[i_] != '"')) fail("expected a quoted string");
    const char q = t_[i_++];
    const size_t end = t_.find(q, i_);
    if (end == std::string::npos) fail("unterminated string");
    std::string s = t_.substr(i_, end - i_);
    i_ = end + 1;
    return s;
  }
  std::string word() {
    skipSpace();
    size_t start = i_;
    while (i_ < t_.size() && std::isalnum(static_cast<unsigned char>(t_[i_]))) ++i_;
    return t_.substr(start, i_ - start);
  }
  bool atEnd() {
    skipSpace();
    return i_ == t_.size();
  }
  [[noreturn]] void fail(const std::string& why) const {
    throw Error(where_ + ": malformed .npy header (" + why + " at offset " + std::to_string(i_) +
                "): " + t_.substr(0, 120));
  }

 private:
  std::string t_, where_;
  size_t i_ = 0;
};

}  // namespace

NpyFloat64 readNpyFloat64(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open");
  std::vector<char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static const char kMagic[] = "\x93NUMPY";
  if (data.size() < 10 || std::memcmp(data.data(), kMagic, 6) != 0)
    throw Error(path + ": not a .npy file (no \\x93NUMPY magic)");
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(data[i]); };
  const int major = byte(6);
  size_t headerLen = 0, headerStart = 0;
  if (major == 1) {
    headerLen = byte(8) | (size_t(byte(9)) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (data.size() < 12) throw Error(path + ": truncated .npy header");
    headerLen = byte(8) | (size_t(byte(9)) << 8) | (size_t(byte(10)) << 16) | (size_t(byte(11)) << 24);
    headerStart = 12;
  } else {
    throw Error(path + ": .npy format version " + std::to_string(major) + " is not supported (1-3)");
  }
  if (headerLen > data.size() - headerStart)
    throw Error(path + ": truncated .npy header (" + std::to_string(headerLen) + " bytes announced)");
  HeaderScanner h(std::string(data.data() + headerStart, headerLen), path);

  std::string descr;
  bool haveDescr = false, haveOrder = false, haveShape = false, fortran = false;
  NpyFloat64 out;
  h.expect('{');
  while (!h.accept('}')) {
    const std::string key = h.quoted();
    h.expect(':');
    if (key == "descr") {
      descr = h.quoted();
      haveDescr = true;
    } else if (key == "fortran_order") {
      const std::string w = h.word();
      if (w != "True" && w != "False") h.fail("fortran_order must be True or False");
      fortran = w == "True";
      haveOrder = true;
    } else if (key == "shape") {
      h.expect('(');
      while (!h.accept(')')) {
        const std::string w = h.word();
        if (w.empty() || w.size() > 12 || !std::all_of(w.begin(), w.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
          h.fail("shape must be a tuple of whole numbers");
        out.shape.push_back(std::stoll(w));
        if (!h.accept(',')) {
          h.expect(')');
          break;
        }
      }
      haveShape = true;
    } else {
      h.fail("unexpected key '" + key + "'");
    }
    if (!h.accept(',')) {
      h.expect('}');
      break;
    }
  }
  if (!h.atEnd()) h.fail("text after the dict");
  if (!haveDescr || !haveOrder || !haveShape)
    throw Error(path + ": .npy header lacks 'descr', 'fortran_order' or 'shape'");
  if (descr != "<f8")
    throw Error(path + ": dtype '" + descr + "' is not float64 ('<f8'), as GPN-Star's phylo_dist files are");
  if (fortran) throw Error(path + ": Fortran-ordered arrays are not supported (expected C order)");

  uint64_t count = 1;
  for (int64_t d : out.shape)
    if (__builtin_mul_overflow(count, uint64_t(d), &count)) throw Error(path + ": shape too large");
  const size_t dataStart = headerStart + headerLen;
  const uint64_t have = (data.size() - dataStart);
  if (count > have / 8 || have != count * 8)
    throw Error(path + ": " + std::to_string(have) + " data bytes do not match shape " +
                shapeText(out.shape) + " of float64");
  out.values.resize(size_t(count));
  if (count) std::memcpy(out.values.data(), data.data() + dataStart, size_t(count) * 8);
  return out;
}

std::vector<double> Phylogeny::meanDistanceToClades(int target) const {
  std::vector<double> mean;
  mean.reserve(clades.size());
  for (const auto& members : clades) {
    double sum = 0;
    for (int s : members) sum += distance(target, s);
    mean.push_back(sum / double(members.size()));
  }
  return mean;
}

int Phylogeny::pooledCladeCount() const {
  return int(std::count_if(clades.begin(), clades.end(), [](const auto& c) { return c.size() > 1; }));
}

Phylogeny buildPhylogeny(std::vector<double> pairwise, int n, std::vector<double> inClade,
                         double threshold, const std::string& source) {
  if (n < 1) throw Error(source + ": no species in pairwise.npy");
  if (pairwise.size() != size_t(n) * size_t(n))
    throw Error(source + ": pairwise distances are not " + std::to_string(n) + " x " + std::to_string(n));
  if (inClade.size() != size_t(n))
    throw Error(source + ": in_clade.npy has " + std::to_string(inClade.size()) +
                " values but pairwise.npy has " + std::to_string(n) + " species");
  Phylogeny p;
  p.speciesCount = n;
  p.pairwise = std::move(pairwise);
  p.inClade = std::move(inClade);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      const double d = p.distance(i, j), e = p.distance(j, i);
      const std::string at = " at [" + std::to_string(i) + ", " + std::to_string(j) + "]";
      if (!std::isfinite(d) || d < 0)
        throw Error(source + ": pairwise distance " + std::to_string(d) + at + " is not a finite number >= 0");
      if (i == j && d != 0) throw Error(source + ": pairwise diagonal is not zero" + at);
      if (std::fabs(d - e) > 1e-9 * std::max(1.0, std::fabs(d)))
        throw Error(source + ": pairwise distances are not symmetric" + at);
    }
    if (!std::isfinite(p.inClade[size_t(i)]) || p.inClade[size_t(i)] < 0)
      throw Error(source + ": in_clade value " + std::to_string(p.inClade[size_t(i)]) + " of species " +
                  std::to_string(i) + " is not a finite number >= 0");
  }
  p.maxEvolDist = *std::max_element(p.pairwise.begin(), p.pairwise.end());

  // Union-find over the threshold graph; each root is the smallest member.
  std::vector<int> parent(static_cast<size_t>(n));
  std::iota(parent.begin(), parent.end(), 0);
  const auto find = [&](int x) {
    while (parent[size_t(x)] != x) x = parent[size_t(x)] = parent[size_t(parent[size_t(x)])];
    return x;
  };
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j)
      if (p.distance(i, j) <= threshold) {
        const int a = find(i), b = find(j);
        if (a != b) parent[size_t(std::max(a, b))] = std::min(a, b);
      }
  p.cladeOf.assign(size_t(n), -1);
  std::vector<int> cladeOfRoot(size_t(n), -1);
  for (int s = 0; s < n; ++s) {  // ascending: clades come out ordered by smallest member
    const int root = find(s);
    if (cladeOfRoot[size_t(root)] < 0) {
      cladeOfRoot[size_t(root)] = int(p.clades.size());
      p.clades.emplace_back();
    }
    p.cladeOf[size_t(s)] = cladeOfRoot[size_t(root)];
    p.clades[size_t(cladeOfRoot[size_t(root)])].push_back(s);
  }
  return p;
}

std::string phylogenyFolder(const std::string& modelDir, const GpnStarConfig& config) {
  const auto bothIn = [](const std::string& dir) {
    return isRegularFile(dir + "/pairwise.npy") && isRegularFile(dir + "/in_clade.npy");
  };
  if (!config.phyloDistPath.empty()) {
    const std::string configured = config.phyloDistPath[0] == '/'
                                       ? config.phyloDistPath
                                       : modelDir + "/" + config.phyloDistPath;
    if (bothIn(configured)) return configured;
  }
  const std::string bundled = modelDir + "/phylo_dist";
  for (const char* name : {"pairwise.npy", "in_clade.npy"})
    if (!isRegularFile(bundled + "/" + name))
      throw Error(bundled + "/" + name + ": missing (GPN-Star needs phylo_dist/pairwise.npy and " +
                  "phylo_dist/in_clade.npy beside config.json; config.json's phylo_dist_path \"" +
                  config.phyloDistPath + "\" does not hold them either)");
  return bundled;
}

Phylogeny loadPhylogeny(const std::string& modelDir, const GpnStarConfig& config) {
  const std::string dir = phylogenyFolder(modelDir, config);
  const std::string pairPath = dir + "/pairwise.npy", inPath = dir + "/in_clade.npy";
  NpyFloat64 pair = readNpyFloat64(pairPath);
  if (pair.shape.size() != 2 || pair.shape[0] != pair.shape[1] || pair.shape[0] < 1)
    throw Error(pairPath + ": shape " + shapeText(pair.shape) + " is not square (N, N)");
  NpyFloat64 in = readNpyFloat64(inPath);
  if (in.shape.size() != 1 || in.shape[0] != pair.shape[0])
    throw Error(inPath + ": shape " + shapeText(in.shape) + " does not match pairwise.npy's " +
                std::to_string(pair.shape[0]) + " species (expected (" +
                std::to_string(pair.shape[0]) + ",))");
  Phylogeny p = buildPhylogeny(std::move(pair.values), int(pair.shape[0]), std::move(in.values),
                               config.cladeThreshold, dir);
  p.directory = dir;
  return p;
}

}  // namespace gpnmsa
