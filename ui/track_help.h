// SPDX-License-Identifier: GPL-3.0-or-later
// "What is this?" texts of the region browser's tracks (What's This help and
// the tracks' info buttons), for learners: what each track shows, how to read
// it, and what it does not say. Rich text (Qt's subset of HTML).
#pragma once
#include <QString>

namespace gpnmsa::ui {

enum class TrackKind { Ruler, Genes, Logo, Mutagenesis, Alignment, Score };

QString trackHelp(TrackKind kind);
// A one-line title for the info button's tooltip ("What is the sequence logo?").
QString trackHelpTitle(TrackKind kind);

}  // namespace gpnmsa::ui
