// SPDX-License-Identifier: GPL-3.0-or-later
// VCF / VCF.gz / BCF output through htslib. A VCF input is copied record by
// record with INFO/<field> added; other inputs get a minimal synthesised VCF.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>
#include <unordered_map>

#include "gpnmsa/atomic_file.h"
#include "gpnmsa/error.h"
#include "gpnmsa/score_distribution.h"
#include "hts_log_capture.h"
#include "vcf_records.h"
#include "writer_impl.h"

namespace gpnmsa::detail {

namespace {

const char* modeFor(OutputFormat f) {
  return f == OutputFormat::VcfGz ? "wz" : f == OutputFormat::Bcf ? "wb" : "w";
}

bool validInfoId(const std::string& id) {
  if (id.empty() || !(std::isalpha(static_cast<unsigned char>(id[0])) || id[0] == '_')) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
  });
}

// A value of a structured header line (key=<a=...,b=...>): quoted when it
// holds characters that would end the value early.
std::string headerValue(const std::string& raw) {
  const std::string v = oneLine(raw);
  if (!v.empty() && v.find_first_of(",<>\"= \\") == std::string::npos) return v;
  std::string q = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

// Text for inside a quoted Description="...".
std::string quotedText(const std::string& raw) {
  std::string q;
  for (char c : oneLine(raw)) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q;
}

void append(bcf_hdr_t* hdr, const std::string& line) {
  hts::LogCapture log;
  if (bcf_hdr_append(hdr, line.c_str()) < 0) throw Error(log.withMessages("cannot add the VCF header line " + line));
}

void addScoreHeader(bcf_hdr_t* hdr, const WriteOptions& o) {
  const Provenance& p = o.provenance;
  append(hdr, "##INFO=<ID=" + o.infoField + ",Number=A,Type=Float,Description=\"" +
                  (o.scoreDescription.empty()
                       ? o.modelName + " score: log P(alt) - log P(ref), averaged over both strands "
                                       "(negative = more likely deleterious)"
                       : quotedText(o.scoreDescription)) +
                  "\">");
  if (o.star) {
    append(hdr, "##INFO=<ID=" + o.calibratedField +
                    ",Number=A,Type=Float,Description=\"Calibrated " + o.modelName +
                    " score: the score minus the mean score of neutral mutations of the same 5-mer "
                    "context and alt (the model's calibration_table/llr.parquet); missing for contexts "
                    "not in the table (e.g. with N)\">");
    append(hdr, "##INFO=<ID=" + o.entropyField +
                    ",Number=1,Type=Float,Description=\"Entropy (nats) of the model's A,C,G,T "
                    "distribution at the site, masked, strand-averaged logits\">");
    append(hdr, "##INFO=<ID=" + o.entropyCalibratedField +
                    ",Number=1,Type=Float,Description=\"Calibrated entropy: the entropy divided by "
                    "the mean entropy of neutral sites of the same 5-mer context (the model's "
                    "calibration_table/entropy.parquet); about 1 neutral, below 1 constrained\">");
  }
  if (o.baseline)
    append(hdr, "##INFO=<ID=" + o.baselineField +
                    ",Number=A,Type=Float,Description=\"Alignment-frequency baseline (no model): "
                    "log((alt count + 1) / (ref count + 1)) over the species rows of the alignment "
                    "at the site, gaps not counted (negative = alt rare among species = more likely "
                    "deleterious)\">");
  if (!o.statusField.empty())
    append(hdr, "##INFO=<ID=" + o.statusField +
                    ",Number=A,Type=String,Description=\"Why each ALT was or was not scored: ok, "
                    "ok_window_shifted, indel, ref_mismatch, unknown_chromosome, pending (not scored "
                    "yet: the run was cancelled), ...\">");
  if (o.published)
    append(hdr, "##INFO=<ID=" + o.publishedField +
                    ",Number=A,Type=Float,Description=\"Precomputed score from " +
                    quotedText(o.publishedSource.empty() ? "a score file" : o.publishedSource) +
                    " (looked up by chrom, pos, ref, alt; not computed by this run)\">");
  if (o.distribution)
    append(hdr, "##INFO=<ID=" + o.percentileField +
                    ",Number=A,Type=Float,Description=\"Percentile of the GPN-MSA score among the model's "
                    "reference scores of possible SNVs (" +
                    quotedText(o.distributionSource.empty() ? "a score distribution" : o.distributionSource) +
                    "): % of them strictly greater, i.e. the score is lower than this % of possible SNVs. "
                    "Not a clinical classification: not calibrated against clinical benchmarks, no ACMG "
                    "evidence strength, no published cut-off\">");
  append(hdr, "##" + p.tool + "=<version=" + headerValue(p.version) + ",method=" + headerValue(p.method) +
                  ",model=" + headerValue(p.model) +
                  (p.modelInfo.empty() ? std::string() : ",model_info=" + headerValue(p.modelInfo)) +
                  ",alignment=" + headerValue(p.alignment) + ">");
  if (!p.command.empty()) append(hdr, "##" + p.tool + "Command=" + oneLine(p.command));
  hts::LogCapture log;
  if (bcf_hdr_sync(hdr) < 0) throw Error(log.withMessages("cannot build the VCF header"));
}

bool declaresInfo(const bcf_hdr_t* hdr, const std::string& field) {
  return bcf_hdr_get_hrec(hdr, BCF_HL_INFO, "ID", field.c_str(), nullptr) != nullptr;
}

// The INFO fields this run writes: the score, and the baseline and the
// published score when asked for.
std::vector<std::string> fieldsWritten(const WriteOptions& o) {
  std::vector<std::string> f{o.infoField};
  if (o.baseline) f.push_back(o.baselineField);
  if (o.published) f.push_back(o.publishedField);
  if (!o.statusField.empty()) f.push_back(o.statusField);
  if (o.distribution) f.push_back(o.percentileField);
  if (o.star) {
    f.push_back(o.calibratedField);
    f.push_back(o.entropyField);
    f.push_back(o.entropyCalibratedField);
  }
  return f;
}

void checkFieldNames(const WriteOptions& o) {
  for (const std::string& f : fieldsWritten(o))
    if (!validInfoId(f)) throw Error("invalid INFO field name '" + f + "'");
  if (o.baseline && o.baselineField == o.infoField)
    throw Error("the score and the baseline cannot share the INFO field '" + o.infoField + "'");
  if (o.published && o.publishedField == o.infoField)
    throw Error("the score and the published score cannot share the INFO field '" + o.infoField + "'");
  if (o.distribution && o.percentileField == o.infoField)
    throw Error("the score and the percentile cannot share the INFO field '" + o.infoField + "'");
  if (o.published && o.baseline && o.publishedField == o.baselineField)
    throw Error("the baseline and the published score cannot share the INFO field '" + o.baselineField + "'");
  const std::vector<std::string> all = fieldsWritten(o);
  for (size_t i = 0; i < all.size(); ++i)
    for (size_t j = i + 1; j < all.size(); ++j)
      if (all[i] == all[j]) throw Error("two outputs cannot share the INFO field '" + all[i] + "'");
}

// Throws InfoFieldConflict if the header declares a field this run writes.
void refuseDeclared(const bcf_hdr_t* hdr, const WriteOptions& o) {
  if (o.overwriteInfo) return;
  for (const std::string& f : fieldsWritten(o))
    if (declaresInfo(hdr, f)) throw InfoFieldConflict(f, f == o.infoField);
}

// Output target: a temporary file renamed into place, or stdout for "-".
// What htslib reports goes into the failure message: each step that calls
// htslib holds its own LogCapture (captures nest like lock guards, so none
// may outlive the step that made it).
struct Target {
  std::optional<AtomicFile> atomic;
  std::string name;
  explicit Target(const std::string& path) : name(path) {
    if (path != "-") atomic.emplace(path);
  }
  hts::FilePtr open(OutputFormat f, const hts::LogCapture& log) {
    errno = 0;
    hts::FilePtr fp(hts_open(atomic ? atomic->tempPath().c_str() : "-", modeFor(f)));
    if (!fp) throw Error("cannot write " + name + ": " + log.reason());
    return fp;
  }
  void finish(hts::FilePtr& fp, const hts::LogCapture& log) {
    if (hts::closeFile(fp) != 0) fail(log);
    if (atomic) atomic->commit();
  }
  [[noreturn]] void fail(const hts::LogCapture& log) const { throw Error(log.withMessages("cannot write " + name)); }
};

// Value per ALT of one record: the score (or another member, e.g. the
// baseline) where it was computed, missing elsewhere. The published score
// does not depend on the row's status (onlyScored = false).
bool fillScores(const std::vector<const ScoredVariant*>& rows, int nAlt, std::vector<float>* vals,
                float ScoredVariant::*member = &ScoredVariant::score, bool onlyScored = true) {
  vals->assign(nAlt, 0.0f);
  for (float& x : *vals) bcf_float_set_missing(x);
  bool any = false;
  for (const ScoredVariant* r : rows) {
    if (r->variant.altIndex < nAlt && (!onlyScored || isScored(r->status)) && !std::isnan(r->*member)) {
      (*vals)[r->variant.altIndex] = r->*member;
      any = true;
    }
  }
  return any;
}

// INFO/<statusField> of a record: the status of each of its ALTs ("." for an
// ALT no row speaks of). `alts` gives each ALT's row or nullptr.
void setStatuses(bcf_hdr_t* hdr, bcf1_t* rec, const WriteOptions& o,
                 const std::vector<const ScoredVariant*>& alts, const hts::LogCapture& log) {
  if (o.statusField.empty() || alts.empty()) return;
  std::string text;
  for (size_t i = 0; i < alts.size(); ++i)
    text += (i ? "," : "") + std::string(alts[i] ? statusName(alts[i]->status) : ".");
  if (bcf_update_info_string(hdr, rec, o.statusField.c_str(), text.c_str()) < 0)
    throw Error(log.withMessages("cannot set INFO/" + o.statusField));
}

// GPN-Star's INFO fields of a record: the calibrated score per ALT, the
// site's entropy and calibrated entropy once (from any scored ALT: they are
// the site's). `alts` gives each ALT's row or nullptr.
void setStarFields(bcf_hdr_t* hdr, bcf1_t* rec, const WriteOptions& o,
                   const std::vector<const ScoredVariant*>& alts, const hts::LogCapture& log) {
  if (!o.star || alts.empty()) return;
  std::vector<float> vals(alts.size());
  bool any = false;
  for (size_t i = 0; i < alts.size(); ++i) {
    const ScoredVariant* r = alts[i];
    if (r && isScored(r->status) && !std::isnan(r->scoreCalibrated)) {
      vals[i] = r->scoreCalibrated;
      any = true;
    } else {
      bcf_float_set_missing(vals[i]);
    }
  }
  if (any && bcf_update_info_float(hdr, rec, o.calibratedField.c_str(), vals.data(), int(vals.size())) < 0)
    throw Error(log.withMessages("cannot set INFO/" + o.calibratedField));
  for (const ScoredVariant* r : alts) {
    if (!r || !isScored(r->status)) continue;
    if (!std::isnan(r->entropy) && bcf_update_info_float(hdr, rec, o.entropyField.c_str(), &r->entropy, 1) < 0)
      throw Error(log.withMessages("cannot set INFO/" + o.entropyField));
    if (!std::isnan(r->entropyCalibrated) &&
        bcf_update_info_float(hdr, rec, o.entropyCalibratedField.c_str(), &r->entropyCalibrated, 1) < 0)
      throw Error(log.withMessages("cannot set INFO/" + o.entropyCalibratedField));
    break;
  }
}

// INFO/<percentileField> of a record: each scored ALT's percentile in the
// reference distribution, rounded as tables write it; missing elsewhere.
void setPercentiles(bcf_hdr_t* hdr, bcf1_t* rec, const WriteOptions& o,
                    const std::vector<const ScoredVariant*>& alts, const hts::LogCapture& log) {
  if (!o.distribution || alts.empty()) return;
  std::vector<float> vals(alts.size());
  bool any = false;
  for (size_t i = 0; i < alts.size(); ++i) {
    const ScoredVariant* r = alts[i];
    if (r && isScored(r->status) && !std::isnan(r->score)) {
      vals[i] = std::strtof(formatPercentile(o.distribution->percentile(r->score)).c_str(), nullptr);
      any = true;
    } else {
      bcf_float_set_missing(vals[i]);
    }
  }
  if (any && bcf_update_info_float(hdr, rec, o.percentileField.c_str(), vals.data(), int(vals.size())) < 0)
    throw Error(log.withMessages("cannot set INFO/" + o.percentileField));
}

// Rows sorted by input record, then ALT (a table view may be sorted otherwise).
std::vector<const ScoredVariant*> inRecordOrder(const std::vector<ScoredVariant>& rows) {
  std::vector<const ScoredVariant*> out;
  out.reserve(rows.size());
  for (const ScoredVariant& r : rows) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(), [](const ScoredVariant* a, const ScoredVariant* b) {
    return std::make_pair(a->variant.record, a->variant.altIndex) <
           std::make_pair(b->variant.record, b->variant.altIndex);
  });
  return out;
}

