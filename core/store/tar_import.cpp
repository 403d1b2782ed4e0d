// SPDX-License-Identifier: GPL-3.0-or-later
// `gpnmsa import-store --tar`: libarchive reads the tar.gz as a stream,
// ZipStreamWriter writes each file as a stored zip entry under the same name.
// Checks needing the whole tree (where the root .zgroup is, that every chunk
// folder has its .zarray, that nothing lies outside the root) are made on
// the set of folders seen, which is small (one per chromosome).
#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <algorithm>
#include <memory>
#include <functional>
#include <set>
#include <string_view>
#include <vector>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/atomic_file.h"
#include "gpnmsa/error.h"
#include "gpnmsa/store_import.h"
#include "zip_stream_writer.h"

namespace gpnmsa {
namespace {

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};

std::string folderOf(const std::string& name) {
  const auto slash = name.rfind('/');
  return slash == std::string::npos ? std::string() : name.substr(0, slash + 1);
}

std::string baseOf(const std::string& name) {
  const auto slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

// "0.0", "12.0": a chunk key (digits separated by dots).
bool isChunkName(const std::string& base) {
  if (base.empty() || base.front() == '.' || base.back() == '.') return false;
  for (std::size_t i = 0; i < base.size(); ++i) {
    const char c = base[i];
    if (c == '.' ? base[i - 1] == '.' : (c < '0' || c > '9')) return false;
  }
  return true;
}

// The entry's name with "./" prefixes and a trailing '/' removed; refuses
// names that would escape the tree.
std::string normalised(const std::string& tar, std::string name) {
  while (name.rfind("./", 0) == 0) name.erase(0, 2);
  while (!name.empty() && name.back() == '/') name.pop_back();
  if (!name.empty() && name.front() == '/')
    throw Error(tar + ": entry '" + name + "' has an absolute path; a store archive holds one Zarr folder");
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    const std::string part = name.substr(start, end - start);
    if (part == "..") throw Error(tar + ": entry '" + name + "' points outside the archive's folder ('..')");
    if (part.empty() && end < name.size()) throw Error(tar + ": entry '" + name + "' has an empty path component");
    start = end + 1;
  }
  return name;
}

// The names written so far, as 64-bit hashes in an open-addressing table
// (16 bytes per name at most: ~100 MB for the V100 store's millions of files),
// so that a name the tar holds twice (an appended update) is refused instead
// of giving a zip with two entries of one name. Two different names with the
// same hash would be taken for a repeat; at 10^7 names that has a chance of
// about 1 in 10^5 (birthday bound on 64 bits).
class SeenNames {
 public:
  // False if `name` was seen before.
  bool insert(std::string_view name) {
    uint64_t h = std::hash<std::string_view>()(name);
    if (h == 0) h = 1;  // 0 marks an empty slot
    if ((count_ + 1) * 2 > slots_.size()) grow();
    return place(h);
  }

 private:
  bool place(uint64_t h) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = std::size_t(h) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == h) return false;
      if (slots_[i] == 0) {
        slots_[i] = h;
        ++count_;
        return true;
      }
    }
  }
  void grow() {
    std::vector<uint64_t> old(std::max<std::size_t>(1024, slots_.size() * 2), 0);
    old.swap(slots_);
    count_ = 0;
    for (uint64_t h : old)
      if (h) place(h);
  }

  std::vector<uint64_t> slots_;
  std::size_t count_ = 0;
};

}  // namespace

