// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/gpn_star_model.h"

#include <torch/torch.h>

#include <fstream>
#include <sstream>

#include "checkpoint.h"
#include "compute_threads.h"
#include "gpn_star.h"
#include "gpnmsa/error.h"
#include "gpnmsa/forward_passes.h"
#include "precision.h"

namespace gpnmsa {

struct GpnStarModel::Impl {
  GpnStarConfig config;
  Phylogeny phylogeny;
  CladePlan plan;
  std::string directory, weightsFile;
  torch::Device device{torch::kCPU};
  Precision precision = Precision::F32;
  bool storedTable = false, sinusoidTable = true;
  GPNStarForMaskedLM net{nullptr};

  torch::Tensor tokens(const uint8_t* data, std::vector<int64_t> shape, const char* what) const {
    auto t = torch::from_blob(const_cast<uint8_t*>(data), shape, torch::kUInt8);
    if (t.numel() && t.max().item<int64_t>() >= config.vocabSize)
      throw Error(std::string("GPN-Star input: ") + what + " token " +
                  std::to_string(t.max().item<int64_t>()) + " is outside the vocabulary -ACGT? (0-5)");
    return t.to(torch::kInt64).to(device);
  }

  void checkShape(int batch, int length) const {
    if (batch <= 0 || length <= 0) throw Error("GPN-Star input: empty batch");
    if (length > config.maxPositionEmbeddings)
      throw Error("GPN-Star input: window of " + std::to_string(length) +
                  " positions exceeds max_position_embeddings " +
                  std::to_string(config.maxPositionEmbeddings));
  }

