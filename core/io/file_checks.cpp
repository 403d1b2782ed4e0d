// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/file_checks.h"

#include <sys/stat.h>

#include "gpnmsa/error.h"

namespace gpnmsa {

std::string describeFileKind(unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return "";
    case S_IFDIR: return "a directory";
    case S_IFIFO: return "a FIFO (named pipe)";
    case S_IFCHR: case S_IFBLK: return "a device";
    case S_IFSOCK: return "a socket";
    default: return "not a plain file";
  }
}

void requireRereadableInput(const std::string& path) {
  const char* const why = "give a file: the variants are read more than once (format detection, the "
                          "records, and a VCF output copies them)";
  if (path == "-") throw Error("-: standard input is a pipe; " + std::string(why));
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return;  // opening it reports why
  if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
    throw Error(path + ": is a pipe; " + std::string(why));
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
    throw Error(path + ": is a device, not a regular file; " + std::string(why));
}

void checkOutputPath(const std::string& output, const std::vector<std::string>& inputs) {
  if (output.empty() || output == "-") return;
  struct stat out;
  if (::stat(output.c_str(), &out) != 0) return;  // a new file: nothing to clash with
  if (!S_ISREG(out.st_mode)) {
    throw Error(output + ": not a regular file (" + describeFileKind(out.st_mode) +
                "); the output must be a file path, which is replaced when the run ends");
  }
  for (const std::string& input : inputs) {
    if (input.empty() || input == "-") continue;
    struct stat in;
    if (::stat(input.c_str(), &in) != 0) continue;
    if (in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
      throw Error("output " + output + " is the input " + input +
                  " (the same file); writing it would destroy the input: choose another output path");
    }
  }
}

}  // namespace gpnmsa
