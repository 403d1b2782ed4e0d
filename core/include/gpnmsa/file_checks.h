// SPDX-License-Identifier: GPL-3.0-or-later
// Checks on the paths a command is given, made before any work starts, so
// that a mistake costs seconds and never an input file (issue 17).
#pragma once
#include <string>
#include <vector>

namespace gpnmsa {

// Variant inputs are read more than once (format detection, the records, and
// a VCF output copies them again), so a pipe cannot be one: throws
// gpnmsa::Error for "-" (standard input), a FIFO, a socket or a device,
// saying so ("... is a pipe; give a file"). A path that does not exist
// passes: opening it gives the usual "cannot open" error.
void requireRereadableInput(const std::string& path);

// Throws gpnmsa::Error when `output` (not "-", which is standard output)
// exists and is not a regular file (a directory, FIFO or device: writing
// would replace it or block), or resolves to the same file (device + inode,
// so symlinks, "./" and hard links count) as one of `inputs`, naming both.
// Empty entries of `inputs` and "-" are skipped.
void checkOutputPath(const std::string& output, const std::vector<std::string>& inputs);

// "a directory", "a FIFO (named pipe)", "a device", "a socket" for a
// non-regular st_mode; "" for a regular file. For messages.
std::string describeFileKind(unsigned mode);

}  // namespace gpnmsa
