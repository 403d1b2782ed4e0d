// SPDX-License-Identifier: GPL-3.0-or-later
// Makes benchmark inputs: a random-weight GPN-MSA model of any shape (default:
// the released 768x12, 89 species) in the released checkpoint layout, an
// alignment store of random sequence in the authors' Zarr layout, and a VCF
// of SNVs whose REF matches that store. Synthetic: for timing only.
//   make_bench_data OUTDIR [--hidden 768 --layers 12 --heads 12 --ffn 3072
//                   --species 89 --length 200000 --variants 200]
#include <blosc.h>
#include <sys/stat.h>
#include <torch/torch.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "gpn_roformer.h"

namespace {

void writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& ts) {
  nlohmann::json header;
  uint64_t offset = 0;
  for (const auto& [k, t] : ts) {
    header[k] = {{"dtype", "F32"}, {"shape", t.sizes().vec()}, {"data_offsets", {offset, offset + t.numel() * 4}}};
    offset += t.numel() * 4;
  }
  const std::string h = header.dump();
  std::ofstream out(path, std::ios::binary);
  const uint64_t n = h.size();
  out.write(reinterpret_cast<const char*>(&n), 8);  // little-endian host
  out << h;
  for (const auto& [k, t] : ts) {
    auto c = t.contiguous();
    out.write(static_cast<const char*>(c.data_ptr()), c.numel() * 4);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: make_bench_data OUTDIR [--hidden N --layers N --heads N --ffn N --species N --length N --variants N]\n";
    return 2;
  }
  const std::string out = argv[1];
  std::map<std::string, int64_t> opt = {{"--hidden", 768}, {"--layers", 12}, {"--heads", 12}, {"--ffn", 3072},
                                        {"--species", 89}, {"--length", 200000}, {"--variants", 200}};
  for (int i = 2; i + 1 < argc; i += 2) opt[argv[i]] = std::stoll(argv[i + 1]);
  const int64_t S = opt["--species"], C = S + 1, length = opt["--length"];
  ::mkdir(out.c_str(), 0755);
  ::mkdir((out + "/model").c_str(), 0755);
  ::mkdir((out + "/msa.zarr").c_str(), 0755);
  ::mkdir((out + "/msa.zarr/1").c_str(), 0755);

  nlohmann::json cfg = {{"architectures", {"GPNRoFormerForMaskedLM"}}, {"model_type", "GPNRoFormer"},
                        {"hidden_size", opt["--hidden"]}, {"embedding_size", opt["--hidden"]},
                        {"num_hidden_layers", opt["--layers"]}, {"num_attention_heads", opt["--heads"]},
                        {"intermediate_size", opt["--ffn"]}, {"max_position_embeddings", 1536},
                        {"vocab_size", 6}, {"n_aux_features", 5 * S}, {"aux_features_vocab_size", 5},
                        {"layer_norm_eps", 1e-12}, {"hidden_act", "gelu"}, {"rotary_value", false},
                        {"torch_dtype", "float32"}};
  std::ofstream(out + "/model/config.json") << cfg.dump(2);
  gpnmsa::ModelConfig mc = gpnmsa::parseModelConfig(cfg.dump(), "config.json");
  torch::manual_seed(1);
  gpnmsa::GPNRoFormerForMaskedLM net(gpnmsa::GPNRoFormerOptions{mc});
  std::vector<std::pair<std::string, torch::Tensor>> ts;
  for (const auto& p : net->named_parameters()) {
    auto t = p.value().detach().clone();
    if (p.key().find("weight") != std::string::npos && t.dim() == 2) t.normal_(0, 0.02);
    ts.emplace_back(p.key(), t);
  }
  ts.emplace_back("model.encoder.embed_positions.weight", net->model->encoder->embed_positions);
  writeSafetensors(out + "/model/model.safetensors", ts);

  // Alignment: random bases, human soft-masked in places, species with gaps.
  std::mt19937 rng(7);
  std::vector<char> data(size_t(length) * C);
  const char* bases = "ACGT";
  for (int64_t r = 0; r < length; ++r) {
    const char h = bases[rng() % 4];
    data[size_t(r) * C] = (r / 300) % 5 == 0 ? char(std::tolower(h)) : h;
    for (int64_t s = 1; s < C; ++s) data[size_t(r) * C + s] = rng() % 10 < 2 ? '-' : (rng() % 10 < 7 ? h : bases[rng() % 4]);
  }
  const int64_t chunk = 512;
  std::ofstream(out + "/msa.zarr/.zgroup") << R"({"zarr_format": 2})";
  nlohmann::json za = {{"chunks", {chunk, C}}, {"compressor", {{"blocksize", 0}, {"clevel", 5}, {"cname", "lz4"}, {"id", "blosc"}, {"shuffle", 1}}},
                       {"dtype", "|S1"}, {"fill_value", ""}, {"filters", nullptr}, {"order", "C"}, {"shape", {length, C}}, {"zarr_format", 2}};
  std::ofstream(out + "/msa.zarr/1/.zarray") << za.dump(4);
  std::vector<char> buf(size_t(chunk) * C), comp(buf.size() + BLOSC_MAX_OVERHEAD);
  for (int64_t c = 0; c * chunk < length; ++c) {
    std::fill(buf.begin(), buf.end(), 0);
    const int64_t rows = std::min(chunk, length - c * chunk);
    std::copy_n(data.begin() + c * chunk * C, rows * C, buf.begin());
    const int n = blosc_compress_ctx(5, BLOSC_SHUFFLE, 1, buf.size(), buf.data(), comp.data(), comp.size(), "lz4", 0, 1);
    std::ofstream(out + "/msa.zarr/1/" + std::to_string(c) + ".0", std::ios::binary).write(comp.data(), n);
  }
  std::ofstream vcf(out + "/variants.vcf");
  vcf << "##fileformat=VCFv4.2\n##contig=<ID=1,length=" << length << ">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
  for (int64_t i = 0; i < opt["--variants"]; ++i) {
    const int64_t pos = 100 + int64_t(rng() % uint64_t(length - 200));
    const char ref = char(std::toupper(data[size_t(pos - 1) * C]));
    const char alt = ref == 'A' ? 'G' : 'A';
    vcf << "1\t" << pos << "\t.\t" << ref << '\t' << alt << "\t.\t.\t.\n";
  }
  std::cout << "wrote " << out << " (model " << opt["--hidden"] << "x" << opt["--layers"] << ", " << S
            << " species, " << length << " bp)\n";
  return 0;
}
