// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/model_kind.h"

#include <nlohmann/json.hpp>

#include "config_json.h"
#include "gpnmsa/error.h"

namespace gpnmsa {

const char* modelKindName(ModelKind kind) {
  return kind == ModelKind::GpnStar ? "GPN-Star" : "GPN-MSA";
}

ModelKind modelKind(const std::string& dir) {
  std::string path;
  const std::string text = config_json::readConfigFile(dir, "", &path);
  // The type alone; each kind's parser validates the rest.
  std::string type;
  try {
    const auto j = nlohmann::json::parse(text);
    if (j.is_object() && j.contains("model_type") && j["model_type"].is_string())
      type = j["model_type"].get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": not valid JSON (" + e.what() + ")");
  }
  if (type == "GPNRoFormer") return ModelKind::GpnMsa;
  if (type == "GPNStar") return ModelKind::GpnStar;
  throw Error(path + ": model_type \"" + type +
              "\" is not supported (expected \"GPNRoFormer\" for GPN-MSA or \"GPNStar\" for GPN-Star)");
}

}  // namespace gpnmsa
