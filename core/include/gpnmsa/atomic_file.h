// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>

namespace gpnmsa {

// Writes go to a temporary file in the target's directory; commit() renames
// it over the target (atomic on POSIX). If commit() is never called (error,
// exception, cancellation) the destructor removes the temporary file, so a
// failed run leaves no partial output and an existing target untouched.
class AtomicFile {
 public:
  // Creates the temporary file at once, so an unwritable destination fails
  // here (gpnmsa::Error naming the path) before any long work starts.
  explicit AtomicFile(const std::string& target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::string& target() const { return target_; }
  // Path of the temporary file to write (e.g. with htslib's hts_open).
  const std::string& tempPath() const { return temp_; }
  // fsyncs and renames over the target. Throws gpnmsa::Error on failure.
  void commit();

 private:
  std::string target_;
  std::string temp_;
  bool committed_ = false;
};

}  // namespace gpnmsa
