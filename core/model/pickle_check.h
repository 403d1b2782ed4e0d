// SPDX-License-Identifier: GPL-3.0-or-later
// A walk over the opcodes of a pickle (protocols 0-5) before libtorch's
// unpickler sees it. libtorch 1.13 sizes allocations from fields of the
// pickle without bounding them: a LONG_BINPUT memo id of 7.8e8 makes it
// allocate 12 GB (found by fuzz_pytorch_bin). Every length must fit in the
// bytes left, every memo id must be below the pickle's size (a real pickler
// numbers memo entries 0, 1, 2, ... and each PUT takes at least two bytes),
// and unknown opcodes are refused. Nothing is executed or built.
#pragma once
#include <string>
#include <vector>

namespace gpnmsa {

// Throws gpnmsa::Error naming `what` and the byte offset of the first problem.
void checkPickleOpcodes(const std::vector<char>& pickle, const std::string& what);

}  // namespace gpnmsa
