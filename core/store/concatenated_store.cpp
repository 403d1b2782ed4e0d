// SPDX-License-Identifier: GPL-3.0-or-later
// Several Zarr stores read as one, their columns side by side (GPN-Star's
// M447 alignment: 243 columns, human first, then 204 more). The authors' CLI
// takes a folder of `<n>/all.zarr` stores and concatenates them in descending
// string order of the folder names (shared/docs/gpn-star-spec.md "Species
// order, alignment stores, edges"); nothing else records the species order,
// so every store must hold the same chromosomes at the same lengths.
#include <algorithm>
#include <cstring>
#include <filesystem>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"

namespace fs = std::filesystem;

namespace gpnmsa {
namespace {

class ConcatenatedStore : public AlignmentStore {
 public:
  ConcatenatedStore(std::string path, std::vector<std::unique_ptr<AlignmentStore>> parts)
      : path_(std::move(path)), parts_(std::move(parts)) {
    const AlignmentStore& first = *parts_.front();
    for (const auto& p : parts_) {
      columns_ += p->columns();
      if (p.get() == &first) continue;
      const auto& a = first.chromosomes();
      const auto& b = p->chromosomes();
      bool same = a.size() == b.size();
      for (size_t i = 0; same && i < a.size(); ++i) same = a[i].name == b[i].name && a[i].length == b[i].length;
      if (!same) {
        const auto list = [](const std::vector<ChromosomeInfo>& c) {
          std::string s;
          for (const auto& x : c) s += (s.empty() ? "" : ", ") + x.name + " (" + std::to_string(x.length) + ")";
          return s;
        };
        throw Error("the alignment stores " + first.path() + " and " + p->path() +
                    " do not hold the same chromosomes at the same lengths, so their columns cannot be joined: " +
                    list(a) + " versus " + list(b));
      }
    }
  }

  const std::string& path() const override { return path_; }
  int columns() const override { return columns_; }
  const std::vector<ChromosomeInfo>& chromosomes() const override { return parts_.front()->chromosomes(); }
  std::optional<std::string> resolve(std::string_view chrom) const override { return parts_.front()->resolve(chrom); }
  int64_t length(const std::string& chrom) const override { return parts_.front()->length(chrom); }

  std::vector<char> fetch(std::string_view chrom, int64_t start, int64_t end) const override {
    if (end <= start) return parts_.front()->fetch(chrom, start, end);  // its checks and wording
    const size_t rows = size_t(end - start);
    std::vector<char> out(rows * size_t(columns_));
    size_t offset = 0;
    for (const auto& p : parts_) {
      const std::vector<char> part = p->fetch(chrom, start, end);
      const size_t width = size_t(p->columns());
      for (size_t r = 0; r < rows; ++r)
        std::memcpy(&out[r * size_t(columns_) + offset], &part[r * width], width);
      offset += width;
    }
    return out;
  }

  // Aligned only where every store has the row: a species store's absent
  // chunk would read as gaps, a silently different input.
  bool isAligned(std::string_view chrom, int64_t row) const override {
    for (const auto& p : parts_)
      if (!p->isAligned(chrom, row)) return false;
    return true;
  }

  std::size_t cachedBytes() const override {
    std::size_t n = 0;
    for (const auto& p : parts_) n += p->cachedBytes();
    return n;
  }

 private:
  std::string path_;
  std::vector<std::unique_ptr<AlignmentStore>> parts_;
  int columns_ = 0;
};

bool allDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::unique_ptr<AlignmentStore> AlignmentStore::openColumns(const std::vector<std::string>& paths,
                                                            const StoreOptions& options, const std::string& name) {
  if (paths.empty()) throw Error("no alignment store given");
  if (paths.size() == 1) return open(paths.front(), options);
  std::vector<std::unique_ptr<AlignmentStore>> parts;
  std::string joined;
  for (const std::string& p : paths) {
    parts.push_back(open(p, options));
    joined += (joined.empty() ? "" : " + ") + p;
  }
  return std::make_unique<ConcatenatedStore>(name.empty() ? joined : name, std::move(parts));
}

std::vector<std::string> splitStoreParts(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec) || fs::exists(fs::path(dir) / ".zgroup", ec)) return {};
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string n = e.path().filename().string();
    if (allDigits(n) && fs::is_directory(e.path() / "all.zarr", ec)) names.push_back(n);
  }
  // Descending string order, as the authors' loader: "243" before "204", and
  // also "8" before "4" or "100" (strings, not numbers).
  std::sort(names.begin(), names.end(), std::greater<>());
  std::vector<std::string> out;
  for (const std::string& n : names) out.push_back((fs::path(dir) / n / "all.zarr").string());
  return out;
}

}  // namespace gpnmsa
