// SPDX-License-Identifier: GPL-3.0-or-later
#include "text_fields.h"

#include <cerrno>
#include <charconv>
#include <cstring>

#include "gpnmsa/error.h"
#include "hts_log_capture.h"

namespace gpnmsa::text {

Lines::Lines(const std::string& path) : path_(path) {
  hts::LogCapture log;
  errno = 0;
  fp_.reset(bgzf_open(path.c_str(), "r"));
  if (!fp_) throw Error(path + ": cannot open: " + log.reason());
}

bool Lines::next(std::string_view* line) {
  kstring_t* s = &buf_.s;
  hts::LogCapture log;
  const int ret = bgzf_getline(fp_.get(), '\n', s);
  if (ret == -1) return false;
  ++lineNo_;
  if (ret < -1) {
    throw Error(log.withMessages(where() + ": read error (truncated or corrupt compressed file?)"));
  }
  size_t n = s->l;
  if (n > 0 && s->s[n - 1] == '\r') --n;
  size_t start = 0;
  // A UTF-8 byte-order mark, as spreadsheet programs write before CSV headers.
  if (lineNo_ == 1 && n >= 3 && std::memcmp(s->s, "\xEF\xBB\xBF", 3) == 0) start = 3;
  *line = std::string_view(s->s + start, n - start);
  return true;
}

int64_t Lines::compressedOffset() const { return bgzf_tell(fp_.get()) >> 16; }

std::vector<std::string_view> splitTabs(std::string_view line, size_t maxFields) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    if (maxFields && out.size() + 1 == maxFields) {
      out.push_back(line.substr(start));
      return out;
    }
    const size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
}  // namespace

bool splitFields(std::string_view line, bool csv, std::vector<std::string>* out) {
  if (csv) return splitCsv(line, out);
  out->clear();
  for (auto f : splitTabs(line)) out->emplace_back(f);
  return true;
}

bool splitCsv(std::string_view line, std::vector<std::string>* out) {
  out->clear();
  size_t i = 0;
  for (;;) {
    std::string field;
    size_t j = i;
    while (j < line.size() && line[j] == ' ') ++j;
    if (j < line.size() && line[j] == '"') {
      for (++j;; ++j) {
        if (j >= line.size()) return false;  // unterminated quote
        if (line[j] == '"') {
          if (j + 1 < line.size() && line[j + 1] == '"') {
            field += '"';
            ++j;
          } else {
            break;
          }
        } else {
          field += line[j];
        }
      }
      // Anything between the closing quote and the next comma is kept, as
      // most spreadsheet readers do; a stray quote there is not an error.
      const size_t comma = line.find(',', j + 1);
      const size_t end = comma == std::string_view::npos ? line.size() : comma;
      field += trim(line.substr(j + 1, end - j - 1));
      out->push_back(std::move(field));
      if (comma == std::string_view::npos) return true;
      i = comma + 1;
    } else {
      const size_t comma = line.find(',', i);
      const size_t end = comma == std::string_view::npos ? line.size() : comma;
      out->emplace_back(trim(line.substr(i, end - i)));
      if (comma == std::string_view::npos) return true;
      i = comma + 1;
    }
  }
}

bool parsePosition(std::string_view s, int64_t* out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), *out);
  return res.ec == std::errc() && res.ptr == s.data() + s.size();
}

Columns matchColumns(const std::vector<std::string>& names) {
  Columns c;
  for (size_t i = 0; i < names.size(); ++i) {
    std::string n;
    for (char ch : names[i]) n += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    if (!n.empty() && n[0] == '#') n.erase(0, 1);  // "#CHROM", "#chrom"
    int* slot = nullptr;
    if (n == "chrom" || n == "chr" || n == "chromosome") slot = &c.chrom;
    else if (n == "pos" || n == "position") slot = &c.pos;
    else if (n == "id") slot = &c.id;
    else if (n == "ref" || n == "reference") slot = &c.ref;
    else if (n == "alt" || n == "alternate") slot = &c.alt;
    if (slot && *slot < 0) *slot = static_cast<int>(i);  // first match wins
  }
  return c;
}

}  // namespace gpnmsa::text
