// SPDX-License-Identifier: GPL-3.0-or-later
#include "variant_pipeline.h"

#include <algorithm>
#include <iostream>
#include <unordered_set>

#include "cli_common.h"
#include "gpnmsa/gene_overlap.h"
#include "gpnmsa/variant_writer.h"

namespace gpnmsa::cli {

namespace {
bool isTable(OutputFormat f) { return f == OutputFormat::Tsv || f == OutputFormat::Csv; }
}  // namespace

VariantPipeline::VariantPipeline(const std::string& input, const AnnotationOptions& annotations,
                                 const GeneAnnotation* genes, OutputFormat format, bool quiet)
    : input_(input), format_(format), genes_(genes), quiet_(quiet), chunkRecords_(streamChunkRecords()),
      stream_(std::make_unique<VariantStream>(input, annotations)) {
  first_ = stream_->next(chunkRecords_);
  prepare(&first_);
}

VariantPipeline::~VariantPipeline() = default;

void VariantPipeline::prepare(VariantTable* chunk) {
  if (!genes_ || !isTable(format_)) return;
  geneFilled_ += fillGeneOverlap(chunk, *genes_);
  geneAlleles_ += static_cast<int64_t>(chunk->variants.size());
}

void VariantPipeline::reportGenes() const {
  if (!genes_ || !isTable(format_) || quiet_) return;
  std::cerr << "gene overlap from " << genes_->path() << " for " << geneFilled_ << " of " << geneAlleles_
            << " alleles (those without an annotation in the input)\n";
}

void VariantPipeline::preflightVcf() {
  if (isTable(format_) || stream_->atEnd()) return;  // one chunk: preflightWrite saw it all
  VariantStream whole(input_);
  contigs_ = std::make_unique<std::vector<std::string>>();
  std::unordered_set<std::string> seen;
  for (;;) {
    const VariantTable chunk = whole.next(chunkRecords_);
    if (chunk.records == 0) break;
    checkVcfPositions(chunk);
    for (const Variant& v : chunk.variants)
      if (seen.insert(v.chrom).second) contigs_->push_back(v.chrom);
  }
}

bool VariantPipeline::run(const std::string& output, const WriteOptions& wo, ScoreFileWriter* scoreFile,
                          const ChunkScorer& score, ProgressReporter* progress) {
  std::unique_ptr<VariantSink> sink;
  if (!scoreFile) sink = VariantSink::open(output, format_, first_, wo, contigs_.get());
  VariantTable chunk = std::move(first_);
  first_ = VariantTable();
  int64_t before = 0;  // variants of earlier chunks
  for (;;) {
    const int64_t here = static_cast<int64_t>(chunk.variants.size());
    // The total is an estimate until the input is read to its end: the
    // variants so far scaled by the share of the file read.
    const double fraction = stream_->fractionRead();
    const int64_t estimate =
        stream_->atEnd() || fraction <= 0 ? before + here
                                          : std::max<int64_t>(before + here, int64_t((before + here) / fraction));
    const auto rows = score(chunk.variants, [&](int64_t done, int64_t) { progress->update(before + done, estimate); });
    if (g_interrupted) return false;
    tally_.add(rows);
    if (scoreFile) scoreFile->add(rows);
    else sink->write(chunk, rows);
    before += here;
    if (stream_->atEnd()) break;
    chunk = stream_->next(chunkRecords_);
    if (chunk.records == 0) break;
    prepare(&chunk);
  }
  if (g_interrupted) return false;
  if (sink) sink->commit();
  return true;
}

}  // namespace gpnmsa::cli
