// SPDX-License-Identifier: GPL-3.0-or-later
// The Parquet reader (core/io/parquet_*): footer, statistics, every column of
// every row group. Input: the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "gpnmsa/error.h"
#include "parquet_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace gpnmsa::parquet;
  try {
    const auto f = ParquetFile::fromBytes("fuzz.parquet", std::string(fuzz::asText(data, size)));
    (void)f->rowCount();
    for (int g = 0; g < f->rowGroupCount(); ++g) {
      for (int c = 0; c < int(f->columns().size()); ++c) {
        (void)f->statistics(g, c);
        try {
          switch (f->columns()[std::size_t(c)].type) {
            case PhysicalType::ByteArray: (void)f->readStrings(g, c); break;
            case PhysicalType::Boolean: (void)f->readInts(g, c); break;
            default: (void)f->readDoubles(g, c);
          }
        } catch (const gpnmsa::Error&) {
          // One bad chunk: the others are still read.
        }
      }
    }
  } catch (const gpnmsa::Error&) {
  }
  return 0;
}
