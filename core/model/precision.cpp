// SPDX-License-Identifier: GPL-3.0-or-later
#include "precision.h"

#include "gpnmsa/text.h"

#include <algorithm>
#include <cctype>

#include <torch/cuda.h>

#include "gpnmsa/error.h"

namespace gpnmsa {

const char* precisionName(Precision p) {
  switch (p) {
    case Precision::F32: return "f32";
    case Precision::BF16: return "bf16";
    case Precision::F16: return "f16";
  }
  return "?";
}

Precision parsePrecision(const std::string& text) {
  const std::string t = toLowerAscii(text);
  if (t == "f32" || t == "fp32" || t == "float32") return Precision::F32;
  if (t == "bf16" || t == "bfloat16") return Precision::BF16;
  if (t == "f16" || t == "fp16" || t == "float16") return Precision::F16;
  throw Error("unknown precision '" + text + "' (expected f32, bf16 or f16)");
}

torch::Device parseDevice(const std::string& name) {
  torch::Device device(torch::kCPU);
  try {
    device = torch::Device(name);
  } catch (const std::exception&) {
    throw Error("unknown device '" + name + "' (expected cpu or cuda[:N])");
  }
  if (device.is_cuda() && !torch::cuda::is_available())
    throw Error("device '" + name +
                "' requested but this libtorch has no CUDA device (build against a CUDA "
                "libtorch, see README 'GPU')");
  return device;
}

torch::ScalarType scalarType(Precision p) {
  switch (p) {
    case Precision::F32: return torch::kFloat32;
    case Precision::BF16: return torch::kBFloat16;
    case Precision::F16: return torch::kFloat16;
  }
  return torch::kFloat32;
}

std::string precisionUnsupported(Precision p, const torch::Device& device) {
  // libtorch 1.13 has no fast CPU kernels for F16 matrix products (they fall
  // back to scalar loops, far slower than F32), so refuse rather than crawl.
  if (p == Precision::F16 && device.is_cpu())
    return "precision f16 needs a CUDA device; on a CPU use bf16 (or f32)";
  return {};
}

torch::Device deviceFor(const ModelOptions& options) {
  const torch::Device device = parseDevice(options.device);
  if (const std::string why = precisionUnsupported(options.precision, device); !why.empty())
    throw Error(why);
  return device;
}

}  // namespace gpnmsa
