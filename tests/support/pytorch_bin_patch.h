// SPDX-License-Identifier: GPL-3.0-or-later
// Writing a broken pytorch_model.bin for the reader's tests: the pickle of
// a real checkpoint, edited, repacked with torch's own zip writer (so the
// zip and its CRCs are valid and only the edited pickle is wrong).
#pragma once
#include <functional>
#include <string>

namespace testsupport {

// Copies the PyTorch zip checkpoint `in` to `out`, passing its data.pkl
// through `patch`. Throws std::runtime_error if `in` has no data.pkl.
void rewritePytorchPickle(const std::string& in, const std::string& out,
                          const std::function<std::string(const std::string&)>& patch);

}  // namespace testsupport
