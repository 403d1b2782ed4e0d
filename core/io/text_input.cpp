// SPDX-License-Identifier: GPL-3.0-or-later
// Text inputs: headerless VCF-like lines and TSV/CSV tables with a header.
#include <algorithm>
#include <string>
#include <vector>

#include "gpnmsa/error.h"
#include "reader_impl.h"

namespace gpnmsa::detail {

namespace {

class TableBuilder {
 public:
  explicit TableBuilder(VariantTable* table) : table_(table) {}

  // Adds one input record; alt may list several alleles separated by commas.
  void add(const std::string& where, std::string_view chrom, std::string_view pos,
           std::string_view id, std::string_view ref, std::string_view alt) {
    Variant v;
    if (chrom.empty()) throw Error(where + ": empty chromosome");
    if (!text::parsePosition(pos, &v.pos)) throw Error(where + ": bad position '" + std::string(pos) + "'");
    if (ref.empty()) throw Error(where + ": empty REF");
    if (alt.empty()) throw Error(where + ": empty ALT");
    v.chrom = chrom;
    v.id = id;
    v.ref = ref;
    v.record = table_->records;
    size_t start = 0;
    for (int index = 0;; ++index) {
      const size_t comma = alt.find(',', start);
      const std::string_view one = alt.substr(start, comma == std::string_view::npos ? alt.npos : comma - start);
      if (one.empty()) throw Error(where + ": empty allele in ALT '" + std::string(alt) + "'");
      v.alt = one;
      v.altIndex = index;
      table_->variants.push_back(v);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    ++table_->records;
  }

 private:
  VariantTable* table_;
};

std::string at(const std::string& path, int64_t line) { return path + ":" + std::to_string(line); }

void readHeaderless(const std::string& path, VariantTable* table) {
  text::Lines lines(path);
  TableBuilder builder(table);
  std::string_view line;
  while (lines.next(&line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = text::splitTabs(line, 6);
    if (f.size() < 5) {
      throw Error(at(path, lines.lineNo()) + ": too few fields (" + std::to_string(f.size()) +
                  "; expected at least 5: CHROM POS ID REF ALT, tab-separated)");
    }
    builder.add(at(path, lines.lineNo()), f[0], f[1], f[2], f[3], f[4]);
  }
}

void readTable(const std::string& path, InputFormat format, VariantTable* table) {
  text::Lines lines(path);
  TableBuilder builder(table);
  const bool csv = format == InputFormat::Csv;
  text::Columns cols;
  size_t width = 0;
  bool haveHeader = false;
  std::string_view line;
  std::vector<std::string> fields;
  while (lines.next(&line)) {
    if (line.empty()) continue;
    const std::string where = at(path, lines.lineNo());
    if (!haveHeader) {
      InputFormat found;
      if (parseHeaderLine(line, csv, &found, &cols, &width)) {
        static const char* const kNames[] = {"chrom", "pos", "ref", "alt"};
        const int idx[] = {cols.chrom, cols.pos, cols.ref, cols.alt};
        for (int i = 0; i < 4; ++i) {
          if (idx[i] < 0) {
            throw Error(where + ": missing column '" + kNames[i] +
                        "' (the header must name chrom, pos, ref and alt)");
          }
        }
        haveHeader = true;
        continue;
      }
      if (line[0] == '#') continue;
      throw Error(where + ": expected a header line naming the columns chrom, pos, ref, alt");
    }
    if (line[0] == '#') continue;
    if (!text::splitFields(line, csv, &fields)) throw Error(where + ": unterminated quote");
    const int need = std::max({cols.chrom, cols.pos, cols.ref, cols.alt, cols.id}) + 1;
    if (static_cast<int>(fields.size()) < need) {
      throw Error(where + ": too few fields (" + std::to_string(fields.size()) + "; the header has " +
                  std::to_string(width) + ")");
    }
    const std::string_view id = cols.id >= 0 ? std::string_view(fields[cols.id]) : std::string_view();
    builder.add(where, fields[cols.chrom], fields[cols.pos], id, fields[cols.ref], fields[cols.alt]);
  }
  if (!haveHeader) throw Error(path + ": no header line naming the columns chrom, pos, ref, alt");
}

}  // namespace

VariantTable readTextVariants(const std::string& path, InputFormat format) {
  VariantTable table;
  table.format = format;
  table.path = path;
  if (format == InputFormat::HeaderlessVcf) readHeaderless(path, &table);
  else readTable(path, format, &table);
  return table;
}

}  // namespace gpnmsa::detail
