// i18n_check: the text catalogs (assets/i18n/*.po, format: assets/i18n/README.md) checked and embedded, and the lesson's
// texts written into them. Pure std, built with the host compiler in both builds (cmake/i18n.cmake), like lesson_check.
//
//   i18n_check [--strict LANGS] [--all] [--lesson DIR] [--header OUT.hpp] [--fetched DIR] [--web-strings OUT.js KEYS]
//              [--words OUTDIR]
//              CATALOG_DIR
//       Reads CATALOG_DIR/en.po (the English source) and every other CATALOG_DIR/*.po, and prints each language's gaps:
//       a warning where a text falls back to English (missing, empty, fuzzy, stale) or is never shown (a key English
//       lacks); an error, exit 1, for a malformed file, a duplicate key or a placeholder mismatch. --lesson DIR (the
//       English chapters, assets/lesson/en): the lesson's keys are checked against the chapters themselves, and en.po's
//       lesson section must match them. --strict LANGS ("en,es" or "all"): those languages' gaps are errors too (ctest
//       i18n); a "N passed, N failed" line per language closes the output. --all: every gap (else 10 per language).
//       --header OUT.hpp: the catalogs as C++ (namespace bn::catalog_files), written only when it changed; English
//       without the lesson (the chapters are embedded as they are), a translation only with the texts it shows.
//       --fetched DIR (the web build): every language but English goes to DIR/lang-TAG.cat instead (bn::
//       FetchedCatalogBytes; the page fetches it when the language is chosen) and the header keeps only its "lang."
//       texts (the languages' own names, for the Language menu). Each file is written only when it changed.
//       --web-strings OUT.js KEYS: the texts the page shows before the wasm runs (web/loader.js), as JavaScript:
//       window.BNLAB_STRINGS = {"en": {key: text, …}, "es": {…}, …}, English first, a translation only with the texts
//       it shows. KEYS: a comma list of keys ("app.loading") and prefixes ending in '.' ("web.page."); each must name
//       an English key. Written only when it changed; its size is printed.
//       --words OUTDIR (needs --lesson): the lesson's first chapter as an HTML fragment per language,
//       OUTDIR/words-TAG.html, which the page shows while the wasm loads (web/loader.js; build-wasm.sh puts English
//       inline into index.html): the text version's heading (web.a11y.lesson.chapter_heading), the paragraphs and the
//       formula line (web.a11y.formula) as web/a11y.js renderLesson shows them, HTML-escaped; not the questions.
//   i18n_check --extract-lesson DIR EN_PO
//       Writes the English chapters' texts (DIR/*.md) into EN_PO as its lesson section (every lesson.* entry replaced).
//   i18n_check --import-lesson DIR TRANSLATED_DIR XX_PO
//       Pairs each translated chapter TRANSLATED_DIR/NN-name.md (the English file's structure, its texts translated)
//       with DIR/NN-name.md field by field and writes XX_PO's lesson section: msgid the English, msgstr the
//       translation. A chapter with no translated file keeps the entries XX_PO had.
//
// Exit: 0 fine, 1 an error (printed as FILE:LINE: error: …), 2 usage.
//
// Index
//   1. Files: reading, the chapters, language tags
//   2. The lesson's entries (extraction and the section written into a PO file)
//   3. check: gaps per language, the header, the page's strings, the page's first words
//   4. main
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/i18n/catalog.hpp"
#include "core/i18n/po.hpp"
#include "core/learn/chapter_file.hpp"
#include "core/learn/chapter_i18n.hpp"

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------------------------
// 1. Files
// ---------------------------------------------------------------------------------------------
bool ReadText(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  *text = ss.str();
  return true;
}

bool WriteText(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  return static_cast<bool>(f);
}