// A VCF input: its header and records copied, read through a handle of our
// own in lockstep with the chunks written (every record, those of no chunk too).
class CopySink : public VariantSink {
 public:
  CopySink(const std::string& path, OutputFormat format, const std::string& inputPath, const WriteOptions& o)
      : o_(o), src_(inputPath), inputPath_(inputPath), rec_(bcf_init()) {
    hts::LogCapture log;
    refuseDeclared(src_.header(), o_);
    if (!rec_) throw Error("out of memory");
    target_.emplace(path);
    if (src_.isText()) {
      // A text VCF may use contigs and tags its header never declares; htslib
      // declares them while parsing. Parse everything once so the header we
      // write is complete (BCF output refuses records with undeclared tags).
      while (src_.next(rec_.get())) {}
      refuseDeclared(src_.header(), o_);
      src_.rewind();
    }
    bcf_hdr_t* hdr = src_.header();
    for (const std::string& f : fieldsWritten(o_))
      if (declaresInfo(hdr, f)) bcf_hdr_remove(hdr, BCF_HL_INFO, f.c_str());
    addScoreHeader(hdr, o_);
    out_ = target_->open(format, log);
    if (bcf_hdr_write(out_.get(), hdr) < 0) target_->fail(log);
  }

  void write(const VariantTable& /*chunk*/, const std::vector<ScoredVariant>& given) override {
    hts::LogCapture log;
    const std::vector<const ScoredVariant*> rows = inRecordOrder(given);
    // Copy up to the last record a row refers to; records without rows in
    // between are copied on the way, the rest at the next write or commit.
    // (Not up to the chunk's last variant: the app's table may hold what-if
    // variants past the input's records, whose rows a VCF export leaves out.)
    int64_t end = next_;
    for (const ScoredVariant* r : rows) {
      if (r->variant.record < 0) throw Error("cannot write " + target_->name + ": a row has no input record");
      if (r->variant.record < next_)
        throw Error("cannot write " + target_->name + ": rows of record " + std::to_string(r->variant.record) +
                    " come after that record was written");
      end = std::max(end, r->variant.record + 1);
    }
    size_t i = 0;
    std::vector<const ScoredVariant*> mine;
    while (next_ < end) {
      mine.clear();
      while (i < rows.size() && rows[i]->variant.record == next_) mine.push_back(rows[i++]);
      if (!copyRecord(mine, log)) {
        const int64_t count = countRest();
        throw Error("cannot write " + target_->name + ": rows refer to record " + std::to_string(end - 1) +
                    " but " + inputPath_ + " has " + std::to_string(count) + " records");
      }
    }
  }

