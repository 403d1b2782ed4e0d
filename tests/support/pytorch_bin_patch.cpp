// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/pytorch_bin_patch.h"

#include <caffe2/serialize/inline_container.h>

#include <stdexcept>

namespace testsupport {

void rewritePytorchPickle(const std::string& in, const std::string& out,
                          const std::function<std::string(const std::string&)>& patch) {
  caffe2::serialize::PyTorchStreamReader reader(in);
  // The writer names the archive folder after the file ("pytorch_model"),
  // as torch.save does, and adds the version record itself.
  caffe2::serialize::PyTorchStreamWriter writer(out);
  bool sawPickle = false;
  for (const std::string& name : reader.getAllRecords()) {
    if (name == "version" || name == ".data/version") continue;
    auto [data, size] = reader.getRecord(name);
    std::string bytes(static_cast<const char*>(data.get()), size);
    if (name == "data.pkl") {
      bytes = patch(bytes);
      sawPickle = true;
    }
    writer.writeRecord(name, bytes.data(), bytes.size());
  }
  if (!sawPickle) throw std::runtime_error(in + ": no data.pkl");
  writer.writeEndOfFile();
}

}  // namespace testsupport
