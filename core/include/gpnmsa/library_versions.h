// SPDX-License-Identifier: GPL-3.0-or-later
// The versions of the libraries the engine was built against, for About
// boxes and --version texts (the front ends cannot include libtorch's headers:
// libtorch is private to the engine).
#pragma once
#include <string>

namespace gpnmsa {

// "1.13.0": libtorch's TORCH_VERSION at build time.
std::string libtorchVersion();
// "1.16": htslib's hts_version() at run time (the library actually loaded).
std::string htslibVersion();

}  // namespace gpnmsa