  void commit() override {
    hts::LogCapture log;
    const std::vector<const ScoredVariant*> none;
    while (copyRecord(none, log)) {}
    target_->finish(out_, log);
  }

 private:
  // Copies input record next_ with the values of `mine` (its rows); false at
  // the end of the input.
  bool copyRecord(const std::vector<const ScoredVariant*>& mine, const hts::LogCapture& log) {
    bcf1_t* rec = rec_.get();
    if (!src_.next(rec)) return false;
    ++next_;
    bcf_hdr_t* hdr = src_.header();
    if (o_.onlyRecordsWithRows && mine.empty()) return true;
    const int nAlt = rec->n_allele - 1;
    for (const ScoredVariant* r : mine) {
      if (r->variant.chrom != bcf_seqname_safe(hdr, rec) || r->variant.pos != rec->pos + 1 ||
          r->variant.altIndex < 0 || r->variant.altIndex >= std::max(nAlt, 1)) {
        throw Error(src_.where() + ": does not match the variant read from it (" + r->variant.chrom + ":" +
                    std::to_string(r->variant.pos) + "); was the input changed?");
      }
    }
    // Stale values from an earlier run must not survive an overwrite.
    if (o_.overwriteInfo)
      for (const std::string& f : fieldsWritten(o_)) bcf_update_info_float(hdr, rec, f.c_str(), nullptr, 0);
    if (nAlt > 0 && fillScores(mine, nAlt, &vals_) &&
        bcf_update_info_float(hdr, rec, o_.infoField.c_str(), vals_.data(), nAlt) < 0) {
      throw Error(log.withMessages(src_.where() + ": cannot set INFO/" + o_.infoField));
    }
    if (o_.baseline && nAlt > 0 && fillScores(mine, nAlt, &vals_, &ScoredVariant::baseline) &&
        bcf_update_info_float(hdr, rec, o_.baselineField.c_str(), vals_.data(), nAlt) < 0) {
      throw Error(log.withMessages(src_.where() + ": cannot set INFO/" + o_.baselineField));
    }
    if (o_.published && nAlt > 0 && fillScores(mine, nAlt, &vals_, &ScoredVariant::published, false) &&
        bcf_update_info_float(hdr, rec, o_.publishedField.c_str(), vals_.data(), nAlt) < 0) {
      throw Error(log.withMessages(src_.where() + ": cannot set INFO/" + o_.publishedField));
    }
    if (nAlt > 0 && (!o_.statusField.empty() || o_.distribution || o_.star)) {
      std::vector<const ScoredVariant*> alts(size_t(nAlt), nullptr);
      for (const ScoredVariant* r : mine) alts[size_t(r->variant.altIndex)] = r;
      setStatuses(hdr, rec, o_, alts, log);
      setPercentiles(hdr, rec, o_, alts, log);
      setStarFields(hdr, rec, o_, alts, log);
    }
    if (bcf_write(out_.get(), hdr, rec) < 0) target_->fail(log);
    return true;
  }

