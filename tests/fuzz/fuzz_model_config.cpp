// SPDX-License-Identifier: GPL-3.0-or-later
// config.json of a model: parsed and checked against the sane bounds of the
// README, or refused with gpnmsa::Error (never an internal error).
#include <cstdlib>

#include "fuzz_support.h"
#include "gpnmsa/error.h"
#include "gpnmsa/model_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  try {
    const gpnmsa::ModelConfig c = gpnmsa::parseModelConfig(std::string(fuzz::asText(data, size)), "fuzz/config.json");
    // What the model builder divides by and allocates from.
    if (c.numAttentionHeads < 1 || c.hiddenSize < 1 || c.auxFeaturesVocabSize < 1) std::abort();
    (void)c.headDim();
    (void)c.speciesCount();
  } catch (const gpnmsa::Error&) {
  }
  return 0;
}
