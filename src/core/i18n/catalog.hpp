// catalog.hpp: one language's texts by key, the {name} placeholders, the check of a translation against the English,
// and the choice of a language from a browser's list. Pure std (the build's i18n_check compiles it too).
//
// A key names a text where it is used ("menu.view.language", "lesson.04-two-steps.q1.prompt"); English is the source
// (en.po's msgid) and every other language falls back to it, text by text: a key a translation lacks, leaves empty,
// marks fuzzy or translated from an older English (stale) is shown in English.
//
// Index
//   Catalog, CatalogFromPo, Lookup
//   FetchedCatalogBytes, CatalogFromFetched (a language the web build fetches instead of embedding)
//   Placeholders, Format
//   CatalogGap, CheckTranslation (missing, fuzzy, stale, extra keys; placeholder mismatches)
//   LanguageTag, ParseLanguageTag, MatchLanguage (navigator.languages → one of the catalogs)
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/i18n/po.hpp"

namespace bn {

// ---------------------------------------------------------------------------------------------
// Catalogs
// ---------------------------------------------------------------------------------------------
struct Catalog {
  std::string tag;                                        // "en", "es", "pt-BR", "zh-Hans"
  std::map<std::string, std::string, std::less<>> texts;  // key → text (never empty)
  const std::string* Find(std::string_view key) const;    // nullptr: not in this catalog
};

// The catalog of a PO file. `source` (en.po): key → msgid. A translation: key → msgstr, leaving out the entries
// that fall back to English (empty msgstr, fuzzy) and, when `english` is given, the stale ones (msgid differs from
// the English text of that key) and the keys English does not have.
Catalog CatalogFromPo(const std::string& tag, const PoFile& po, bool source, const PoFile* english = nullptr);

// The text of `key` in `language` (may be null), else in `english`; nullptr when neither has it.
const std::string* Lookup(const Catalog* language, const Catalog& english, std::string_view key);

// A catalog as the web build ships a language it does not embed (i18n_check --fetched DIR writes DIR/lang-TAG.cat; the
// page fetches it when the language is chosen). Layout: the line "bnlab-catalog 1 TAG COUNT\n", then COUNT pairs
// key NUL text NUL, keys in order. Raw UTF-8, no escapes: the smallest form to send and to read.
std::string FetchedCatalogBytes(const Catalog& catalog);
// The catalog in `bytes` into *out; false with a one-line *error (English, for the log and a notice's detail) when the
// bytes are not such a file, name another language than `tag`, are cut short, hold an empty key or text, or repeat a
// key.
bool CatalogFromFetched(std::string_view bytes, const std::string& tag, Catalog* out, std::string* error);

// ---------------------------------------------------------------------------------------------
// Placeholders: {name}, name = a letter or '_' then letters, digits, '_'. Other braces are text.
// ---------------------------------------------------------------------------------------------
using FormatArgs = std::vector<std::pair<std::string, std::string>>;

// The placeholder names in a text: "{n} of {total}" → {"n", "total"}.
std::set<std::string> Placeholders(const std::string& text);

// The text with each {name} given in args replaced by its value, in one pass (a value holding "{x}" stays as it
// is); a {name} not in args stays as written, so a forgotten argument shows. Format("{n} steps", {{"n","3"}}) is
// "3 steps".
std::string Format(const std::string& text, const FormatArgs& args);

// ---------------------------------------------------------------------------------------------
// The check of a translation
// ---------------------------------------------------------------------------------------------
enum class GapKind {
  Missing,       // no entry for an English key, or msgstr "" (shown in English)
  Fuzzy,         // "#, fuzzy" (shown in English until the mark is taken off)
  Stale,         // msgid differs from the English text: translated from an older English (shown in English)
  Extra,         // a key English does not have (never shown)
  Placeholders,  // msgstr's {names} differ from its msgid's: an error, the build stops
};

struct CatalogGap {
  GapKind kind = GapKind::Missing;
  std::string key;
  int line = 0;         // in the translation's file; 0 for a missing entry
  std::string message;  // one line: what and why ("shown in English")
  bool error() const { return kind == GapKind::Placeholders; }
};

const char* GapKindName(GapKind kind);  // "missing", "fuzzy", "stale", "extra", "placeholders"

// Every gap of `translation` against `english` (en.po): English's keys in order, then the extra keys in file order.
// Placeholders are compared between an entry's own msgid and msgstr (a stale entry is checked against the English it
// was translated from, so a new placeholder in English makes translations stale, not broken).
std::vector<CatalogGap> CheckTranslation(const PoFile& english, const PoFile& translation);

// ---------------------------------------------------------------------------------------------
// Language tags (BCP 47, as navigator.language gives them: "es-419", "pt-BR", "zh-Hans-CN", "zh_TW")
// ---------------------------------------------------------------------------------------------
struct LanguageTag {
  std::string language;  // lower case: "zh"
  std::string script;    // lower case, inferred where the language implies it: zh-CN → "hans", zh-TW → "hant"
  std::string region;    // lower case: "cn", "419"
};

// False for text that does not start with a language subtag of 2–3 letters ("*", "", "12").
bool ParseLanguageTag(const std::string& text, LanguageTag* tag);

// The catalog (one of `available`, whose first is the default, English) for a browser's languages in the user's
// order: the first browser language that any catalog serves picks it, the same tag exactly if there is one, else the
// first catalog of the same language and script (es-ES, es-419 → es; pt, pt-PT → pt-BR; zh, zh-CN, zh-SG,
// zh-Hans-CN → zh-Hans). Chinese in Traditional script (zh-TW, zh-HK, zh-MO, zh-Hant…) is not served by zh-Hans, as
// CLDR does not fall back from one script to the other: the next language in the list decides, else English. Nothing
// served: available[0].
std::string MatchLanguage(const std::vector<std::string>& browser, const std::vector<std::string>& available);

}  // namespace bn
