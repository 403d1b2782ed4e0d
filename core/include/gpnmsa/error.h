// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace gpnmsa {

// Every failure the user can cause (bad file, bad argument) is reported as an
// Error whose message says what is wrong and where (file, line, key, chunk).
// The message speaks of files and values, never of one front end's controls
// (a command-line flag means nothing in the desktop app): where the remedy
// is a control, core throws a subclass carrying the facts, and each front end
// words the remedy for its users.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// A VCF output would add an INFO field that the input already declares
// (typically the output of an earlier run fed back in). The remedies: allow
// replacing it (WriteOptions::overwriteInfo), or, for the score field, write
// under another name (WriteOptions::infoField).
class InfoFieldConflict : public Error {
 public:
  InfoFieldConflict(std::string field, bool renameable)
      : Error("the input already declares INFO/" + field + ", which this output would write"),
        field_(std::move(field)), renameable_(renameable) {}
  const std::string& field() const { return field_; }
  // True for the score field, whose name the caller may change.
  bool renameable() const { return renameable_; }

 private:
  std::string field_;
  bool renameable_;
};

// A model/alignment pair could not be loaded. `part` says which one, `path`
// the file or folder; what() is the underlying reason.
class SessionError : public Error {
 public:
  enum class Part { Model, Alignment, Pair };
  SessionError(Part part, std::string path, const std::string& reason)
      : Error(reason), part_(part), path_(std::move(path)) {}
  Part part() const { return part_; }
  const std::string& path() const { return path_; }

 private:
  Part part_;
  std::string path_;
};

// Settings that cannot work together (or a required one missing). options()
// names the settings concerned by neutral keys, the command line's flag names
// without dashes ("label-column"); what() says what is wrong without naming a
// control, so each front end can put its own names in front.
class OptionError : public Error {
 public:
  OptionError(std::vector<std::string> options, const std::string& message)
      : Error(message), options_(std::move(options)) {}
  const std::vector<std::string>& options() const { return options_; }

 private:
  std::vector<std::string> options_;
};

}  // namespace gpnmsa