  // The input's record count, reading the records not yet read (for an error).
  int64_t countRest() {
    int64_t count = next_;
    while (src_.next(rec_.get())) ++count;
    return count;
  }

  WriteOptions o_;
  VcfRecordSource src_;
  std::string inputPath_;
  hts::RecordPtr rec_;
  std::optional<Target> target_;
  hts::FilePtr out_;
  int64_t next_ = 0;  // index of the next input record to copy
  std::vector<float> vals_;
};

// Non-VCF input: one record per input record, in input order (not sorted:
// the output keeps the order of the input table; sort it with bcftools if
// an index is needed). The ##contig lines are given (a streamed run reads
// them from the whole input first) or taken from the rows of the first write.
class SynthSink : public VariantSink {
 public:
  SynthSink(const std::string& path, OutputFormat format, const WriteOptions& o,
            const std::vector<std::string>* contigs)
      : o_(o), format_(format), target_(path), rec_(bcf_init()) {
    if (!rec_) throw Error("out of memory");
    if (contigs) writeHeader(*contigs);
  }

  void write(const VariantTable&, const std::vector<ScoredVariant>& given) override {
    hts::LogCapture log;
    const std::vector<const ScoredVariant*> rows = inRecordOrder(given);
    if (!hdr_) {
      std::vector<std::string> contigs;
      std::unordered_map<std::string, bool> seen;
      for (const ScoredVariant* r : rows)
        if (seen.emplace(r->variant.chrom, true).second) contigs.push_back(r->variant.chrom);
      writeHeader(contigs);
    }
    size_t i = 0;
    std::vector<const ScoredVariant*> group;
    while (i < rows.size()) {
      group.clear();
      const int64_t record = rows[i]->variant.record;
      while (i < rows.size() && rows[i]->variant.record == record) group.push_back(rows[i++]);
      writeRecord(group, log);
    }
  }

