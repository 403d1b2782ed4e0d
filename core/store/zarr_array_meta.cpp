// SPDX-License-Identifier: GPL-3.0-or-later
#include "zarr_array_meta.h"

#include <nlohmann/json.hpp>

#include "gpnmsa/error.h"

namespace gpnmsa::store {
namespace {

using nlohmann::json;

// A decoded chunk larger than this is not an alignment chunk (the release
// uses 512 x 90 bytes); refusing it keeps bad metadata from becoming a
// multi-gigabyte allocation per chunk.
constexpr int64_t kMaxChunkBytes = int64_t(256) << 20;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw Error(where + ": " + what);
}

json parseJson(std::string_view text, const std::string& where) {
  try {
    json doc = json::parse(text.begin(), text.end());
    if (!doc.is_object()) fail(where, "not a JSON object");
    return doc;
  } catch (const json::exception& e) {
    // Not only parse_error: a number beyond double's range ("1E446") is an
    // out_of_range thrown by the parser.
    fail(where, std::string("invalid JSON: ") + e.what());
  }
}

const json& field(const json& doc, const char* key, const std::string& where) {
  auto it = doc.find(key);
  if (it == doc.end()) fail(where, std::string("missing field '") + key + "'");
  return *it;
}

void checkZarrFormat(const json& doc, const std::string& where) {
  const json& v = field(doc, "zarr_format", where);
  if (!v.is_number_integer() || v.get<int64_t>() != 2) {
    fail(where, "zarr_format " + v.dump() + " is not supported (expected 2)");
  }
}

// shape / chunks: exactly two non-negative (shape) or positive (chunks) integers.
std::pair<int64_t, int64_t> pairOfInts(const json& doc, const char* key, bool positive,
                                       const std::string& where) {
  const json& v = field(doc, key, where);
  bool ok = v.is_array() && v.size() == 2;
  for (std::size_t i = 0; ok && i < 2; ++i) {
    ok = v[i].is_number_integer() && v[i].get<int64_t>() >= (positive ? 1 : 0);
  }
  if (!ok) {
    fail(where, std::string(key) + " " + v.dump() + " is not supported (expected two " +
                    (positive ? "positive" : "non-negative") + " integers: rows, columns)");
  }
  return {v[0].get<int64_t>(), v[1].get<int64_t>()};
}

// zarr v2 stores a bytes fill value as base64 ("LQ==" is "-"). One-character
// literals are accepted too, as some hand-written stores use them.
char parseFillValue(const json& v, const std::string& where) {
  if (v.is_null()) return 0;
  if (!v.is_string()) fail(where, "fill_value " + v.dump() + " is not supported (expected a string)");
  const std::string s = v.get<std::string>();
  if (s.empty()) return 0;  // zarr-python reads b"" into an S1 cell as byte 0
  if (s.size() == 1) return s[0];
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (s.size() == 4 && s[2] == '=' && s[3] == '=') {
    const auto a = kAlphabet.find(s[0]), b = kAlphabet.find(s[1]);
    if (a != std::string::npos && b != std::string::npos) {
      return static_cast<char>((a << 2) | (b >> 4));
    }
  }
  fail(where, "fill_value \"" + s + "\" is not supported (expected \"\", null, one character "
              "or the base64 of one byte)");
}

}  // namespace

std::string ZarrArrayMeta::chunkKey(int64_t index) const {
  return name + "/" + std::to_string(index) + separator + "0";
}

void validateZarrGroup(std::string_view text, const std::string& where) {
  checkZarrFormat(parseJson(text, where), where);
}

ZarrArrayMeta parseZarrArrayMeta(const std::string& name, std::string_view text,
                                 const std::string& where) {
  const json doc = parseJson(text, where);
  checkZarrFormat(doc, where);

  const json& dtype = field(doc, "dtype", where);
  if (!dtype.is_string() || dtype.get<std::string>() != "|S1") {
    const std::string shown = dtype.is_string() ? dtype.get<std::string>() : dtype.dump();
    fail(where, "dtype '" + shown + "' is not supported (expected |S1)");
  }

  const json& order = field(doc, "order", where);
  if (!order.is_string() || order.get<std::string>() != "C") {
    fail(where, "order " + order.dump() + " is not supported (expected \"C\")");
  }

  ZarrArrayMeta meta;
  meta.name = name;
  std::tie(meta.rows, meta.columns) = pairOfInts(doc, "shape", false, where);
  int64_t chunkColumns = 0;
  std::tie(meta.chunkRows, chunkColumns) = pairOfInts(doc, "chunks", true, where);
  if (meta.columns < 1) fail(where, "shape " + doc["shape"].dump() + " has no columns");
  // Chunk keys are "<row>.0": one chunk must span every column.
  if (chunkColumns != meta.columns) {
    fail(where, "chunks " + doc["chunks"].dump() + " are not supported (expected " +
                    std::to_string(meta.columns) + " columns per chunk, as in shape)");
  }
  if (meta.chunkRows > kMaxChunkBytes / meta.columns) {
    fail(where, "chunks " + doc["chunks"].dump() + " are too large (over " +
                    std::to_string(kMaxChunkBytes >> 20) + " MiB per chunk)");
  }

  const json& compressor = field(doc, "compressor", where);
  if (compressor.is_object()) {
    const auto id = compressor.find("id");
    if (id == compressor.end() || !id->is_string() || id->get<std::string>() != "blosc") {
      fail(where, "compressor " + (id == compressor.end() ? compressor.dump() : id->dump()) +
                      " is not supported (expected blosc or null)");
    }
    meta.blosc = true;
  } else if (!compressor.is_null()) {
    fail(where, "compressor " + compressor.dump() + " is not supported (expected blosc or null)");
  }

  const auto filters = doc.find("filters");
  if (filters != doc.end() && !filters->is_null() &&
      !(filters->is_array() && filters->empty())) {
    fail(where, "filters " + filters->dump() + " are not supported (expected null)");
  }

  const auto fill = doc.find("fill_value");
  meta.fillValue = fill == doc.end() ? 0 : parseFillValue(*fill, where);

  const auto separator = doc.find("dimension_separator");
  if (separator != doc.end() && !separator->is_null()) {
    const std::string s = separator->is_string() ? separator->get<std::string>() : "";
    if (s != "." && s != "/") {
      fail(where, "dimension_separator " + separator->dump() +
                      " is not supported (expected \".\" or \"/\")");
    }
    meta.separator = s[0];
  }
  return meta;
}

}  // namespace gpnmsa::store
