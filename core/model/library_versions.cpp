// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/library_versions.h"

#include <htslib/hts.h>
#include <torch/version.h>

namespace gpnmsa {

std::string libtorchVersion() { return TORCH_VERSION; }

std::string htslibVersion() {
  const char* v = hts_version();
  return v ? v : "unknown";
}

}  // namespace gpnmsa