// The files in `dir` whose names end in `ext`, sorted by name.
std::vector<std::string> FilesIn(const std::string& dir, const std::string& ext) {
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_regular_file(ec) && name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0)
      files.push_back((fs::path(dir) / name).string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string BaseName(const std::string& path) { return fs::path(path).filename().string(); }

// Reads a PO file; false after printing FILE:LINE: error: ….
bool LoadPo(const std::string& path, bn::PoFile* po, std::string* text = nullptr) {
  std::string t;
  if (!ReadText(path, &t)) {
    std::fprintf(stderr, "%s:1: error: cannot be read\n", path.c_str());
    return false;
  }
  bn::PoError e;
  if (!bn::ParsePo(t, po, &e)) {
    std::fprintf(stderr, "%s\n", bn::PoErrorLine(path, e).c_str());
    return false;
  }
  if (text) *text = t;
  return true;
}

// The chapters of a folder (NN-name.md), read with the program's own reader; false after printing the first error.
bool LoadChapters(const std::string& dir, std::vector<bn::Chapter>* chapters) {
  const std::vector<std::string> files = FilesIn(dir, ".md");
  if (files.empty()) {
    std::fprintf(stderr, "%s: error: no chapter files (*.md)\n", dir.c_str());
    return false;
  }
  bool ok = true;
  for (const std::string& path : files) {
    std::string text;
    bn::Chapter c;
    bn::ChapterFileError e;
    if (!ReadText(path, &text)) {
      std::fprintf(stderr, "%s:1: error: cannot be read\n", path.c_str());
      ok = false;
    } else if (!bn::ParseChapterFile(BaseName(path), text, &c, &e)) {
      std::fprintf(stderr, "%s:%d: error: %s\n", path.c_str(), e.line, e.message.c_str());
      ok = false;
    } else {
      chapters->push_back(c);
    }
  }
  return ok;
}

// A catalog's file name is its language tag: "es", "pt-BR", "zh-Hans" (letters, subtags after '-').
bool ValidTag(const std::string& tag) {
  bn::LanguageTag t;
  if (!bn::ParseLanguageTag(tag, &t) || tag.find('_') != std::string::npos) return false;
  for (const char c : tag)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

// A header's "Language: pt_BR" (as Poedit writes it) names the file's language "pt-BR"; "zh_CN" names "zh-Hans".
bool SameLanguage(const std::string& a, const std::string& b) {
  bn::LanguageTag x, y;
  return bn::ParseLanguageTag(a, &x) && bn::ParseLanguageTag(b, &y) && x.language == y.language && x.script == y.script &&
         (x.region == y.region || x.region.empty() || y.region.empty());
}

// ---------------------------------------------------------------------------------------------
// 2. The lesson's entries
// ---------------------------------------------------------------------------------------------
const char kLessonPrefix[] = "lesson.";

// Words of two letters or more ("(1 + 3)/4 = 1" has none): a text with 4 of them left as the English is worth a word.
int Words(const std::string& text) {
  int words = 0, letters = 0;
  for (size_t k = 0; k <= text.size(); ++k) {
    const char c = k < text.size() ? text[k] : ' ';
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      ++letters;
    } else if (c == ' ' || c == '\n') {
      words += letters >= 2;
      letters = 0;
    }
  }
  return words;
}

std::vector<bn::PoEntry> LessonEntries(const std::vector<bn::Chapter>& chapters) {
  std::vector<bn::PoEntry> entries;
  for (const bn::Chapter& c : chapters)
    for (const bn::ChapterField& f : bn::ChapterFields(c)) {
      bn::PoEntry e;
      e.key = f.key;
      e.msgid = f.text;
      e.notes.push_back(f.note);
      entries.push_back(e);
    }
  return entries;
}

// `text` (a parsed PO file) with its lesson entries replaced by `entries`, as a section at the end.
std::string WithLessonSection(const std::string& text, const bn::PoFile& parsed, std::vector<bn::PoEntry> entries,
                              const std::string& marker) {
  std::string out = bn::RemovePoEntries(text, parsed, kLessonPrefix);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) out.pop_back();
  if (!out.empty()) out += "\n\n";
  if (!entries.empty()) {
    entries[0].comments.insert(entries[0].comments.begin(), marker);
    entries[0].comments.insert(entries[0].comments.begin(), std::string(100, '-'));
  }
  for (size_t k = 0; k < entries.size(); ++k) out += (k ? "\n" : "") + bn::WritePoEntry(entries[k]);
  return out;
}

