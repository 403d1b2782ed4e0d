// SPDX-License-Identifier: GPL-3.0-or-later
// The published GPN-MSA masked language model (GPNRoFormerForMaskedLM).
// This header keeps libtorch out of its users; the implementation is in core/model.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gpnmsa/model_config.h"

namespace gpnmsa {

// Arithmetic of the forward pass. F32 is the reference; BF16 runs on CPUs with
// AVX-512 (fast with AVX-512 BF16) and on GPUs; F16 needs a GPU (libtorch's
// CPU F16 matrix products are slow reference loops).
enum class Precision { F32, BF16, F16 };
const char* precisionName(Precision p);  // "f32", "bf16", "f16"
// Accepts f32|fp32|float32, bf16|bfloat16, f16|fp16|float16; throws gpnmsa::Error.
Precision parsePrecision(const std::string& text);

struct ModelOptions {
  std::string device = "cpu";  // "cpu", "cuda", "cuda:1" (with a CUDA libtorch)
  int threads = 0;             // intra-op threads; 0 = every core
  Precision precision = Precision::F32;
};

class GpnMsaModel {
 public:
  // Loads `dir`/config.json and `dir`/model.safetensors (F32/F16/BF16; preferred)
  // or `dir`/pytorch_model.bin. Throws gpnmsa::Error naming the file and, for
  // missing, unexpected or mis-shaped tensors, the key.
  static std::unique_ptr<GpnMsaModel> load(const std::string& dir,
                                           const ModelOptions& options = {});
  // A model of shape `config` with random weights (normal, sd 0.02, as the
  // authors' initialisation), for benchmarks: timings need no download.
  static std::unique_ptr<GpnMsaModel> random(const ModelConfig& config,
                                             const ModelOptions& options = {},
                                             uint64_t seed = 1);
  ~GpnMsaModel();
  GpnMsaModel(const GpnMsaModel&) = delete;
  GpnMsaModel& operator=(const GpnMsaModel&) = delete;

  const ModelConfig& config() const;
  const std::string& directory() const;
  const std::string& weightsFile() const;  // the file the tensors came from
  std::string device() const;
  Precision precision() const;

  // human: batch*length tokens (0..5); aux: batch*length*speciesCount tokens
  // (0..4), or nullptr to run without species features (only the human one-hot).
  // Returns batch*length*vocab logits (row-major). Thread-safe.
  std::vector<float> logits(const uint8_t* human, const uint8_t* aux, int batch,
                            int length) const;
  // Logits at one position per sequence (`positions[b]`): batch*vocab values.
  // Cheaper than logits(): the head runs only where it is needed.
  std::vector<float> logitsAt(const uint8_t* human, const uint8_t* aux, int batch,
                              int length, const int* positions) const;
  // Logits at `count` (window, position) pairs: window[i] indexes the batch,
  // positions[i] the position in it (several per window when several positions
  // are masked at once). Returns count*vocab values.
  std::vector<float> logitsAtPairs(const uint8_t* human, const uint8_t* aux, int batch,
                                   int length, const int* window, const int* positions,
                                   int count) const;
  // Encoder output before the head: batch*length*hidden values (for tests).
  std::vector<float> lastHidden(const uint8_t* human, const uint8_t* aux, int batch,
                                int length) const;

  struct Impl;

 private:
  explicit GpnMsaModel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A human-readable warning if libtorch is calling a slow (reference) BLAS,
// empty when the BLAS is fine (OpenBLAS, BLIS, MKL) or cannot be determined.
std::string slowBlasWarning();

}  // namespace gpnmsa
