// SPDX-License-Identifier: GPL-3.0-or-later
// One column chunk of a flat Parquet column, decoded: page headers walked,
// pages decompressed (UNCOMPRESSED, SNAPPY, ZSTD), definition levels and
// values decoded (PLAIN, dictionary indices in the RLE/bit-packed hybrid),
// data page v1 and v2. Every length is checked against the bytes present; a
// malformed chunk throws std::runtime_error saying what (parquet_file.cpp
// adds the file, row group and column). Internal to core/.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "parquet_metadata.h"

namespace gpnmsa::parquet {

// One value per row; the slots of null rows hold 0 / "" and valid[i] == 0.
struct DecodedColumn {
  PhysicalType type = PhysicalType::Int32;
  std::vector<int64_t> ints;         // BOOLEAN, INT32, INT64
  std::vector<double> doubles;       // FLOAT, DOUBLE
  std::vector<std::string> strings;  // BYTE_ARRAY
  std::vector<uint8_t> valid;
};

// The largest page (after decompression) accepted: the released files use
// pages of about a megabyte; this bounds what a corrupt header can allocate.
constexpr int64_t kMaxPageBytes = int64_t(64) << 20;

// `chunk` holds the column chunk's bytes (dictionary page first, if any).
DecodedColumn decodeColumnChunk(const uint8_t* chunk, std::size_t size, const ColumnChunkMeta& meta,
                                bool nullable, int64_t rows);

// Decompresses one page; throws unless the result is exactly `uncompressedSize` bytes.
std::vector<uint8_t> decompressPage(Codec codec, const uint8_t* data, std::size_t size,
                                    std::size_t uncompressedSize);

// Decodes `count` values of the RLE/bit-packed hybrid (bit width 0..32).
std::vector<uint32_t> decodeRleHybrid(const uint8_t* data, std::size_t size, int bitWidth, std::size_t count);

}  // namespace gpnmsa::parquet
