// SPDX-License-Identifier: GPL-3.0-or-later
// A small reader of flat Parquet tables: GPN-Star's calibration tables and
// precomputed score shards (Debian packages no Parquet library). Supported:
// flat schemas (no nesting, no repeated fields), required and optional
// columns, PLAIN and dictionary encodings, data pages v1 and v2, several row
// groups with min/max statistics, UNCOMPRESSED / SNAPPY / ZSTD pages, physical
// types BOOLEAN, INT32, INT64, FLOAT, DOUBLE, BYTE_ARRAY. Anything else, and
// every malformed file, gives a gpnmsa::Error naming the file and the problem.
// Internal to core/.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parquet_metadata.h"

namespace gpnmsa::parquet {

struct DecodedColumn;

struct ColumnInfo {
  std::string name;
  PhysicalType type = PhysicalType::Int32;
  bool nullable = false;
};

// A column's values, one per row; null rows hold 0 / "" with valid[i] == 0.
template <class T>
struct ColumnValues {
  std::vector<T> values;
  std::vector<uint8_t> valid;
};

// Min/max of one column chunk, decoded for its type (absent when the writer
// left them out or for types they do not apply to).
struct ChunkStatistics {
  std::optional<int64_t> minInt, maxInt;        // BOOLEAN, INT32, INT64
  std::optional<double> minDouble, maxDouble;   // FLOAT, DOUBLE
  std::optional<std::string> minString, maxString;  // BYTE_ARRAY
  std::optional<int64_t> nullCount;
};

class ParquetFile {
 public:
  // Reads the footer; throws gpnmsa::Error naming `path` on any problem.
  // An http(s) URL is read in place with range requests.
  static std::unique_ptr<ParquetFile> open(const std::string& path);
  // The same from bytes in memory (`name` appears in error messages).
  static std::unique_ptr<ParquetFile> fromBytes(const std::string& name, std::string bytes);
  ~ParquetFile();
  ParquetFile(const ParquetFile&) = delete;
  ParquetFile& operator=(const ParquetFile&) = delete;

  const std::string& path() const { return path_; }
  const std::vector<ColumnInfo>& columns() const { return columns_; }
  // Index of the column named `name`; throws gpnmsa::Error if there is none.
  int columnIndex(const std::string& name) const;
  int64_t rowCount() const { return meta_.numRows; }
  int rowGroupCount() const { return int(meta_.rowGroups.size()); }
  int64_t rowGroupRows(int rowGroup) const;
  ChunkStatistics statistics(int rowGroup, int column) const;
  Codec codec(int rowGroup, int column) const;
  // The row groups whose integer column `column` may hold a value in
  // [lo, hi] by its min/max statistics (a group without them is included):
  // how a position range is found in a score shard without reading the rest.
  std::vector<int> rowGroupsOverlapping(int column, int64_t lo, int64_t hi) const;
  const std::string& createdBy() const { return meta_.createdBy; }

  // One row group's values of one column. readDoubles takes any numeric
  // column (FLOAT, DOUBLE, INT32, INT64); readInts BOOLEAN, INT32, INT64;
  // readStrings BYTE_ARRAY. Throws gpnmsa::Error naming the file, row group
  // and column on a type mismatch or corrupt data.
  ColumnValues<double> readDoubles(int rowGroup, int column) const;
  ColumnValues<int64_t> readInts(int rowGroup, int column) const;
  ColumnValues<std::string> readStrings(int rowGroup, int column) const;
  // Every row group, concatenated.
  ColumnValues<double> readDoubles(int column) const;
  ColumnValues<int64_t> readInts(int column) const;
  ColumnValues<std::string> readStrings(int column) const;

 public:
  class Source;  // where the bytes come from (parquet_file.cpp)

 private:
  explicit ParquetFile(std::unique_ptr<Source> source);
  void readFooter();
  DecodedColumn decode(int rowGroup, int column) const;
  [[noreturn]] void fail(const std::string& what) const;
  void checkIndex(int rowGroup, int column) const;
  std::string where(int rowGroup, int column) const;

  std::unique_ptr<Source> source_;
  std::string path_;
  FileMetaData meta_;
  std::vector<ColumnInfo> columns_;
};

}  // namespace gpnmsa::parquet
