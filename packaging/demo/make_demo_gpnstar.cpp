// SPDX-License-Identifier: GPL-3.0-or-later
// Writes a small GPN-Star checkpoint with RANDOM weights that fits the demo
// alignment (resources/demo/msa.zarr.zip: hg38 + GPN-MSA's 89 species, in
// that column order), in the released layout: config.json (model_type
// GPNStar), model.safetensors, phylo_dist/pairwise.npy + in_clade.npy, and
// calibration_table/ (copied in by the build from the test fixture's
// SYNTHETIC table). It lets the app and the CLI score the demo VCF with both
// model kinds; its scores mean nothing (random weights, not a trained model).
//
// The distances: the 90 species' rows and columns of the V100 species100
// fixture's pairwise.npy (computed from the UCSC hg38.100way.nh tree), picked
// by name. in_clade.npy is the fixture's value for each picked species (its
// clade in the 100-species tree; removing ten species can change clades, so
// it is an approximation, fine for random weights).
//
// Usage: make_demo_gpnstar SPECIES100_DIR SPECIES89_TSV OUT_DIR
//   SPECIES100_DIR: phylo_dist/{pairwise,in_clade}.npy and species.txt (V100 order)
//   SPECIES89_TSV: resources/species/multiz100way-89-species.tsv
#include <torch/torch.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "checkpoint.h"
#include "gpn_star.h"
#include "gpnmsa/error.h"
#include "gpnmsa/gpn_star_config.h"
#include "gpnmsa/gpn_star_model.h"
#include "gpnmsa/phylo_inputs.h"

using namespace gpnmsa;

namespace {

std::vector<std::string> readLines(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read " + path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.push_back(line);
  return out;
}

// numpy's .npy 1.0: magic, header dict padded with spaces to a multiple of 64, '<f8' data.
std::string npyFloat64(const std::vector<int64_t>& shape, const std::vector<double>& values) {
  std::string dims;  // "90," or "90, 90", as numpy writes a tuple
  for (size_t i = 0; i < shape.size(); ++i) dims += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) dims += ",";
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims + "), }";
  const size_t fixed = 10;  // magic (6) + version (2) + header length (2)
  while ((fixed + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += char(header.size() & 0xff);
  out += char((header.size() >> 8) & 0xff);
  out += header;
  out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(double));
  return out;
}

const char* kConfig = R"({
  "architectures": [
    "GPNStarForMaskedLM"
  ],
  "clade_thres": 0.2,
  "embedding_size": 32,
  "hidden_act": "gelu",
  "hidden_size": 32,
  "intermediate_size": 64,
  "layer_norm_eps": 1e-12,
  "max_evol_dist": %MAX%,
  "max_position_embeddings": 256,
  "model_type": "GPNStar",
  "num_attention_heads": 4,
  "num_hidden_layers": 2,
  "pad_token_id": 0,
  "phylo_dist_path": "phylo_dist",
  "rotary_value": false,
  "time_enc": "fire_1",
  "torch_dtype": "float32",
  "vocab_size": 6,
  "note": "RANDOM WEIGHTS (seed 1), not a trained model: made by packaging/demo/make_demo_gpnstar.cpp for trying two models side by side on the demo data"
}
)";

