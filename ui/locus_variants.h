// SPDX-License-Identifier: GPL-3.0-or-later
// What a typed locus means as a list of variants to score.
#pragma once
#include <QString>
#include <vector>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/locus.h"
#include "gpnmsa/variant.h"

namespace gpnmsa::ui {

// Longest region expanded into SNVs (3 per base) from the locus box.
constexpr int64_t kMaxLocusRegion = 2000;

// Variant kind: that one variant (checked against the store only by the scorer,
// which reports ref_mismatch etc. in the table). Position / Region: the three
// substitutions at every A/C/G/T reference base. Returns false with a message
// for an unknown chromosome, a region outside it or one too long.
bool locusVariants(const gpnmsa::Locus& locus, const gpnmsa::AlignmentStore& store,
                   std::vector<gpnmsa::Variant>* out, QString* error);

}  // namespace gpnmsa::ui