// True when a space stands between two CJK characters (ideographs, CJK or full-width punctuation): the chapter reader
// joins a paragraph's lines with a space, so Chinese wrapped over two lines of a chapter file gets a stray one.
bool SpaceBetweenCjk(const std::string& text) {
  auto cjk = [](uint32_t c) { return (c >= 0x3000 && c <= 0x303F) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xFF00 && c <= 0xFFEF); };
  uint32_t before = 0, prev = 0;  // the two code points before the current one
  for (size_t i = 0; i < text.size();) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    const int n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    uint32_t c = n == 1 ? b : b & (0xFF >> (n + 1));
    for (int k = 1; k < n && i + k < text.size(); ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    if (prev == ' ' && cjk(before) && cjk(c)) return true;
    before = prev;
    prev = c;
    i += n;
  }
  return false;
}

// Writes `text` to `path` after reading it back (a writer's slip must not leave a file the build refuses).
int WritePoChecked(const std::string& path, const std::string& text) {
  bn::PoFile check;
  bn::PoError e;
  if (!bn::ParsePo(text, &check, &e)) {
    std::fprintf(stderr, "%s (the text i18n_check would write; nothing written)\n", bn::PoErrorLine(path, e).c_str());
    return 1;
  }
  if (!WriteText(path, text)) {
    std::fprintf(stderr, "%s:1: error: cannot be written\n", path.c_str());
    return 1;
  }
  return 0;
}

int ExtractLesson(const std::string& dir, const std::string& po_path) {
  std::vector<bn::Chapter> chapters;
  bn::PoFile po;
  std::string text;
  if (!LoadChapters(dir, &chapters) || !LoadPo(po_path, &po, &text)) return 1;
  const std::vector<bn::PoEntry> entries = LessonEntries(chapters);
  const std::string out = WithLessonSection(
      text, po, entries,
      "The lesson (assets/lesson/en/*.md), written by `i18n_check --extract-lesson`: edit the chapters, not these entries.");
  if (WritePoChecked(po_path, out)) return 1;
  std::printf("i18n_check: %s: %zu lesson texts from %zu chapters\n", po_path.c_str(), entries.size(), chapters.size());
  return 0;
}

int ImportLesson(const std::string& dir, const std::string& translated_dir, const std::string& po_path) {
  std::vector<bn::Chapter> chapters;
  bn::PoFile po;
  std::string text;
  if (!LoadChapters(dir, &chapters) || !LoadPo(po_path, &po, &text)) return 1;
  std::map<std::string, std::vector<const bn::PoEntry*>> kept;  // chapter stem → the entries the file had
  for (const bn::PoEntry& e : po.entries)
    if (e.key.compare(0, sizeof kLessonPrefix - 1, kLessonPrefix) == 0) {
      const std::string rest = e.key.substr(sizeof kLessonPrefix - 1);
      kept[rest.substr(0, rest.find('.'))].push_back(&e);
    }
  std::vector<bn::PoEntry> entries;
  int imported = 0, bad = 0, same = 0;
  for (const bn::Chapter& en : chapters) {
    const std::string path = (fs::path(translated_dir) / en.file).string();
    std::string t;
    if (!ReadText(path, &t)) {
      std::fprintf(stderr, "%s: warning: no translated file: the chapter keeps the entries %s had (%zu)\n", path.c_str(),
                   po_path.c_str(), kept[bn::ChapterStem(en)].size());
      for (const bn::PoEntry* e : kept[bn::ChapterStem(en)]) entries.push_back(*e);
      continue;
    }
    bn::Chapter tr;
    bn::ChapterFileError fe;
    if (!bn::ParseChapterFile(en.file, t, &tr, &fe)) {
      std::fprintf(stderr, "%s:%d: error: %s\n", path.c_str(), fe.line, fe.message.c_str());
      ++bad;
      continue;
    }
    std::vector<std::pair<bn::ChapterField, std::string>> pairs;
    std::string why;
    if (!bn::PairChapters(en, tr, &pairs, &why)) {
      std::fprintf(stderr, "%s:1: error: %s\n", path.c_str(), why.c_str());
      ++bad;
      continue;
    }
    for (const auto& p : pairs) {
      bn::PoEntry e;
      e.key = p.first.key;
      e.msgid = p.first.text;
      e.msgstr = p.second;
      e.notes.push_back(p.first.note);
      const bool formula = e.key.size() > 8 && e.key.compare(e.key.size() - 8, 8, ".formula") == 0;
      if (SpaceBetweenCjk(e.msgstr))
        std::fprintf(stderr, "%s: warning: %s has a space between two Chinese characters (a line wrapped in the file? "
                             "keep each text on one line)\n", path.c_str(), e.key.c_str());
      if (!formula && e.msgstr == e.msgid && Words(e.msgid) >= 4) {
        std::fprintf(stderr, "%s: warning: %s is the English text as it is (not translated?)\n", path.c_str(), e.key.c_str());
        ++same;
      }
      entries.push_back(e);
    }
    ++imported;
  }
  if (bad) {
    std::fprintf(stderr, "i18n_check: %d translated chapter%s refused; %s not written\n", bad, bad == 1 ? "" : "s",
                 po_path.c_str());
    return 1;
  }
  const std::string out = WithLessonSection(
      text, po, entries,
      "The lesson: msgid is the English chapter's text (assets/lesson/en/*.md), msgstr its translation. "
      "`i18n_check --import-lesson` writes these from translated chapter files.");
  if (WritePoChecked(po_path, out)) return 1;
  std::printf("i18n_check: %s: %zu lesson texts, %d of %zu chapters from %s%s\n", po_path.c_str(), entries.size(),
              imported, chapters.size(), translated_dir.c_str(),
              same ? (" (" + std::to_string(same) + " left as the English)").c_str() : "");
  return 0;
}

