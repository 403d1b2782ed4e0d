// SPDX-License-Identifier: GPL-3.0-or-later
// GPN-Star's phylogeny inputs: phylo_dist/pairwise.npy (N x N float64 tree
// distances between the alignment's species, in store column order) and
// phylo_dist/in_clade.npy (N float64: distance of each species to the common
// ancestor of its clade), and the clades built from them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace gpnmsa {

struct GpnStarConfig;

// A float64 .npy array (format 1.0-3.0, dtype '<f8', C order), read whole.
struct NpyFloat64 {
  std::vector<int64_t> shape;
  std::vector<double> values;  // row-major
};
// Throws gpnmsa::Error naming `path` for anything else: bad magic, a header
// that is not the dict numpy writes, another dtype, Fortran order, a shape
// that does not match the data's length.
NpyFloat64 readNpyFloat64(const std::string& path);

struct Phylogeny {
  int speciesCount = 0;           // N: alignment columns, human first
  std::vector<double> pairwise;   // N*N
  std::vector<double> inClade;    // N
  double maxEvolDist = 0;         // max of pairwise (config.json's value is ignored)
  // Connected components of "pairwise[i][j] <= clade_thres" (single linkage),
  // ordered by smallest member, members ascending.
  std::vector<std::vector<int>> clades;
  std::vector<int> cladeOf;       // N: index into clades
  std::string directory;          // the folder the two files came from

  double distance(int i, int j) const { return pairwise[size_t(i) * size_t(speciesCount) + size_t(j)]; }
  // d(t, c): mean distance from species t to the members of each clade, in float64.
  std::vector<double> meanDistanceToClades(int target) const;
  // Clades with at least two members (pooled by attention, not looked up).
  int pooledCladeCount() const;
};

// Validates the two arrays (square, symmetric, zero diagonal, finite, >= 0;
// in_clade of length N) and builds the clades; `source` names them in errors.
Phylogeny buildPhylogeny(std::vector<double> pairwise, int speciesCount,
                         std::vector<double> inClade, double cladeThreshold,
                         const std::string& source);

// The folder holding pairwise.npy + in_clade.npy: config.json's
// phylo_dist_path (absolute, or relative to the model folder) when both files
// are there, else <modelDir>/phylo_dist/ (where the released checkpoints ship
// them; the configured path is on the authors' cluster). Throws naming the
// missing file.
std::string phylogenyFolder(const std::string& modelDir, const GpnStarConfig& config);
Phylogeny loadPhylogeny(const std::string& modelDir, const GpnStarConfig& config);

}  // namespace gpnmsa
