// SPDX-License-Identifier: GPL-3.0-or-later
// model.safetensors: the 8-byte header length, the JSON header (dtypes,
// shapes, data_offsets, overlaps) and the data read into tensors.
#include "checkpoint.h"
#include "fuzz_support.h"
#include "gpnmsa/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string path = fuzz::writeFile("model.safetensors", fuzz::asText(data, size));
  try {
    (void)gpnmsa::readSafetensors(path);
  } catch (const gpnmsa::Error&) {
  }
  return 0;
}
