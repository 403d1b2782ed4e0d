// SPDX-License-Identifier: GPL-3.0-or-later
// readLabeledTable: every column of a scored table / VCF as text, for
// `gpnmsa evaluate`. VCFs go through the same record reader as the scorer's
// input (VcfRecordSource), text through the same line reader.
#include <htslib/hfile.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

#include "gpnmsa/error.h"
#include "gpnmsa/evaluation.h"
#include "hts_log_capture.h"
#include "reader_impl.h"
#include "vcf_records.h"

namespace gpnmsa {

namespace {

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

std::string normalised(std::string_view name) {
  std::string n = lower(name);
  if (!n.empty() && n[0] == '#') n.erase(0, 1);
  if (n.compare(0, 5, "info/") == 0) n.erase(0, 5);
  return n;
}

std::vector<std::string> splitOn(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t at = s.find(sep, start);
    out.emplace_back(s.substr(start, at == std::string_view::npos ? s.npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

std::string formatFloat(float x) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(x));
  return buf;
}

// The value of one INFO field for ALT `alt` of a record ("" when absent).
std::string infoValue(const bcf_hdr_t* hdr, bcf1_t* rec, int id, int alt, int nAlt) {
  const char* key = bcf_hdr_int2id(hdr, BCF_DT_ID, id);
  const int type = bcf_hdr_id2type(hdr, BCF_HL_INFO, id);
  const int kind = bcf_hdr_id2length(hdr, BCF_HL_INFO, id);
  std::vector<std::string> values;
  if (type == BCF_HT_FLAG) {
    return bcf_get_info_flag(hdr, rec, key, nullptr, nullptr) == 1 ? "1" : "0";
  } else if (type == BCF_HT_STR) {
    char* buf = nullptr;
    int n = 0;
    const int got = bcf_get_info_string(hdr, rec, key, &buf, &n);
    if (got < 0) {
      std::free(buf);
      return "";
    }
    const std::string text(buf, std::strlen(buf));
    std::free(buf);
    if (kind != BCF_VL_A && kind != BCF_VL_R) return text == "." ? "" : text;
    values = splitOn(text, ',');
    for (auto& v : values)
      if (v == ".") v.clear();
  } else if (type == BCF_HT_INT) {
    int32_t* buf = nullptr;
    int n = 0;
    const int got = bcf_get_info_int32(hdr, rec, key, &buf, &n);
    for (int i = 0; i < got; ++i) {
      if (buf[i] == bcf_int32_vector_end) break;
      values.push_back(buf[i] == bcf_int32_missing ? "" : std::to_string(buf[i]));
    }
    std::free(buf);
  } else if (type == BCF_HT_REAL) {
    float* buf = nullptr;
    int n = 0;
    const int got = bcf_get_info_float(hdr, rec, key, &buf, &n);
    for (int i = 0; i < got; ++i) {
      if (bcf_float_is_vector_end(buf[i])) break;
      values.push_back(bcf_float_is_missing(buf[i]) ? "" : formatFloat(buf[i]));
    }
    std::free(buf);
  }
  if (values.empty()) return "";
  if (kind == BCF_VL_A && static_cast<int>(values.size()) == nAlt) return values[size_t(alt)];
  if (kind == BCF_VL_R && static_cast<int>(values.size()) == nAlt + 1) return values[size_t(alt) + 1];
  if (values.size() == 1) return values[0];
  std::string joined;
  for (size_t i = 0; i < values.size(); ++i) joined += (i ? "," : "") + values[i];
  return joined;
}

void readVcf(const std::string& path, LabeledTable* t) {
  t->format = "VCF";
  VcfRecordSource src(path);
  hts::RecordPtr rec(bcf_init());
  if (!rec) throw Error(path + ": out of memory");
  if (src.isText()) {
    // htslib declares undeclared INFO tags while parsing: one pass first, so
    // every field is a column.
    while (src.next(rec.get())) {}
    src.rewind();
  }
  bcf_hdr_t* hdr = src.header();
  std::vector<int> infoIds;
  t->columns = {"chrom", "pos", "id", "ref", "alt", "qual", "filter"};
  for (int id = 0; id < hdr->n[BCF_DT_ID]; ++id) {
    if (!hdr->id[BCF_DT_ID][id].key || !bcf_hdr_idinfo_exists(hdr, BCF_HL_INFO, id)) continue;
    infoIds.push_back(id);
    t->columns.emplace_back(hdr->id[BCF_DT_ID][id].key);
  }
  while (src.next(rec.get())) {
    hts::LogCapture log;  // what bcf_unpack and bcf_get_info_* say joins our error, or goes
    if (bcf_unpack(rec.get(), BCF_UN_ALL) < 0)
      throw Error(log.withMessages(src.where() + ": cannot read the record"));
    const int nAlt = rec->n_allele - 1;
    std::string filter;
    for (int i = 0; i < rec->d.n_flt; ++i)
      filter += (i ? ";" : "") + std::string(bcf_hdr_int2id(hdr, BCF_DT_ID, rec->d.flt[i]));
    const std::string qual = bcf_float_is_missing(rec->qual) ? "" : formatFloat(rec->qual);
    for (int alt = 0; alt < std::max(nAlt, 1); ++alt) {
      std::vector<std::string> row{bcf_seqname_safe(hdr, rec.get()), std::to_string(rec->pos + 1),
                                   rec->d.id ? rec->d.id : ".", rec->n_allele > 0 ? rec->d.allele[0] : "",
                                   nAlt > 0 ? rec->d.allele[alt + 1] : ".", qual, filter};
      for (int id : infoIds) row.push_back(infoValue(hdr, rec.get(), id, alt, nAlt));
      t->rows.push_back(std::move(row));
      t->where.push_back(src.where());
    }
  }
}

// Headerless VCF-like text: CHROM POS ID REF ALT [QUAL FILTER INFO ...].
void readHeaderless(const std::string& path, LabeledTable* t) {
  t->format = "headerless VCF";
  t->columns = {"chrom", "pos", "id", "ref", "alt", "qual", "filter"};
  std::map<std::string, size_t> infoColumn;
  text::Lines lines(path);
  std::string_view line;
  while (lines.next(&line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(lines.lineNo());
    const auto f = text::splitTabs(line, 9);
    if (f.size() < 5)
      throw Error(where + ": too few fields (" + std::to_string(f.size()) +
                  "; expected at least 5: CHROM POS ID REF ALT, tab-separated)");
    const std::vector<std::string> alts = splitOn(f[4], ',');
    // INFO key=value pairs; a value with one entry per ALT is split.
    std::vector<std::pair<size_t, std::vector<std::string>>> info;
    if (f.size() >= 8 && f[7] != ".") {
      for (const std::string& kv : splitOn(f[7], ';')) {
        if (kv.empty()) continue;
        const size_t eq = kv.find('=');
        const std::string key = kv.substr(0, eq);
        auto [it, added] = infoColumn.emplace(key, t->columns.size());
        if (added) t->columns.push_back(key);
        info.emplace_back(it->second, eq == std::string::npos ? std::vector<std::string>{"1"}
                                                              : splitOn(kv.substr(eq + 1), ','));
      }
    }
    for (size_t a = 0; a < alts.size(); ++a) {
      std::vector<std::string> row{std::string(f[0]), std::string(f[1]), std::string(f[2]),
                                   std::string(f[3]), alts[a],
                                   f.size() > 5 && f[5] != "." ? std::string(f[5]) : "",
                                   f.size() > 6 && f[6] != "." ? std::string(f[6]) : ""};
      row.resize(t->columns.size());
      for (const auto& [col, vals] : info) {
        std::string v;
        if (vals.size() == alts.size()) v = vals[a];
        else
          for (size_t i = 0; i < vals.size(); ++i) v += (i ? "," : "") + vals[i];
        row[col] = v == "." ? "" : v;
      }
      t->rows.push_back(std::move(row));
      t->where.push_back(where);
    }
  }
  for (auto& row : t->rows) row.resize(t->columns.size());  // keys first seen later
}

void readTextTable(const std::string& path, LabeledTable* t) {
  text::Lines lines(path);
  std::string_view line;
  bool csv = detail::pathSuggestsCsv(path);
  bool haveHeader = false;
  std::vector<std::string> fields;
  while (lines.next(&line)) {
    if (line.empty()) continue;
    const std::string where = path + ":" + std::to_string(lines.lineNo());
    if (!haveHeader) {
      InputFormat format;
      text::Columns cols;
      size_t width = 0;
      if (detail::parseHeaderLine(line, csv, &format, &cols, &width)) {
        csv = format == InputFormat::Csv;
      } else if (line[0] == '#') {
        continue;  // a comment, e.g. "# gpnmsa VERSION method=..."
      } else {
        csv = csv || (line.find('\t') == std::string_view::npos && line.find(',') != std::string_view::npos);
      }
      if (csv) {
        if (!text::splitCsv(line, &t->columns)) throw Error(where + ": unterminated quote in the header");
      } else {
        for (auto f : text::splitTabs(line)) t->columns.emplace_back(f);
      }
      t->format = csv ? "CSV" : "TSV";
      haveHeader = true;
      continue;
    }
    if (line[0] == '#') continue;
    if (!text::splitFields(line, csv, &fields)) throw Error(where + ": unterminated quote");
    if (fields.size() > t->columns.size())
      throw Error(where + ": " + std::to_string(fields.size()) + " fields but the header names " +
                  std::to_string(t->columns.size()) + " columns");
    fields.resize(t->columns.size());  // trailing empty fields may be left off
    t->rows.push_back(fields);
    t->where.push_back(where);
  }
  if (!haveHeader) throw Error(path + ": no header line naming the columns (the file is empty?)");
}

}  // namespace

int LabeledTable::column(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  const std::string want = normalised(name);
  for (size_t i = 0; i < columns.size(); ++i)
    if (normalised(columns[i]) == want) return static_cast<int>(i);
  return -1;
}

LabeledTable readLabeledTable(const std::string& path) {
  LabeledTable t;
  t.path = path;
  const htsFormat fmt = detail::sniffFormat(path);
  if (fmt.format == vcf || fmt.format == bcf) {
    readVcf(path, &t);
    return t;
  }
  if (fmt.compression != no_compression && fmt.compression != gzip && fmt.compression != bgzf)
    throw Error(path + ": cannot read this compression (use bgzip, gzip or none)");
  if (fmt.format == binary_format || fmt.format == bam || fmt.format == cram)
    throw Error(path + ": not a scored table (expected TSV, CSV or VCF)");
  // Text: a header line, or a headerless VCF-like file.
  {
    text::Lines lines(path);
    std::string_view line;
    while (lines.next(&line)) {
      if (line.empty()) continue;
      InputFormat format;
      text::Columns cols;
      size_t width = 0;
      if (detail::parseHeaderLine(line, detail::pathSuggestsCsv(path), &format, &cols, &width)) break;
      if (line[0] == '#') continue;
      const auto f = text::splitTabs(line, 6);
      int64_t pos = 0;
      if (f.size() >= 5 && text::parsePosition(f[1], &pos)) {
        readHeaderless(path, &t);
        return t;
      }
      break;
    }
  }
  readTextTable(path, &t);
  return t;
}

}  // namespace gpnmsa
