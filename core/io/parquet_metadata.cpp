// SPDX-License-Identifier: GPL-3.0-or-later
#include "parquet_metadata.h"

#include "parquet_thrift_compact.h"

namespace gpnmsa::parquet {
namespace {

using T = ThriftType;

// A field whose wire type is not the one parquet.thrift gives is corrupt
// metadata, not something to skip.
void expect(const ThriftField& f, T type, const char* what) {
  if (f.type != type) throw ThriftError(std::string("bad Thrift type for ") + what);
}

template <class F>
void readList(CompactReader& r, const ThriftField& f, T elementType, const char* what, F&& each) {
  expect(f, T::List, what);
  const ThriftList list = r.readListHeader();
  if (list.size > 0 && list.elementType != elementType)
    throw ThriftError(std::string("bad Thrift element type in ") + what);
  for (uint32_t i = 0; i < list.size; ++i) each();
}

Statistics readStatistics(CompactReader& r) {
  Statistics s;
  std::optional<std::string> oldMin, oldMax;
  r.beginStruct();
  for (ThriftField f = r.readField(); f.type != T::Stop; f = r.readField()) {
    switch (f.id) {
      case 1: expect(f, T::Binary, "Statistics.max"); oldMax = r.readBinary(); break;
      case 2: expect(f, T::Binary, "Statistics.min"); oldMin = r.readBinary(); break;
      case 3: expect(f, T::I64, "Statistics.null_count"); s.nullCount = r.readI64(); break;
      case 5: expect(f, T::Binary, "Statistics.max_value"); s.max = r.readBinary(); break;
      case 6: expect(f, T::Binary, "Statistics.min_value"); s.min = r.readBinary(); break;
      default: r.skip(f);
    }
  }
  if (!s.min) s.min = oldMin;
  if (!s.max) s.max = oldMax;
  return s;
}

SchemaElement readSchemaElement(CompactReader& r) {
  SchemaElement e;
  bool haveName = false;
  r.beginStruct();
  for (ThriftField f = r.readField(); f.type != T::Stop; f = r.readField()) {
    switch (f.id) {
      case 1: expect(f, T::I32, "SchemaElement.type"); e.type = PhysicalType(r.readI32()); break;
      case 3: expect(f, T::I32, "SchemaElement.repetition_type"); e.repetition = r.readI32(); break;
      case 4: expect(f, T::Binary, "SchemaElement.name"); e.name = r.readBinary(); haveName = true; break;
      case 5: expect(f, T::I32, "SchemaElement.num_children"); e.numChildren = r.readI32(); break;
      default: r.skip(f);
    }
  }
  if (!haveName) throw ThriftError("a schema element has no name");
  return e;
}

ColumnChunkMeta readColumnMetaData(CompactReader& r) {
  ColumnChunkMeta m;
  bool haveType = false, haveCodec = false, haveValues = false, haveSize = false, haveOffset = false;
  r.beginStruct();
  for (ThriftField f = r.readField(); f.type != T::Stop; f = r.readField()) {
    switch (f.id) {
      case 1: expect(f, T::I32, "ColumnMetaData.type"); m.type = PhysicalType(r.readI32()); haveType = true; break;
      case 3:
        readList(r, f, T::Binary, "ColumnMetaData.path_in_schema", [&] { m.path.push_back(r.readBinary()); });
        break;
      case 4: expect(f, T::I32, "ColumnMetaData.codec"); m.codec = Codec(r.readI32()); haveCodec = true; break;
      case 5: expect(f, T::I64, "ColumnMetaData.num_values"); m.numValues = r.readI64(); haveValues = true; break;
      case 7:
        expect(f, T::I64, "ColumnMetaData.total_compressed_size");
        m.totalCompressedSize = r.readI64();
        haveSize = true;
        break;
      case 9:
        expect(f, T::I64, "ColumnMetaData.data_page_offset");
        m.dataPageOffset = r.readI64();
        haveOffset = true;
        break;
      case 11:
        expect(f, T::I64, "ColumnMetaData.dictionary_page_offset");
        m.dictionaryPageOffset = r.readI64();
        break;
      case 12: expect(f, T::Struct, "ColumnMetaData.statistics"); m.statistics = readStatistics(r); break;
      default: r.skip(f);
    }
  }
  if (!haveType || !haveCodec || !haveValues || !haveSize || !haveOffset)
    throw ThriftError("column metadata lacks a required field");
  return m;
}

ColumnChunkMeta readColumnChunk(CompactReader& r) {
  std::optional<ColumnChunkMeta> meta;
  bool external = false;
  r.beginStruct();
  for (ThriftField f = r.readField(); f.type != T::Stop; f = r.readField()) {
    if (f.id == 1 && f.type == T::Binary) {
      external = !r.readBinary().empty();
    } else if (f.id == 3) {
      expect(f, T::Struct, "ColumnChunk.meta_data");
      meta = readColumnMetaData(r);
    } else {
      r.skip(f);
    }
  }
  if (external) throw ThriftError("column data in another file (ColumnChunk.file_path) is not supported");
  if (!meta) throw ThriftError("a column chunk has no metadata");
  return *meta;
}

RowGroupMeta readRowGroup(CompactReader& r) {
  RowGroupMeta g;
  bool haveRows = false;
  r.beginStruct();
  for (ThriftField f = r.readField(); f.type != T::Stop; f = r.readField()) {
    if (f.id == 1) {
      readList(r, f, T::Struct, "RowGroup.columns", [&] { g.columns.push_back(readColumnChunk(r)); });
    } else if (f.id == 3) {
      expect(f, T::I64, "RowGroup.num_rows");
      g.numRows = r.readI64();
      haveRows = true;
    } else {
      r.skip(f);
    }
  }
  if (!haveRows) throw ThriftError("a row group has no row count");
  return g;
}

}  // namespace

FileMetaData parseFileMetaData(const uint8_t* data, std::size_t size) {
  CompactReader r(data, size);
  FileMetaData m;
  bool haveSchema = false, haveRows = false, haveGroups = false;
  r.beginStruct();
  for (ThriftField f = r.readField(); f.type != T::Stop; f = r.readField()) {
    switch (f.id) {
      case 2:
        readList(r, f, T::Struct, "FileMetaData.schema", [&] { m.schema.push_back(readSchemaElement(r)); });
        haveSchema = true;
        break;
      case 3: expect(f, T::I64, "FileMetaData.num_rows"); m.numRows = r.readI64(); haveRows = true; break;
      case 4:
        readList(r, f, T::Struct, "FileMetaData.row_groups", [&] { m.rowGroups.push_back(readRowGroup(r)); });
        haveGroups = true;
        break;
      case 6: expect(f, T::Binary, "FileMetaData.created_by"); m.createdBy = r.readBinary(); break;
      default: r.skip(f);
    }
  }
  if (!haveSchema || !haveRows || !haveGroups) throw ThriftError("file metadata lacks a required field");
  return m;
}

PageHeader parsePageHeader(const uint8_t* data, std::size_t size, std::size_t& headerBytes) {
  CompactReader r(data, size);
  PageHeader h;
  bool haveType = false, haveSizes = false, haveBody = false;
  int sizes = 0;
  auto readDataHeader = [&](bool v2) {
    r.beginStruct();
    bool haveValues = false, haveEncoding = false;
    for (ThriftField f = r.readField(); f.type != T::Stop; f = r.readField()) {
      if (f.id == 1) {
        expect(f, T::I32, "page num_values");
        h.numValues = r.readI32();
        haveValues = true;
      } else if ((f.id == 4 && v2) || (f.id == 2 && !v2)) {
        expect(f, T::I32, "page encoding");
        h.encoding = Encoding(r.readI32());
        haveEncoding = true;
      } else if (v2 && f.id == 5) {
        expect(f, T::I32, "definition_levels_byte_length");
        h.definitionLevelsBytes = r.readI32();
      } else if (v2 && f.id == 6) {
        expect(f, T::I32, "repetition_levels_byte_length");
        h.repetitionLevelsBytes = r.readI32();
      } else if (v2 && f.id == 7) {
        h.v2Compressed = r.readBool(f);
      } else {
        r.skip(f);
      }
    }
    if (!haveValues || !haveEncoding) throw ThriftError("a page header lacks its value count or encoding");
    haveBody = true;
  };
  r.beginStruct();
  for (ThriftField f = r.readField(); f.type != T::Stop; f = r.readField()) {
    switch (f.id) {
      case 1: expect(f, T::I32, "PageHeader.type"); h.type = PageType(r.readI32()); haveType = true; break;
      case 2: expect(f, T::I32, "uncompressed_page_size"); h.uncompressedSize = r.readI32(); ++sizes; break;
      case 3: expect(f, T::I32, "compressed_page_size"); h.compressedSize = r.readI32(); ++sizes; break;
      case 5: expect(f, T::Struct, "data_page_header"); readDataHeader(false); break;
      case 7: expect(f, T::Struct, "dictionary_page_header"); readDataHeader(false); break;
      case 8: expect(f, T::Struct, "data_page_header_v2"); readDataHeader(true); break;
      default: r.skip(f);
    }
  }
  haveSizes = sizes == 2;
  if (!haveType || !haveSizes) throw ThriftError("a page header lacks its type or sizes");
  if (!haveBody && (h.type == PageType::DataPage || h.type == PageType::DataPageV2 ||
                    h.type == PageType::DictionaryPage))
    throw ThriftError("a page header lacks its data or dictionary header");
  if (h.uncompressedSize < 0 || h.compressedSize < 0 || h.numValues < 0 || h.definitionLevelsBytes < 0 ||
      h.repetitionLevelsBytes < 0)
    throw ThriftError("a page header has a negative size or count");
  headerBytes = r.consumed(data);
  return h;
}

std::string typeName(PhysicalType type) {
  switch (type) {
    case PhysicalType::Boolean: return "BOOLEAN";
    case PhysicalType::Int32: return "INT32";
    case PhysicalType::Int64: return "INT64";
    case PhysicalType::Int96: return "INT96";
    case PhysicalType::Float: return "FLOAT";
    case PhysicalType::Double: return "DOUBLE";
    case PhysicalType::ByteArray: return "BYTE_ARRAY";
    case PhysicalType::FixedLenByteArray: return "FIXED_LEN_BYTE_ARRAY";
  }
  return "type " + std::to_string(int32_t(type));
}

std::string codecName(Codec codec) {
  switch (codec) {
    case Codec::Uncompressed: return "UNCOMPRESSED";
    case Codec::Snappy: return "SNAPPY";
    case Codec::Gzip: return "GZIP";
    case Codec::Lzo: return "LZO";
    case Codec::Brotli: return "BROTLI";
    case Codec::Lz4: return "LZ4";
    case Codec::Zstd: return "ZSTD";
    case Codec::Lz4Raw: return "LZ4_RAW";
  }
  return "codec " + std::to_string(int32_t(codec));
}

std::string encodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::Plain: return "PLAIN";
    case Encoding::PlainDictionary: return "PLAIN_DICTIONARY";
    case Encoding::Rle: return "RLE";
    case Encoding::BitPacked: return "BIT_PACKED";
    case Encoding::DeltaBinaryPacked: return "DELTA_BINARY_PACKED";
    case Encoding::DeltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::DeltaByteArray: return "DELTA_BYTE_ARRAY";
    case Encoding::RleDictionary: return "RLE_DICTIONARY";
    case Encoding::ByteStreamSplit: return "BYTE_STREAM_SPLIT";
  }
  return "encoding " + std::to_string(int32_t(encoding));
}

}  // namespace gpnmsa::parquet
