// SPDX-License-Identifier: GPL-3.0-or-later
// Reading a model's config.json, shared by every model kind (GPN-MSA's
// model_config.cpp, GPN-Star's gpn_star_config.cpp, model_kind.cpp): one
// place that turns a missing, mistyped or out-of-range field into an Error
// naming the file and the field.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace gpnmsa::config_json {

// Bounds generous for any model of the kind, small enough that a typo cannot
// make the module allocate gigabytes before the weights are compared.
struct Bound {
  const char* key;
  int64_t min, max;
};

// `modelDir`/config.json as text; `kindName` ("GPN-MSA", "GPN-Star", "") goes
// into the message when the file cannot be opened.
std::string readConfigFile(const std::string& modelDir, const std::string& kindName,
                           std::string* path);
// The text parsed as a JSON object (not only parse errors: a number beyond
// double's range, "1E446", is an out_of_range thrown by the parser).
nlohmann::json parseObject(const std::string& jsonText, const std::string& source);

int requireInt(const nlohmann::json& j, const Bound& b, const std::string& source);
double requireNumber(const nlohmann::json& j, const char* key, const std::string& source);
// Optional typed fields: a wrong type is the file's fault, named as such
// (json::value() would throw a type_error that surfaced as "internal error").
bool optionalBool(const nlohmann::json& j, const char* key, bool fallback,
                  const std::string& source);
// `nullIsAbsent`: a JSON null counts as the field being absent (GPN-Star's
// configs write null for unset paths); otherwise null is a type error.
std::string optionalString(const nlohmann::json& j, const char* key, const std::string& fallback,
                           const std::string& source, bool nullIsAbsent = false);

}  // namespace gpnmsa::config_json
