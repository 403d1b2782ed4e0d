// SPDX-License-Identifier: GPL-3.0-or-later
#include <sys/stat.h>
#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/torch.h>

#include <fstream>

#include "checkpoint.h"
#include "gpnmsa/error.h"

namespace gpnmsa {
namespace {

bool isRegularFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

TensorMap readPytorchBin(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open");
  std::vector<char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() < 4 || data[0] != 'P' || data[1] != 'K')
    throw Error(path + ": not a PyTorch zip checkpoint (legacy pickle format is not supported; "
                "re-save it with torch.save, or use model.safetensors)");
  c10::IValue value;
  try {
    value = torch::jit::pickle_load(data);
  } catch (const std::exception& e) {
    throw Error(path + ": cannot read PyTorch checkpoint: " + std::string(e.what()).substr(0, 300));
  }
  if (!value.isGenericDict()) throw Error(path + ": expected a state dict (a dict of tensors)");
  TensorMap tensors;
  for (const auto& kv : value.toGenericDict()) {
    if (!kv.key().isString()) throw Error(path + ": state dict has a non-string key");
    const std::string key = kv.key().toStringRef();
    if (!kv.value().isTensor()) throw Error(path + ": entry '" + key + "' is not a tensor");
    torch::Tensor t = kv.value().toTensor();
    if (!t.is_floating_point()) throw Error(path + ": tensor '" + key + "' is not floating point");
    tensors[key] = t.to(torch::kFloat32).contiguous();
  }
  return tensors;
}

std::string findWeightsFile(const std::string& modelDir) {
  for (const char* name : {"model.safetensors", "pytorch_model.bin"}) {
    const std::string path = modelDir + "/" + name;
    if (isRegularFile(path)) return path;
  }
  throw Error(modelDir + ": no model.safetensors or pytorch_model.bin in the model directory");
}

TensorMap readCheckpoint(const std::string& path) {
  if (endsWith(path, ".safetensors")) return readSafetensors(path);
  return readPytorchBin(path);
}

}  // namespace gpnmsa