  void commit() override {
    hts::LogCapture log;
    if (!hdr_) writeHeader({});
    target_.finish(out_, log);
  }

 private:
  void writeHeader(const std::vector<std::string>& contigs) {
    hts::LogCapture log;
    hdr_.reset(bcf_hdr_init("w"));  // brings ##fileformat=VCFv4.2 and FILTER/PASS
    if (!hdr_) throw Error("out of memory");
    for (const std::string& c : contigs) {
      if (bcf_hdr_append(hdr_.get(), ("##contig=<ID=" + c + ">").c_str()) < 0) {
        throw Error(log.withMessages("cannot write " + target_.name + ": chromosome name '" + c +
                                     "' is not valid in a VCF"));
      }
    }
    addScoreHeader(hdr_.get(), o_);
    out_ = target_.open(format_, log);
    if (bcf_hdr_write(out_.get(), hdr_.get()) < 0) target_.fail(log);
  }

  // One record from the rows of one input record (sorted by ALT).
  void writeRecord(const std::vector<const ScoredVariant*>& group, const hts::LogCapture& log) {
    bcf_hdr_t* hdr = hdr_.get();
    bcf1_t* rec = rec_.get();
    const Variant& first = group.front()->variant;
    // ALT "." (no allele) adds nothing; the value list follows the ALTs kept.
    std::vector<const ScoredVariant*> alts;
    std::vector<const char*> alleles{first.ref.c_str()};
    for (const ScoredVariant* r : group) {
      if (r->variant.alt.empty() || r->variant.alt == ".") continue;
      if (!alts.empty() && alts.back()->variant.altIndex == r->variant.altIndex) continue;
      alts.push_back(r);
      alleles.push_back(r->variant.alt.c_str());
    }
    bcf_clear(rec);
    rec->rid = bcf_hdr_name2id(hdr, first.chrom.c_str());
    if (rec->rid < 0) throw Error("cannot write " + target_.name + ": chromosome '" + first.chrom +
                                  "' was not declared in the header");
    rec->pos = first.pos - 1;
    bcf_float_set_missing(rec->qual);
    if (bcf_update_alleles(hdr, rec, alleles.data(), static_cast<int>(alleles.size())) < 0 ||
        (!first.id.empty() && bcf_update_id(hdr, rec, first.id.c_str()) < 0)) {
      target_.fail(log);
    }
    std::vector<float>& vals = vals_;
    vals.assign(alts.size(), 0.0f);
    for (size_t i = 0; i < alts.size(); ++i) {  // values indexed by position among the kept ALTs
      const ScoredVariant* r = alts[i];
      if (isScored(r->status) && !std::isnan(r->score)) vals[i] = r->score;
      else bcf_float_set_missing(vals[i]);
    }
    const bool any = std::any_of(alts.begin(), alts.end(), [](const ScoredVariant* r) {
      return isScored(r->status) && !std::isnan(r->score);
    });
    if (any && bcf_update_info_float(hdr, rec, o_.infoField.c_str(), vals.data(),
                                     static_cast<int>(alts.size())) < 0) {
      target_.fail(log);
    }
    if (o_.baseline && any) {
      for (size_t i = 0; i < alts.size(); ++i) {
        const ScoredVariant* r = alts[i];
        if (isScored(r->status) && !std::isnan(r->baseline)) vals[i] = r->baseline;
        else bcf_float_set_missing(vals[i]);
      }
      if (bcf_update_info_float(hdr, rec, o_.baselineField.c_str(), vals.data(),
                                static_cast<int>(alts.size())) < 0) {
        target_.fail(log);
      }
    }
    if (o_.published) {
      bool anyPublished = false;
      for (size_t i = 0; i < alts.size(); ++i) {
        if (!std::isnan(alts[i]->published)) {
          vals[i] = alts[i]->published;
          anyPublished = true;
        } else {
          bcf_float_set_missing(vals[i]);
        }
      }
      if (anyPublished && bcf_update_info_float(hdr, rec, o_.publishedField.c_str(), vals.data(),
                                                static_cast<int>(alts.size())) < 0) {
        target_.fail(log);
      }
    }
    setStatuses(hdr, rec, o_, alts, log);
    setPercentiles(hdr, rec, o_, alts, log);
    setStarFields(hdr, rec, o_, alts, log);
    if (bcf_write(out_.get(), hdr, rec) < 0) target_.fail(log);
  }

  WriteOptions o_;
  OutputFormat format_;
  Target target_;
  hts::HeaderPtr hdr_;
  hts::FilePtr out_;
  hts::RecordPtr rec_;
  std::vector<float> vals_;
};
}  // namespace

void checkInfoField(const VariantTable& input, const WriteOptions& options) {
  checkFieldNames(options);
  if (input.format != InputFormat::Vcf || options.overwriteInfo) return;
  VcfRecordSource src(input.path);
  refuseDeclared(src.header(), options);
}

std::unique_ptr<VariantSink> openVcfSink(const std::string& path, OutputFormat format, const VariantTable& first,
                                         const WriteOptions& options, const std::vector<std::string>* contigs) {
  checkFieldNames(options);
  if (first.format == InputFormat::Vcf) return std::make_unique<CopySink>(path, format, first.path, options);
  return std::make_unique<SynthSink>(path, format, options, contigs);
}


}  // namespace gpnmsa::detail
