// SPDX-License-Identifier: GPL-3.0-or-later
#include "locus_variants.h"

#include <QObject>
#include <cctype>
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
  const auto stored = store.resolve(locus.chrom);
  if (!stored) {
    *error = QObject::tr("Chromosome %1 is not in the alignment.").arg(QString::fromStdString(locus.chrom));
    return false;
  }
  const int64_t len = store.length(*stored);
  if (locus.start < 1 || locus.end > len || locus.end < locus.start) {
    *error = QObject::tr("%1:%2-%3 is outside chromosome %1 (1-%4).")
                 .arg(QString::fromStdString(locus.chrom)).arg(locus.start).arg(locus.end).arg(len);
    return false;
  }
  if (locus.end - locus.start + 1 > kMaxLocusRegion) {
    *error = QObject::tr("Region is longer than %1 bp; open a file for more.").arg(kMaxLocusRegion);
    return false;
  }
  std::vector<char> rows;
  try {
    rows = store.fetch(*stored, locus.start - 1, locus.end);
  } catch (const std::exception& e) {
    *error = QString::fromStdString(e.what());
    return false;
  }
  const int cols = store.columns();
  for (int64_t p = locus.start; p <= locus.end; ++p) {
    const char ref = char(std::toupper(static_cast<unsigned char>(rows[size_t((p - locus.start) * cols)])));
    if (ref != 'A' && ref != 'C' && ref != 'G' && ref != 'T') continue;
    for (char alt : {'A', 'C', 'G', 'T'}) {
      if (alt == ref) continue;
      gpnmsa::Variant v;
      v.chrom = locus.chrom;
      v.pos = p;
      v.id = ".";
      v.ref = std::string(1, ref);
      v.alt = std::string(1, alt);
      v.record = int64_t(out->size());
      out->push_back(v);
    }
  }
  if (out->empty()) {
    *error = QObject::tr("No A/C/G/T reference base there (N or gap).");
    return false;
  }
  return true;
}

}  // namespace gpnmsa::ui
