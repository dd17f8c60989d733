// link_pairs.cpp: a link split into its pairs once, and the value readers the three link formats share.
//
// Index
//   PercentDecode                 %XX, refusing %00 and a NUL character
//   SplitHashPairs, LinkValue, LinkLab, SplitLinkList
//   ParseHashRow                  "1,2,3" with float32 checks
//   ParseLinkWhole, ParseLinkInt, ParseLinkNumber, ParseLinkNumberIn
// The refusals are catalog texts (assets/i18n, keys link.*) in the current language; English as before.
#include "core/lab/link_pairs.hpp"

#include <cmath>
#include <cstdlib>

#include "core/base/message.hpp"
#include "core/i18n/current.hpp"
#include "core/io/json.hpp"
#include "core/lab/lab_hash.hpp"
#include "core/lab/lab_input.hpp"

namespace bn {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool PercentDecode(const std::string& s, std::string* out, std::string* error) {
  out->clear();
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '\0') {
      *error = Tr("link.nul_character", {{"pos", std::to_string(k)}});
      return false;
    }
    if (s[k] != '%') {
      *out += s[k];
      continue;
    }
    const bool complete = k + 2 < s.size();
    const int hi = complete ? HexValue(s[k + 1]) : -1;
    const int lo = complete ? HexValue(s[k + 2]) : -1;
    if (hi < 0 || lo < 0) {
      *error = Tr("link.bad_escape", {{"pos", std::to_string(k)}});
      return false;
    }
    if (hi == 0 && lo == 0) {  // a NUL would end the value for every reader that stops there (strtol, C strings)
      *error = Tr("link.nul_escape", {{"pos", std::to_string(k)}});
      return false;
    }
    *out += static_cast<char>(hi * 16 + lo);
    k += 2;
  }
  return true;
}

}  // namespace

bool SplitHashPairs(const std::string& hash_in, LinkPairs* pairs, std::string* error) {
  std::string hash = hash_in;
  if (!hash.empty() && hash[0] == '#') hash.erase(0, 1);
  if (hash.size() > kLabMaxHashLength) {
    *error = Tr("link.too_long", {{"n", std::to_string(hash.size())}, {"max", std::to_string(kLabMaxHashLength)}});
    return false;
  }
  pairs->clear();
  if (hash.empty()) return true;
  for (const std::string& part : SplitLinkList(hash, '&')) {
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    if (eq == std::string::npos) {
      *error = Tr("link.no_equals", {{"part", bn::Quote(part)}});
      return false;
    }
    std::string key, value;
    if (!PercentDecode(part.substr(0, eq), &key, error) || !PercentDecode(part.substr(eq + 1), &value, error)) {
      return false;
    }
    if (LinkValue(*pairs, key) != nullptr) {
      *error = Tr("link.key_twice", {{"key", bn::Quote(key)}});
      return false;
    }
    pairs->emplace_back(key, value);
  }
  return true;
}

const std::string* LinkValue(const LinkPairs& pairs, const std::string& key) {
  for (const auto& kv : pairs)
    if (kv.first == key) return &kv.second;
  return nullptr;
}

std::string LinkLab(const LinkPairs& pairs) {
  const std::string* lab = LinkValue(pairs, "lab");
  return lab ? *lab : std::string();
}

std::vector<std::string> SplitLinkList(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t at = s.find(sep, start);
    parts.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + 1;
  }
  return parts;
}

bool ParseHashRow(const std::string& text, const std::string& what, Row* row, std::string* error) {
  const std::vector<std::string> parts = SplitLinkList(text, ',');
  if (parts.size() > static_cast<size_t>(kLabMaxFeatures)) {
    *error = Tr("link.row_too_long",
                {{"what", what}, {"n", std::to_string(parts.size())}, {"max", std::to_string(kLabMaxFeatures)}});
    return false;
  }
  row->resize(static_cast<Eigen::Index>(parts.size()));
  for (size_t j = 0; j < parts.size(); ++j) {
    double v = 0.0;
    std::string why;
    if (!ParseFloat32(parts[j], &v, &why)) {
      *error = Tr("link.row_value", {{"what", what}, {"n", std::to_string(j + 1)}, {"why", why}});
      return false;
    }
    (*row)(static_cast<Eigen::Index>(j)) = v;
  }
  return true;
}

bool ParseLinkWhole(const std::string& text, long lo, long hi, long* out) {
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < lo || v > hi) return false;
  *out = v;
  return true;
}

bool ParseLinkInt(const std::string& key, const std::string& text, int lo, int hi, int* out, std::string* error) {
  long v = 0;
  if (!ParseLinkWhole(text, lo, hi, &v)) {
    *error = Tr("link.whole_range", {{"key", key},
                                      {"lo", std::to_string(lo)},
                                      {"hi", std::to_string(hi)},
                                      {"got", bn::Quote(text)}});
    return false;
  }
  *out = static_cast<int>(v);
  return true;
}

bool ParseLinkNumber(const std::string& key, const std::string& text, double* out, std::string* error) {
  std::string why;
  if (ParseFloat32(text, out, &why)) return true;
  *error = Tr("link.key_why", {{"key", key}, {"why", why}});
  return false;
}

bool ParseLinkNumberIn(const std::string& key, const std::string& text, double lo, double hi, bool whole,
                       double* out, std::string* error) {
  Row r;
  if (!ParseHashRow(text, key, &r, error)) return false;
  if (r.size() != 1 || !(r(0) >= lo && r(0) <= hi) || (whole && r(0) != std::floor(r(0)))) {
    const FormatArgs args = {{"key", key}, {"lo", Json::Float32Text(lo)}, {"hi", Json::Float32Text(hi)},
                             {"got", bn::Quote(text)}};
    *error = whole ? Tr("link.whole_in", args) : Tr("link.number_in", args);
    return false;
  }
  *out = r(0);
  return true;
}

}  // namespace bn