const char* kAbout =
    "Demo GPN-Star model: RANDOM WEIGHTS, NOT A TRAINED MODEL.\n"
    "\n"
    "Made at build time by packaging/demo/make_demo_gpnstar.cpp (seed 1; H 32, 2 layers, 4 heads)\n"
    "so that the demo alignment (hg38 + GPN-MSA's 89 species) can be scored by a second model kind\n"
    "beside the demo GPN-MSA. Its scores, entropies and logos mean nothing about the variants.\n"
    "\n"
    "phylo_dist/pairwise.npy: the 90 species' distances from the V100 fixture (UCSC hg38.100way.nh tree).\n"
    "phylo_dist/in_clade.npy: the fixture's 100-species values for these species (an approximation).\n"
    "calibration_table/: the test fixture's SYNTHETIC table (tests/data/gpnstar/calibration_table),\n"
    "not a table measured for this model: the calibrated columns only show that the path works.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: make_demo_gpnstar SPECIES100_DIR SPECIES89_TSV OUT_DIR\n";
    return 1;
  }
  try {
    const std::string dir100 = argv[1], tsv89 = argv[2], out = argv[3];
    const auto order100 = readLines(dir100 + "/species.txt");
    std::map<std::string, int> index100;
    for (size_t i = 0; i < order100.size(); ++i) index100[order100[i]] = int(i);
    std::vector<std::string> names{"hg38"};
    auto rows89 = readLines(tsv89);
    for (size_t i = 1; i < rows89.size(); ++i) names.push_back(rows89[i].substr(0, rows89[i].find('\t')));
    const NpyFloat64 pair = readNpyFloat64(dir100 + "/phylo_dist/pairwise.npy");
    const NpyFloat64 clade = readNpyFloat64(dir100 + "/phylo_dist/in_clade.npy");
    const int n100 = int(order100.size());
    if (pair.shape != std::vector<int64_t>{n100, n100} || int(clade.values.size()) != n100)
      throw Error(dir100 + ": pairwise.npy / in_clade.npy do not match species.txt (" + std::to_string(n100) + ")");
    const int n = int(names.size());
    std::vector<int> pick;
    for (const auto& s : names) {
      auto it = index100.find(s);
      if (it == index100.end()) throw Error(tsv89 + ": species '" + s + "' is not in " + dir100 + "/species.txt");
      pick.push_back(it->second);
    }
    std::vector<double> pairwise(size_t(n) * size_t(n));
    std::vector<double> inClade(static_cast<size_t>(n));
    double maxDist = 0;
    for (int i = 0; i < n; ++i) {
      inClade[size_t(i)] = clade.values[size_t(pick[size_t(i)])];
      for (int j = 0; j < n; ++j) {
        const double d = pair.values[size_t(pick[size_t(i)]) * size_t(n100) + size_t(pick[size_t(j)])];
        pairwise[size_t(i) * size_t(n) + size_t(j)] = d;
        maxDist = std::max(maxDist, d);
      }
    }
    std::string configText = kConfig;
    std::ostringstream maxText;
    maxText.precision(17);
    maxText << maxDist;
    configText.replace(configText.find("%MAX%"), 5, maxText.str());
    const GpnStarConfig config = parseGpnStarConfig(configText, "make_demo_gpnstar config");
    Phylogeny phylo = buildPhylogeny(pairwise, n, inClade, config.cladeThreshold, out);

    torch::manual_seed(1);
    GPNStarForMaskedLM net(GPNStarOptions(config, phylo.maxEvolDist));
    TensorMap tensors;
    {
      torch::NoGradGuard noGrad;
      // Wider than the usual 0.02 initialisation so that random logits
      // differ visibly between sites (the demo is about seeing two columns).
      for (auto& p : net->named_parameters()) {
        if (p.value().dim() == 2) p.value().normal_(0, 0.3);
        if (p.value().dim() == 0) p.value().fill_(1.0);
        tensors[p.key()] = p.value().detach().clone();
      }
    }
    std::filesystem::create_directories(out + "/phylo_dist");
    writeSafetensors(out + "/model.safetensors", tensors, {{"note", "random weights, not a trained model"}});
    writeTextFileAtomically(out + "/phylo_dist/pairwise.npy", npyFloat64({n, n}, pairwise));
    writeTextFileAtomically(out + "/phylo_dist/in_clade.npy", npyFloat64({n}, inClade));
    writeTextFileAtomically(out + "/ABOUT.txt", kAbout);
    writeTextFileAtomically(out + "/config.json", configText);
    // It must load as the app and the CLI will load it.
    auto model = GpnStarModel::load(out);
    std::cout << "wrote " << out << ": " << model->columnCount() << " columns, " << model->phylogeny().clades.size()
              << " clades (random weights)\n";
  } catch (const std::exception& e) {
    std::cerr << "make_demo_gpnstar: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
