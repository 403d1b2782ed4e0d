// SPDX-License-Identifier: GPL-3.0-or-later
// VEP CSQ, SnpEff ANN and bcftools BCSQ: one reader, one field map per layout.
#include "annotation_reader.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "gpnmsa/error.h"
#include "gpnmsa/text.h"
#include "text_fields.h"

namespace gpnmsa::detail {
namespace {

using Role = AnnotationReader::Role;

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\'' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\'' || s.back() == '"')) s.remove_suffix(1);
  return s;
}

// The INFO header line's Description (without its quotes); "" if none.
std::string description(bcf_hdr_t* hdr, const char* key) {
  bcf_hrec_t* h = bcf_hdr_get_hrec(hdr, BCF_HL_INFO, "ID", key, nullptr);
  if (!h) return "";
  const int i = bcf_hrec_find_key(h, "Description");
  return i < 0 || !h->vals[i] ? "" : std::string(trim(h->vals[i]));
}

bool declared(bcf_hdr_t* hdr, const char* key) {
  const int id = bcf_hdr_id2int(hdr, BCF_DT_ID, key);
  return id >= 0 && bcf_hdr_idinfo_exists(hdr, BCF_HL_INFO, id);
}

std::vector<std::string> namesOf(std::string_view list) {
  std::vector<std::string> out;
  for (std::string_view name : split(list, '|')) out.emplace_back(trim(name));
  return out;
}

Role roleOf(AnnotationLayout layout, const std::string& name) {
  struct Entry {
    const char* name;
    Role role;
  };
  static const Entry kVep[] = {
      {"Allele", Role::Allele},       {"ALLELE_NUM", Role::AlleleNum}, {"ALT_ALLELE_NUM", Role::AlleleNum},
      {"Consequence", Role::Consequence}, {"IMPACT", Role::Impact},   {"SYMBOL", Role::Gene},
      {"Gene", Role::GeneId},         {"Feature", Role::Transcript},  {"BIOTYPE", Role::Biotype},
      {"HGVSc", Role::Hgvsc},         {"HGVSp", Role::Hgvsp},         {"PICK", Role::Pick},
      {"MANE_SELECT", Role::Mane},    {"MANE", Role::Mane},           {"CANONICAL", Role::Canonical}};
  static const Entry kSnpEff[] = {
      {"Allele", Role::Allele},        {"Annotation", Role::Consequence}, {"Annotation_Impact", Role::Impact},
      {"Gene_Name", Role::Gene},       {"Gene_ID", Role::GeneId},         {"Feature_ID", Role::Transcript},
      {"Transcript_BioType", Role::Biotype}, {"HGVS.c", Role::Hgvsc},     {"HGVS.p", Role::Hgvsp}};
  static const Entry kBcftools[] = {
      {"Consequence", Role::Consequence}, {"gene", Role::Gene},         {"transcript", Role::Transcript},
      {"biotype", Role::Biotype},         {"dna_change", Role::Hgvsc}, {"amino_acid_change", Role::Hgvsp}};
  auto find = [&](const auto& table) {
    for (const Entry& e : table)
      if (name == e.name) return e.role;
    return Role::Extra;
  };
  switch (layout) {
    case AnnotationLayout::Vep: return find(kVep);
    case AnnotationLayout::SnpEff: return find(kSnpEff);
    case AnnotationLayout::Bcftools: return find(kBcftools);
    case AnnotationLayout::None: break;
  }
  return Role::Extra;
}

// bcftools' dna_change for this record's position and REF: which ALT it
// names ("69428T>G", or compound "107G>A+108T>A"); -1 if none.
int bcsqAlt(std::string_view dnaChange, int64_t pos, const std::string& ref, const std::vector<std::string>& alts) {
  for (std::string_view part : split(dnaChange, '+')) {
    size_t digits = 0;
    while (digits < part.size() && part[digits] >= '0' && part[digits] <= '9') ++digits;
    int64_t at = 0;
    if (!text::parsePosition(part.substr(0, digits), &at) || at != pos) continue;
    const std::string_view change = part.substr(digits);
    const size_t gt = change.find('>');
    if (gt == std::string_view::npos || !equalsIgnoreCase(change.substr(0, gt), ref)) continue;
    for (size_t i = 0; i < alts.size(); ++i)
      if (equalsIgnoreCase(change.substr(gt + 1), alts[i])) return static_cast<int>(i);
  }
  return -1;
}

// The one ALT whose spelling equals `allele`; -1 if none or several.
int uniqueMatch(std::string_view allele, const std::vector<std::string>& spellings) {
  int found = -1;
  for (size_t i = 0; i < spellings.size(); ++i) {
    if (!equalsIgnoreCase(allele, spellings[i])) continue;
    if (found >= 0) return -1;
    found = static_cast<int>(i);
  }
  return found;
}

}  // namespace

