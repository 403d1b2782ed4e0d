// SPDX-License-Identifier: GPL-3.0-or-later
// A strict reader of the Thrift compact protocol, just enough for Parquet's
// footer and page headers: the caller walks structs field by field and skips
// what it does not know. Every read is bounds-checked against the buffer; a
// malformed encoding throws ThriftError (the caller adds the file's name).
// Internal to core/.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace gpnmsa::parquet {

class ThriftError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Compact-protocol wire types (the low nibble of a field header).
enum class ThriftType : uint8_t {
  Stop = 0, BoolTrue = 1, BoolFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6,
  Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12
};

struct ThriftField {
  int16_t id = 0;
  ThriftType type = ThriftType::Stop;  // Stop: the struct ends
};

struct ThriftList {
  ThriftType elementType = ThriftType::Stop;
  uint32_t size = 0;
};

class CompactReader {
 public:
  CompactReader(const uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}

  // Struct framing: beginStruct() before the first field, readField() until
  // it returns Stop (which also ends the struct).
  void beginStruct();
  ThriftField readField();

  bool readBool(const ThriftField& field);  // a struct field's value lives in its type
  int32_t readI32();
  int64_t readI64();
  double readDouble();
  std::string readBinary();
  ThriftList readListHeader();
  bool readListBool();  // a boolean element of a list (one byte)

  // Skips one value of `type` (structs, lists, maps included).
  void skip(ThriftType type);
  void skip(const ThriftField& field) { skip(field.type); }

  std::size_t consumed(const uint8_t* start) const { return std::size_t(p_ - start); }
  const uint8_t* position() const { return p_; }

 private:
  uint64_t readVarint();
  uint8_t readByte();
  void skipValue(ThriftType type, int depth);

  const uint8_t* p_;
  const uint8_t* end_;
  // Last field id of each open struct (compact field ids are deltas).
  int16_t lastId_[64] = {};
  int depth_ = -1;
};

}  // namespace gpnmsa::parquet