TarImportResult importTarStore(const TarImportOptions& options) {
  const std::string& tar = options.tarPath;
  struct stat st {};
  if (::stat(tar.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) throw Error("cannot read " + tar + ": no such file");
  const int64_t total = int64_t(st.st_size);

  std::unique_ptr<archive, ArchiveCloser> a(archive_read_new());
  if (!a) throw Error("cannot read " + tar + ": out of memory");
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  auto archiveError = [&](const std::string& where) -> Error {
    const char* why = archive_error_string(a.get());
    return Error(tar + ": " + where + ": " + (why ? why : "unreadable") + " (truncated or corrupt archive?)");
  };
  if (archive_read_open_filename(a.get(), tar.c_str(), std::size_t(1) << 20) != ARCHIVE_OK)
    throw archiveError("at its start");

  AtomicFile out(options.output);
  store::ZipStreamWriter zip(out.tempPath(), options.forceZip64);
  TarImportResult result;
  std::set<std::string> groups, arrays, chunkFolders, fileFolders;
  SeenNames seen;
  std::vector<char> buf(std::size_t(1) << 20);
  int64_t lastReport = -1;
  for (;;) {
    if (options.stop && options.stop->load()) throw Error("cancelled");
    archive_entry* entry = nullptr;
    const int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) throw archiveError("after entry " + std::to_string(result.entries));
    const char* rawName = archive_entry_pathname(entry);
    const std::string name = normalised(tar, rawName ? rawName : "");
    const mode_t type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) continue;
    if (name.empty() || name == ".")
      throw Error(tar + ": a file entry without a name (after " + std::to_string(result.entries) + " files)");
    if (type != AE_IFREG || archive_entry_hardlink(entry))
      throw Error(tar + ": entry '" + name + "' is not a regular file (links and devices have no place in a store)");
    if (!archive_entry_size_is_set(entry) || archive_entry_size(entry) < 0)
      throw Error(tar + ": entry '" + name + "' has no size");
    const uint64_t size = uint64_t(archive_entry_size(entry));
    if (!seen.insert(name)) throw Error(tar + ": entry '" + name + "' appears twice in the archive");
    const std::string base = baseOf(name), folder = folderOf(name);
    if (base == ".zgroup") groups.insert(folder);
    if (base == ".zarray") arrays.insert(folder);
    if (isChunkName(base)) chunkFolders.insert(folder);
    fileFolders.insert(folder);

    zip.beginEntry(name, size, int64_t(archive_entry_mtime(entry)));
    for (;;) {
      const la_ssize_t n = archive_read_data(a.get(), buf.data(), buf.size());
      if (n < 0) throw archiveError("entry '" + name + "'");
      if (n == 0) break;
      if (uint64_t(n) > size) throw Error(tar + ": entry '" + name + "' longer than its header says");
      zip.append(buf.data(), std::size_t(n));
    }
    zip.endEntry();
    ++result.entries;
    result.dataBytes += size;
    if (options.progress) {
      const int64_t done = archive_filter_bytes(a.get(), -1);
      if (done != lastReport) options.progress(done, total);
      lastReport = done;
    }
  }

  // The root: the shallowest folder with a .zgroup (sub-groups sit deeper).
  if (groups.empty()) throw Error(tar + ": no .zgroup in the archive: not a Zarr store");
  std::string root = *groups.begin();
  for (const std::string& g : groups)
    if (std::count(g.begin(), g.end(), '/') < std::count(root.begin(), root.end(), '/')) root = g;
  for (const std::string& g : groups)
    if (g != root && std::count(g.begin(), g.end(), '/') == std::count(root.begin(), root.end(), '/'))
      throw Error(tar + ": two Zarr stores in one archive ('" + root + ".zgroup', '" + g + ".zgroup')");
  for (const std::string& f : fileFolders)
    if (f.compare(0, root.size(), root) != 0)
      throw Error(tar + ": files in '" + (f.empty() ? "./" : f) + "' lie outside the Zarr store '" +
                  (root.empty() ? "./" : root) + "'");
  for (const std::string& f : chunkFolders)
    if (!arrays.count(f)) throw Error(tar + ": chunks in '" + f + "' but no " + f + ".zarray");
  if (arrays.empty()) throw Error(tar + ": the Zarr store has no arrays (no .zarray)");
  result.root = root;
  result.arrays = arrays.size();
  zip.finish();
  result.zipBytes = zip.bytesWritten();
  if (options.progress) options.progress(total, total);

  // What was written must open as a store before it replaces the output.
  try {
    StoreOptions so;
    so.zipIndexMinEntries = UINT64_MAX;  // no sidecar for the temporary name
    so.cacheBytes = 0;
    (void)AlignmentStore::open(out.tempPath(), so);
  } catch (const Error& e) {
    throw Error(tar + ": the zip made from it does not open as a store: " + e.what());
  }
  out.commit();
  return result;
}

}  // namespace gpnmsa
