// SPDX-License-Identifier: GPL-3.0-or-later
#include "conservation_track.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <sstream>

#include "../io/text_fields.h"
#include "gpnmsa/error.h"

namespace gpnmsa::training {
namespace {

std::string keyValue(const std::string& line, const std::string& key) {
  std::istringstream in(line);
  std::string word;
  while (in >> word)
    if (word.rfind(key + "=", 0) == 0) return word.substr(key.size() + 1);
  return {};
}

double number(const std::string& text, const std::string& where) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v))
    throw Error(where + ": '" + text + "' is not a number");
  return v;
}

}  // namespace

std::vector<std::vector<float>> readConservationTrack(const std::string& path,
                                                      const std::vector<Span>& spans,
                                                      const ChromResolver& resolve) {
  std::vector<std::vector<float>> values(spans.size());
  for (size_t k = 0; k < spans.size(); ++k)
    values[k].assign(size_t(spans[k].end - spans[k].start), std::numeric_limits<float>::quiet_NaN());
  // Sets [start, end) (0-based) of chromosome `chrom` (stored name) to v.
  auto put = [&](const std::string& chrom, int64_t start, int64_t end, float v) {
    for (size_t k = 0; k < spans.size(); ++k) {
      if (spans[k].chrom != chrom) continue;
      const int64_t a = std::max(start, spans[k].start), b = std::min(end, spans[k].end);
      for (int64_t p = a; p < b; ++p) values[k][size_t(p - spans[k].start)] = v;
    }
  };

  text::Lines in(path);  // gzip, bgzip and plain text alike
  std::string_view view;
  enum class Mode { None, Fixed, Variable } mode = Mode::None;
  std::optional<std::string> chrom;  // stored name; nullopt = not in the store
  int64_t next = 0, step = 1, span = 1;
  bool any = false;
  while (in.next(&view)) {
    const std::string line(view);
    if (line.empty() || line[0] == '#' || line.rfind("track", 0) == 0 || line.rfind("browser", 0) == 0) continue;
    if (line.rfind("fixedStep", 0) == 0 || line.rfind("variableStep", 0) == 0) {
      mode = line[0] == 'f' ? Mode::Fixed : Mode::Variable;
      const std::string c = keyValue(line, "chrom");
      if (c.empty()) throw Error(in.where() + ": wiggle declaration without chrom=");
      chrom = resolve(c);
      span = keyValue(line, "span").empty() ? 1 : int64_t(number(keyValue(line, "span"), in.where()));
      if (mode == Mode::Fixed) {
        const std::string s = keyValue(line, "start");
        if (s.empty()) throw Error(in.where() + ": fixedStep without start=");
        next = int64_t(number(s, in.where())) - 1;  // wiggle is 1-based
        step = keyValue(line, "step").empty() ? 1 : int64_t(number(keyValue(line, "step"), in.where()));
      }
      if (span < 1 || step < 1) throw Error(in.where() + ": span and step must be >= 1");
      continue;
    }
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string w; fields >> w;) f.push_back(w);
    if (mode == Mode::Fixed && f.size() == 1) {
      const float v = float(number(f[0], in.where()));
      if (chrom) put(*chrom, next, next + span, v);
      next += step;
    } else if (mode == Mode::Variable && f.size() == 2) {
      const int64_t pos = int64_t(number(f[0], in.where())) - 1;
      if (chrom) put(*chrom, pos, pos + span, float(number(f[1], in.where())));
    } else if (f.size() == 4) {  // bedGraph: chrom start end value (0-based)
      mode = Mode::None;
      const auto c = resolve(f[0]);
      const int64_t s = int64_t(number(f[1], in.where())), e = int64_t(number(f[2], in.where()));
      if (e < s) throw Error(in.where() + ": end before start");
      if (c) put(*c, s, e, float(number(f[3], in.where())));
    } else {
      throw Error(in.where() + ": not a bedGraph or wiggle line: '" + line.substr(0, 80) + "'");
    }
    any = true;
  }
  if (!any) throw Error(path + ": no values (expected bedGraph or wiggle)");
  return values;
}

}  // namespace gpnmsa::training
