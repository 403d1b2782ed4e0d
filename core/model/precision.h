// SPDX-License-Identifier: GPL-3.0-or-later
// Precision <-> libtorch dtypes, and which device can run which precision.
#pragma once
#include <torch/types.h>

#include <string>

#include "gpnmsa/model.h"

namespace gpnmsa {

torch::ScalarType scalarType(Precision p);

// "cpu", "cuda", "cuda:1" -> a device this libtorch can use; throws
// gpnmsa::Error for an unknown name or CUDA without a CUDA libtorch.
torch::Device parseDevice(const std::string& name);

// Empty if `device` runs `p`; otherwise why not (for the error message).
std::string precisionUnsupported(Precision p, const torch::Device& device);

// The device `options` names, checked to run `options.precision` (every model
// kind places its weights there); throws gpnmsa::Error saying why not.
torch::Device deviceFor(const ModelOptions& options);

}  // namespace gpnmsa
