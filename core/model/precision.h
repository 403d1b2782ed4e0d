// SPDX-License-Identifier: GPL-3.0-or-later
// Precision <-> libtorch dtypes, and which device can run which precision.
#pragma once
#include <torch/types.h>

#include <string>

#include "gpnmsa/model.h"

namespace gpnmsa {

torch::ScalarType scalarType(Precision p);

// Empty if `device` runs `p`; otherwise why not (for the error message).
std::string precisionUnsupported(Precision p, const torch::Device& device);

}  // namespace gpnmsa