AnnotationReader::AnnotationReader(bcf_hdr_t* hdr, const AnnotationOptions& options, const std::string& path) {
  for (const char* key : {"CSQ", "ANN", "BCSQ"}) {
    if (!declared(hdr, key)) continue;
    const std::string desc = description(hdr, key);
    const size_t snpeff = desc.find("Functional annotations:");
    const size_t format = desc.find("Format:");
    if (snpeff != std::string::npos) {
      layout_ = AnnotationLayout::SnpEff;
      names_ = namesOf(desc.substr(snpeff + std::strlen("Functional annotations:")));
    } else if (format != std::string::npos) {
      names_ = namesOf(desc.substr(format + std::strlen("Format:")));
      layout_ = std::strcmp(key, "BCSQ") == 0 ? AnnotationLayout::Bcftools : AnnotationLayout::Vep;
    } else if (std::strcmp(key, "ANN") == 0) {  // SnpEff's standard layout
      layout_ = AnnotationLayout::SnpEff;
      names_ = namesOf("Allele|Annotation|Annotation_Impact|Gene_Name|Gene_ID|Feature_Type|Feature_ID|"
                       "Transcript_BioType|Rank|HGVS.c|HGVS.p|cDNA.pos / cDNA.length|"
                       "CDS.pos / CDS.length|AA.pos / AA.length|Distance|ERRORS / WARNINGS / INFO");
    } else if (std::strcmp(key, "BCSQ") == 0) {
      layout_ = AnnotationLayout::Bcftools;
      names_ = namesOf("Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change");
    } else {
      continue;  // a CSQ without its field list cannot be read
    }
    key_ = key;
    break;
  }
  for (const std::string& name : names_) roles_.push_back(roleOf(layout_, name));
  if (!options.afField.empty()) {
    if (!declared(hdr, options.afField.c_str()))
      throw OptionError({"af-field"}, path + ": the header declares no INFO/" + options.afField +
                                          " to read allele frequencies from");
    afInfoKey_ = options.afField;
  } else {
    for (const char* name : {"gnomAD_AF", "gnomADe_AF", "gnomADg_AF", "MAX_AF"}) {
      for (size_t i = 0; i < names_.size() && afAnnotationField_.empty(); ++i)
        if (names_[i] == name && roles_[i] == Role::Extra) afAnnotationField_ = name;
      if (!afAnnotationField_.empty()) break;
    }
  }
  clnsig_ = declared(hdr, "CLNSIG");
}

AnnotationReader::~AnnotationReader() { std::free(values_); }

int* AnnotationReader::valuesCount(int type) {
  if (type != valuesType_) {
    nValues_ = 0;
    valuesType_ = type;
  }
  return &nValues_;
}

void AnnotationReader::describe(VariantAnnotations* out) const {
  out->infoKey = key_;
  out->layout = layout_;
  if (!afInfoKey_.empty()) out->afSource = "INFO/" + afInfoKey_;
  else if (!afAnnotationField_.empty()) out->afSource = key_ + "/" + afAnnotationField_;
}

std::string AnnotationReader::infoValue(bcf_hdr_t* hdr, bcf1_t* rec, const std::string& key, int alt, int nAlt) {
  const int id = bcf_hdr_id2int(hdr, BCF_DT_ID, key.c_str());
  const int type = bcf_hdr_id2type(hdr, BCF_HL_INFO, id);
  const int number = bcf_hdr_id2length(hdr, BCF_HL_INFO, id);
  const int n = bcf_get_info_values(hdr, rec, key.c_str(), &values_, valuesCount(type), type);
  if (n <= 0) return "";
  std::vector<std::string> vals;
  if (type == BCF_HT_FLAG) return "1";
  if (type == BCF_HT_STR) {
    const char* s = static_cast<const char*>(values_);
    for (std::string_view v : split(std::string_view(s, strnlen(s, static_cast<size_t>(n))), ','))
      vals.emplace_back(v);
  } else if (type == BCF_HT_REAL) {
    const float* f = static_cast<const float*>(values_);
    for (int i = 0; i < n && !bcf_float_is_vector_end(f[i]); ++i) {
      char text[32] = "";
      if (!bcf_float_is_missing(f[i])) std::snprintf(text, sizeof text, "%g", static_cast<double>(f[i]));
      vals.emplace_back(text);
    }
  } else {
    const int32_t* v = static_cast<const int32_t*>(values_);
    for (int i = 0; i < n && v[i] != bcf_int32_vector_end; ++i)
      vals.push_back(v[i] == bcf_int32_missing ? std::string() : std::to_string(v[i]));
  }
  for (std::string& v : vals)
    if (v == ".") v.clear();
  if (number == BCF_VL_A && static_cast<int>(vals.size()) == nAlt) return vals[alt];
  if (number == BCF_VL_R && static_cast<int>(vals.size()) == nAlt + 1) return vals[alt + 1];
  std::string all;
  for (size_t i = 0; i < vals.size(); ++i) all += (i ? "," : "") + vals[i];
  return all;
}

