// SPDX-License-Identifier: GPL-3.0-or-later
// Parquet's footer (FileMetaData) and page headers, decoded from Thrift
// compact into plain structs: only the fields a flat-table reader needs;
// every other field is skipped. Internal to core/ (parquet_file.h is the API).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gpnmsa::parquet {

// Parquet's enums, numbered as in parquet.thrift.
enum class PhysicalType : int32_t {
  Boolean = 0, Int32 = 1, Int64 = 2, Int96 = 3, Float = 4, Double = 5,
  ByteArray = 6, FixedLenByteArray = 7
};
enum class Codec : int32_t {
  Uncompressed = 0, Snappy = 1, Gzip = 2, Lzo = 3, Brotli = 4, Lz4 = 5, Zstd = 6, Lz4Raw = 7
};
enum class Encoding : int32_t {
  Plain = 0, PlainDictionary = 2, Rle = 3, BitPacked = 4, DeltaBinaryPacked = 5,
  DeltaLengthByteArray = 6, DeltaByteArray = 7, RleDictionary = 8, ByteStreamSplit = 9
};
enum class PageType : int32_t { DataPage = 0, IndexPage = 1, DictionaryPage = 2, DataPageV2 = 3 };

std::string typeName(PhysicalType type);
std::string codecName(Codec codec);
std::string encodingName(Encoding encoding);

struct Statistics {
  // Plain-encoded min and max (min_value/max_value, else the deprecated
  // min/max, which the writers filled with the same bytes for signed
  // numbers); absent when the writer left them out.
  std::optional<std::string> min, max;
  std::optional<int64_t> nullCount;
};

struct SchemaElement {
  std::optional<PhysicalType> type;  // absent for the root (a group)
  int32_t repetition = 0;            // 0 required, 1 optional, 2 repeated
  std::string name;
  int32_t numChildren = 0;
};

struct ColumnChunkMeta {
  PhysicalType type = PhysicalType::Int32;
  std::vector<std::string> path;
  Codec codec = Codec::Uncompressed;
  int64_t numValues = 0;
  int64_t totalCompressedSize = 0;
  int64_t dataPageOffset = 0;
  std::optional<int64_t> dictionaryPageOffset;
  Statistics statistics;
};

struct RowGroupMeta {
  std::vector<ColumnChunkMeta> columns;
  int64_t numRows = 0;
};

struct FileMetaData {
  std::vector<SchemaElement> schema;
  int64_t numRows = 0;
  std::vector<RowGroupMeta> rowGroups;
  std::string createdBy;
};

struct PageHeader {
  PageType type = PageType::DataPage;
  int32_t uncompressedSize = 0;
  int32_t compressedSize = 0;
  int32_t numValues = 0;
  Encoding encoding = Encoding::Plain;
  // Data page v2 only: level sections stored uncompressed before the values.
  int32_t definitionLevelsBytes = 0;
  int32_t repetitionLevelsBytes = 0;
  bool v2Compressed = true;
};

// Throw ThriftError (or std::runtime_error for missing required fields).
FileMetaData parseFileMetaData(const uint8_t* data, std::size_t size);
// Parses one page header at `data`; `headerBytes` receives its length.
PageHeader parsePageHeader(const uint8_t* data, std::size_t size, std::size_t& headerBytes);

}  // namespace gpnmsa::parquet