// ---------------------------------------------------------------------------------------------
// 3. check
// ---------------------------------------------------------------------------------------------
// A C string literal of `text` (escapes for \ " and control characters; UTF-8 bytes as they are).
std::string CString(const std::string& text) {
  std::string out = "\"";
  for (const char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    } else out += ch;
  }
  return out + "\"";
}

// A JavaScript string literal of `text` (JSON's escapes; UTF-8 bytes as they are, but U+2028/U+2029 escaped and "</"
// written "<\/", so the file can also sit inside an HTML <script> element: web/make_single_file.mjs).
std::string JsString(const std::string& text) {
  std::string out = "\"";
  for (size_t k = 0; k < text.size(); ++k) {
    const unsigned char c = static_cast<unsigned char>(text[k]);
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else if (c == 0xE2 && k + 2 < text.size() && static_cast<unsigned char>(text[k + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[k + 2]) == 0xA8 || static_cast<unsigned char>(text[k + 2]) == 0xA9)) {
      out += static_cast<unsigned char>(text[k + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      k += 2;
    } else if (c == '<' && k + 1 < text.size() && text[k + 1] == '/') {
      out += "<\\/";
      ++k;
    } else {
      out += text[k];
    }
  }
  return out + "\"";
}

// "app.loading,web.page." → {"app.loading", "web.page."}; a key matches an item equal to it or a prefix (ending in '.')
// it starts with.
std::vector<std::string> SplitList(const std::string& list) {
  std::vector<std::string> items;
  size_t pos = 0;
  while (pos <= list.size()) {
    const size_t comma = list.find(',', pos);
    const std::string item = list.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (!item.empty()) items.push_back(item);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return items;
}
bool KeyListed(const std::string& key, const std::string& item) {
  return item.back() == '.' ? key.compare(0, item.size(), item) == 0 : key == item;
}

struct Language {
  std::string tag, path;
  bn::PoFile po;
  bn::Catalog catalog;  // what is embedded
};

// The page's strings (--web-strings): `keys` items against English's keys; false after printing an error.
bool WriteWebStrings(const std::vector<Language>& langs, const std::string& path, const std::string& keys) {
  const std::vector<std::string> items = SplitList(keys);
  if (items.empty()) {
    std::fprintf(stderr, "i18n_check: --web-strings: no keys given\n");
    return false;
  }
  const bn::Catalog& english = langs[0].catalog;
  bool ok = true;
  for (const std::string& item : items)
    if (std::none_of(english.texts.begin(), english.texts.end(), [&](const auto& kv) { return KeyListed(kv.first, item); })) {
      std::fprintf(stderr, "%s: error: --web-strings: \"%s\" names no key of en.po\n", langs[0].path.c_str(), item.c_str());
      ok = false;
    }
  if (!ok) return false;
  auto listed = [&](const std::string& key) {
    return std::any_of(items.begin(), items.end(), [&](const std::string& item) { return KeyListed(key, item); });
  };
  std::string out = "// Generated by i18n_check --web-strings from assets/i18n/*.po: the page's texts before the wasm runs.\n"
                    "window.BNLAB_STRINGS = {";
  size_t count = 0;
  for (size_t k = 0; k < langs.size(); ++k) {
    out += (k ? "," : "") + JsString(langs[k].tag) + ":{";
    bool first = true;
    for (const auto& kv : langs[k].catalog.texts) {
      if (!listed(kv.first)) continue;
      out += (first ? "" : ",") + JsString(kv.first) + ":" + JsString(kv.second);
      first = false;
      count += k == 0;
    }
    out += "}";
  }
  out += "};\n";
  std::string prev;
  if ((!ReadText(path, &prev) || prev != out) && !WriteText(path, out)) {
    std::fprintf(stderr, "i18n_check: cannot write %s\n", path.c_str());
    return false;
  }
  std::printf("i18n_check: %s: %zu bytes (%zu texts in %zu languages)\n", path.c_str(), out.size(), count, langs.size());
  return true;
}

// `text` as HTML text or a quoted attribute's value: & < > " ' escaped (UTF-8 bytes as they are).
std::string HtmlEscape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else if (c == '\'') out += "&#39;";
    else out += c;
  }
  return out;
}

// The page's first words (--words): chapter 1 in each language as web/a11y.js renderLesson shows it (its chapter's
// texts through LocalizeChapter, as the app's LessonChaptersIn; the page's keys with English behind a gap, as Tr):
//   <section id="words" lang="es" aria-labelledby="words-heading" data-chapters="15" tabindex="0">
//   <h2 id="words-heading">Capítulo 1 de 15: …</h2>
//   <p>…</p> … <p>Fórmula: …</p>
//   </section>
// Each file written only when it changed; false after printing an error.
bool WriteWords(const std::vector<Language>& langs, const std::vector<bn::Chapter>& chapters, const std::string& dir) {
  if (chapters.empty()) {
    std::fprintf(stderr, "i18n_check: --words needs the chapters (--lesson DIR)\n");
    return false;
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  const bn::Catalog& english = langs[0].catalog;
  size_t english_bytes = 0;
  for (const Language& l : langs) {
    const bn::Catalog* own = l.tag == "en" ? nullptr : &l.catalog;
    auto text = [&](const char* key, const bn::FormatArgs& args) {
      const std::string* t = bn::Lookup(own, english, key);
      return t ? bn::Format(*t, args) : std::string(key);
    };
    const bn::Chapter c = own ? bn::LocalizeChapter(chapters[0], [&](const std::string& key) { return own->Find(key); })
                              : chapters[0];
    std::string out = "<section id=\"words\" lang=\"" + HtmlEscape(l.tag) +
                      "\" aria-labelledby=\"words-heading\" data-chapters=\"" + std::to_string(chapters.size()) +
                      "\" tabindex=\"0\">\n<h2 id=\"words-heading\">" +
                      HtmlEscape(text("web.a11y.lesson.chapter_heading",
                                      {{"n", "1"}, {"count", std::to_string(chapters.size())}, {"title", c.title}})) +
                      "</h2>\n";
    size_t pos = 0;  // the paragraphs, "\n\n"-separated (a11y.js: L.text.split("\n\n"))
    while (pos <= c.text.size()) {
      const size_t end = c.text.find("\n\n", pos);
      out += "<p>" + HtmlEscape(c.text.substr(pos, end == std::string::npos ? std::string::npos : end - pos)) + "</p>\n";
      if (end == std::string::npos) break;
      pos = end + 2;
    }
    if (!c.formula.empty()) out += "<p>" + HtmlEscape(text("web.a11y.formula", {{"formula", c.formula}})) + "</p>\n";
    out += "</section>\n";
    const std::string path = (fs::path(dir) / ("words-" + l.tag + ".html")).string();
    std::string prev;
    if ((!ReadText(path, &prev) || prev != out) && !WriteText(path, out)) {
      std::fprintf(stderr, "i18n_check: cannot write %s\n", path.c_str());
      return false;
    }
    if (!own) english_bytes = out.size();
  }
  std::printf("i18n_check: %s: words-TAG.html, chapter 1 in %zu languages (English: %zu bytes)\n", dir.c_str(),
              langs.size(), english_bytes);
  return true;
}

int Check(const std::string& dir, const std::string& lesson_dir, const std::string& header, const std::string& fetched_dir,
          const std::string& web_strings, const std::string& web_keys, const std::string& words_dir,
          const std::set<std::string>& strict, bool strict_all, bool all) {
  const std::string en_path = (fs::path(dir) / "en.po").string();
  std::vector<Language> langs;
  bool failed = false;
  {
    Language en;
    en.tag = "en";
    en.path = en_path;
    if (!LoadPo(en_path, &en.po)) return 1;
    langs.push_back(en);
  }
  for (const std::string& path : FilesIn(dir, ".po")) {
    const std::string name = BaseName(path), tag = name.substr(0, name.size() - 3);
    if (tag == "en") continue;
    if (!ValidTag(tag)) {
      std::fprintf(stderr, "%s:1: error: \"%s\" is not a language tag: name a catalog by its language (es.po, pt-BR.po)\n",
                   path.c_str(), tag.c_str());
      failed = true;
      continue;
    }
    Language l;
    l.tag = tag;
    l.path = path;
    if (!LoadPo(path, &l.po)) {
      failed = true;
      continue;
    }
    langs.push_back(l);
  }
  auto is_strict = [&](const std::string& tag) { return strict_all || strict.count(tag) > 0; };
  std::map<std::string, int> errors_by_lang;
  auto report = [&](const Language& l, int line, bool error, const std::string& message) {
    std::fprintf(stderr, "%s%s: %s: %s\n", l.path.c_str(), line ? (":" + std::to_string(line)).c_str() : "",
                 error ? "error" : "warning", message.c_str());
    if (error) ++errors_by_lang[l.tag];
  };
  // The English reference: en.po, its lesson section replaced by the chapters' own texts when they are given.
  bn::PoFile english = langs[0].po;
  std::vector<bn::Chapter> chapters;  // the English chapters (--lesson)
  if (!lesson_dir.empty()) {
    if (!LoadChapters(lesson_dir, &chapters)) return 1;
    const std::vector<bn::PoEntry> lesson = LessonEntries(chapters);
    std::map<std::string, const bn::PoEntry*> in_po;
    for (const bn::PoEntry& e : english.entries)
      if (e.key.compare(0, sizeof kLessonPrefix - 1, kLessonPrefix) == 0) in_po[e.key] = &e;
    int differ = 0;
    std::string first;
    std::set<std::string> lesson_keys;
    for (const bn::PoEntry& e : lesson) {
      lesson_keys.insert(e.key);
      const auto it = in_po.find(e.key);
      if (it == in_po.end() || it->second->msgid != e.msgid) {
        if (!differ++) first = e.key + (it == in_po.end() ? " (missing)" : " at line " + std::to_string(it->second->line));
      }
    }
    for (const auto& kv : in_po)
      if (!lesson_keys.count(kv.first) && !differ++) first = kv.first + " (not a text of the chapters)";
    if (differ)
      report(langs[0], 0, is_strict("en"),
             "the lesson section differs from " + lesson_dir + " in " + std::to_string(differ) + " text" +
                 (differ == 1 ? "" : "s") + " (first: " + first + "): run i18n_check --extract-lesson " + lesson_dir + " " +
                 en_path);
    std::vector<bn::PoEntry> entries;
    for (const bn::PoEntry& e : english.entries)
      if (e.key.compare(0, sizeof kLessonPrefix - 1, kLessonPrefix) != 0) entries.push_back(e);
    entries.insert(entries.end(), lesson.begin(), lesson.end());
    english.entries = entries;
  }
  size_t lesson_count = 0;
  for (const bn::PoEntry& e : english.entries) lesson_count += e.key.compare(0, sizeof kLessonPrefix - 1, kLessonPrefix) == 0;
  std::printf("i18n_check: en: %zu texts (%zu of the lesson)\n", english.entries.size(), lesson_count);
  // English: every key but the lesson's (embedded as the chapters themselves).
  for (const bn::PoEntry& e : langs[0].po.entries) {
    if (e.key.compare(0, sizeof kLessonPrefix - 1, kLessonPrefix) == 0) continue;
    if (!e.msgstr.empty())
      report(langs[0], e.line, is_strict("en"), "\"" + e.key + "\": en.po's msgstr stays empty (its msgid is the English)");
    langs[0].catalog.texts[e.key] = e.msgid;
  }
  langs[0].catalog.tag = "en";
  for (size_t k = 1; k < langs.size(); ++k) {
    Language& l = langs[k];
    const std::string field = l.po.HeaderField("Language");
    if (!field.empty() && !SameLanguage(field, l.tag))
      report(l, 0, false, "the header says \"Language: " + field + "\"; the file name says " + l.tag + " (the name decides)");
    const std::vector<bn::CatalogGap> gaps = bn::CheckTranslation(english, l.po);
    int shown = 0, gap_count = 0;
    std::map<std::string, int> by_kind;
    for (const bn::CatalogGap& g : gaps) {
      const bool error = g.error() || is_strict(l.tag);
      if (!g.error()) {
        ++gap_count;
        ++by_kind[bn::GapKindName(g.kind)];
      }
      if (g.error() || all || shown < 10) {
        report(l, g.line, error, g.message);
        if (!g.error()) ++shown;
      } else if (error) {
        ++errors_by_lang[l.tag];
      }
    }
    if (gap_count > shown)
      std::fprintf(stderr, "%s: %s: … and %d more gaps (i18n_check --all lists them)\n", l.path.c_str(),
                   is_strict(l.tag) ? "error" : "warning", gap_count - shown);
    l.catalog = bn::CatalogFromPo(l.tag, l.po, false, &english);
    std::string kinds;
    for (const auto& kv : by_kind) kinds += (kinds.empty() ? "" : ", ") + std::to_string(kv.second) + " " + kv.first;
    std::printf("i18n_check: %s: %zu of %zu texts translated%s\n", l.tag.c_str(), l.catalog.texts.size(),
                english.entries.size(), gap_count ? (", gaps: " + kinds + " (shown in English)").c_str() : ", no gaps");
  }
  for (const auto& kv : errors_by_lang) failed = failed || kv.second > 0;
  if (!header.empty() && !failed) {
    std::string out =
        "// Generated by i18n_check (src/tools/i18n_check.cpp) from assets/i18n/*.po: do not edit.\n#pragma once\n\n"
        "namespace bn::catalog_files {\n\nstruct Text {\n  const char* key;\n  const char* text;\n};\n\n"
        "struct Language {\n  const char* tag;\n  const Text* texts;\n  unsigned count;\n  bool complete;  // false: only the "
        "language's name; its catalog is fetched\n};\n\n";
    // fetched: the web build keeps a translation out of the wasm (its own name stays, for the Language menu).
    auto fetched = [&](size_t k) { return !fetched_dir.empty() && k > 0; };
    std::vector<size_t> counts(langs.size(), 0);
    for (size_t k = 0; k < langs.size(); ++k) {
      out += "// " + langs[k].tag + (fetched(k) ? " (its name; the rest is fetched: lang-" + langs[k].tag + ".cat)" : "") +
             "\ninline constexpr Text kTexts" + std::to_string(k) + "[] = {\n";
      for (const auto& kv : langs[k].catalog.texts) {
        if (fetched(k) && kv.first.compare(0, 5, "lang.") != 0) continue;
        out += "    {" + CString(kv.first) + ", " + CString(kv.second) + "},\n";
        ++counts[k];
      }
      out += "    {nullptr, nullptr}};\n\n";
      if (fetched(k)) {
        const std::string path = (fs::path(fetched_dir) / ("lang-" + langs[k].tag + ".cat")).string();
        const std::string bytes = bn::FetchedCatalogBytes(langs[k].catalog);
        std::string prev;
        if ((!ReadText(path, &prev) || prev != bytes) && !WriteText(path, bytes)) {
          std::fprintf(stderr, "i18n_check: cannot write %s\n", path.c_str());
          return 1;
        }
        std::printf("i18n_check: %s: %zu bytes (%zu texts)\n", path.c_str(), bytes.size(), langs[k].catalog.texts.size());
      }
    }
    out += "inline constexpr Language kLanguages[] = {\n";
    for (size_t k = 0; k < langs.size(); ++k)
      out += "    {" + CString(langs[k].tag) + ", kTexts" + std::to_string(k) + ", " + std::to_string(counts[k]) + ", " +
             (fetched(k) ? "false" : "true") + "},\n";
    out += "};\n\n}  // namespace bn::catalog_files\n";
    std::string prev;
    if (!ReadText(header, &prev) || prev != out) {
      if (!WriteText(header, out)) {
        std::fprintf(stderr, "i18n_check: cannot write %s\n", header.c_str());
        return 1;
      }
    }
  }
  if (!web_strings.empty() && !failed && !WriteWebStrings(langs, web_strings, web_keys)) failed = true;
  if (!words_dir.empty() && !failed && !WriteWords(langs, chapters, words_dir)) failed = true;
  if (strict_all || !strict.empty()) {
    int passed = 0, bad = 0;
    for (const Language& l : langs) {
      if (!is_strict(l.tag)) continue;
      const bool ok = errors_by_lang[l.tag] == 0;
      std::printf("%s - %s\n", ok ? "ok" : "not ok", (l.tag + ": " + l.path).c_str());
      ok ? ++passed : ++bad;
    }
    for (const std::string& tag : strict)
      if (std::none_of(langs.begin(), langs.end(), [&](const Language& l) { return l.tag == tag; })) {
        std::printf("not ok - %s: no catalog %s.po in %s\n", tag.c_str(), tag.c_str(), dir.c_str());
        ++bad;
      }
    if (failed && bad == 0) ++bad;  // an error outside the strict languages still fails the check
    std::printf("%d passed, %d failed\n", passed, bad);
    return bad ? 1 : 0;
  }
  if (failed) {
    std::fprintf(stderr, "i18n_check: errors in the catalogs (format: assets/i18n/README.md)\n");
    return 1;
  }
  return 0;
}

int Usage() {
  std::fprintf(stderr,
               "usage: i18n_check [--strict LANGS|all] [--all] [--lesson DIR] [--header OUT.hpp] [--fetched DIR]\n"
               "                  [--web-strings OUT.js KEYS] [--words OUTDIR] CATALOG_DIR\n"
               "       i18n_check --extract-lesson LESSON_DIR EN_PO\n"
               "       i18n_check --import-lesson LESSON_DIR TRANSLATED_DIR XX_PO\n");
  return 2;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 4. main
// ---------------------------------------------------------------------------------------------
int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "--extract-lesson") return args.size() == 3 ? ExtractLesson(args[1], args[2]) : Usage();
  if (!args.empty() && args[0] == "--import-lesson")
    return args.size() == 4 ? ImportLesson(args[1], args[2], args[3]) : Usage();
  std::string header, fetched, lesson, dir, web_strings, web_keys, words;
  std::set<std::string> strict;
  bool strict_all = false, all = false;
  for (size_t k = 0; k < args.size(); ++k) {
    const std::string& a = args[k];
    if (a == "--header" && k + 1 < args.size()) {
      header = args[++k];
    } else if (a == "--fetched" && k + 1 < args.size()) {
      fetched = args[++k];
    } else if (a == "--web-strings" && k + 2 < args.size()) {
      web_strings = args[++k];
      web_keys = args[++k];
    } else if (a == "--words" && k + 1 < args.size()) {
      words = args[++k];
    } else if (a == "--lesson" && k + 1 < args.size()) {
      lesson = args[++k];
    } else if (a == "--strict" && k + 1 < args.size()) {
      const std::string list = args[++k];
      size_t pos = 0;
      while (pos <= list.size()) {
        const size_t comma = list.find(',', pos);
        const std::string tag = list.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        if (tag == "all") strict_all = true;
        else if (!tag.empty()) strict.insert(tag);
        if (comma == std::string::npos) break;
        pos = comma + 1;
      }
    } else if (a == "--all") {
      all = true;
    } else if (!a.empty() && a[0] != '-' && dir.empty()) {
      dir = a;
    } else {
      return Usage();
    }
  }
  if (dir.empty()) return Usage();
  if (!words.empty() && lesson.empty()) return Usage();  // the words are the lesson's first chapter
  return Check(dir, lesson, header, fetched, web_strings, web_keys, words, strict, strict_all, all);
}
