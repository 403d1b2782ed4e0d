// SPDX-License-Identifier: GPL-3.0-or-later
// pytorch_model.bin: the zip (libtorch's reader), the pickled state dict
// (restricted unpickler: nothing executed) and each tensor's storage, offset,
// sizes and strides checked before its data is read.
#include "checkpoint.h"
#include "fuzz_support.h"
#include "gpnmsa/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string path = fuzz::writeFile("pytorch_model.bin", fuzz::asText(data, size));
  try {
    (void)gpnmsa::readPytorchBin(path);
  } catch (const gpnmsa::Error&) {
  }
  return 0;
}
