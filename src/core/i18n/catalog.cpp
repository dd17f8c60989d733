// catalog.cpp: catalogs, placeholders, the translation check, language tags (see catalog.hpp).
//
// Index
//   1. Catalog, CatalogFromPo, Lookup
//   2. Placeholders, Format
//   3. CheckTranslation
//   4. ParseLanguageTag, MatchLanguage
#include "core/i18n/catalog.hpp"

#include "core/base/message.hpp"

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. Catalogs
// ---------------------------------------------------------------------------------------------
const std::string* Catalog::Find(std::string_view key) const {
  const auto it = texts.find(key);
  return it == texts.end() ? nullptr : &it->second;
}

Catalog CatalogFromPo(const std::string& tag, const PoFile& po, bool source, const PoFile* english) {
  Catalog c;
  c.tag = tag;
  std::map<std::string, const PoEntry*, std::less<>> en;
  if (english)
    for (const PoEntry& e : english->entries) en[e.key] = &e;
  for (const PoEntry& e : po.entries) {
    if (source) {
      c.texts[e.key] = e.msgid;
      continue;
    }
    if (e.msgstr.empty() || e.fuzzy()) continue;
    if (english) {
      const auto it = en.find(e.key);
      if (it == en.end() || it->second->msgid != e.msgid) continue;  // extra, or stale
    }
    c.texts[e.key] = e.msgstr;
  }
  return c;
}

const std::string* Lookup(const Catalog* language, const Catalog& english, std::string_view key) {
  if (language)
    if (const std::string* t = language->Find(key)) return t;
  return english.Find(key);
}

std::string FetchedCatalogBytes(const Catalog& catalog) {
  std::string out = "bnlab-catalog 1 " + catalog.tag + " " + std::to_string(catalog.texts.size()) + "\n";
  for (const auto& [key, text] : catalog.texts) {
    out += key;
    out += '\0';
    out += text;
    out += '\0';
  }
  return out;
}

bool CatalogFromFetched(std::string_view bytes, const std::string& tag, Catalog* out, std::string* error) {
  const std::string_view magic = "bnlab-catalog 1 ";
  const size_t eol = bytes.find('\n');
  if (bytes.substr(0, magic.size()) != magic || eol == std::string_view::npos) {
    *error = "not a bnlab catalog file";
    return false;
  }
  const std::string_view head = bytes.substr(magic.size(), eol - magic.size());  // "TAG COUNT"
  const size_t space = head.find(' ');
  if (space == std::string_view::npos || head.substr(0, space) != tag) {
    *error = "the file is for \"" + std::string(head.substr(0, space)) + "\", not \"" + tag + "\"";
    return false;
  }
  size_t count = 0;
  for (const char c : head.substr(space + 1)) {
    if (c < '0' || c > '9' || count > 1000000) {
      *error = "its count of texts is not a number";
      return false;
    }
    count = count * 10 + static_cast<size_t>(c - '0');
  }
  Catalog c;
  c.tag = tag;
  size_t pos = eol + 1;
  for (size_t k = 0; k < count; ++k) {
    const size_t key_end = bytes.find('\0', pos);
    const size_t text_end = key_end == std::string_view::npos ? key_end : bytes.find('\0', key_end + 1);
    if (text_end == std::string_view::npos) {
      *error = "cut short: " + std::to_string(k) + " of " + std::to_string(count) + " texts";
      return false;
    }
    const std::string_view key = bytes.substr(pos, key_end - pos), text = bytes.substr(key_end + 1, text_end - key_end - 1);
    if (key.empty() || text.empty()) {
      *error = "text " + std::to_string(k + 1) + " has an empty " + (key.empty() ? "key" : "text");
      return false;
    }
    if (!c.texts.emplace(std::string(key), std::string(text)).second) {
      *error = "the key \"" + std::string(key) + "\" comes twice";
      return false;
    }
    pos = text_end + 1;
  }
  if (pos != bytes.size()) {
    *error = "it has more than the " + std::to_string(count) + " texts it announces";
    return false;
  }
  *out = std::move(c);
  return true;
}

// ---------------------------------------------------------------------------------------------
// 2. Placeholders
// ---------------------------------------------------------------------------------------------
namespace {

bool NameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool NameChar(char c) { return NameStart(c) || (c >= '0' && c <= '9'); }

// At text[pos] == '{': the length of "{name}" there, or 0 when it is not a placeholder.
size_t PlaceholderAt(const std::string& text, size_t pos) {
  size_t k = pos + 1;
  if (k >= text.size() || !NameStart(text[k])) return 0;
  while (k < text.size() && NameChar(text[k])) ++k;
  return k < text.size() && text[k] == '}' ? k + 1 - pos : 0;
}

// "{n}, {total}" for a message: each name cut short, at most 6 of them (a message stays one short line).
std::string Join(const std::set<std::string>& names) {
  if (names.empty()) return "none";
  std::string out;
  size_t shown = 0;
  for (const std::string& n : names) {
    if (shown++ == 6) return out + ", …";
    out += (out.empty() ? "{" : ", {") + Quote(n, 24) + "}";
  }
  return out;
}

}  // namespace

std::set<std::string> Placeholders(const std::string& text) {
  std::set<std::string> names;
  for (size_t pos = text.find('{'); pos != std::string::npos; pos = text.find('{', pos + 1)) {
    const size_t n = PlaceholderAt(text, pos);
    if (n) names.insert(text.substr(pos + 1, n - 2));
  }
  return names;
}

