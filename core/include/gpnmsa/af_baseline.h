// SPDX-License-Identifier: GPL-3.0-or-later
// The alignment-frequency baseline of the GPN-MSA paper: how often the
// aligned species carry the alternative versus the reference base.
#pragma once

namespace gpnmsa {

struct AlleleCounts {
  int ref = 0;  // species rows with the reference base
  int alt = 0;  // species rows with the alternative base
};

// Counts over the species columns 1..columns-1 of one alignment row (column 0,
// the human reference, is not counted). Bases match case-insensitively; gaps,
// N and any other byte count for neither allele.
AlleleCounts countAlleles(const char* row, int columns, char ref, char alt);

// log((alt count + 1) / (ref count + 1)) (natural log) over the species rows
// of one alignment row. Like the model's score, lower = the alternative base
// is rarer among the species = more likely deleterious.
float alignmentFrequencyBaseline(const char* row, int columns, char ref, char alt);

}  // namespace gpnmsa
