// SPDX-License-Identifier: GPL-3.0-or-later
// The streamed run shared by `gpnmsa score` and `gpnmsa annotate` (issue 17,
// defect 8): read a bounded chunk of whole input records, add gene overlap,
// score it, append its rows to the output, repeat. Memory stays that of one
// chunk whatever the number of variants; counts are running tallies.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gpnmsa/annotations.h"
#include "gpnmsa/gene_annotation.h"
#include "gpnmsa/precomputed_scores.h"
#include "gpnmsa/run_summary.h"
#include "gpnmsa/variant_sink.h"
#include "gpnmsa/variant_stream.h"
#include "progress_reporter.h"

namespace gpnmsa::cli {

// Scores one chunk's variants (one row per variant, in order), reporting
// progress within the chunk; stops early when g_interrupted is set.
using ChunkScorer = std::function<std::vector<ScoredVariant>(const std::vector<Variant>&,
                                                             const std::function<void(int64_t, int64_t)>&)>;

class VariantPipeline {
 public:
  // Opens the input and reads its first chunk (so a malformed start of the
  // input is reported before any model is loaded), with gene overlap added
  // for table outputs. Throws gpnmsa::Error.
  VariantPipeline(const std::string& input, const AnnotationOptions& annotations, const GeneAnnotation* genes,
                  OutputFormat format, bool quiet);
  ~VariantPipeline();

  // The first chunk (the whole input when it fits in one), for preflightWrite.
  const VariantTable& first() const { return first_; }

  // Checks to make before any work, beyond preflightWrite of the first chunk:
  // a VCF output of a longer input reads the whole input once (a chunk at a
  // time) to refuse a negative POS anywhere and to list its chromosomes.
  void preflightVcf();

  // Runs every chunk through `score` into a VariantSink at `output` (or, when
  // scoreFile is set, into that published-layout writer instead). Returns
  // false when interrupted (nothing committed then).
  bool run(const std::string& output, const WriteOptions& wo, ScoreFileWriter* scoreFile, const ChunkScorer& score,
           ProgressReporter* progress);

  const StatusTally& tally() const { return tally_; }
  // "gene overlap from FILE for N of M alleles ..." unless quiet or no --genes.
  void reportGenes() const;

 private:
  void prepare(VariantTable* chunk);

  std::string input_;
  OutputFormat format_;
  const GeneAnnotation* genes_;
  bool quiet_;
  int64_t chunkRecords_;
  std::unique_ptr<VariantStream> stream_;
  VariantTable first_;
  std::unique_ptr<std::vector<std::string>> contigs_;
  StatusTally tally_;
  int64_t geneFilled_ = 0, geneAlleles_ = 0;
};

}  // namespace gpnmsa::cli
