// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <stdexcept>
#include <string>

namespace gpnmsa {

// Every failure the user can cause (bad file, bad argument) is reported as an
// Error whose message says what is wrong and where (file, line, key, chunk).
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace gpnmsa
