// SPDX-License-Identifier: GPL-3.0-or-later
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "checkpoint.h"
#include "gpnmsa/error.h"

namespace gpnmsa {
namespace {

// Read-only mapping of a whole file, unmapped on scope exit.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw Error(path + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd_, &st) != 0) throw Error(path + ": cannot stat: " + std::strerror(errno));
    size_ = static_cast<size_t>(st.st_size);
    if (size_ > 0) {
      void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
      if (p == MAP_FAILED) throw Error(path + ": cannot map: " + std::strerror(errno));
      data_ = static_cast<const unsigned char*>(p);
    }
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<unsigned char*>(data_), size_);
    if (fd_ >= 0) ::close(fd_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  const unsigned char* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  int fd_ = -1;
  size_t size_ = 0;
  const unsigned char* data_ = nullptr;
};

struct DtypeInfo {
  torch::Dtype dtype;
  size_t bytes;
};

bool dtypeFromName(const std::string& name, DtypeInfo* out) {
  if (name == "F32") *out = {torch::kFloat32, 4};
  else if (name == "F16") *out = {torch::kFloat16, 2};
  else if (name == "BF16") *out = {torch::kBFloat16, 2};
  else if (name == "F64") *out = {torch::kFloat64, 8};
  else return false;
  return true;
}

}  // namespace

TensorMap readSafetensors(const std::string& path) {
  MappedFile file(path);
  if (file.size() < 8)
    throw Error(path + ": truncated safetensors file (" + std::to_string(file.size()) +
                " bytes, shorter than its 8-byte header length)");
  uint64_t headerLen = 0;
  for (int i = 7; i >= 0; --i) headerLen = (headerLen << 8) | file.data()[i];
  if (headerLen > file.size() - 8 || headerLen > (uint64_t(100) << 20))
    throw Error(path + ": corrupt or truncated safetensors header (header length " +
                std::to_string(headerLen) + " bytes, file " + std::to_string(file.size()) +
                " bytes)");
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(file.data() + 8, file.data() + 8 + headerLen);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": corrupt safetensors header: " + e.what());
  }
  if (!header.is_object()) throw Error(path + ": corrupt safetensors header (not an object)");

  const unsigned char* base = file.data() + 8 + headerLen;
  const uint64_t dataSize = file.size() - 8 - headerLen;
  TensorMap tensors;
  for (const auto& [key, entry] : header.items()) {
    if (key == "__metadata__") continue;
    const std::string where = path + ": tensor '" + key + "'";
    try {
      DtypeInfo dt{};
      const std::string dtypeName = entry.at("dtype").get<std::string>();
      if (!dtypeFromName(dtypeName, &dt))
        throw Error(where + ": dtype " + dtypeName + " is not supported (F32, F16, BF16, F64)");
      std::vector<int64_t> shape = entry.at("shape").get<std::vector<int64_t>>();
      const auto offsets = entry.at("data_offsets").get<std::vector<uint64_t>>();
      if (offsets.size() != 2) throw Error(where + ": data_offsets must have two values");
      uint64_t numel = 1;
      for (int64_t d : shape) {
        if (d < 0) throw Error(where + ": negative dimension");
        numel *= static_cast<uint64_t>(d);
      }
      if (offsets[0] > offsets[1] || offsets[1] > dataSize)
        throw Error(where + ": data range [" + std::to_string(offsets[0]) + ", " +
                    std::to_string(offsets[1]) + ") lies outside the file's " +
                    std::to_string(dataSize) + " data bytes (truncated file?)");
      if (offsets[1] - offsets[0] != numel * dt.bytes)
        throw Error(where + ": " + std::to_string(offsets[1] - offsets[0]) +
                    " bytes do not match its shape and dtype");
      // Copy rather than wrap: offsets inside the file need not be aligned.
      torch::Tensor t = torch::empty(shape, torch::TensorOptions().dtype(dt.dtype));
      if (numel) std::memcpy(t.data_ptr(), base + offsets[0], numel * dt.bytes);
      tensors[key] = t.to(torch::kFloat32);
    } catch (const nlohmann::json::exception& e) {
      throw Error(where + ": malformed header entry: " + e.what());
    }
  }
  return tensors;
}

}  // namespace gpnmsa
