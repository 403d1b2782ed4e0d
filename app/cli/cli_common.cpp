// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli_common.h"

#include <csignal>
#include <unistd.h>
#include <iostream>

#include "gpnmsa/error.h"
#include "gpnmsa/gene_overlap.h"
#include "gpnmsa/resources.h"
#include "gpnmsa/score_distribution.h"

namespace gpnmsa::cli {

std::atomic<bool> g_interrupted{false};
namespace {
std::string g_commandLine;
extern "C" void onSignal(int) { g_interrupted = true; }
}  // namespace

void installInterruptHandler() {
  struct sigaction sa {};
  sa.sa_handler = onSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

void setCommandLine(int argc, char** argv) {
  for (int i = 0; i < argc; ++i) g_commandLine += (i ? " " : "") + std::string(argv[i]);
}
std::string commandLine() { return g_commandLine; }

std::string describeError(const Error& e) {
  if (const auto* c = dynamic_cast<const InfoFieldConflict*>(&e))
    return "input already has INFO/" + c->field() + "; pass --overwrite-info to replace it" +
           (c->renameable() ? ", or --info-field NAME" : "");
  if (const auto* o = dynamic_cast<const OptionError*>(&e)) {
    std::string flags;
    for (const std::string& name : o->options()) flags += (flags.empty() ? "--" : ", --") + name;
    return flags + ": " + e.what();
  }
  return e.what();
}

void addDistributionOption(CLI::App* cmd, std::string* path, const std::string& defaultText) {
  cmd->add_option("--distribution", *path,
                  "reference score distribution (gpnmsa distribution); adds column percentile, or "
                  "INFO/GPN_MSA_PCT in VCF outputs: % of the model's possible-SNV scores strictly "
                  "greater (not a clinical classification)" + defaultText);
}

void loadDistribution(const std::string& path, const std::string& modelDir, bool quiet, WriteOptions* wo) {
  std::string file = path;
  if (file.empty()) {
    if (modelDir.empty()) return;
    file = defaultDistributionPath(modelDir);
    if (access(file.c_str(), R_OK) != 0) return;
    if (!quiet) std::cerr << "percentiles from " << file << "\n";
  }
  try {
    wo->distribution = std::make_shared<const ScoreDistribution>(ScoreDistribution::read(file));
  } catch (const Error& e) {
    throw Error(std::string("--distribution: ") + e.what());
  }
  wo->distributionSource = file;
}

std::string modelDirOrDefault(const std::string& model) {
  return model.empty() ? defaultBundle().model : model;
}

void addAnnotationOptions(CLI::App* cmd, AnnotationOptions* o) {
  cmd->add_option("--af-field", o->afField,
                  "INFO key of the input VCF for the 'af' column of table outputs (default: the "
                  "annotation's gnomAD_AF, gnomADe_AF, gnomADg_AF or MAX_AF, the first it declares)");
  cmd->add_option("--clinvar", o->clinvarFile,
                  "ClinVar VCF (bgzip + tabix, NCBI's clinvar.vcf.gz): exact allele matches fill the table "
                  "columns clinvar_significance, clinvar_stars, clinvar_condition, clinvar_id");
}

void addGenesOption(CLI::App* cmd, std::string* path) {
  cmd->add_option("--genes", *path,
                  "gene annotation (GFF3 or GTF; plain, gzip or bgzip + tabix): table rows whose input has no "
                  "CSQ/ANN/BCSQ entry get gene and consequence from overlap (overlap:CDS, overlap:intron, "
                  "intergenic, ...), a position statement, not a consequence prediction; VCF outputs unchanged");
}

std::unique_ptr<GeneAnnotation> openGenes(const std::string& path) {
  return path.empty() ? nullptr : GeneAnnotation::open(path);
}

void addEngineOptions(CLI::App* cmd, EngineOptions* o) {
  cmd->add_option("--model", o->model,
                  "model directory (config.json + model.safetensors or pytorch_model.bin; GPN-MSA or GPN-Star, "
                  "by config.json's model_type), or a published "
                  "model's name (gpn-msa-sapiens: downloaded once into the user cache); default: the bundled demo");
  cmd->add_option_function<std::vector<std::string>>(
         "--msa",
         [o](const std::vector<std::string>& v) {
           o->msa = v.front();
           o->moreMsa.assign(v.begin() + 1, v.end());
         },
         "alignment store: Zarr directory, .zip (e.g. 89.zarr.zip), http(s) URL of a .zip, or a "
         "published alignment's name (multiz100way-89: read in place over http); default: the bundled demo. "
         "GPN-Star: a folder of <n>/all.zarr stores (joined by columns, in descending order of n as the "
         "authors' tools), or --msa given again: the stores' columns side by side in the order given")
      ->take_all()
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--threads", o->threads, "CPU threads for the model (0 = all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--batch-size", o->batchSize,
                  "windows per forward pass (each site needs two)")
      ->check(CLI::Range(2, 65536));
  cmd->add_option("--window", o->window,
                  "window length in bp (even; default: the model's: GPN-MSA 128, GPN-Star 128, or 256 for "
                  "243- and 447-column alignments as P243/M447 were trained)")
      ->check(CLI::Range(2, 1 << 20));
  cmd->add_option("--device", o->device, "cpu, or cuda[:N] with a CUDA build of libtorch");
  cmd->add_option("--precision", o->precision,
                  "f32 (default, exact), bf16 (CPUs with AVX-512 BF16, GPUs; about 2.5x faster with AMX, "
                  "|score difference| up to ~0.02 on the demo model) or f16 (GPU)")
      ->capture_default_str();
  cmd->add_option("--cache-mb", o->cacheMb, "alignment chunk cache size in MiB")
      ->check(CLI::Range(1, 1 << 20));
  cmd->add_option("--cache-dir", o->cacheDir,
                  "where files besides the outputs go, and only there. By default a local .zip store of "
                  ">= 10,000 entries gets its central-directory index beside it (STORE.zip.gpnmsa-index) when "
                  "that folder is writable, else in $XDG_CACHE_HOME/gpnmsa/zip-index (~/.cache/gpnmsa); an "
                  "http(s) store keeps its index there and the chunks it fetched in .../chunks (up to 1 GiB)");
  cmd->add_flag("-q,--quiet", o->quiet, "no progress on stderr");
  addReleaseOptions(cmd, &o->releases);
}

ScoreOptions scoreOptions(const EngineOptions& o, const EngineSession& session) {
  ScoreOptions so;
  so.batchSize = o.batchSize;
  so.windowLength = o.window;
  so.calibration = session.calibration;
  return so;
}

ModelKind modelKindOf(const EngineOptions& o) {
  try {
    return modelKind(modelDirOrDefault(o.model));
  } catch (const Error&) {
    return ModelKind::GpnMsa;
  }
}

void resolveReleaseNames(EngineOptions* o) {
  o->model = resolveModelArg(o->model, o->releases, o->quiet);
  o->msa = resolveRemoteArg(o->msa, Release::Kind::Alignment, o->releases);
}

SessionPtr openEngine(EngineOptions* o) {
  resolveReleaseNames(o);
  if (o->model.empty() || o->msa.empty()) {
    const DefaultBundle b = defaultBundle();
    if (b.root.empty())
      throw Error("no --model/--msa given and no bundled default found (set GPNMSA_DATA_DIR)");
    if (o->model.empty()) o->model = b.model;
    if (o->msa.empty()) o->msa = b.alignment;
    if (!o->quiet) std::cerr << "using the bundled default: " << b.description << "\n";
  }
  SessionOptions so;
  so.modelDir = o->model;
  so.alignment = o->msa;
  so.moreAlignments = o->moreMsa;
  so.model.device = o->device;
  so.model.threads = o->threads;
  so.model.precision = parsePrecision(o->precision);
  so.store.cacheBytes = std::size_t(o->cacheMb) << 20;
  so.windowLength = o->window;
  if (!o->cacheDir.empty()) {
    so.store.cacheDir = o->cacheDir;
    so.store.zipIndexBesideZip = false;
  }
  SessionPtr session;
  try {
    session = EngineSession::open(so);
  } catch (const SessionError& e) {
    // Core's reasons name the file already; say which option it came from.
    switch (e.part()) {
      case SessionError::Part::Model: throw Error(std::string("--model: ") + e.what());
      case SessionError::Part::Alignment: throw Error(std::string("--msa: ") + e.what());
      case SessionError::Part::Pair: throw Error(std::string("--model and --msa do not fit together: ") + e.what());
    }
    throw;
  }
  if (const std::string w = slowBlasWarning(); !w.empty()) std::cerr << w << "\n";
  // Provenance names every store joined ("A + B").
  if (!o->moreMsa.empty()) o->msa = session->alignmentPath;
  return session;
}

}  // namespace gpnmsa::cli
