// SPDX-License-Identifier: GPL-3.0-or-later
#include "gpnmsa/clinvar.h"

#include <cstdlib>
#include <cstring>

#include "gpnmsa/error.h"
#include "gpnmsa/text.h"
#include "tabix_file.h"

namespace gpnmsa {

int clinVarStars(std::string_view s) {
  if (s == "practice_guideline") return 4;
  if (s == "reviewed_by_expert_panel") return 3;
  if (s == "criteria_provided,_multiple_submitters,_no_conflicts") return 2;
  if (s == "criteria_provided,_conflicting_interpretations" ||
      s == "criteria_provided,_conflicting_classifications" || s == "criteria_provided,_single_submitter")
    return 1;
  if (s == "no_assertion_criteria_provided" || s == "no_assertion_provided" ||
      s == "no_classification_provided" || s == "no_interpretation_for_the_single_variant" ||
      s == "no_classification_for_the_single_variant")
    return 0;
  return -1;
}

std::string clinVarText(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '_') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == '|')) continue;
    if (c == '|')
      while (!out.empty() && out.back() == ' ') out.pop_back();
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

const std::vector<std::string>& clinVarColumns() {
  static const std::vector<std::string> columns = {"clinvar_significance", "clinvar_stars",
                                                   "clinvar_condition", "clinvar_id"};
  return columns;
}

std::vector<std::string> clinVarValues(const ClinVarMatch& m) {
  if (!m.found) return std::vector<std::string>(clinVarColumns().size());
  return {m.significance, m.stars < 0 ? std::string() : std::to_string(m.stars), m.condition, m.id};
}

namespace {

// The tab-separated fields of a VCF line up to INFO (CHROM POS ID REF ALT QUAL FILTER INFO).
std::vector<std::string_view> vcfFields(const char* line) {
  std::vector<std::string_view> f;
  std::string_view rest(line);
  while (f.size() < 8) {
    const size_t tab = rest.find('\t');
    f.push_back(rest.substr(0, tab));
    if (tab == std::string_view::npos) break;
    rest.remove_prefix(tab + 1);
  }
  return f;
}

// The value of INFO key `key` ("" if absent or a flag).
std::string_view infoValue(std::string_view info, std::string_view key) {
  while (!info.empty()) {
    const size_t semi = info.find(';');
    const std::string_view entry = info.substr(0, semi);
    if (entry.size() > key.size() && entry.substr(0, key.size()) == key && entry[key.size()] == '=')
      return entry.substr(key.size() + 1);
    if (semi == std::string_view::npos) break;
    info.remove_prefix(semi + 1);
  }
  return {};
}

bool hasAlt(std::string_view alts, const std::string& alt) {
  while (true) {
    const size_t comma = alts.find(',');
    if (toUpperAscii(std::string(alts.substr(0, comma))) == alt) return true;
    if (comma == std::string_view::npos) return false;
    alts.remove_prefix(comma + 1);
  }
}

}  // namespace

struct ClinVarFile::Impl {
  detail::TabixFile file;
};

ClinVarFile::ClinVarFile(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ClinVarFile::~ClinVarFile() = default;
const std::string& ClinVarFile::path() const { return impl_->file.path; }

std::unique_ptr<ClinVarFile> ClinVarFile::open(const std::string& path) {
  auto impl = std::make_unique<Impl>(Impl{detail::TabixFile(
      path, "ClinVar file",
      "expected NCBI's clinvar.vcf.gz; compress with bgzip " + path + " and index with tabix -p vcf " +
          path + ".gz",
      "tabix -p vcf")});
  return std::unique_ptr<ClinVarFile>(new ClinVarFile(std::move(impl)));
}

std::vector<ClinVarMatch> ClinVarFile::lookup(const std::vector<Variant>& variants) const {
  const detail::TabixFile& file = impl_->file;
  auto fp = file.openData();  // a handle per call (see tabix_file.h)
  std::vector<ClinVarMatch> out(variants.size());
  for (size_t i = 0; i < variants.size(); ++i) {
    const Variant& v = variants[i];
    const auto chrom = file.names.resolve(v.chrom);
    if (!chrom || v.ref.empty() || v.alt.empty() || v.alt == ".") continue;
    const std::string ref = toUpperAscii(v.ref), alt = toUpperAscii(v.alt);
    ClinVarMatch& m = out[i];
    file.forEachLineAt(fp.get(), *chrom, v.pos, [&](const char* line) {
      const std::vector<std::string_view> f = vcfFields(line);
      if (f.size() < 8)
        throw Error(file.path + ": malformed VCF line near " + *chrom + ":" + std::to_string(v.pos) + ": '" +
                    std::string(line).substr(0, 80) + "'");
      if (std::strtoll(std::string(f[1]).c_str(), nullptr, 10) != v.pos ||
          toUpperAscii(std::string(f[3])) != ref || !hasAlt(f[4], alt))
        return true;
      m.found = true;
      m.id = f[2] == "." ? std::string() : std::string(f[2]);
      const std::string_view revstat = infoValue(f[7], "CLNREVSTAT");
      m.significance = clinVarText(infoValue(f[7], "CLNSIG"));
      m.reviewStatus = clinVarText(revstat);
      m.stars = clinVarStars(revstat);
      m.condition = clinVarText(infoValue(f[7], "CLNDN"));
      return false;
    });
  }
  return out;
}

}  // namespace gpnmsa
