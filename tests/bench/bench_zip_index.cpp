// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark (not a test): the released alignment is a 36-GB zip with ~6
// million entries. This program
//   make ZIP            writes a synthetic zip with the release's entry names
//                       ("89.zarr/<chrom>/<row-chunk>.0" for the hg38
//                       chromosome lengths: ~6.05 million chunks, 512 x 90
//                       cells each), ZIP64, every entry stored;
//   open ZIP|URL [N]    opens it as an AlignmentStore (cold: no sidecar yet;
//                       warm: sidecar reused), then reads N random chunks,
//                       and prints open time, read latency and peak RSS.
// Run `open` in a fresh process each time so VmHWM is that of the open.
// See README "Measured speed" for numbers.
#include <blosc.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"

namespace {

using Clock = std::chrono::steady_clock;

// hg38 primary chromosome lengths (UCSC), the arrays of the release.
const std::pair<const char*, int64_t> kChromosomes[] = {
    {"1", 248956422}, {"2", 242193529}, {"3", 198295559}, {"4", 190214555},
    {"5", 181538259}, {"6", 170805979}, {"7", 159345973}, {"8", 145138636},
    {"9", 138394717}, {"10", 133797422}, {"11", 135086622}, {"12", 133275309},
    {"13", 114364328}, {"14", 107043718}, {"15", 101991189}, {"16", 90338345},
    {"17", 83257441}, {"18", 80373285}, {"19", 58617616}, {"20", 64444167},
    {"21", 46709983}, {"22", 50818468}, {"X", 156040895}, {"Y", 57227415}};
constexpr int kColumns = 90;
constexpr int64_t kChunkRows = 512;
const std::string kPrefix = "89.zarr/";

// Minimal ZIP64 writer for stored entries: local headers and data in a first
// pass; the central directory is regenerated in a second pass from the same
// deterministic sequence (so nothing per entry is kept in memory).
class StoredZipWriter {
 public:
  explicit StoredZipWriter(const std::string& path) : path_(path) {
    f_ = std::fopen(path.c_str(), "wb");
    if (!f_) throw gpnmsa::Error("cannot create " + path);
    std::setvbuf(f_, nullptr, _IOFBF, 8 << 20);
  }
  ~StoredZipWriter() {
    if (f_) std::fclose(f_);
  }

  // Pass 1.
  void addLocal(const std::string& name, const std::string& data, uint32_t crc) {
    put32(0x04034b50);
    put16(45);  // version needed: ZIP64
    put16(0);   // flags
    put16(0);   // stored
    put16(0);
    put16(0x21);  // 1980-01-01
    put32(crc);
    put32(uint32_t(data.size()));
    put32(uint32_t(data.size()));
    put16(uint16_t(name.size()));
    put16(0);
    write(name);
    write(data);
  }

  // Pass 2. Every entry gets a ZIP64 extra field with its offset, as the
  // release has for the entries beyond 4 GiB (most of them).
  void addCentral(const std::string& name, uint64_t size, uint32_t crc, uint64_t offset) {
    if (cdStart_ == 0) cdStart_ = written_;
    put32(0x02014b50);
    put16(45 | (3 << 8));
    put16(45);
    put16(0);
    put16(0);
    put16(0);
    put16(0x21);
    put32(crc);
    put32(uint32_t(size));
    put32(uint32_t(size));
    put16(uint16_t(name.size()));
    put16(12);  // extra: tag 1, 8 bytes
    put16(0);
    put16(0);
    put16(0);
    put32(0);
    put32(0xFFFFFFFF);
    write(name);
    put16(1);
    put16(8);
    put64(offset);
    ++entries_;
  }

  void finish() {
    const uint64_t cdEnd = written_;
    const uint64_t zip64Eocd = written_;
    put32(0x06064b50);
    put64(44);
    put16(45);
    put16(45);
    put32(0);
    put32(0);
    put64(entries_);
    put64(entries_);
    put64(cdEnd - cdStart_);
    put64(cdStart_);
    put32(0x07064b50);  // locator
    put32(0);
    put64(zip64Eocd);
    put32(1);
    put32(0x06054b50);
    put16(0);
    put16(0);
    put16(0xFFFF);
    put16(0xFFFF);
    put32(0xFFFFFFFF);
    put32(0xFFFFFFFF);
    put16(0);
    if (std::fclose(f_) != 0) throw gpnmsa::Error("cannot write " + path_);
    f_ = nullptr;
  }

  uint64_t written() const { return written_; }

 private:
  void write(const std::string& s) { raw(s.data(), s.size()); }
  void raw(const void* p, std::size_t n) {
    if (std::fwrite(p, 1, n, f_) != n) throw gpnmsa::Error("cannot write " + path_);
    written_ += n;
  }
  void put16(uint16_t v) {
    const unsigned char b[2] = {uint8_t(v), uint8_t(v >> 8)};
    raw(b, 2);
  }
  void put32(uint32_t v) {
    put16(uint16_t(v));
    put16(uint16_t(v >> 16));
  }
  void put64(uint64_t v) {
    put32(uint32_t(v));
    put32(uint32_t(v >> 32));
  }

