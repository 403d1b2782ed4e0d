// SPDX-License-Identifier: GPL-3.0-or-later
// Which thread policy inference needs (thread_policy.h): here, in the engine,
// because only the engine knows whether this build runs the products on
// oneDNN.
#include <torch/types.h>

#include "gpnmsa/thread_policy.h"
#include "onednn_matmul.h"

namespace gpnmsa {

ThreadPolicy inferenceThreadPolicy(ModelKind kind, const std::string& device) {
  if (device.rfind("cpu", 0) != 0) return {};  // a GPU's products: the CPU threads hardly matter
  // GPN-Star's layers run on libtorch's modules (F32 products on OpenBLAS).
  if (kind == ModelKind::GpnMsa && onednn::available(torch::kFloat32)) return {};
  return openBlasThreadPolicy();
}

}  // namespace gpnmsa
