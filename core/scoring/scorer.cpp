// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/scorer.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "../util/allele_check.h"
#include "gpnmsa/af_baseline.h"
#include "gpnmsa/alignment_store.h"
#include "gpnmsa/calibration.h"
#include "gpnmsa/error.h"
#include "gpnmsa/gpnmsa_alignment_model.h"
#include "gpnmsa/logo_heights.h"
#include "gpnmsa/model.h"
#include "gpnmsa/tokens.h"
#include "window_batch.h"

namespace gpnmsa {

WindowPlacement placeWindow(int64_t p, int64_t length, int window) {
  WindowPlacement w;
  const int centre = window / 2;
  w.start = std::clamp<int64_t>(p - centre, 0, length - window);
  w.index = static_cast<int>(p - w.start);
  w.shifted = w.index != centre;
  return w;
}

Scorer::Scorer(const AlignmentModel& model, const AlignmentStore& store, ScoreOptions options)
    : model_(model), store_(store), options_(std::move(options)) {
  check();
}

Scorer::Scorer(const GpnMsaModel& model, const AlignmentStore& store, ScoreOptions options)
    : owned_(std::make_shared<GpnMsaAlignmentModel>(model)), model_(*owned_), store_(store),
      options_(std::move(options)) {
  check();
}

void Scorer::check() {
  if (const auto* msa = dynamic_cast<const GpnMsaAlignmentModel*>(&model_)) {
    const ModelConfig& c = msa->gpnMsa().config();
    if (store_.speciesCount() != c.speciesCount())
      throw Error("the alignment store " + store_.path() + " has " +
                  std::to_string(store_.speciesCount()) + " species columns but the model in " +
                  model_.directory() + " expects " + std::to_string(c.speciesCount()) +
                  " (n_aux_features " + std::to_string(c.nAuxFeatures) +
                  " / 5): use the alignment the model was trained with");
  } else if (store_.columns() != model_.columnCount()) {
    // Nothing in a checkpoint names its species: a store of another
    // alignment would give wrong scores silently, so the count must match.
    throw Error("the alignment store " + store_.path() + " has " + std::to_string(store_.columns()) +
                " columns but the " + modelKindName(model_.kind()) + " model in " + model_.directory() +
                " expects " + std::to_string(model_.columnCount()) +
                " (the size of its phylo_dist/pairwise.npy, human first): use the alignment the model "
                "was trained with");
  }
  window_ = options_.windowLength > 0 ? options_.windowLength : defaultWindowLength(model_);
  if (window_ < 2 || window_ % 2 != 0 || window_ > model_.maxWindowLength())
    throw Error("window length " + std::to_string(window_) + " does not suit the " +
                modelKindName(model_.kind()) + " model in " + model_.directory() +
                ": it must be even and at most " + std::to_string(model_.maxWindowLength()) +
                " (max_position_embeddings)");
  if (options_.batchSize < 2) options_.batchSize = 2;
}

namespace {

// One genomic position and the input alleles that share its two forward passes.
struct Site {
  std::string chrom;  // stored name
  int64_t pos = 0;    // 1-based
  std::vector<size_t> alleles;
};

std::string siteName(const std::string& chrom, int64_t pos) {
  return chrom + ":" + std::to_string(pos);
}

}  // namespace

std::string notAlignedDetail(const std::string& chrom, int64_t pos) {
  return "no alignment at " + siteName(chrom, pos) +
         " (the store has no data there: outside the aligned region, or wrong genome build?)";
}

EdgePolicy edgePolicy(const AlignmentModel& model) {
  return model.kind() == ModelKind::GpnStar ? EdgePolicy::Pad : EdgePolicy::Shift;
}

namespace {

// Entropy in nats of the softmax of four strand-averaged logits (GPN-Star's
// get_entropy; entropyBits is the logo's, in bits).
float entropyNats(const float* fwd, const float* rev) {
  std::array<float, 4> acgt{};
  for (int k = 0; k < 4; ++k) acgt[size_t(k)] = (fwd[1 + k] + rev[reverseStrandToken(1 + k)]) / 2;
  return float(entropyBits(softmax4(acgt)) * std::log(2.0));
}

// "NaN", "+Inf" or "-Inf", for the non-finite-score message.
const char* nonFiniteName(float x) {
  if (std::isnan(x)) return "NaN";
  return x > 0 ? "+Inf" : "-Inf";
}

}  // namespace

std::vector<ScoredVariant> Scorer::score(
    const std::vector<Variant>& variants, const ProgressCallback& progress,
    const std::atomic<bool>* stop,
    const std::function<void(size_t, const ScoredVariant&)>& onResult) const {
  std::vector<ScoredVariant> out(variants.size());
  const EdgePolicy edge = edgePolicy(model_);
  const CalibrationTable* calibration = options_.calibration.get();
  int64_t done = 0;
  const int64_t total = static_cast<int64_t>(variants.size());
  auto settle = [&](size_t i, VariantStatus status, std::string detail) {
    out[i].status = status;
    out[i].detail = std::move(detail);
    ++done;
    if (onResult) onResult(i, out[i]);
  };

  // 1. What can be decided without the model; group the rest by site.
  std::vector<Site> sites;
  std::map<std::pair<std::string, int64_t>, size_t> siteIndex;
  for (size_t i = 0; i < variants.size(); ++i) {
    const Variant& v = variants[i];
    out[i].variant = v;
    std::string detail;
    if (std::string bad = positionProblem(v); !bad.empty()) {
      settle(i, VariantStatus::OutOfRange, bad);  // the same wording as annotate
      continue;
    }
    const VariantStatus shape = classifyAlleles(v.ref, v.alt, &detail);
    if (shape != VariantStatus::Ok) { settle(i, shape, detail); continue; }
    const auto stored = store_.resolve(v.chrom);
    if (!stored) {
      settle(i, VariantStatus::UnknownChromosome,
             "chromosome '" + v.chrom + "' is not in the alignment store");
      continue;
    }
    const int64_t length = store_.length(*stored);
    if (v.pos < 1 || v.pos > length) {
      settle(i, VariantStatus::OutOfRange,
             "position " + std::to_string(v.pos) + " is outside chromosome " + *stored + " (1-" +
                 std::to_string(length) + ")");
      continue;
    }
    if (edge == EdgePolicy::Shift && length < window_) {
      settle(i, VariantStatus::ChromosomeTooShort,
             "chromosome " + *stored + " (" + std::to_string(length) + " bp) is shorter than the " +
                 std::to_string(window_) + "-bp window");
      continue;
    }
    // An absent chunk: no alignment here (a key lookup, no chunk is read).
    bool aligned = true;
    try {
      aligned = store_.isAligned(*stored, v.pos - 1);
    } catch (const Error& e) {
      settle(i, VariantStatus::Error, e.what());
      continue;
    }
    if (!aligned) {
      settle(i, VariantStatus::NotAligned, notAlignedDetail(*stored, v.pos));
      continue;
    }
    auto [it, added] = siteIndex.emplace(std::make_pair(*stored, v.pos), sites.size());
    if (added) sites.push_back(Site{*stored, v.pos, {}});
    sites[it->second].alleles.push_back(i);
  }
  if (progress) progress(done, total);

  // 2. Forward passes, batchSize windows (two per site) at a time.
  const int columns = store_.columns();
  WindowBatch batch;
  batch.columns = columns;
  batch.length = window_;
  struct BatchSite {
    const Site* site;
    bool shifted, padded;
  };
  std::vector<BatchSite> batchSites;
  std::vector<std::string> pentanucs(calibration ? variants.size() : 0);

  auto runBatch = [&]() {
    if (batchSites.empty()) return;
    const std::vector<int> windows = batch.windowIndices();
    const auto logits = model_.logitsAtPairs(batch.tokens.data(), batch.count(), batch.length,
                                             windows.data(), batch.positions.data(), batch.count());
    for (size_t j = 0; j < batchSites.size(); ++j) {
      const float* fwd = logits.data() + (2 * j) * kVocabSize;
      const float* rev = logits.data() + (2 * j + 1) * kVocabSize;
      const BatchSite& bs = batchSites[j];
      for (size_t i : bs.site->alleles) {
        if (out[i].status != VariantStatus::Pending) continue;
        const int ref = baseToken(variants[i].ref[0]);
        const int alt = baseToken(variants[i].alt[0]);
        out[i].scoreFwd = fwd[alt] - fwd[ref];
        out[i].scoreRev = rev[reverseStrandToken(alt)] - rev[reverseStrandToken(ref)];
        out[i].score = (out[i].scoreFwd + out[i].scoreRev) / 2;
        // NaN/Inf weights or a negative layer_norm_eps give non-finite
        // logits: that is a broken model, never a score to report as ok.
        if (!std::isfinite(out[i].score)) {
          const char* what = nonFiniteName(out[i].score);
          out[i].score = out[i].scoreFwd = out[i].scoreRev = NAN;
          settle(i, VariantStatus::Error,
                 std::string("non-finite score: ") + what +
                     " — check the model weights (NaN or Inf values, layer_norm_eps)");
          continue;
        }
        out[i].entropy = entropyNats(fwd, rev);
        VariantStatus status = VariantStatus::Ok;
        std::string detail;
        if (bs.shifted) {
          status = VariantStatus::OkWindowShifted;
          detail = "window shifted to stay inside the chromosome; the variant is not at its centre";
        } else if (bs.padded) {
          status = VariantStatus::OkEdgePadded;
          detail = "window passes the chromosome end; rows outside it are '-' in every column";
        }
        if (calibration) {
          const std::string context = pentanucs[i];
          const double llrMean = calibration->llrNeutralMean(context, variants[i].alt[0]);
          const double entropyMean = calibration->entropyNeutralMean(context);
          out[i].scoreCalibrated = float(double(out[i].score) - llrMean);
          out[i].entropyCalibrated = float(double(out[i].entropy) / entropyMean);
          if (std::isnan(llrMean) && calibration->hasLlr()) {
            status = VariantStatus::OkNoCalibration;
            detail = "5-mer context " + context + " has no calibration entry" +
                     (context.find('N') != std::string::npos ? " (it holds N)" : "") +
                     (detail.empty() ? "" : "; " + detail);
          }
        }
        settle(i, status, detail);
      }
    }
    batch.clear();
    batchSites.clear();
    if (progress) progress(done, total);
  };

  for (const Site& site : sites) {
    if (stop && stop->load()) break;
    WindowRows w;
    try {
      w = fetchWindow(store_, site.chrom, site.pos - 1, store_.length(site.chrom), window_, edge);
      if (calibration) {
        const std::string context = pentanucleotide(store_, site.chrom, site.pos - 1);
        for (size_t i : site.alleles) pentanucs[i] = context;
      }
    } catch (const Error& e) {
      for (size_t i : site.alleles) settle(i, VariantStatus::Error, e.what());
      continue;
    }
    const std::vector<char>& rows = w.rows;
    const char refBase = rows[size_t(w.index) * columns];
    const uint8_t refToken = baseToken(refBase);
    bool any = false;
    for (size_t i : site.alleles) {
      const char given = variants[i].ref[0];
      if (refBase == '\0') {
        // A present chunk's fill value (NUL, never a base): nothing was written
        // here, e.g. the demo's edge chunks outside its aligned region.
        settle(i, VariantStatus::NotAligned, notAlignedDetail(site.chrom, site.pos));
      } else if (refToken == kGapToken) {
        settle(i, VariantStatus::RefIsN,
               std::string("the reference has '") + refBase + "' at " +
                   siteName(site.chrom, site.pos) + ": no base to score");
      } else if (baseToken(given) != refToken) {
        settle(i, VariantStatus::RefMismatch,
               std::string("REF is ") + given + " but the reference has '" + refBase + "' at " +
                   siteName(site.chrom, site.pos) + " (wrong genome build?)");
      } else {
        // Cheap, model-free: the species rows of the same window row.
        out[i].baseline = alignmentFrequencyBaseline(&rows[size_t(w.index) * columns], columns,
                                                     given, variants[i].alt[0]);
        any = true;
      }
    }
    if (!any) continue;
    appendStrandPair(rows.data(), w.index, &batch);
    batchSites.push_back({&site, w.shifted, w.padded});
    if (batch.count() + 2 > options_.batchSize) runBatch();
  }
  if (!(stop && stop->load())) runBatch();
  return out;
}

}  // namespace gpnmsa
