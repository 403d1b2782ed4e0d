// SPDX-License-Identifier: GPL-3.0-or-later
// Text inputs: headerless VCF-like lines and TSV/CSV tables with a header,
// read one record at a time.
#include <algorithm>
#include <string>
#include <vector>

#include "gpnmsa/error.h"
#include "reader_impl.h"

namespace gpnmsa::detail {

namespace {

// Adds one input record (index `record`) to `table`; alt may list several
// alleles separated by commas.
void addRecord(VariantTable* table, int64_t record, const std::string& where, std::string_view chrom,
               std::string_view pos, std::string_view id, std::string_view ref, std::string_view alt) {
  Variant v;
  if (chrom.empty()) throw Error(where + ": empty chromosome");
  if (!text::parsePosition(pos, &v.pos)) throw Error(where + ": bad position '" + std::string(pos) + "'");
  if (ref.empty()) throw Error(where + ": empty REF");
  if (alt.empty()) throw Error(where + ": empty ALT");
  v.chrom = chrom;
  v.id = id;
  v.ref = ref;
  v.record = record;
  size_t start = 0;
  for (int index = 0;; ++index) {
    const size_t comma = alt.find(',', start);
    const std::string_view one = alt.substr(start, comma == std::string_view::npos ? alt.npos : comma - start);
    if (one.empty()) throw Error(where + ": empty allele in ALT '" + std::string(alt) + "'");
    v.alt = one;
    v.altIndex = index;
    table->variants.push_back(v);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  ++table->records;
}

std::string at(const std::string& path, int64_t line) { return path + ":" + std::to_string(line); }

class TextReader : public RecordReader {
 public:
  TextReader(const std::string& path, InputFormat format)
      : path_(path), lines_(path), headerless_(format == InputFormat::HeaderlessVcf),
        csv_(format == InputFormat::Csv) {}

  bool readRecord(VariantTable* table) override {
    return headerless_ ? readHeaderless(table) : readTableRow(table);
  }

  int64_t bytesRead() const override { return lines_.compressedOffset(); }

 private:
  bool readHeaderless(VariantTable* table) {
    std::string_view line;
    while (lines_.next(&line)) {
      if (line.empty() || line[0] == '#') continue;
      const auto f = text::splitTabs(line, 6);
      if (f.size() < 5) {
        throw Error(at(path_, lines_.lineNo()) + ": too few fields (" + std::to_string(f.size()) +
                    "; expected at least 5: CHROM POS ID REF ALT, tab-separated)");
      }
      addRecord(table, records_++, at(path_, lines_.lineNo()), f[0], f[1], f[2], f[3], f[4]);
      return true;
    }
    return false;
  }

  bool readTableRow(VariantTable* table) {
    std::string_view line;
    while (lines_.next(&line)) {
      if (line.empty()) continue;
      const std::string where = at(path_, lines_.lineNo());
      if (!haveHeader_) {
        InputFormat found;
        if (parseHeaderLine(line, csv_, &found, &cols_, &width_)) {
          static const char* const kNames[] = {"chrom", "pos", "ref", "alt"};
          const int idx[] = {cols_.chrom, cols_.pos, cols_.ref, cols_.alt};
          for (int i = 0; i < 4; ++i) {
            if (idx[i] < 0) {
              throw Error(where + ": missing column '" + kNames[i] +
                          "' (the header must name chrom, pos, ref and alt)");
            }
          }
          haveHeader_ = true;
          continue;
        }
        if (line[0] == '#') continue;
        throw Error(where + ": expected a header line naming the columns chrom, pos, ref, alt");
      }
      if (line[0] == '#') continue;
      if (!text::splitFields(line, csv_, &fields_)) throw Error(where + ": unterminated quote");
      const int need = std::max({cols_.chrom, cols_.pos, cols_.ref, cols_.alt, cols_.id}) + 1;
      if (static_cast<int>(fields_.size()) < need) {
        throw Error(where + ": too few fields (" + std::to_string(fields_.size()) + "; the header has " +
                    std::to_string(width_) + ")");
      }
      const std::string_view id = cols_.id >= 0 ? std::string_view(fields_[cols_.id]) : std::string_view();
      addRecord(table, records_++, where, fields_[cols_.chrom], fields_[cols_.pos], id, fields_[cols_.ref],
                fields_[cols_.alt]);
      return true;
    }
    if (!haveHeader_) throw Error(path_ + ": no header line naming the columns chrom, pos, ref, alt");
    return false;
  }

  std::string path_;
  text::Lines lines_;
  bool headerless_, csv_;
  bool haveHeader_ = false;
  text::Columns cols_;
  size_t width_ = 0;
  std::vector<std::string> fields_;
  int64_t records_ = 0;
};

}  // namespace

std::unique_ptr<RecordReader> openTextReader(const std::string& path, InputFormat format) {
  return std::make_unique<TextReader>(path, format);
}

}  // namespace gpnmsa::detail
