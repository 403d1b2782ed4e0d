// SPDX-License-Identifier: GPL-3.0-or-later
#include <sys/stat.h>
#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/torch.h>
#include <zip.h>

#include <fstream>

#include "checkpoint.h"
#include "gpnmsa/error.h"
#include "pickle_check.h"

namespace gpnmsa {
namespace {

bool isRegularFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string listText(at::IntArrayRef v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

// The unpickler sets a tensor's storage offset, sizes and strides as the
// file says, unchecked; reading such a view walks past its storage
// (SIGSEGV in the copy into the module). So before any of its data is read,
// the last element the view reaches must lie inside the storage.
void checkWithinStorage(const torch::Tensor& t, const std::string& where) {
  if (t.layout() != torch::kStrided || !t.device().is_cpu())
    throw Error(where + ": not a dense CPU tensor");
  const auto sizes = t.sizes();
  const auto strides = t.strides();
  const std::string view = "storage offset " + std::to_string(t.storage_offset()) + ", sizes " +
                           listText(sizes) + ", strides " + listText(strides);
  if (t.storage_offset() < 0) throw Error(where + ": negative storage offset (" + view + ")");
  bool empty = false;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] < 0 || strides[i] < 0)
      throw Error(where + ": negative size or stride (" + view + ")");
    if (sizes[i] == 0) empty = true;
  }
  if (empty) return;  // reads nothing
  // Index of the last element reached, with overflow treated as out of range.
  uint64_t last = uint64_t(t.storage_offset());
  bool overflow = false;
  for (size_t i = 0; i < sizes.size(); ++i) {
    uint64_t step = 0;
    overflow |= __builtin_mul_overflow(uint64_t(sizes[i] - 1), uint64_t(strides[i]), &step);
    overflow |= __builtin_add_overflow(last, step, &last);
  }
  const uint64_t itemSize = uint64_t(t.element_size());
  const uint64_t storageBytes = t.storage().nbytes();
  uint64_t endByte = 0;
  overflow |= __builtin_mul_overflow(last + 1, itemSize, &endByte);
  if (overflow || endByte > storageBytes)
    throw Error(where + ": " + view + " reach past its storage of " +
                std::to_string(storageBytes / itemSize) + " elements (corrupt checkpoint)");
}

// Throws unless `path` is a zip whose central directory and local headers agree
// and lie within the file (libzip's ZIP_CHECKCONS).
void checkZipStructure(const std::string& path) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!z) {
    zip_error_t e;
    zip_error_init_with_code(&e, err);
    const std::string why = zip_error_strerror(&e);
    zip_error_fini(&e);
    throw Error(path + ": cannot read PyTorch checkpoint: not a valid zip archive (" + why +
                "; truncated or corrupt)");
  }
  // The pickle itself (ARCHIVE/data.pkl): walked before libtorch's unpickler,
  // which sizes allocations from its fields unchecked (pickle_check.h).
  const zip_int64_t entries = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* name = zip_get_name(z, zip_uint64_t(i), 0);
    const std::string n = name ? name : "";
    if (n != "data.pkl" && !(n.size() > 9 && n.compare(n.size() - 9, 9, "/data.pkl") == 0)) continue;
    zip_stat_t st;
    // A state dict's pickle is kilobytes (tensor data live in other entries).
    constexpr zip_uint64_t kMaxPickleBytes = 64u << 20;
    if (zip_stat_index(z, zip_uint64_t(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > kMaxPickleBytes) {
      zip_discard(z);
      throw Error(path + ": cannot read PyTorch checkpoint: " + n + " is missing its size or is over 64 MiB");
    }
    std::vector<char> pickle(size_t(st.size));
    zip_file_t* f = zip_fopen_index(z, zip_uint64_t(i), 0);
    const bool ok = f && zip_fread(f, pickle.data(), st.size) == zip_int64_t(st.size);
    if (f) zip_fclose(f);
    if (!ok) {
      zip_discard(z);
      throw Error(path + ": cannot read PyTorch checkpoint: " + n + " cannot be read (corrupt archive)");
    }
    try {
      checkPickleOpcodes(pickle, path + ": " + n);
    } catch (...) {
      zip_discard(z);
      throw;
    }
  }
  zip_discard(z);
}

}  // namespace

TensorMap readPytorchBin(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open");
  std::vector<char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() < 4 || data[0] != 'P' || data[1] != 'K')
    throw Error(path + ": not a PyTorch zip checkpoint (legacy pickle format is not supported; "
                "re-save it with torch.save, or use model.safetensors)");
  // libtorch 1.13's zip reader (miniz in pickle_load) reads outside its buffer
  // on a cut-short file (ASan: heap-use-after-free, then SEGV, on a 5,000-byte
  // prefix). libzip checks the archive's structure first, so only a consistent
  // zip reaches libtorch.
  checkZipStructure(path);
  c10::IValue value;
  try {
    value = torch::jit::pickle_load(data);
  } catch (const std::exception& e) {
    throw Error(path + ": cannot read PyTorch checkpoint: " + std::string(e.what()).substr(0, 300));
  }
  if (!value.isGenericDict()) throw Error(path + ": expected a state dict (a dict of tensors)");
  TensorMap tensors;
  for (const auto& kv : value.toGenericDict()) {
    if (!kv.key().isString()) throw Error(path + ": state dict has a non-string key");
    const std::string key = kv.key().toStringRef();
    if (!kv.value().isTensor()) throw Error(path + ": entry '" + key + "' is not a tensor");
    torch::Tensor t = kv.value().toTensor();
    checkWithinStorage(t, path + ": tensor '" + key + "'");
    if (!t.is_floating_point()) throw Error(path + ": tensor '" + key + "' is not floating point");
    tensors[key] = t.to(torch::kFloat32).contiguous();
  }
  return tensors;
}

std::string findWeightsFile(const std::string& modelDir) {
  for (const char* name : {"model.safetensors", "pytorch_model.bin"}) {
    const std::string path = modelDir + "/" + name;
    if (isRegularFile(path)) return path;
  }
  throw Error(modelDir + ": no model.safetensors or pytorch_model.bin in the model directory");
}

TensorMap readCheckpoint(const std::string& path) {
  if (endsWith(path, ".safetensors")) return readSafetensors(path);
  return readPytorchBin(path);
}

}  // namespace gpnmsa
