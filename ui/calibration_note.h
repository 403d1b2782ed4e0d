// SPDX-License-Identifier: GPL-3.0-or-later
// What a GPN-MSA score and its percentile are not (issue 11 item 4): core's
// one sentence (gpnmsa::calibrationStatement), as the app's widgets show it
// wherever a score is explained.
#pragma once
#include <QString>

#include "gpnmsa/score_distribution.h"

namespace gpnmsa::ui {

inline QString calibrationText() { return QString::fromUtf8(gpnmsa::calibrationStatement()); }

}  // namespace gpnmsa::ui