  std::string path_;
  std::FILE* f_ = nullptr;
  uint64_t written_ = 0, cdStart_ = 0, entries_ = 0;
};

uint32_t crc32Of(const std::string& s) {
  uint32_t c = 0xFFFFFFFF;
  for (unsigned char b : s) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

std::string zarray(int64_t rows) {
  return "{\n    \"chunks\": [\n        512,\n        90\n    ],\n    \"compressor\": {\n"
         "        \"blocksize\": 0,\n        \"clevel\": 5,\n        \"cname\": \"lz4\",\n"
         "        \"id\": \"blosc\",\n        \"shuffle\": 1\n    },\n    \"dtype\": \"|S1\",\n"
         "    \"fill_value\": \"\",\n    \"filters\": null,\n    \"order\": \"C\",\n"
         "    \"shape\": [\n        " + std::to_string(rows) + ",\n        90\n    ],\n"
         "    \"zarr_format\": 2\n}";
}

int make(const std::string& path) {
  // One Blosc frame (a chunk of gaps) shared by every entry: the benchmark
  // is about the archive's size in entries, not in bytes.
  std::vector<char> plain(std::size_t(kChunkRows * kColumns), '-');
  for (std::size_t i = 0; i < plain.size(); i += kColumns) plain[i] = 'N';
  std::vector<char> packed(plain.size() + BLOSC_MAX_OVERHEAD);
  const int n = blosc_compress_ctx(5, BLOSC_SHUFFLE, 1, plain.size(), plain.data(), packed.data(),
                                   packed.size(), "lz4", 0, 1);
  if (n <= 0) throw gpnmsa::Error("blosc failed");
  const std::string chunk(packed.data(), std::size_t(n));
  const uint32_t chunkCrc = crc32Of(chunk);

  const auto t0 = Clock::now();
  StoredZipWriter w(path);
  struct Meta {
    std::string name, data;
  };
  std::vector<Meta> metas = {{kPrefix + ".zgroup", "{\n    \"zarr_format\": 2\n}"}};
  for (const auto& [chrom, len] : kChromosomes) {
    metas.push_back({kPrefix + chrom + "/.zarray", zarray(len)});
  }
  // Entry sequence: metadata, then every chunk of every chromosome.
  auto forEach = [&](auto&& f) {
    for (const Meta& m : metas) f(m.name, m.data, crc32Of(m.data));
    for (const auto& [chrom, len] : kChromosomes) {
      const std::string dir = kPrefix + chrom + "/";
      for (int64_t c = 0; c * kChunkRows < len; ++c) f(dir + std::to_string(c) + ".0", chunk, chunkCrc);
    }
  };
  uint64_t entries = 0;
  forEach([&](const std::string& name, const std::string& data, uint32_t crc) {
    w.addLocal(name, data, crc);
    ++entries;
  });
  uint64_t offset = 0;
  forEach([&](const std::string& name, const std::string& data, uint32_t crc) {
    w.addCentral(name, data.size(), crc, offset);
    offset += 30 + name.size() + data.size();
  });
  w.finish();
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf("wrote %s: %llu entries, %.2f GB in %.1f s\n", path.c_str(),
              static_cast<unsigned long long>(entries), double(w.written()) / 1e9, s);
  return 0;
}

long statusKb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field)));
  }
  return -1;
}

int open(const std::string& path, int reads) {
  gpnmsa::StoreOptions o;
  o.cacheBytes = 1;  // every read below goes to the zip
  const auto t0 = Clock::now();
  auto store = gpnmsa::AlignmentStore::open(path, o);
  const double openS = std::chrono::duration<double>(Clock::now() - t0).count();
  const long afterOpenKb = statusKb("VmHWM:");
  std::printf("open: %.3f s, %zu chromosomes, %d columns, peak RSS after open %.1f MiB\n", openS,
              store->chromosomes().size(), store->columns(), afterOpenKb / 1024.0);

  std::mt19937_64 rng(42);
  std::vector<double> us;
  const auto& chroms = store->chromosomes();
  for (int i = 0; i < reads; ++i) {
    const auto& c = chroms[rng() % chroms.size()];
    const int64_t row = int64_t(rng() % uint64_t(c.length));
    const auto t = Clock::now();
    const auto cells = store->fetch(c.name, row, row + 1);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t).count());
    if (cells[1] != '-') throw gpnmsa::Error("unexpected cell at " + c.name + ":" + std::to_string(row));
  }
  if (!us.empty()) {
    std::sort(us.begin(), us.end());
    double sum = 0;
    for (double u : us) sum += u;
    std::printf("chunk reads: %d random, mean %.1f us, median %.1f us, p99 %.1f us\n", reads,
                sum / double(us.size()), us[us.size() / 2], us[us.size() * 99 / 100]);
  }
  // File-backed pages (the mapped sidecar) count in RSS but are page cache,
  // shared and reclaimable; anonymous pages are this process's own memory.
  std::printf("peak RSS (VmHWM) %.1f MiB; now RssAnon %.1f MiB, RssFile %.1f MiB\n",
              statusKb("VmHWM:") / 1024.0, statusKb("RssAnon:") / 1024.0,
              statusKb("RssFile:") / 1024.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "make" && argc == 3) return make(argv[2]);
    if (mode == "open" && (argc == 3 || argc == 4)) return open(argv[2], argc == 4 ? std::stoi(argv[3]) : 2000);
    std::fprintf(stderr, "usage: %s make ZIP | open ZIP|URL [READS]\n", argv[0]);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_zip_index: %s\n", e.what());
    return 1;
  }
}
