// SPDX-License-Identifier: GPL-3.0-or-later
#include "config_json.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "gpnmsa/error.h"

namespace gpnmsa::config_json {

using nlohmann::json;

namespace {
std::string shown(const json& v) { return v.dump().substr(0, 60); }
}  // namespace

std::string readConfigFile(const std::string& modelDir, const std::string& kindName,
                           std::string* path) {
  *path = modelDir + "/config.json";
  std::ifstream in(*path);
  if (!in)
    throw Error(*path + ": cannot open (is " + modelDir + " a " +
                (kindName.empty() ? std::string() : kindName + " ") + "model directory?)");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json parseObject(const std::string& jsonText, const std::string& source) {
  json j;
  try {
    j = json::parse(jsonText);
  } catch (const json::exception& e) {
    throw Error(source + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object()) throw Error(source + ": expected a JSON object");
  return j;
}

int requireInt(const json& j, const Bound& b, const std::string& source) {
  auto it = j.find(b.key);
  if (it == j.end()) throw Error(source + ": missing field \"" + b.key + "\"");
  if (!it->is_number_integer())
    throw Error(source + ": field \"" + b.key + "\" = " + shown(*it) + " must be an integer");
  const auto v = it->get<int64_t>();
  if (v < b.min || v > b.max)
    throw Error(source + ": field \"" + b.key + "\" = " + std::to_string(v) +
                " is out of range (" + std::to_string(b.min) + "-" + std::to_string(b.max) + ")");
  return static_cast<int>(v);
}

double requireNumber(const json& j, const char* key, const std::string& source) {
  auto it = j.find(key);
  if (it == j.end()) throw Error(source + ": missing field \"" + key + "\"");
  if (!it->is_number() || !std::isfinite(it->get<double>()))
    throw Error(source + ": field \"" + key + "\" = " + shown(*it) + " must be a finite number");
  return it->get<double>();
}

bool optionalBool(const json& j, const char* key, bool fallback, const std::string& source) {
  auto it = j.find(key);
  if (it == j.end()) return fallback;
  if (!it->is_boolean())
    throw Error(source + ": field \"" + key + "\" = " + shown(*it) + " must be true or false");
  return it->get<bool>();
}

std::string optionalString(const json& j, const char* key, const std::string& fallback,
                           const std::string& source, bool nullIsAbsent) {
  auto it = j.find(key);
  if (it == j.end() || (nullIsAbsent && it->is_null())) return fallback;
  if (!it->is_string())
    throw Error(source + ": field \"" + key + "\" = " + shown(*it) + " must be a string");
  return it->get<std::string>();
}

}  // namespace gpnmsa::config_json
