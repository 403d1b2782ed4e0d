// SPDX-License-Identifier: GPL-3.0-or-later
#include "clinvar_lookup.h"

#include <QObject>
#include <exception>
#include <stdexcept>

namespace gpnmsa::ui {

ClinVarFilePtr openClinVarFile(const QString& path, QString* error) {
  try {
    if (path.isEmpty()) throw std::runtime_error("no file chosen");
    return gpnmsa::ClinVarFile::open(path.toStdString());
  } catch (const std::exception& e) {
    // Core's message already names the file: say only what it is for.
    if (error) *error = QObject::tr("Cannot use the ClinVar file: %1").arg(QString::fromStdString(e.what()));
  }
  return nullptr;
}

ClinVarLookup lookUpClinVar(const ClinVarFilePtr& file, const std::vector<gpnmsa::Variant>& variants) {
  ClinVarLookup out;
  if (!file) {
    out.error = QObject::tr("No ClinVar file is open.");
    return out;
  }
  try {
    out.matches = file->lookup(variants);
  } catch (const std::exception& e) {
    out.error = QObject::tr("Looking up %1 failed: %2")
                    .arg(QString::fromStdString(file->path()), QString::fromStdString(e.what()));
  }
  return out;
}

}  // namespace gpnmsa::ui