std::string Format(const std::string& text, const FormatArgs& args) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find('{', pos);
    if (open == std::string::npos) {
      out.append(text, pos, std::string::npos);
      break;
    }
    out.append(text, pos, open - pos);
    const size_t n = PlaceholderAt(text, open);
    const std::string name = n ? text.substr(open + 1, n - 2) : std::string();
    const std::string* value = nullptr;
    for (const auto& a : args)
      if (n && a.first == name) value = &a.second;
    if (value) {
      out += *value;
      pos = open + n;
    } else {
      out += '{';
      pos = open + 1;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 3. CheckTranslation
// ---------------------------------------------------------------------------------------------
const char* GapKindName(GapKind kind) {
  switch (kind) {
    case GapKind::Missing: return "missing";
    case GapKind::Fuzzy: return "fuzzy";
    case GapKind::Stale: return "stale";
    case GapKind::Extra: return "extra";
    case GapKind::Placeholders: return "placeholders";
  }
  return "?";
}

std::vector<CatalogGap> CheckTranslation(const PoFile& english, const PoFile& translation) {
  std::vector<CatalogGap> gaps;
  std::map<std::string, const PoEntry*, std::less<>> tr, en;
  for (const PoEntry& e : translation.entries) tr[e.key] = &e;
  for (const PoEntry& e : english.entries) en[e.key] = &e;
  for (const PoEntry& e : english.entries) {
    const std::string key = "\"" + Quote(e.key, 60) + "\"";
    const auto it = tr.find(e.key);
    if (it == tr.end()) {
      gaps.push_back({GapKind::Missing, e.key, 0, key + " is missing (shown in English)"});
      continue;
    }
    const PoEntry& t = *it->second;
    if (!t.msgstr.empty()) {
      const std::set<std::string> want = Placeholders(t.msgid), have = Placeholders(t.msgstr);
      if (want != have)
        gaps.push_back({GapKind::Placeholders, e.key, t.line,
                        key + ": the translation has the placeholders " + Join(have) + ", its English " + Join(want) +
                            " (keep every {name} as it is, translate the words around it)"});
    }
    if (t.msgstr.empty()) {
      gaps.push_back({GapKind::Missing, e.key, t.line, key + " is not translated: msgstr is empty (shown in English)"});
    } else if (t.msgid != e.msgid) {
      gaps.push_back({GapKind::Stale, e.key, t.line,
                      key + " is stale: its msgid is not the English text in en.po any more (shown in English until "
                            "msgid is updated and msgstr checked)"});
    } else if (t.fuzzy()) {
      gaps.push_back({GapKind::Fuzzy, e.key, t.line, key + " is marked fuzzy (shown in English until the mark is removed)"});
    }
  }
  for (const PoEntry& t : translation.entries)
    if (en.find(t.key) == en.end())
      gaps.push_back({GapKind::Extra, t.key, t.line,
                      "\"" + Quote(t.key, 60) + "\" is not a key of en.po (never shown: a misspelt key, or one English dropped)"});
  return gaps;
}

// ---------------------------------------------------------------------------------------------
// 4. Language tags
// ---------------------------------------------------------------------------------------------
namespace {

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool AllAlpha(const std::string& s) {
  for (const char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return !s.empty();
}

bool AllDigits(const std::string& s) {
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

}  // namespace

bool ParseLanguageTag(const std::string& text, LanguageTag* tag) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find_first_of("-_", pos);
    if (end == std::string::npos) end = text.size();
    parts.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  if (parts.empty() || !AllAlpha(parts[0]) || parts[0].size() < 2 || parts[0].size() > 3) return false;
  LanguageTag t;
  t.language = Lower(parts[0]);
  for (size_t k = 1; k < parts.size(); ++k) {
    const std::string& p = parts[k];
    if (p.size() == 1) break;  // an extension or private use ("-u-…", "-x-…"): the rest is not script or region
    if (k == 1 && p.size() == 4 && AllAlpha(p)) t.script = Lower(p);
    else if (t.region.empty() && ((p.size() == 2 && AllAlpha(p)) || (p.size() == 3 && AllDigits(p)))) t.region = Lower(p);
  }
  if (t.language == "zh" && t.script.empty())  // CLDR's likely subtags: zh-TW, zh-HK, zh-MO are Traditional
    t.script = t.region == "tw" || t.region == "hk" || t.region == "mo" ? "hant" : "hans";
  *tag = t;
  return true;
}

std::string MatchLanguage(const std::vector<std::string>& browser, const std::vector<std::string>& available) {
  if (available.empty()) return "en";
  std::vector<LanguageTag> tags(available.size());
  std::vector<bool> valid(available.size());
  for (size_t k = 0; k < available.size(); ++k) valid[k] = ParseLanguageTag(available[k], &tags[k]);
  for (const std::string& text : browser) {
    LanguageTag b;
    if (!ParseLanguageTag(text, &b)) continue;
    int same = -1;
    for (size_t k = 0; k < available.size(); ++k) {
      if (!valid[k] || tags[k].language != b.language || tags[k].script != b.script) continue;
      if (tags[k].region == b.region) return available[k];  // the same tag
      if (same < 0) same = static_cast<int>(k);
    }
    if (same >= 0) return available[same];
  }
  return available[0];
}

}  // namespace bn
