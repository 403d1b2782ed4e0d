// SPDX-License-Identifier: GPL-3.0-or-later
// The app's ClinVar file (issue 11 item 3): opened and looked up through
// core's ClinVarFile, always off the GUI thread (the window's and the Data
// Sources dialog's JobSlots run these functions), never throwing.
#pragma once
#include <QString>
#include <memory>
#include <vector>

#include "gpnmsa/clinvar.h"
#include "gpnmsa/variant.h"

namespace gpnmsa::ui {

// ClinVarFile::lookup is const and opens its own handle: one opened file may
// serve several jobs at once.
using ClinVarFilePtr = std::shared_ptr<const gpnmsa::ClinVarFile>;

// The file and its tabix index; nullptr and a message naming the file and
// the fix (bgzip, tabix) on failure.
ClinVarFilePtr openClinVarFile(const QString& path, QString* error);

struct ClinVarLookup {
  std::vector<gpnmsa::ClinVarMatch> matches;  // one per variant, in order
  QString error;                               // non-empty: the lookup failed
};
ClinVarLookup lookUpClinVar(const ClinVarFilePtr& file, const std::vector<gpnmsa::Variant>& variants);

}  // namespace gpnmsa::ui
