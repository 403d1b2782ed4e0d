// SPDX-License-Identifier: GPL-3.0-or-later
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
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

std::string shapeText(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

// JSON numbers are checked one by one: nlohmann's get<int64_t>() would turn
// 6.5 into 6 and -1 into a huge unsigned value without a word.
uint64_t readCount(const nlohmann::json& v, const std::string& where, const char* field) {
  if (!v.is_number_unsigned())
    throw Error(where + ": " + field + " value " + v.dump() + " is not a whole number >= 0");
  return v.get<uint64_t>();
}

std::vector<int64_t> readShape(const nlohmann::json& j, const std::string& where) {
  if (!j.is_array()) throw Error(where + ": shape " + j.dump() + " is not a list");
  // Checkpoints of this model are matrices and vectors; 8 dimensions is generous.
  if (j.size() > 8) throw Error(where + ": shape has " + std::to_string(j.size()) + " dimensions (at most 8)");
  std::vector<int64_t> shape;
  for (const auto& d : j) {
    const uint64_t v = readCount(d, where, "shape");
    if (v > uint64_t(std::numeric_limits<int64_t>::max()))
      throw Error(where + ": shape value " + d.dump() + " is too large");
    shape.push_back(static_cast<int64_t>(v));
  }
  return shape;
}

std::array<uint64_t, 2> readOffsets(const nlohmann::json& j, const std::string& where) {
  if (!j.is_array() || j.size() != 2) throw Error(where + ": data_offsets must have two values");
  return {readCount(j[0], where, "data_offsets"), readCount(j[1], where, "data_offsets")};
}

struct DataRange {
  uint64_t begin, end;
  std::string key;
};

// Each tensor must own its bytes: two entries sharing data would make one
// weight silently alias another (the format's own rule, which safetensors
// enforces too).
void refuseOverlaps(const std::string& path, std::vector<DataRange> ranges) {
  // Empty tensors own no bytes and cannot alias anything.
  ranges.erase(std::remove_if(ranges.begin(), ranges.end(),
                              [](const DataRange& r) { return r.begin == r.end; }),
               ranges.end());
  std::sort(ranges.begin(), ranges.end(),
            [](const DataRange& a, const DataRange& b) { return a.begin < b.begin; });
  size_t reach = 0;  // the range, among those before i, that ends last
  for (size_t i = 1; i < ranges.size(); ++i) {
    const DataRange& prev = ranges[reach];
    const DataRange& cur = ranges[i];
    if (cur.begin < prev.end)
      throw Error(path + ": tensor '" + cur.key + "' data range [" + std::to_string(cur.begin) +
                  ", " + std::to_string(cur.end) + ") overlaps tensor '" + prev.key + "' [" +
                  std::to_string(prev.begin) + ", " + std::to_string(prev.end) +
                  ") (each tensor must have its own bytes)");
    if (cur.end > prev.end) reach = i;
  }
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
  std::vector<DataRange> ranges;
  for (const auto& [key, entry] : header.items()) {
    if (key == "__metadata__") continue;
    const std::string where = path + ": tensor '" + key + "'";
    try {
      DtypeInfo dt{};
      const std::string dtypeName = entry.at("dtype").get<std::string>();
      if (!dtypeFromName(dtypeName, &dt))
        throw Error(where + ": dtype " + dtypeName + " is not supported (F32, F16, BF16, F64)");
      const std::vector<int64_t> shape = readShape(entry.at("shape"), where);
      const auto offsets = readOffsets(entry.at("data_offsets"), where);
      // The element count is checked for overflow: a shape whose product
      // wraps around could otherwise match a small data range.
      uint64_t numel = 1;
      for (int64_t d : shape) {
        if (__builtin_mul_overflow(numel, static_cast<uint64_t>(d), &numel))
          throw Error(where + ": shape " + shapeText(shape) + " has more elements than any file can hold");
      }
      uint64_t byteCount = 0;
      if (__builtin_mul_overflow(numel, uint64_t(dt.bytes), &byteCount) ||
          numel > uint64_t(std::numeric_limits<int64_t>::max()))
        throw Error(where + ": shape " + shapeText(shape) + " has more elements than any file can hold");
      if (offsets[0] > offsets[1] || offsets[1] > dataSize)
        throw Error(where + ": data range [" + std::to_string(offsets[0]) + ", " +
                    std::to_string(offsets[1]) + ") lies outside the file's " +
                    std::to_string(dataSize) + " data bytes (truncated file?)");
      if (offsets[1] - offsets[0] != byteCount)
        throw Error(where + ": " + std::to_string(offsets[1] - offsets[0]) +
                    " bytes do not match its shape " + shapeText(shape) + " and dtype " + dtypeName);
      ranges.push_back({offsets[0], offsets[1], key});
      // Copy rather than wrap: offsets inside the file need not be aligned.
      torch::Tensor t = torch::empty(shape, torch::TensorOptions().dtype(dt.dtype));
      if (numel) std::memcpy(t.data_ptr(), base + offsets[0], byteCount);
      tensors[key] = t.to(torch::kFloat32);
    } catch (const nlohmann::json::exception& e) {
      throw Error(where + ": malformed header entry: " + e.what());
    }
  }
  refuseOverlaps(path, std::move(ranges));
  return tensors;
}

}  // namespace gpnmsa
