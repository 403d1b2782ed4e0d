// SPDX-License-Identifier: GPL-3.0-or-later
#include <torch/torch.h>

#include <atomic>
#include <fstream>

#include "checkpoint.h"
#include "gpn_roformer.h"
#include "gpnmsa/error.h"
#include "gpnmsa/forward_passes.h"
#include "gpnmsa/model.h"
#include "compute_threads.h"
#include "precision.h"

namespace gpnmsa {

namespace {
// Every forward pass goes through Impl::encode(), which counts it here.
std::atomic<int64_t> processForwardPasses{0};
thread_local int64_t threadForwardPasses = 0;
}  // namespace

int64_t forwardPassesInProcess() { return processForwardPasses.load(); }
int64_t forwardPassesOnThisThread() { return threadForwardPasses; }
void countForwardPass() {
  ++processForwardPasses;
  ++threadForwardPasses;
}

struct GpnMsaModel::Impl {
  ModelConfig config;
  std::string directory;
  std::string weightsFile;
  torch::Device device{torch::kCPU};
  Precision precision = Precision::F32;
  GPNRoFormerForMaskedLM net{nullptr};

  // uint8 token buffers -> int64 tensors on the model's device.
  torch::Tensor tokens(const uint8_t* data, std::vector<int64_t> shape) const {
    auto t = torch::from_blob(const_cast<uint8_t*>(data), shape, torch::kUInt8);
    return t.to(torch::kInt64).to(device);
  }

  struct Inputs {
    torch::Tensor ids, aux;
  };
  // One forward pass's token tensors, checked and counted.
  Inputs inputs(const uint8_t* human, const uint8_t* aux, int batch, int length) {
    TORCH_CHECK(batch > 0 && length > 0, "empty batch");
    ++processForwardPasses;
    ++threadForwardPasses;
    Inputs in;
    in.ids = tokens(human, {batch, length});
    TORCH_CHECK(in.ids.max().item<int64_t>() < config.vocabSize, "human token out of range");
    if (aux) {
      in.aux = tokens(aux, {batch, length, config.speciesCount()});
      TORCH_CHECK(in.aux.max().item<int64_t>() < config.auxFeaturesVocabSize,
                  "species token out of range");
    }
    return in;
  }

  torch::Tensor encode(const uint8_t* human, const uint8_t* aux, int batch, int length) {
    const Inputs in = inputs(human, aux, batch, length);
    return net->encode(in.ids, in.aux);
  }

