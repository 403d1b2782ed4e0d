// SPDX-License-Identifier: GPL-3.0-or-later
#include "parquet_pages.h"

#include <snappy-c.h>
#include <zstd.h>

#include <cstring>
#include <stdexcept>

namespace gpnmsa::parquet {
namespace {

using Bytes = std::vector<uint8_t>;

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

uint32_t le32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

// Reads values from a plain-encoded buffer, appending one per call.
class PlainReader {
 public:
  PlainReader(const uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}

  void read(PhysicalType type, DecodedColumn& out) {
    switch (type) {
      case PhysicalType::Boolean: {
        const std::size_t byte = bit_ / 8;
        if (byte >= std::size_t(end_ - p_)) fail("plain BOOLEAN values end early");
        out.ints.push_back((p_[byte] >> (bit_ % 8)) & 1);
        ++bit_;
        return;
      }
      case PhysicalType::Int32: {
        int32_t v;
        take(&v, 4);
        out.ints.push_back(v);
        return;
      }
      case PhysicalType::Int64: {
        int64_t v;
        take(&v, 8);
        out.ints.push_back(v);
        return;
      }
      case PhysicalType::Float: {
        float v;
        take(&v, 4);
        out.doubles.push_back(double(v));
        return;
      }
      case PhysicalType::Double: {
        double v;
        take(&v, 8);
        out.doubles.push_back(v);
        return;
      }
      case PhysicalType::ByteArray: {
        if (end_ - p_ < 4) fail("plain BYTE_ARRAY length ends early");
        const uint32_t n = le32(p_);
        p_ += 4;
        if (n > std::size_t(end_ - p_)) fail("plain BYTE_ARRAY value runs past its page");
        out.strings.emplace_back(reinterpret_cast<const char*>(p_), n);
        p_ += n;
        return;
      }
      default:
        fail("unsupported physical type " + typeName(type));
    }
  }

 private:
  void take(void* dst, std::size_t n) {
    if (std::size_t(end_ - p_) < n) fail("plain values end early");
    std::memcpy(dst, p_, n);  // little-endian on disk and on every supported host
    p_ += n;
  }

