// SPDX-License-Identifier: GPL-3.0-or-later
#include "parquet_thrift_compact.h"

#include <cstring>

namespace gpnmsa::parquet {
namespace {

// Parquet metadata nests a few levels deep; anything deeper is hostile input
// (and unbounded recursion in skip() would overflow the stack).
constexpr int kMaxDepth = 48;

ThriftType checkedType(uint8_t nibble) {
  if (nibble > uint8_t(ThriftType::Struct))
    throw ThriftError("unknown Thrift compact type " + std::to_string(nibble));
  return ThriftType(nibble);
}

int64_t unzigzag(uint64_t v) { return int64_t(v >> 1) ^ -int64_t(v & 1); }

}  // namespace

uint8_t CompactReader::readByte() {
  if (p_ >= end_) throw ThriftError("Thrift data ends early");
  return *p_++;
}

uint64_t CompactReader::readVarint() {
  uint64_t value = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    const uint8_t b = readByte();
    if (shift == 63 && (b & 0x7e)) throw ThriftError("Thrift varint overflows 64 bits");
    value |= uint64_t(b & 0x7f) << shift;
    if (!(b & 0x80)) return value;
  }
  throw ThriftError("Thrift varint longer than 10 bytes");
}

void CompactReader::beginStruct() {
  if (depth_ + 1 >= kMaxDepth) throw ThriftError("Thrift structs nested too deeply");
  lastId_[++depth_] = 0;
}

ThriftField CompactReader::readField() {
  if (depth_ < 0) throw ThriftError("Thrift field outside a struct");
  const uint8_t header = readByte();
  ThriftField field;
  field.type = checkedType(header & 0x0f);
  if (field.type == ThriftType::Stop) {
    if (header != 0) throw ThriftError("bad Thrift stop byte");
    --depth_;
    return field;
  }
  const int delta = header >> 4;
  const int64_t id = delta ? int64_t(lastId_[depth_]) + delta : unzigzag(readVarint());
  if (id < -32768 || id > 32767) throw ThriftError("Thrift field id out of range");
  field.id = int16_t(id);
  lastId_[depth_] = field.id;
  return field;
}

bool CompactReader::readBool(const ThriftField& field) {
  if (field.type == ThriftType::BoolTrue) return true;
  if (field.type == ThriftType::BoolFalse) return false;
  throw ThriftError("Thrift field " + std::to_string(field.id) + " is not a boolean");
}

int32_t CompactReader::readI32() {
  const int64_t v = unzigzag(readVarint());
  if (v < INT32_MIN || v > INT32_MAX) throw ThriftError("Thrift i32 out of range");
  return int32_t(v);
}

int64_t CompactReader::readI64() { return unzigzag(readVarint()); }

double CompactReader::readDouble() {
  if (end_ - p_ < 8) throw ThriftError("Thrift data ends early");
  double d;
  std::memcpy(&d, p_, 8);  // little-endian on the wire, as on every supported host
  p_ += 8;
  return d;
}

std::string CompactReader::readBinary() {
  const uint64_t n = readVarint();
  if (n > uint64_t(end_ - p_)) throw ThriftError("Thrift string runs past the end of its data");
  std::string s(reinterpret_cast<const char*>(p_), std::size_t(n));
  p_ += n;
  return s;
}

ThriftList CompactReader::readListHeader() {
  const uint8_t header = readByte();
  ThriftList list;
  list.elementType = checkedType(header & 0x0f);
  list.size = header >> 4;
  if (list.size == 15) {
    const uint64_t n = readVarint();
    if (n > INT32_MAX) throw ThriftError("Thrift list too long");
    list.size = uint32_t(n);
  }
  // Every element takes at least one byte: a longer list cannot fit.
  if (list.size > uint64_t(end_ - p_)) throw ThriftError("Thrift list runs past the end of its data");
  return list;
}

bool CompactReader::readListBool() {
  const uint8_t b = readByte();
  if (b > 2) throw ThriftError("bad Thrift boolean");
  return b == 1;
}

void CompactReader::skip(ThriftType type) { skipValue(type, 0); }

void CompactReader::skipValue(ThriftType type, int depth) {
  if (depth > kMaxDepth) throw ThriftError("Thrift values nested too deeply");
  switch (type) {
    case ThriftType::BoolTrue:
    case ThriftType::BoolFalse:
      return;  // a struct field's boolean has no payload
    case ThriftType::Byte:
      readByte();
      return;
    case ThriftType::I16:
    case ThriftType::I32:
    case ThriftType::I64:
      readVarint();
      return;
    case ThriftType::Double:
      readDouble();
      return;
    case ThriftType::Binary: {
      const uint64_t n = readVarint();
      if (n > uint64_t(end_ - p_)) throw ThriftError("Thrift string runs past the end of its data");
      p_ += n;
      return;
    }
    case ThriftType::List:
    case ThriftType::Set: {
      const ThriftList list = readListHeader();
      for (uint32_t i = 0; i < list.size; ++i) {
        if (list.elementType == ThriftType::BoolTrue || list.elementType == ThriftType::BoolFalse)
          readListBool();
        else
          skipValue(list.elementType, depth + 1);
      }
      return;
    }
    case ThriftType::Map: {
      const uint64_t n = readVarint();
      if (n == 0) return;
      if (n > uint64_t(end_ - p_)) throw ThriftError("Thrift map runs past the end of its data");
      const uint8_t kv = readByte();
      const ThriftType k = checkedType(kv >> 4), v = checkedType(kv & 0x0f);
      for (uint64_t i = 0; i < n; ++i) {
        for (ThriftType t : {k, v}) {
          if (t == ThriftType::BoolTrue || t == ThriftType::BoolFalse)
            readListBool();
          else
            skipValue(t, depth + 1);
        }
      }
      return;
    }
    case ThriftType::Struct: {
      beginStruct();
      for (ThriftField f = readField(); f.type != ThriftType::Stop; f = readField())
        skipValue(f.type, depth + 1);
      return;
    }
    case ThriftType::Stop:
      break;
  }
  throw ThriftError("unexpected Thrift stop type");
}

}  // namespace gpnmsa::parquet