  // The last hidden state at (window[i], position[i]) only [count, H]: the
  // last layer runs for those rows alone (encodeRows).
  torch::Tensor encodeRows(const uint8_t* human, const uint8_t* aux, int batch, int length,
                           const torch::Tensor& window, const torch::Tensor& position) {
    const Inputs in = inputs(human, aux, batch, length);
    return net->encodeRows(in.ids, in.aux, window.to(device), position.to(device));
  }
};

GpnMsaModel::GpnMsaModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GpnMsaModel::~GpnMsaModel() = default;

namespace {

// Weights are loaded in F32 and then converted once, so every checkpoint
// dtype works with every precision.
void place(GpnMsaModel::Impl* impl, const ModelOptions& options) {
  impl->precision = options.precision;
  impl->net->eval();  // inference: no dropout
  impl->net->to(impl->device, scalarType(options.precision));
}

}  // namespace

std::unique_ptr<GpnMsaModel> GpnMsaModel::load(const std::string& dir, const ModelOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->directory = dir;
  impl->config = loadModelConfig(dir);
  impl->weightsFile = findWeightsFile(dir);
  impl->device = deviceFor(options);
  applyComputeThreads(options.threads);

  // The weights are read and compared with config.json before the module is
  // built: building allocates what the config asks for, which a bad config
  // could make gigabytes (the weights' own size is bounded by their file).
  TensorMap weights = readCheckpoint(impl->weightsFile);
  checkWeightShapes(impl->config, weights, impl->weightsFile);
  impl->net = GPNRoFormerForMaskedLM(GPNRoFormerOptions(impl->config).initialise_weights(false));
  loadStateDict(impl->net, std::move(weights), impl->weightsFile);
  place(impl.get(), options);
  return std::unique_ptr<GpnMsaModel>(new GpnMsaModel(std::move(impl)));
}

std::unique_ptr<GpnMsaModel> GpnMsaModel::random(const ModelConfig& config,
                                                 const ModelOptions& options, uint64_t seed) {
  auto impl = std::make_unique<Impl>();
  impl->directory = "(random weights)";
  impl->weightsFile = "(random weights)";
  impl->config = config;
  impl->device = deviceFor(options);
  applyComputeThreads(options.threads);
  torch::manual_seed(seed);
  impl->net = GPNRoFormerForMaskedLM(GPNRoFormerOptions(config));
  {
    torch::NoGradGuard noGrad;
    for (auto& p : impl->net->named_parameters())
      if (p.value().dim() == 2) p.value().normal_(0, 0.02);
  }
  place(impl.get(), options);
  return std::unique_ptr<GpnMsaModel>(new GpnMsaModel(std::move(impl)));
}

const ModelConfig& GpnMsaModel::config() const { return impl_->config; }
const std::string& GpnMsaModel::directory() const { return impl_->directory; }
const std::string& GpnMsaModel::weightsFile() const { return impl_->weightsFile; }
std::string GpnMsaModel::device() const { return impl_->device.str(); }
Precision GpnMsaModel::precision() const { return impl_->precision; }

namespace {
std::vector<float> toVector(const torch::Tensor& t) {
  auto c = t.to(torch::kCPU, torch::kFloat32).contiguous();
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}
}  // namespace

std::vector<float> GpnMsaModel::logits(const uint8_t* human, const uint8_t* aux, int batch,
                                       int length) const {
  torch::InferenceMode guard;
  return toVector(impl_->net->head(impl_->encode(human, aux, batch, length)));
}

std::vector<float> GpnMsaModel::logitsAt(const uint8_t* human, const uint8_t* aux, int batch,
                                         int length, const int* positions) const {
  torch::InferenceMode guard;
  auto pos = torch::from_blob(const_cast<int*>(positions), {batch}, torch::kInt32).to(torch::kInt64);
  TORCH_CHECK(pos.min().item<int64_t>() >= 0 && pos.max().item<int64_t>() < length,
              "masked position outside the window");
  auto rows = impl_->encodeRows(human, aux, batch, length, torch::arange(batch, pos.options()), pos);
  return toVector(impl_->net->head(rows));
}

std::vector<float> GpnMsaModel::logitsAtPairs(const uint8_t* human, const uint8_t* aux, int batch,
                                              int length, const int* window, const int* positions,
                                              int count) const {
  torch::InferenceMode guard;
  TORCH_CHECK(count > 0, "no positions asked for");
  for (int i = 0; i < count; ++i)
    TORCH_CHECK(window[i] >= 0 && window[i] < batch && positions[i] >= 0 && positions[i] < length,
                "pair ", i, " (window ", window[i], ", position ", positions[i],
                ") is outside the batch of ", batch, " windows of ", length);
  auto w = torch::from_blob(const_cast<int*>(window), {count}, torch::kInt32).to(torch::kInt64);
  auto p = torch::from_blob(const_cast<int*>(positions), {count}, torch::kInt32).to(torch::kInt64);
  return toVector(impl_->net->head(impl_->encodeRows(human, aux, batch, length, w, p)));
}

std::vector<float> GpnMsaModel::lastHidden(const uint8_t* human, const uint8_t* aux, int batch,
                                           int length) const {
  torch::InferenceMode guard;
  return toVector(impl_->encode(human, aux, batch, length));
}

std::string slowBlasWarning() {
  // libtorch-dev calls whatever libblas.so.3 the alternatives system selects;
  // Debian's reference BLAS (in .../blas/) makes the model ~20x slower.
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    if (line.find("/blas/libblas.so") != std::string::npos)
      return "warning: libtorch is using the slow reference BLAS (" +
             line.substr(line.find('/')) +
             "); install libopenblas0-pthread (packaging/setup.sh does) for ~20x faster scoring";
  }
  return {};
}

}  // namespace gpnmsa
