// SPDX-License-Identifier: GPL-3.0-or-later
// Writing checkpoints in the released layout: config.json + model.safetensors.
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "checkpoint.h"
#include "gpnmsa/atomic_file.h"
#include "gpnmsa/error.h"
#include "gpnmsa/model_config.h"

namespace gpnmsa {

namespace {

const char* safetensorsDtype(torch::Dtype d) {
  switch (d) {
    case torch::kFloat32: return "F32";
    case torch::kFloat16: return "F16";
    case torch::kBFloat16: return "BF16";
    case torch::kFloat64: return "F64";
    default: throw Error("safetensors writer: unsupported tensor dtype");
  }
}

void writeAll(std::ofstream& out, const char* data, size_t n, const std::string& path) {
  out.write(data, std::streamsize(n));
  if (!out) throw Error("cannot write " + path + " (disk full?)");
}

}  // namespace

void writeSafetensors(const std::string& path, const TensorMap& tensors,
                      const std::map<std::string, std::string>& metadata) {
  // Header: {"__metadata__": {...}, key: {dtype, shape, data_offsets}} in key
  // order; data: the tensors back to back, little-endian, C order.
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<torch::Tensor> contiguous;
  uint64_t offset = 0;
  for (const auto& [key, t] : tensors) {
    auto c = t.detach().to(torch::kCPU).contiguous();
    const uint64_t bytes = uint64_t(c.numel()) * c.element_size();
    header[key] = {{"dtype", safetensorsDtype(c.scalar_type())},
                   {"shape", c.sizes().vec()},
                   {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    contiguous.push_back(std::move(c));
  }
  std::string text = header.dump();
  // The format recommends padding the header to 8 bytes with spaces.
  while ((text.size() % 8) != 0) text.push_back(' ');
  AtomicFile file(path);
  std::ofstream out(file.tempPath(), std::ios::binary | std::ios::trunc);
  if (!out) throw Error("cannot write " + path);
  unsigned char len[8];
  uint64_t n = text.size();
  for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>((n >> (8 * i)) & 0xff);
  writeAll(out, reinterpret_cast<const char*>(len), 8, path);
  writeAll(out, text.data(), text.size(), path);
  for (const auto& c : contiguous)
    writeAll(out, static_cast<const char*>(c.data_ptr()), size_t(c.numel()) * c.element_size(), path);
  out.close();
  if (!out) throw Error("cannot write " + path);
  file.commit();
}

std::string modelConfigJson(const ModelConfig& c) {
  // The fields the released config.json has, with the same names.
  nlohmann::json j = {
      {"architectures", {"GPNRoFormerForMaskedLM"}},
      {"model_type", "GPNRoFormer"},
      {"hidden_size", c.hiddenSize},
      {"embedding_size", c.embeddingSize},
      {"num_hidden_layers", c.numHiddenLayers},
      {"num_attention_heads", c.numAttentionHeads},
      {"intermediate_size", c.intermediateSize},
      {"hidden_act", c.hiddenAct},
      {"layer_norm_eps", c.layerNormEps},
      {"max_position_embeddings", c.maxPositionEmbeddings},
      {"rotary_value", c.rotaryValue},
      {"vocab_size", c.vocabSize},
      {"n_aux_features", c.nAuxFeatures},
      {"aux_features_vocab_size", c.auxFeaturesVocabSize},
      {"initializer_range", 0.02},
      {"pad_token_id", 0},
      {"torch_dtype", "float32"},
  };
  return j.dump(2) + "\n";
}

void writeTextFileAtomically(const std::string& path, const std::string& text) {
  AtomicFile file(path);
  {
    std::ofstream out(file.tempPath(), std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw Error("cannot write " + path);
  }
  file.commit();
}

}  // namespace gpnmsa
