// SPDX-License-Identifier: GPL-3.0-or-later
// The training loop of `gpnmsa train` (see gpnmsa/training.h).
#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "checkpoint.h"
#include "compute_threads.h"
#include "conservation_track.h"
#include "gpn_roformer.h"
#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "gpnmsa/model.h"
#include "gpnmsa/tokens.h"
#include "gpnmsa/training.h"
#include "mlm_batch.h"
#include "precision.h"

namespace gpnmsa {
namespace {

namespace fs = std::filesystem;
using training::MlmBatch;
using training::Span;

constexpr const char* kOptimizerFile = "optimizer.pt";
constexpr const char* kStateFile = "trainer_state.json";

// Training regions resolved against the store, with the conservation weight
// and raw phastCons of every row (empty without tracks).
struct Source {
  std::vector<Span> spans;
  std::vector<std::vector<float>> weight, phastCons;
  std::vector<int64_t> windowStarts;  // windows that fit in each span (cumulative)
};

Source resolveRegions(const AlignmentStore& store, const std::vector<TrainRegion>& regions,
                      const char* what) {
  Source src;
  int64_t cumulative = 0;
  for (const auto& r : regions) {
    const auto stored = store.resolve(r.chrom);
    const std::string name = r.chrom + ":" + std::to_string(r.start) + "-" + std::to_string(r.end);
    if (!stored) throw Error(std::string(what) + " region " + name + ": chromosome not in the alignment " + store.path());
    const int64_t length = store.length(*stored);
    if (r.start < 1 || r.end > length || r.end < r.start)
      throw Error(std::string(what) + " region " + name + " is not inside chromosome " + *stored +
                  " (1-" + std::to_string(length) + ")");
    if (r.end - r.start + 1 < kWindowSize)
      throw Error(std::string(what) + " region " + name + " is shorter than one 128-bp window");
    src.spans.push_back({*stored, r.start - 1, r.end});
    cumulative += (r.end - r.start + 1) - kWindowSize + 1;
    src.windowStarts.push_back(cumulative);
  }
  return src;
}

void loadTracks(const AlignmentStore& store, const TrainOptions& o, Source* src) {
  if (o.phyloP.empty() && o.phastCons.empty()) return;
  const auto resolve = [&](std::string_view c) { return store.resolve(c); };
  std::vector<std::vector<float>> phylo, cons;
  if (!o.phyloP.empty()) phylo = training::readConservationTrack(o.phyloP, src->spans, resolve);
  if (!o.phastCons.empty()) cons = training::readConservationTrack(o.phastCons, src->spans, resolve);
  src->weight.resize(src->spans.size());
  src->phastCons.resize(src->spans.size());
  for (size_t k = 0; k < src->spans.size(); ++k) {
    const size_t n = size_t(src->spans[k].end - src->spans[k].start);
    auto& w = src->weight[k];
    w.assign(n, 1.0f);
    if (!phylo.empty())  // missing phyloP counts as neutral (1)
      for (size_t i = 0; i < n; ++i) w[i] *= std::isnan(phylo[k][i]) ? 1.0f : std::max(phylo[k][i], 1.0f);
    if (!cons.empty()) {
      // phastCons max-smoothed over 7 bp (missing counts as 0).
      auto& raw = src->phastCons[k];
      raw.resize(n);
      for (size_t i = 0; i < n; ++i) raw[i] = std::isnan(cons[k][i]) ? 0.0f : cons[k][i];
      for (size_t i = 0; i < n; ++i) {
        float m = 0;
        for (size_t j = i >= 3 ? i - 3 : 0; j <= std::min(n - 1, i + 3); ++j) m = std::max(m, raw[j]);
        w[i] *= 0.1f + m;
      }
    }
  }
}

// One window drawn uniformly among all that fit in the spans, random strand.
void drawWindow(const AlignmentStore& store, const Source& src, const TrainOptions& o,
                std::mt19937_64& rng, MlmBatch* batch) {
  std::uniform_int_distribution<int64_t> pick(0, src.windowStarts.back() - 1);
  const int64_t w = pick(rng);
  const size_t k = size_t(std::upper_bound(src.windowStarts.begin(), src.windowStarts.end(), w) -
                          src.windowStarts.begin());
  const int64_t offset = w - (k == 0 ? 0 : src.windowStarts[k - 1]);
  const int64_t start = src.spans[k].start + offset;
  const bool reverse = std::uniform_int_distribution<int>(0, 1)(rng) == 1;
  const auto rows = store.fetch(src.spans[k].chrom, start, start + kWindowSize);
  const float* weight = src.weight.empty() ? nullptr : src.weight[k].data() + offset;
  const float* cons = src.phastCons.empty() || src.phastCons[k].empty() ? nullptr : src.phastCons[k].data() + offset;
  training::MaskingOptions m;
  m.maskFraction = o.maskFraction;
  m.softMaskedWeight = o.softMaskedWeight;
  m.flipNonConserved = o.flipNonConserved && cons;
  training::appendTrainingWindow(rows.data(), store.columns(), reverse, weight, cons, m, rng, batch);
}

// The batch's input tokens as [windows, length] and [windows, length, species].
std::pair<torch::Tensor, torch::Tensor> inputTensors(const MlmBatch& b, const torch::Device& device) {
  const auto i64 = torch::TensorOptions().dtype(torch::kInt64);
  auto human = torch::from_blob(const_cast<int64_t*>(b.human.data()), {b.windows, b.length}, i64).to(device);
  auto aux = torch::from_blob(const_cast<int64_t*>(b.aux.data()), {b.windows, b.length, b.species}, i64).to(device);
  return {human, aux};
}

struct Losses {
  torch::Tensor loss;    // weighted mean cross-entropy
  torch::Tensor logits;  // [selected, vocab]
  torch::Tensor labels;  // [selected]
};

Losses mlmLoss(GPNRoFormerForMaskedLM& net, const MlmBatch& b, const torch::Device& device) {
  const auto i64 = torch::TensorOptions().dtype(torch::kInt64);
  const auto [human, aux] = inputTensors(b, device);
  const int64_t n = int64_t(b.selected.size());
  auto selected = torch::from_blob(const_cast<int64_t*>(b.selected.data()), {n}, i64).to(device);
  auto labels = torch::from_blob(const_cast<int64_t*>(b.labels.data()), {n}, i64).to(device);
  auto weights = torch::from_blob(const_cast<float*>(b.weights.data()), {n}, torch::kFloat32).to(device);
  auto hidden = net->encode(human, aux);
  auto rows = hidden.reshape({-1, hidden.size(2)}).index_select(0, selected);
  auto logits = net->head(rows);
  auto ce = torch::nn::functional::cross_entropy(
      logits, labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
  return {(ce * weights).sum() / weights.sum().clamp_min(1e-8), logits, labels};
}

ModelConfig newConfig(const TrainOptions& o, int species) {
  ModelConfig c;
  c.modelType = "GPNRoFormer";
  c.hiddenSize = o.hiddenSize;
  c.embeddingSize = o.hiddenSize;
  c.numHiddenLayers = o.layers;
  c.numAttentionHeads = o.heads;
  c.intermediateSize = o.intermediateSize;
  c.maxPositionEmbeddings = 1536;
  c.nAuxFeatures = 5 * species;
  // Validate exactly as a loaded config.json is validated.
  return parseModelConfig(modelConfigJson(c), "model shape (hidden size, layers, heads, feed-forward size)");
}

// The authors' initialisation (BERT): normal(0, 0.02) weights, zero biases,
// LayerNorm 1/0.
void initialise(GPNRoFormerForMaskedLM& net) {
  torch::NoGradGuard g;
  for (auto& p : net->named_parameters()) {
    const std::string& key = p.key();
    if (key.find("LayerNorm.weight") != std::string::npos) p.value().fill_(1.0);
    else if (p.value().dim() == 1) p.value().zero_();
    else p.value().normal_(0.0, 0.02);
  }
}

TensorMap stateDict(GPNRoFormerForMaskedLM& net) {
  TensorMap out;
  for (auto& p : net->named_parameters()) out[p.key()] = p.value().detach().to(torch::kCPU).clone();
  out["cls.predictions.bias"] = out.at("cls.predictions.decoder.bias");  // tied, as released
  out["model.encoder.embed_positions.weight"] = net->model->encoder->embed_positions.to(torch::kCPU).clone();
  return out;
}

void saveCheckpoint(GPNRoFormerForMaskedLM& net, torch::optim::AdamW& optimizer,
                    const ModelConfig& config, const TrainOptions& o, int64_t step,
                    const nlohmann::json& history) {
  std::error_code ec;
  fs::create_directories(o.output, ec);
  if (ec) throw Error("cannot create checkpoint directory " + o.output + ": " + ec.message());
  writeTextFileAtomically(o.output + "/config.json", modelConfigJson(config));
  writeSafetensors(o.output + "/model.safetensors", stateDict(net),
                   {{"format", "pt"}, {"step", std::to_string(step)}, {"producer", "gpnmsa train"}});
  const std::string opt = o.output + "/" + kOptimizerFile;
  torch::save(optimizer, opt + ".tmp");
  fs::rename(opt + ".tmp", opt, ec);
  if (ec) throw Error("cannot write " + opt + ": " + ec.message());
  nlohmann::json state = {{"step", step},     {"total_steps", o.steps},  {"seed", o.seed},
                          {"batch_size", o.batchSize}, {"learning_rate", o.learningRate},
                          {"warmup_steps", o.warmupSteps}, {"weight_decay", o.weightDecay},
                          {"mask_fraction", o.maskFraction}, {"soft_masked_weight", o.softMaskedWeight},
                          {"msa", o.msa}, {"history", history}};
  writeTextFileAtomically(o.output + "/" + kStateFile, state.dump(1) + "\n");
}

// The checkpoint just written, loaded the way `gpnmsa score` loads it, must
// give the in-memory model's logits on the last batch.
double checkReload(GPNRoFormerForMaskedLM& net, const MlmBatch& b, const std::string& dir) {
  torch::NoGradGuard g;
  net->eval();
  const auto device = net->parameters().front().device();
  const auto [human, aux] = inputTensors(b, device);
  const auto mine = net->head(net->encode(human, aux)).to(torch::kCPU).contiguous();
  net->train();
  std::vector<uint8_t> h(b.human.begin(), b.human.end()), a(b.aux.begin(), b.aux.end());
  ModelOptions mo;
  mo.device = device.str();
  const auto loaded = GpnMsaModel::load(dir, mo);
  const auto theirs = loaded->logits(h.data(), a.data(), b.windows, b.length);
  const float* p = mine.data_ptr<float>();
  double worst = 0;
  for (size_t i = 0; i < theirs.size(); ++i) worst = std::max(worst, double(std::fabs(theirs[i] - p[i])));
  return worst;
}

}  // namespace

double cosineLearningRate(double peak, int64_t step, int64_t warmup, int64_t total) {
  if (warmup > 0 && step <= warmup) return peak * double(step) / double(warmup);
  if (total <= warmup) return peak;
  const double progress = double(step - warmup) / double(total - warmup);
  return peak * 0.5 * (1.0 + std::cos(3.14159265358979323846 * std::min(1.0, progress)));
}

TrainResult trainModel(const TrainOptions& o, const std::function<void(const TrainProgress&)>& progress,
                       const std::atomic<bool>* stop) {
  if (o.train.empty()) throw Error("no training regions given");
  if (o.output.empty()) throw Error("no output directory given");
  if (o.steps < 1 || o.batchSize < 1) throw Error("steps and batch size must be >= 1");
  if (!(o.maskFraction > 0 && o.maskFraction < 1)) throw Error("mask fraction must be in (0, 1)");
  if (o.learningRate <= 0) throw Error("learning rate must be > 0");
  if (o.flipNonConserved && o.phastCons.empty())
    throw OptionError({"flip-non-conserved", "phastcons"}, "flipping non-conserved labels needs a phastCons track");
  applyComputeThreads(o.threads);
  const torch::Device device = parseDevice(o.device);

  const auto store = AlignmentStore::open(o.msa);
  Source train = resolveRegions(*store, o.train, "training");
  loadTracks(*store, o, &train);
  const Source valid = o.validation.empty() ? Source{} : resolveRegions(*store, o.validation, "validation");

  ModelConfig config;
  int64_t startStep = 0;
  nlohmann::json history = nlohmann::json::array();
  if (!o.resume.empty()) {
    config = loadModelConfig(o.resume);
    if (config.speciesCount() != store->speciesCount())
      throw Error(o.resume + " was trained with " + std::to_string(config.speciesCount()) +
                  " species but " + o.msa + " has " + std::to_string(store->speciesCount()));
    std::ifstream in(o.resume + "/" + kStateFile);
    if (!in) throw Error(o.resume + ": no " + kStateFile + " (not a checkpoint written by gpnmsa train)");
    try {
      const auto state = nlohmann::json::parse(in);
      startStep = state.at("step").get<int64_t>();
      if (state.contains("history")) history = state["history"];
    } catch (const std::exception& e) {
      throw Error(o.resume + "/" + kStateFile + ": unreadable (" + e.what() + ")");
    }
    if (startStep >= o.steps)
      throw OptionError({"steps"}, o.resume + " is already at step " + std::to_string(startStep) + " of " +
                                       std::to_string(o.steps) + " (raise the step count to train further)");
  } else {
    config = newConfig(o, store->speciesCount());
  }

  // Resumed weights are compared with config.json before the module is
  // built, as GpnMsaModel::load does: a bad config must not allocate first.
  TensorMap resumed;
  if (!o.resume.empty()) {
    resumed = readCheckpoint(findWeightsFile(o.resume));
    checkWeightShapes(config, resumed, findWeightsFile(o.resume));
  }
  torch::manual_seed(o.seed);
  GPNRoFormerForMaskedLM net{GPNRoFormerOptions(config)};
  if (o.resume.empty()) initialise(net);
  else loadStateDict(net, std::move(resumed), findWeightsFile(o.resume));
  net->to(device);
  net->train();

  // Biases and LayerNorm parameters are not decayed (as the authors' trainer).
  std::vector<torch::Tensor> decay, noDecay;
  int64_t parameters = 0;
  for (auto& p : net->named_parameters()) {
    parameters += p.value().numel();
    (p.value().dim() >= 2 ? decay : noDecay).push_back(p.value());
  }
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                 torch::optim::AdamWOptions(o.learningRate).weight_decay(o.weightDecay)));
  groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(o.learningRate).weight_decay(0.0)));
  torch::optim::AdamW optimizer(std::move(groups), torch::optim::AdamWOptions(o.learningRate));
  if (!o.resume.empty()) {
    try {
      torch::load(optimizer, o.resume + "/" + kOptimizerFile);
    } catch (const std::exception& e) {
      throw Error(o.resume + "/" + kOptimizerFile + ": cannot read the optimizer state (" + e.what() + ")");
    }
  }

  // Fixed validation windows and masks, drawn once from their own seed.
  std::vector<MlmBatch> validation;
  if (!valid.spans.empty()) {
    std::mt19937_64 rng(o.seed ^ 0x9E3779B97F4A7C15ULL);
    for (int done = 0; done < o.validationWindows;) {
      MlmBatch b;
      b.length = kWindowSize;
      b.species = store->speciesCount();
      for (; b.windows < o.batchSize && done < o.validationWindows; ++done) drawWindow(*store, valid, o, rng, &b);
      validation.push_back(std::move(b));
    }
  }
  auto validate = [&](double* loss, double* accuracy) {
    torch::NoGradGuard g;
    net->eval();
    double sumLoss = 0, sumWeight = 0;
    int64_t correct = 0, positions = 0;
    for (const auto& b : validation) {
      if (b.selected.empty()) continue;
      const auto l = mlmLoss(net, b, device);
      double w = 0;
      for (float x : b.weights) w += x;
      sumLoss += l.loss.item<double>() * w;
      sumWeight += w;
      correct += l.logits.argmax(1).eq(l.labels).sum().item<int64_t>();
      positions += int64_t(b.selected.size());
    }
    *loss = sumWeight > 0 ? sumLoss / sumWeight : -1;
    *accuracy = positions ? double(correct) / double(positions) : -1;
    net->train();
  };

  TrainResult result;
  result.firstStep = startStep;
  result.parameters = parameters;
  const auto t0 = std::chrono::steady_clock::now();
  MlmBatch batch;
  batch.length = kWindowSize;
  batch.species = store->speciesCount();
  std::vector<torch::Tensor> params = net->parameters();
  for (int64_t step = startStep + 1; step <= o.steps; ++step) {
    // The data of a step depends only on (seed, step): a resumed run sees
    // exactly the batches the uninterrupted one would have.
    std::mt19937_64 rng(o.seed * 0x100000001B3ULL + uint64_t(step));
    batch.clear();
    while (batch.windows < o.batchSize) drawWindow(*store, train, o, rng, &batch);
    TrainProgress p;
    p.step = step;
    p.totalSteps = o.steps;
    p.learningRate = cosineLearningRate(o.learningRate, step, o.warmupSteps, o.steps);
    for (auto& group : optimizer.param_groups())
      static_cast<torch::optim::AdamWOptions&>(group.options()).lr(p.learningRate);
    if (!batch.selected.empty()) {
      optimizer.zero_grad();
      auto l = mlmLoss(net, batch, device);
      l.loss.backward();
      torch::nn::utils::clip_grad_norm_(params, 1.0);
      optimizer.step();
      p.loss = l.loss.item<double>();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    p.windowsPerSecond = double(step - startStep) * o.batchSize / std::max(seconds, 1e-9);
    const bool last = step == o.steps;
    const bool stopping = stop && stop->load();
    if (!validation.empty() && (step % std::max<int64_t>(1, o.validateEvery) == 0 || last || stopping))
      validate(&p.validationLoss, &p.validationAccuracy);
    result.lastLoss = p.loss;
    if (p.validationLoss >= 0) {
      result.lastValidationLoss = p.validationLoss;
      result.lastValidationAccuracy = p.validationAccuracy;
    }
    history.push_back({{"step", step}, {"loss", p.loss}, {"lr", p.learningRate}});
    if (p.validationLoss >= 0) {
      history.back()["validation_loss"] = p.validationLoss;
      history.back()["validation_accuracy"] = p.validationAccuracy;
    }
    if (step % std::max<int64_t>(1, o.saveEvery) == 0 || last || stopping) {
      saveCheckpoint(net, optimizer, config, o, step, history);
      p.saved = true;
    }
    result.lastStep = step;
    if (progress) progress(p);
    if (stopping && !last) {
      result.stopped = true;
      break;
    }
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  result.reloadMaxAbsDiff = checkReload(net, batch, o.output);
  return result;
}

}  // namespace gpnmsa
