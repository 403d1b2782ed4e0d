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
