// SPDX-License-Identifier: GPL-3.0-or-later
// MAF blocks: importMaf on the input (byte 0 bit 0: --strict; the rest is the
// MAF), without a FASTA. The reference assembly is the first `s` row's and
// the species every other assembly seen (up to 8), so that inputs reach the
// block handling; the store is limited to 16,384 rows from the first
// reference start (bases outside are counted and skipped), so a huge srcSize
// in the input costs nothing.
#include <algorithm>
#include <set>

#include "fuzz_support.h"
#include "gpnmsa/error.h"
#include "gpnmsa/maf_import.h"

namespace {

// The first `s` rows' assemblies ("hg38" of "hg38.chr22") and the first start.
void scan(std::string_view text, std::string* ref, std::vector<std::string>* species, int64_t* start) {
  std::set<std::string> seen;
  while (!text.empty() && seen.size() < 9) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.size() < 3 || line[0] != 's' || (line[1] != ' ' && line[1] != '\t')) continue;
    std::string_view rest = line.substr(2);
    rest.remove_prefix(std::min(rest.find_first_not_of(" \t"), rest.size()));
    const std::string_view src = rest.substr(0, rest.find_first_of(" \t"));
    const std::string assembly(src.substr(0, src.find('.')));
    if (assembly.empty()) continue;
    if (ref->empty()) {
      *ref = assembly;
      rest.remove_prefix(src.size());
      *start = std::max<int64_t>(0, std::strtoll(std::string(rest.substr(0, 24)).c_str(), nullptr, 10));
    } else if (assembly != *ref && seen.insert(assembly).second) {
      species->push_back(assembly);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view text = fuzz::asText(data + 1, size - 1);
  gpnmsa::MafImportOptions options;
  options.mafs = {fuzz::writeFile("input.maf", text)};
  int64_t start = 0;
  options.refPrefix.clear();
  scan(text, &options.refPrefix, &options.species, &start);
  if (options.refPrefix.empty()) options.refPrefix = "hg38";
  if (options.species.empty()) options.species = {"panTro4"};
  options.offset = std::min<int64_t>(start, int64_t(1) << 40);
  options.length = 16384;
  options.output = fuzz::scratchDir() + "/store.zarr";
  options.strict = data[0] & 1;
  try {
    (void)gpnmsa::importMaf(options);
  } catch (const gpnmsa::Error&) {
  }
  return 0;
}
