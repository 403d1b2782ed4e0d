// SPDX-License-Identifier: GPL-3.0-or-later
// ScoredVariant travels in queued signals (worker thread -> GUI). The
// declaration must precede any signal using the type, so every header with
// such a signal includes this one first.
#pragma once
#include <QMetaType>

#include "gpnmsa/variant.h"

Q_DECLARE_METATYPE(gpnmsa::ScoredVariant)
