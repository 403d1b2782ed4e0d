// SPDX-License-Identifier: GPL-3.0-or-later
// Converts a published alignment archive (a tar.gz of a Zarr v2 directory,
// as V100's `99.zarr.tar.gz`) into a zip of the same tree, which the program
// reads in place (alignment_store.h). The tar is streamed: nothing is
// extracted to disk, memory stays bounded, the chunks are stored as they are
// (Blosc chunks are compressed already).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace gpnmsa {

struct TarImportOptions {
  std::string tarPath;  // .tar.gz (or .tar, or another compression libarchive reads)
  std::string output;   // .zip, written atomically
  // Called now and then with the archive bytes read so far and the archive's size.
  std::function<void(int64_t done, int64_t total)> progress;
  const std::atomic<bool>* stop = nullptr;  // set to cancel (Error "cancelled")
  bool forceZip64 = false;                  // ZIP64 records even when not needed (tests)
};

struct TarImportResult {
  std::string root;          // the Zarr tree's folder inside the archive ("" = top level)
  uint64_t entries = 0;      // files written to the zip
  uint64_t arrays = 0;       // folders with a .zarray
  uint64_t dataBytes = 0;    // bytes of the files
  uint64_t zipBytes = 0;     // size of the zip
};

// Throws gpnmsa::Error naming the archive (and the entry) when the archive is
// truncated or corrupt, holds links, devices, absolute or `..` paths or files
// outside the Zarr tree, or the tree lacks its .zgroup or an array's .zarray;
// the output is then left untouched. The zip is opened as a store before it
// replaces the output.
TarImportResult importTarStore(const TarImportOptions& options);

}  // namespace gpnmsa