  torch::Tensor encode(const GpnStarBatch& in) {
    checkShape(in.batch, in.length);
    if (in.targetRows < 1) throw Error("GPN-Star input: no target rows");
    const int n = phylogeny.speciesCount;
    auto targets = tokens(in.targets, {in.batch, in.length, in.targetRows}, "target");
    auto source = tokens(in.source, {in.batch, in.length, n}, "source");
    std::vector<int64_t> species(in.targetSpecies, in.targetSpecies + size_t(in.batch) * size_t(in.targetRows));
    for (int64_t s : species)
      if (s < 0 || s >= n)
        throw Error("GPN-Star input: target species " + std::to_string(s) + " is not a column of the " +
                    std::to_string(n) + "-species alignment");
    auto targetSpecies = torch::tensor(species, torch::kInt64).view({in.batch, in.targetRows}).to(device);
    countForwardPass();
    return net->encode(targets, source, targetSpecies, plan);
  }
};

GpnStarModel::GpnStarModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GpnStarModel::~GpnStarModel() = default;

namespace {

// Weights are read as F32 and converted once to the asked precision.
void place(GpnStarModel::Impl* impl, const ModelOptions& options) {
  impl->precision = options.precision;
  impl->net->eval();  // inference: every dropout is identity (none is built)
  impl->net->to(impl->device, scalarType(options.precision));
  impl->plan = makeCladePlan(impl->phylogeny, impl->config.timeEncScale, impl->device);
}

std::vector<float> toVector(const torch::Tensor& t) {
  auto c = t.to(torch::kCPU, torch::kFloat32).contiguous();
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

}  // namespace

std::unique_ptr<GpnStarModel> GpnStarModel::load(const std::string& dir, const ModelOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->directory = dir;
  impl->config = loadGpnStarConfig(dir);
  impl->phylogeny = loadPhylogeny(dir, impl->config);
  impl->weightsFile = findWeightsFile(dir);
  impl->device = deviceFor(options);
  applyComputeThreads(options.threads);
  // Compared with config.json before the module is built (which allocates
  // what the config asks for).
  TensorMap weights = readCheckpoint(impl->weightsFile);
  checkStarWeightShapes(impl->config, weights, impl->weightsFile);
  impl->net = GPNStarForMaskedLM(GPNStarOptions(impl->config, impl->phylogeny.maxEvolDist));
  impl->storedTable = loadStarStateDict(impl->net, std::move(weights), impl->weightsFile);
  const auto& table = impl->net->model->encoder->embed_positions;
  impl->sinusoidTable = torch::allclose(table, starSinusoidTable(table.size(0), table.size(1)), 0, 1e-6);
  place(impl.get(), options);
  return std::unique_ptr<GpnStarModel>(new GpnStarModel(std::move(impl)));
}

std::unique_ptr<GpnStarModel> GpnStarModel::random(const GpnStarConfig& config, Phylogeny phylogeny,
                                                   const ModelOptions& options, uint64_t seed) {
  auto impl = std::make_unique<Impl>();
  impl->directory = impl->weightsFile = "(random weights)";
  impl->config = config;
  impl->phylogeny = std::move(phylogeny);
  impl->device = deviceFor(options);
  applyComputeThreads(options.threads);
  torch::manual_seed(seed);
  impl->net = GPNStarForMaskedLM(GPNStarOptions(config, impl->phylogeny.maxEvolDist));
  {
    torch::NoGradGuard noGrad;
    for (auto& p : impl->net->named_parameters()) {
      if (p.value().dim() == 2) p.value().normal_(0, 0.02);
      if (p.value().dim() == 0) p.value().fill_(1.0);
    }
  }
  place(impl.get(), options);
  return std::unique_ptr<GpnStarModel>(new GpnStarModel(std::move(impl)));
}

const GpnStarConfig& GpnStarModel::config() const { return impl_->config; }
const Phylogeny& GpnStarModel::phylogeny() const { return impl_->phylogeny; }
const std::string& GpnStarModel::directory() const { return impl_->directory; }
const std::string& GpnStarModel::weightsFile() const { return impl_->weightsFile; }
bool GpnStarModel::rotaryTableStored() const { return impl_->storedTable; }
bool GpnStarModel::rotaryTableIsSinusoid() const { return impl_->sinusoidTable; }
int GpnStarModel::columnCount() const { return impl_->phylogeny.speciesCount; }
int GpnStarModel::maxWindowLength() const { return impl_->config.maxPositionEmbeddings; }
Precision GpnStarModel::precision() const { return impl_->precision; }
std::string GpnStarModel::device() const { return impl_->device.str(); }

std::vector<float> GpnStarModel::logits(const GpnStarBatch& in) const {
  torch::InferenceMode guard;
  return toVector(impl_->net->head(impl_->encode(in)));
}

std::vector<float> GpnStarModel::lastHidden(const GpnStarBatch& in) const {
  torch::InferenceMode guard;
  return toVector(impl_->encode(in));
}

std::vector<float> GpnStarModel::logitsAtPairs(const uint8_t* columns, int batch, int length,
                                               const int* window, const int* positions, int count) const {
  torch::InferenceMode guard;
  if (count <= 0) throw Error("GPN-Star: no positions asked for");
  for (int i = 0; i < count; ++i)
    if (window[i] < 0 || window[i] >= batch || positions[i] < 0 || positions[i] >= length)
      throw Error("GPN-Star: pair " + std::to_string(i) + " (window " + std::to_string(window[i]) +
                  ", position " + std::to_string(positions[i]) + ") is outside the batch of " +
                  std::to_string(batch) + " windows of " + std::to_string(length));
  impl_->checkShape(batch, length);
  // Inference: one target row, the human (column 0), whose masked sites the
  // caller has set to 5 in `columns` (so the source's human column is masked
  // too, as in the authors' code).
  const int n = impl_->phylogeny.speciesCount;
  std::vector<uint8_t> human(size_t(batch) * size_t(length));
  for (size_t r = 0; r < human.size(); ++r) human[r] = columns[r * size_t(n)];
  std::vector<int> species(size_t(batch), 0);
  auto hidden = impl_->encode({human.data(), columns, species.data(), batch, length, 1});  // [B, L, 1, H]
  auto w = torch::from_blob(const_cast<int*>(window), {count}, torch::kInt32).to(torch::kInt64);
  auto p = torch::from_blob(const_cast<int*>(positions), {count}, torch::kInt32).to(torch::kInt64);
  auto rows = hidden.select(2, 0).index({w.to(impl_->device), p.to(impl_->device)});  // [count, H]
  return toVector(impl_->net->head(rows));
}

std::vector<float> GpnStarModel::sourceEmbeddings(const uint8_t* source, int batch, int length) const {
  torch::InferenceMode guard;
  impl_->checkShape(batch, length);
  auto s = impl_->tokens(source, {batch, length, impl_->phylogeny.speciesCount}, "source");
  return toVector(impl_->net->model->source_embedding->all(s, impl_->plan));
}

std::vector<float> GpnStarModel::fireSourceBias() const {
  torch::InferenceMode guard;
  return toVector(impl_->net->model->source_embedding->speciesBias(impl_->plan));
}

std::vector<float> GpnStarModel::fireColumnBias(int layer, int target) const {
  torch::InferenceMode guard;
  if (layer < 0 || layer >= impl_->config.numHiddenLayers)
    throw Error("GPN-Star: no layer " + std::to_string(layer));
  if (target < 0 || target >= impl_->phylogeny.speciesCount)
    throw Error("GPN-Star: no species " + std::to_string(target));
  const auto d = impl_->phylogeny.meanDistanceToClades(target);
  auto dist = torch::tensor(d, torch::kFloat64).to(torch::kFloat32).to(impl_->device);
  auto& module = impl_->net->model->encoder->layer[size_t(layer)]->as<StarLayer>()->attention->col_attention;
  return toVector(module->embed_positions(dist));
}

}  // namespace gpnmsa
