// SPDX-License-Identifier: GPL-3.0-or-later
// The bundled default data set (model + alignment + example variants) used
// when the user has configured nothing.
#pragma once
#include <string>

namespace gpnmsa {

struct DefaultBundle {
  std::string root;       // folder holding the bundle
  std::string model;      // model directory
  std::string alignment;  // alignment store
  std::string variants;   // example VCF
  std::string genes;      // gene annotation of the bundle's region (GFF3); "" if it ships none
  std::string description;  // one line saying what it is (shown to users)
};

// Looks, in order, at $GPNMSA_DATA_DIR, <executable>/../share/gpnmsa/demo
// (installed) and the source tree's resources/demo (the demo bundle). Returns an empty root
// if none exists.
DefaultBundle defaultBundle();

}  // namespace gpnmsa
