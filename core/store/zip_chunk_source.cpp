// SPDX-License-Identifier: GPL-3.0-or-later
// A Zarr tree inside a .zip, read in place with libzip. The released
// alignment is a 36-GB zip with millions of entries, so nothing is
// extracted: entries are located by name through libzip's own hash table
// and read one at a time.
#include <zip.h>

#include <algorithm>

#include "chunk_source.h"
#include "gpnmsa/error.h"

namespace gpnmsa::store {
namespace {

constexpr std::string_view kGroupFile = ".zgroup";
constexpr std::string_view kArrayFile = "/.zarray";
// No legitimate store object comes near this; a bigger size means a corrupt
// central directory and must not turn into a huge allocation.
constexpr zip_uint64_t kMaxEntryBytes = zip_uint64_t(1) << 30;

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string zipErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

}  // namespace

struct ZipChunkSource::Archive {
  zip_t* handle = nullptr;
  std::vector<std::string> arrays;
  ~Archive() {
    if (handle) zip_discard(handle);  // read-only: nothing to write back
  }
};

ZipChunkSource::ZipChunkSource(std::string zipPath)
    : zipPath_(std::move(zipPath)), archive_(std::make_unique<Archive>()) {
  int code = 0;
  archive_->handle = zip_open(zipPath_.c_str(), ZIP_RDONLY, &code);
  if (!archive_->handle) {
    throw Error(zipPath_ + ": cannot open as a zip archive: " + zipErrorText(code));
  }
  zip_t* za = archive_->handle;

  // One pass over the central directory: find the root `.zgroup` (the
  // shallowest one; sub-groups sit deeper) and every `<x>/.zarray`.
  const zip_int64_t count = zip_get_num_entries(za, 0);
  std::vector<std::string> groups;
  std::vector<std::string> arrayFiles;
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* raw = zip_get_name(za, zip_uint64_t(i), 0);
    if (!raw) continue;
    std::string_view name(raw);
    if (name == kGroupFile || endsWith(name, "/.zgroup")) {
      groups.emplace_back(name);
    } else if (endsWith(name, kArrayFile)) {
      arrayFiles.emplace_back(name);
    }
  }
  if (groups.empty()) {
    throw Error("not a Zarr store: " + zipPath_ + " (no .zgroup in the zip archive)");
  }
  auto depth = [](const std::string& s) { return std::count(s.begin(), s.end(), '/'); };
  std::sort(groups.begin(), groups.end(), [&](const std::string& a, const std::string& b) {
    return depth(a) != depth(b) ? depth(a) < depth(b) : a < b;
  });
  if (groups.size() > 1 && depth(groups[0]) == depth(groups[1])) {
    throw Error(zipPath_ + ": ambiguous Zarr store: both '" + groups[0] + "' and '" + groups[1] +
                "' could be the root group");
  }
  prefix_ = groups[0].substr(0, groups[0].size() - kGroupFile.size());

  for (const std::string& file : arrayFiles) {
    if (file.compare(0, prefix_.size(), prefix_) != 0) continue;
    std::string name = file.substr(prefix_.size(), file.size() - prefix_.size() - kArrayFile.size());
    if (!name.empty() && name.find('/') == std::string::npos) archive_->arrays.push_back(name);
  }
}

ZipChunkSource::~ZipChunkSource() = default;

std::string ZipChunkSource::describeKey(const std::string& key) const {
  return zipPath_ + ":" + prefix_ + key;
}

std::vector<std::string> ZipChunkSource::listArrays() const { return archive_->arrays; }

std::optional<std::vector<char>> ZipChunkSource::read(const std::string& key) const {
  const std::string entry = prefix_ + key;
  std::lock_guard<std::mutex> lock(mutex_);
  zip_t* za = archive_->handle;

  const zip_int64_t index = zip_name_locate(za, entry.c_str(), 0);
  if (index < 0) return std::nullopt;

  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(za, zip_uint64_t(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
    throw Error(describeKey(key) + ": cannot stat zip entry: " + zip_strerror(za));
  }
  if (st.size > kMaxEntryBytes) {
    throw Error(describeKey(key) + ": zip entry claims " + std::to_string(st.size) +
                " bytes (corrupt archive?)");
  }

  zip_file_t* file = zip_fopen_index(za, zip_uint64_t(index), 0);
  if (!file) throw Error(describeKey(key) + ": cannot open zip entry: " + zip_strerror(za));
  std::vector<char> bytes(static_cast<std::size_t>(st.size));
  zip_uint64_t done = 0;
  std::string failure;
  while (done < st.size) {
    const zip_int64_t n = zip_fread(file, bytes.data() + done, st.size - done);
    if (n < 0) {
      failure = zip_error_strerror(zip_file_get_error(file));
      break;
    }
    if (n == 0) {
      failure = "unexpected end of data (" + std::to_string(done) + " of " +
                std::to_string(st.size) + " bytes)";
      break;
    }
    done += zip_uint64_t(n);
  }
  zip_fclose(file);
  if (!failure.empty()) throw Error(describeKey(key) + ": cannot read zip entry: " + failure);
  return bytes;
}

}  // namespace gpnmsa::store
