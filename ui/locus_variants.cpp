// SPDX-License-Identifier: GPL-3.0-or-later
#include "locus_variants.h"

#include "gpnmsa/region_variants.h"

#include <QObject>
#include <exception>

namespace gpnmsa::ui {

bool locusVariants(const gpnmsa::Locus& locus, const gpnmsa::AlignmentStore& store,
                   std::vector<gpnmsa::Variant>* out, QString* error) {
  out->clear();
  if (locus.kind == gpnmsa::Locus::Kind::Variant) {
    gpnmsa::Variant v;
    v.chrom = locus.chrom;
    v.pos = locus.start;
    v.id = ".";
    v.ref = locus.ref;
    v.alt = locus.alt;
    out->push_back(v);
    return true;
  }
  if (locus.end - locus.start + 1 > kMaxLocusRegion) {
    *error = QObject::tr("Region is longer than %1 bp; open a file for more.").arg(kMaxLocusRegion);
    return false;
  }
  try {
    *out = gpnmsa::regionSnvs(store, locus.chrom, locus.start, locus.end);
  } catch (const std::exception& e) {
    *error = QString::fromStdString(e.what());
    return false;
  }
  if (out->empty()) {
    *error = QObject::tr("No A/C/G/T reference base there (N or gap).");
    return false;
  }
  return true;
}

}  // namespace gpnmsa::ui
