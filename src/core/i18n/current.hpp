// current.hpp: the language in use and its texts: Tr("menu.view.language"). The catalogs are assets/i18n/*.po,
// checked at build time by i18n_check (cmake/i18n.cmake) and embedded as build/generated/bnlab_catalogs.hpp.
//
// One process-wide current language. A global, unlike the rest of the program's state (which lives in AppState and
// is handed down), because every call site that shows a text needs it: the panels, the state layer's messages, the
// lesson, the exports. Threading the language through each of those calls would add a parameter to hundreds of
// functions for one value that changes only when the learner picks another language. It is written in one place
// only, the state layer (the command that sets the language, and start-up), and read from the main thread (the
// kernels' thread pool never touches texts). The catalogs themselves are built once from the embedded data and
// only grown (a fetched language's texts added, never one changed or removed), so a reference Tr returns stays valid
// after a switch (it then holds the old language's text).
//
// Index
//   AvailableLanguages, FindCatalog, EnglishCatalog, CatalogLoaded, AddCatalog
//   SetLanguage, CurrentLanguage, MatchBrowserLanguage, MatchOneLanguage, SystemLanguages, StartLanguage
//   Tr, LanguageName
//   CatalogCodepoints, LanguageNameCodepoints (the glyphs a language's texts need)
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/i18n/catalog.hpp"

namespace bn {

// The tags of the embedded catalogs: "en" first, then the others by name ("es", "pt-BR", "zh-Hans").
const std::vector<std::string>& AvailableLanguages();

// An embedded catalog by its exact tag; nullptr when there is none. English's holds every key except the lesson's
// (the English chapters are embedded as they are: core/learn/lesson.cpp); a translation only what it translates.
const Catalog* FindCatalog(std::string_view tag);
const Catalog& EnglishCatalog();

// Whether `tag`'s texts are all here. The desktop program embeds every catalog; the page embeds English only and
// fetches another language's catalog when it is chosen (i18n_check --fetched; the other languages' own names are
// embedded, for the Language menu). Until then FindCatalog(tag) holds only that name.
bool CatalogLoaded(std::string_view tag);
// Adds a fetched catalog (CatalogFromFetched's layout) to `tag`'s; true when it is complete now (also when it already
// was). False with a one-line *error (English, a notice's detail) for a tag bnlab lacks or bytes that are not its
// catalog; nothing changes then.
bool AddCatalog(const std::string& tag, std::string_view fetched, std::string* error);

// Makes `tag` the current language. False, and nothing changes, for a tag without a complete catalog.
bool SetLanguage(const std::string& tag);
const std::string& CurrentLanguage();  // "en" until SetLanguage

// MatchLanguage over the embedded catalogs (a first visit: navigator.languages; a link's lang=).
std::string MatchBrowserLanguage(const std::vector<std::string>& browser);

// One asked-for tag (a link's lang=, a menu's choice, --lang) matched to an embedded catalog: "zh-CN" → "zh-Hans",
// "pt" → "pt-BR", "ES" → "es". "" when bnlab has no catalog for that language ("fr", "zh-TW", "x").
std::string MatchOneLanguage(const std::string& tag);

// The system's languages as tags, most wanted first, from the POSIX variables (desktop): LANGUAGE's list
// ("es:en"), else LC_ALL, else LC_MESSAGES, else LANG; "es_ES.UTF-8" → "es-ES", "sr_RS@latin" → "sr-RS"; C and
// POSIX name no language (empty list).
std::vector<std::string> SystemLanguages(const std::string& language, const std::string& lc_all,
                                         const std::string& lc_messages, const std::string& lang);

// The language a start uses: `asked` (desktop --lang) when bnlab has it, else the learner's saved choice (View →
// Language), else the first of `preferred` (the browser's navigator.languages, the system's) that bnlab has, else
// English. A link's lang= comes later, over this (state/link.cpp).
std::string StartLanguage(const std::string& asked, const std::string& saved, const std::vector<std::string>& preferred);

// The current language's text for `key`, else English's, else the key itself (so a misspelt key shows as it is).
const std::string& Tr(std::string_view key);
// The same with its {name} placeholders filled in: Tr("lesson.progress", {{"n", "3"}, {"total", "15"}}).
std::string Tr(std::string_view key, const FormatArgs& args);

// A language's own name ("Español", "简体中文"), as the Language menu lists it in every language: the key
// "lang.TAG" of that language's catalog, else English's, else the tag.
std::string LanguageName(const std::string& tag);

// The code points at or above `from` in language `tag`'s texts (its catalog; English's for a tag without one), sorted,
// each once: the glyphs a font must carry for that language (CatalogCodepoints("zh-Hans", 0x2E80): the hanzi and
// full-width punctuation).
std::vector<char32_t> CatalogCodepoints(const std::string& tag, char32_t from);
// The code points at or above `from` in every language's own name (the Language menu shows all of them in every
// language: "简体中文" needs its four hanzi even in English).
std::vector<char32_t> LanguageNameCodepoints(char32_t from);

}  // namespace bn
