// SPDX-License-Identifier: GPL-3.0-or-later
// Reading the released checkpoint files into named F32 tensors.
#pragma once
#include <torch/types.h>

#include <map>
#include <string>

namespace gpnmsa {

using TensorMap = std::map<std::string, torch::Tensor>;

// model.safetensors: 8-byte little-endian header length, JSON header, raw data.
// F32, F16 and BF16 tensors are converted to F32. Throws gpnmsa::Error for a
// truncated file, a corrupt header, an unsupported dtype or an inconsistent
// tensor entry (naming the key).
TensorMap readSafetensors(const std::string& path);

// pytorch_model.bin in PyTorch's zip format (torch.save default since 1.6).
TensorMap readPytorchBin(const std::string& path);

// The weights file of a model directory: model.safetensors if present, else
// pytorch_model.bin; throws if neither exists.
std::string findWeightsFile(const std::string& modelDir);
TensorMap readCheckpoint(const std::string& path);

}  // namespace gpnmsa

namespace gpnmsa {

struct ModelConfig;

// Writes `tensors` (any of F32/F16/BF16/F64) as a safetensors file, atomically.
void writeSafetensors(const std::string& path, const TensorMap& tensors,
                      const std::map<std::string, std::string>& metadata = {});
// config.json text in the released layout (model_type GPNRoFormer).
std::string modelConfigJson(const ModelConfig& config);
// Writes text to `path` atomically (temporary file + rename).
void writeTextFileAtomically(const std::string& path, const std::string& text);

}  // namespace gpnmsa