void AnnotationReader::read(bcf_hdr_t* hdr, bcf1_t* rec, VariantAnnotations* out) {
  const int nAlt = rec->n_allele > 1 ? rec->n_allele - 1 : 1;
  const size_t base = out->alleles.size();
  out->alleles.resize(base + nAlt);
  if (rec->n_allele < 2) return;
  AlleleAnnotation* alleles = &out->alleles[base];
  const std::string ref = rec->d.allele[0];
  std::vector<std::string> alts;
  for (int i = 1; i < rec->n_allele; ++i) alts.emplace_back(rec->d.allele[i]);

  if (!key_.empty()) {
    const int n = bcf_get_info_string(hdr, rec, key_.c_str(), &values_, valuesCount(BCF_HT_STR));
    const char* s = static_cast<const char*>(values_);
    const std::string info = n > 0 ? std::string(s, strnlen(s, static_cast<size_t>(n))) : std::string();
    std::vector<std::string> vep, minimal;
    if (layout_ == AnnotationLayout::Vep) {
      vep = vepAlleles(ref, alts);
      for (const std::string& alt : alts) minimal.push_back(vepMinimalAllele(ref, alt));
    }
    for (std::string_view text : info.empty() ? std::vector<std::string_view>() : split(info, ',')) {
      if (layout_ == AnnotationLayout::Bcftools && !text.empty() && text.front() == '@') {
        ++out->linkedEntries;  // "@POS": annotated at the record at POS
        continue;
      }
      TranscriptConsequence e;
      std::string alleleNum;
      const std::vector<std::string_view> fields = split(text, '|');
      for (size_t i = 0; i < fields.size() && i < roles_.size(); ++i) {
        const std::string value(fields[i]);
        switch (roles_[i]) {
          case Role::Extra: if (!value.empty()) e.extra[names_[i]] = value; break;
          case Role::Allele: e.allele = value; break;
          case Role::AlleleNum: alleleNum = value; break;
          case Role::Consequence:
            for (std::string_view c : split(fields[i], '&'))
              if (!c.empty()) e.consequences.emplace_back(c);
            break;
          case Role::Impact: e.impact = value; break;
          case Role::Gene: e.gene = value; break;
          case Role::GeneId: e.geneId = value; break;
          case Role::Transcript: e.transcript = value; break;
          case Role::Biotype: e.biotype = value; break;
          case Role::Hgvsc: e.hgvsc = value; break;
          case Role::Hgvsp: e.hgvsp = value; break;
          case Role::Pick: e.pick = value == "1"; break;
          case Role::Mane: e.mane = !value.empty(); break;
          case Role::Canonical: e.canonical = value == "YES"; break;
        }
      }
      // Which ALT the entry is for.
      int alt = -1;
      if (layout_ == AnnotationLayout::Vep) {
        int64_t num = 0;
        if (!alleleNum.empty() && text::parsePosition(alleleNum, &num) && num >= 1 && num <= nAlt) {
          alt = static_cast<int>(num - 1);
        } else {
          alt = uniqueMatch(e.allele, vep);
          if (alt < 0) alt = uniqueMatch(e.allele, minimal);
          if (alt < 0) alt = uniqueMatch(e.allele, alts);
          if (alt < 0 && nAlt == 1) alt = 0;  // e.g. "deletion" for <DEL>
        }
      } else if (layout_ == AnnotationLayout::SnpEff) {
        // "ALT-OTHER" (cancer mode: ALT over another ALT, not over REF) matches
        // no ALT and is dropped; a lone ALT takes what names no allele.
        alt = uniqueMatch(e.allele, alts);
        if (alt < 0 && nAlt == 1 && e.allele.find('-') == std::string::npos) alt = 0;
      } else if (nAlt == 1) {
        alt = 0;
      } else {
        alt = bcsqAlt(e.hgvsc, static_cast<int64_t>(rec->pos) + 1, ref, alts);
        if (alt < 0) {
          e.allAlts = true;
          for (int i = 0; i < nAlt; ++i)
            if (alts[i] != "*") alleles[i].entries.push_back(e);
          continue;
        }
      }
      if (alt < 0) {
        ++out->unmatchedEntries;
        continue;
      }
      alleles[alt].entries.push_back(std::move(e));
    }
  }

  for (int i = 0; i < nAlt; ++i) {
    AlleleAnnotation& a = alleles[i];
    a.picked = pickSummary(a.entries);
    // Variant-level fields: the picked entry's value, else the first entry's.
    auto fromEntries = [&](const std::string& name) {
      if (name.empty() || a.entries.empty()) return std::string();
      const auto& picked = a.entries[a.picked].extra;
      if (auto it = picked.find(name); it != picked.end()) return it->second;
      for (const TranscriptConsequence& e : a.entries)
        if (auto it = e.extra.find(name); it != e.extra.end()) return it->second;
      return std::string();
    };
    a.af = afInfoKey_.empty() ? fromEntries(afAnnotationField_) : infoValue(hdr, rec, afInfoKey_, i, nAlt);
    a.clinvar = fromEntries(layout_ == AnnotationLayout::Vep ? "CLIN_SIG" : "");
    if (a.clinvar.empty() && clnsig_) a.clinvar = infoValue(hdr, rec, "CLNSIG", i, nAlt);
  }
}

}  // namespace gpnmsa::detail