  const uint8_t* p_;
  const uint8_t* end_;
  std::size_t bit_ = 0;
};

void pushNull(DecodedColumn& c) {
  switch (c.type) {
    case PhysicalType::Float:
    case PhysicalType::Double: c.doubles.push_back(0); break;
    case PhysicalType::ByteArray: c.strings.emplace_back(); break;
    default: c.ints.push_back(0);
  }
  c.valid.push_back(0);
}

// Appends dictionary entry `i` to `out` (same type as the dictionary).
void pushFromDictionary(const DecodedColumn& dict, uint32_t i, DecodedColumn& out) {
  const std::size_t n = dict.valid.size();
  if (i >= n) fail("dictionary index " + std::to_string(i) + " beyond the dictionary's " + std::to_string(n) + " entries");
  switch (out.type) {
    case PhysicalType::Float:
    case PhysicalType::Double: out.doubles.push_back(dict.doubles[i]); break;
    case PhysicalType::ByteArray: out.strings.push_back(dict.strings[i]); break;
    default: out.ints.push_back(dict.ints[i]);
  }
}

struct PageBody {
  std::vector<uint8_t> defLevels;  // one per value slot (all 1 for a required column)
  const uint8_t* values = nullptr;
  std::size_t valuesSize = 0;
};

// Splits a data page into definition levels and the values section.
PageBody splitPage(const PageHeader& h, const uint8_t* data, std::size_t size, bool nullable,
                   Bytes& storage, Codec codec) {
  PageBody body;
  const std::size_t n = std::size_t(h.numValues);
  if (h.type == PageType::DataPageV2) {
    if (h.repetitionLevelsBytes != 0) fail("repetition levels in a flat column");
    const std::size_t levels = std::size_t(h.definitionLevelsBytes);
    if (levels > size) fail("definition levels run past their page");
    if (nullable) {
      for (uint32_t v : decodeRleHybrid(data, levels, 1, n)) body.defLevels.push_back(uint8_t(v));
    } else if (levels != 0) {
      fail("definition levels in a required column");
    }
    const uint8_t* rest = data + levels;
    const std::size_t restSize = size - levels;
    if (std::size_t(h.uncompressedSize) < levels) fail("page sizes disagree with its level sections");
    const std::size_t expected = std::size_t(h.uncompressedSize) - levels;
    if (h.v2Compressed && codec != Codec::Uncompressed) {
      storage = decompressPage(codec, rest, restSize, expected);
      body.values = storage.data();
      body.valuesSize = storage.size();
    } else {
      if (restSize != expected) fail("uncompressed page size disagrees with its header");
      body.values = rest;
      body.valuesSize = restSize;
    }
  } else {
    if (codec != Codec::Uncompressed) {
      storage = decompressPage(codec, data, size, std::size_t(h.uncompressedSize));
      data = storage.data();
      size = storage.size();
    } else if (size != std::size_t(h.uncompressedSize)) {
      fail("uncompressed page size disagrees with its header");
    }
    if (nullable) {
      if (size < 4) fail("definition levels length ends early");
      const uint32_t levels = le32(data);
      if (levels > size - 4) fail("definition levels run past their page");
      for (uint32_t v : decodeRleHybrid(data + 4, levels, 1, n)) body.defLevels.push_back(uint8_t(v));
      data += 4 + levels;
      size -= 4 + levels;
    }
    body.values = data;
    body.valuesSize = size;
  }
  if (!nullable) body.defLevels.assign(n, 1);
  for (uint8_t d : body.defLevels)
    if (d > 1) fail("definition level " + std::to_string(d) + " in a flat column");
  return body;
}

void decodeValues(const PageHeader& h, const PageBody& body, const DecodedColumn* dict, DecodedColumn& out) {
  std::size_t present = 0;
  for (uint8_t d : body.defLevels) present += d;
  switch (h.encoding) {
    case Encoding::Plain: {
      PlainReader reader(body.values, body.valuesSize);
      for (uint8_t d : body.defLevels) {
        if (!d) {
          pushNull(out);
          continue;
        }
        reader.read(out.type, out);
        out.valid.push_back(1);
      }
      return;
    }
    case Encoding::PlainDictionary:
    case Encoding::RleDictionary: {
      if (!dict) fail("dictionary-encoded page without a dictionary page");
      std::vector<uint32_t> indices;
      if (present > 0) {
        if (body.valuesSize < 1) fail("dictionary indices lack their bit width");
        const int width = body.values[0];
        if (width > 32) fail("dictionary index bit width " + std::to_string(width) + " above 32");
        indices = decodeRleHybrid(body.values + 1, body.valuesSize - 1, width, present);
      }
      std::size_t next = 0;
      for (uint8_t d : body.defLevels) {
        if (!d) {
          pushNull(out);
          continue;
        }
        pushFromDictionary(*dict, indices[next++], out);
        out.valid.push_back(1);
      }
      return;
    }
    case Encoding::Rle: {
      if (out.type != PhysicalType::Boolean) fail("RLE values in a " + typeName(out.type) + " column");
      if (body.valuesSize < 4) fail("RLE boolean length ends early");
      const uint32_t len = le32(body.values);
      if (len > body.valuesSize - 4) fail("RLE booleans run past their page");
      const std::vector<uint32_t> bits = decodeRleHybrid(body.values + 4, len, 1, present);
      std::size_t next = 0;
      for (uint8_t d : body.defLevels) {
        if (!d) {
          pushNull(out);
          continue;
        }
        out.ints.push_back(bits[next++]);
        out.valid.push_back(1);
      }
      return;
    }
    default:
      fail("unsupported encoding " + encodingName(h.encoding));
  }
}

}  // namespace

std::vector<uint32_t> decodeRleHybrid(const uint8_t* data, std::size_t size, int bitWidth, std::size_t count) {
  if (bitWidth < 0 || bitWidth > 32) fail("RLE bit width " + std::to_string(bitWidth) + " out of range");
  std::vector<uint32_t> out;
  out.reserve(count);
  const uint8_t* p = data;
  const uint8_t* end = data + size;
  const std::size_t valueBytes = std::size_t(bitWidth + 7) / 8;
  while (out.size() < count) {
    uint64_t header = 0;
    for (int shift = 0;; shift += 7) {
      if (p >= end) fail("RLE/bit-packed data ends after " + std::to_string(out.size()) + " of " +
                         std::to_string(count) + " values");
      if (shift > 35) fail("RLE run header too long");
      header |= uint64_t(*p & 0x7f) << shift;
      if (!(*p++ & 0x80)) break;
    }
    if (header & 1) {
      const uint64_t groups = header >> 1;
      const uint64_t bytes = groups * uint64_t(bitWidth);  // 8 values of bitWidth bits per group
      if (bytes > uint64_t(end - p)) fail("bit-packed run longer than its data");
      const uint64_t values = groups * 8;
      const uint64_t mask = bitWidth == 32 ? 0xffffffffu : (uint64_t(1) << bitWidth) - 1;
      for (uint64_t i = 0; i < values && out.size() < count; ++i) {
        const uint64_t bit = i * uint64_t(bitWidth);
        uint64_t word = 0;
        for (uint64_t b = bit / 8, k = 0; b < bytes && k < 5; ++b, ++k) word |= uint64_t(p[b]) << (8 * k);
        out.push_back(uint32_t((word >> (bit % 8)) & mask));
      }
      p += bytes;
    } else {
      const uint64_t run = header >> 1;
      if (valueBytes > std::size_t(end - p)) fail("RLE run value ends early");
      uint32_t v = 0;
      for (std::size_t k = 0; k < valueBytes; ++k) v |= uint32_t(p[k]) << (8 * k);
      p += valueBytes;
      if (run == 0) fail("empty RLE run");
      const uint64_t take = std::min<uint64_t>(run, count - out.size());
      out.insert(out.end(), std::size_t(take), v);
    }
  }
  return out;
}

std::vector<uint8_t> decompressPage(Codec codec, const uint8_t* data, std::size_t size,
                                    std::size_t uncompressedSize) {
  if (int64_t(uncompressedSize) > kMaxPageBytes)
    fail("page of " + std::to_string(uncompressedSize) + " bytes (more than " +
         std::to_string(kMaxPageBytes >> 20) + " MiB)");
  Bytes out;
  switch (codec) {
    case Codec::Uncompressed:
      out.assign(data, data + size);
      break;
    case Codec::Snappy: {
      std::size_t n = 0;
      if (snappy_uncompressed_length(reinterpret_cast<const char*>(data), size, &n) != SNAPPY_OK)
        fail("corrupt SNAPPY page");
      if (n != uncompressedSize) fail("SNAPPY page holds " + std::to_string(n) + " bytes, its header says " +
                                      std::to_string(uncompressedSize));
      out.resize(n);
      if (snappy_uncompress(reinterpret_cast<const char*>(data), size, reinterpret_cast<char*>(out.data()), &n) !=
              SNAPPY_OK ||
          n != uncompressedSize)
        fail("corrupt SNAPPY page");
      break;
    }
    case Codec::Zstd: {
      out.resize(uncompressedSize);
      const std::size_t n = ZSTD_decompress(out.data(), out.size(), data, size);
      if (ZSTD_isError(n)) fail(std::string("corrupt ZSTD page (") + ZSTD_getErrorName(n) + ")");
      if (n != uncompressedSize) fail("ZSTD page holds " + std::to_string(n) + " bytes, its header says " +
                                      std::to_string(uncompressedSize));
      break;
    }
    default:
      fail("unsupported codec " + codecName(codec));
  }
  if (out.size() != uncompressedSize) fail("uncompressed page size disagrees with its header");
  return out;
}

DecodedColumn decodeColumnChunk(const uint8_t* chunk, std::size_t size, const ColumnChunkMeta& meta,
                                bool nullable, int64_t rows) {
  DecodedColumn out;
  out.type = meta.type;
  DecodedColumn dict;
  bool haveDict = false;
  std::size_t at = 0;
  int64_t done = 0;
  while (done < rows) {
    if (at >= size) fail("column chunk ends after " + std::to_string(done) + " of " + std::to_string(rows) + " values");
    std::size_t headerBytes = 0;
    const PageHeader h = parsePageHeader(chunk + at, size - at, headerBytes);
    at += headerBytes;
    if (std::size_t(h.compressedSize) > size - at) fail("page of " + std::to_string(h.compressedSize) +
                                                        " bytes runs past its column chunk");
    if (h.uncompressedSize > kMaxPageBytes) fail("page of " + std::to_string(h.uncompressedSize) + " bytes (more than " +
                                                 std::to_string(kMaxPageBytes >> 20) + " MiB)");
    const uint8_t* body = chunk + at;
    at += std::size_t(h.compressedSize);
    Bytes storage;
    if (h.type == PageType::DictionaryPage) {
      if (haveDict) fail("a second dictionary page");
      if (meta.type == PhysicalType::Boolean) fail("a dictionary page in a BOOLEAN column");
      if (h.encoding != Encoding::Plain && h.encoding != Encoding::PlainDictionary)
        fail("unsupported dictionary encoding " + encodingName(h.encoding));
      storage = decompressPage(meta.codec, body, std::size_t(h.compressedSize), std::size_t(h.uncompressedSize));
      dict.type = meta.type;
      PlainReader reader(storage.data(), storage.size());
      for (int32_t i = 0; i < h.numValues; ++i) {
        reader.read(meta.type, dict);
        dict.valid.push_back(1);
      }
      haveDict = true;
      continue;
    }
    if (h.type == PageType::IndexPage) continue;
    if (h.type != PageType::DataPage && h.type != PageType::DataPageV2)
      fail("unknown page type " + std::to_string(int32_t(h.type)));
    if (h.numValues > rows - done) fail("pages hold more values than the row group's " + std::to_string(rows) + " rows");
    const PageBody page = splitPage(h, body, std::size_t(h.compressedSize), nullable, storage, meta.codec);
    decodeValues(h, page, haveDict ? &dict : nullptr, out);
    done += h.numValues;
  }
  return out;
}

}  // namespace gpnmsa::parquet
