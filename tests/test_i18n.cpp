// test_i18n.cpp: the text catalogs (core/i18n) and the lesson in them (core/learn/chapter_i18n, lesson_i18n).
//
// Index
//   PO reader     strings (continuations, escapes), notes, comments, flags, the header; refusals with their lines
//   PO writer     round trips of awkward texts; RemovePoEntries keeps every other byte
//   Catalogs      fallback to English, Format, placeholders, CheckTranslation
//   Languages     MatchLanguage's table; the current language (SetLanguage, Tr) over the shipped catalogs
//   The lesson    extracted and rebuilt exactly; a translation applied; translated files paired; en.po up to date
//   i18n_check    the build's tool on broken and good catalogs, --strict, --import-lesson
#include <doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <sys/wait.h>
#include <vector>

#include "core/i18n/catalog.hpp"
#include "core/i18n/current.hpp"
#include "core/i18n/po.hpp"
#include "core/learn/chapter_i18n.hpp"
#include "core/learn/lesson.hpp"
#include "core/learn/lesson_i18n.hpp"

#include "test_util.hpp"

namespace {

bn::PoFile Parse(const std::string& text) {
  bn::PoFile po;
  bn::PoError e;
  const bool ok = bn::ParsePo(text, &po, &e);
  REQUIRE_MESSAGE(ok, e.line, ": ", e.message);
  return po;
}

// The refusal of `text`: its line and message (fails the test when the text is accepted).
bn::PoError Refusal(const std::string& text) {
  bn::PoFile po;
  bn::PoError e;
  CHECK_FALSE(bn::ParsePo(text, &po, &e));
  CHECK(e.message.find('\n') == std::string::npos);
  CHECK_FALSE(e.message.empty());
  return e;
}

const char kHeader[] =
    "# Glossary: batch normalization = normalización por lotes\n"
    "# Glossary: mean = media\n"
    "msgid \"\"\n"
    "msgstr \"\"\n"
    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\"Language: es\\n\"\n"
    "\n";

bool SameChapter(const bn::Chapter& a, const bn::Chapter& b) {
  if (a.file != b.file || a.title != b.title || a.text != b.text || a.formula != b.formula || a.lab != b.lab ||
      a.link != b.link || a.commands != b.commands || a.step_key != b.step_key || a.look_at != b.look_at ||
      a.questions.size() != b.questions.size())
    return false;
  for (size_t k = 0; k < a.questions.size(); ++k) {
    const bn::LessonQuestion &p = a.questions[k], &q = b.questions[k];
    if (p.kind != q.kind || p.prompt != q.prompt || p.source != q.source || p.i != q.i || p.j != q.j ||
        p.choices != q.choices || p.correct != q.correct || p.explain != q.explain || p.line != q.line)
      return false;
  }
  return true;
}

std::string Run(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  *status = WEXITSTATUS(pclose(p));
  return out;
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// PO reader
// ---------------------------------------------------------------------------------------------
TEST_CASE("PO: multi-line and escaped strings, notes, comments, flags and the header are read") {
  const bn::PoFile po = Parse(std::string(kHeader) +
                              "# a translator's comment\n"
                              "#. Where it appears. {n} is a count.\n"
                              "#. Second note line.\n"
                              "#: src/ui/layout.cpp:70\n"
                              "#, fuzzy, c-format\n"
                              "msgctxt \"steps.count\"\n"
                              "msgid \"\"\n"
                              "\"{n} steps \"\n"
                              "\"in \\\"one\\\" row\\n\"\n"
                              "  \"tab:\\there, back\\\\slash\"\n"
                              "msgstr \"{n} pasos\"\n"
                              "\n"
                              "msgctxt \"lang.zh-Hans\"\r\n"  // CRLF, as Notepad writes it
                              "msgid \"简体中文\"\r\n"
                              "msgstr \"\"");  // no newline at the end
  CHECK(po.header_comments == std::vector<std::string>{"Glossary: batch normalization = normalización por lotes",
                                                       "Glossary: mean = media"});
  CHECK(po.HeaderField("Language") == "es");
  CHECK(po.HeaderField("Content-Type") == "text/plain; charset=UTF-8");
  CHECK(po.HeaderField("Plural-Forms").empty());
  REQUIRE(po.entries.size() == 2);
  const bn::PoEntry& e = po.entries[0];
  CHECK(e.key == "steps.count");
  CHECK(e.msgid == "{n} steps in \"one\" row\ntab:\there, back\\slash");
  CHECK(e.msgstr == "{n} pasos");
  CHECK(e.notes == std::vector<std::string>{"Where it appears. {n} is a count.", "Second note line."});
  CHECK(e.comments == std::vector<std::string>{"a translator's comment", ": src/ui/layout.cpp:70"});
  CHECK(e.flags == std::vector<std::string>{"fuzzy", "c-format"});
  CHECK(e.fuzzy());
  CHECK(e.line == 13);
  CHECK(e.first_line == 8);
  CHECK(e.last_line == 18);
  CHECK(po.entries[1].key == "lang.zh-Hans");
  CHECK(po.entries[1].msgid == "简体中文");
  CHECK(po.entries[1].msgstr.empty());
  CHECK_FALSE(po.entries[1].fuzzy());
  CHECK(po.entries[1].line == 20);
  // A byte order mark (Windows editors write one) is skipped; entries may follow each other without a blank line.
  const bn::PoFile bom = Parse("\xEF\xBB\xBFmsgctxt \"a\"\nmsgid \"A\"\nmsgstr \"\"\nmsgctxt \"b\"\nmsgid \"B\"\nmsgstr \"b\"\n");
  REQUIRE(bom.entries.size() == 2);
  CHECK(bom.entries[0].key == "a");
  CHECK(bom.entries[1].msgstr == "b");
  CHECK(bom.entries[1].line == 4);
}

TEST_CASE("PO: a broken file is refused on one line naming the line") {
  struct Case {
    std::string text;
    int line;
    const char* says;
  };
  const std::string ok = "msgctxt \"a\"\nmsgid \"A\"\nmsgstr \"\"\n\n";
  const Case cases[] = {
      {ok + "msgctxt \"b\"\nmsgid \"B\nmsgstr \"\"\n", 6, "not closed"},                 // unterminated string
      {ok + "msgctxt \"b\"\nmsgid \"B\\\"\nmsgstr \"\"\n", 6, "not closed"},             // \" does not close it
      {ok + "msgctxt \"b\"\nmsgid \"B\\\n", 6, "not closed"},                            // ends in a backslash
      {ok + "msgctxt \"b\"\nmsgstr \"B\"\n", 6, "msgstr without a msgid"},
      {ok + "msgstr \"B\"\n", 5, "msgstr without a msgid"},
      {ok + "msgctxt \"a\"\nmsgid \"A again\"\nmsgstr \"\"\n", 5, "first on line 1"},   // duplicate key
      {ok + "msgctxt \"b\"\nmsgid \"B \\q\"\nmsgstr \"\"\n", 6, "unknown escape"},
      {ok + "msgctxt \"b\"\nmsgid \"B\" x\nmsgstr \"\"\n", 6, "text after"},
      {ok + "msgctxt \"b\"\nmsgid \"B\"\n", 5, "msgid without msgstr"},                   // the file ends
      {ok + "msgid \"No key\"\nmsgstr \"\"\n", 5, "without msgctxt"},
      {ok + "msgctxt \"b\"\nmsgid \"B\"\nmsgid_plural \"Bs\"\nmsgstr[0] \"\"\n", 7, "plural"},
      {ok + "msgctxt \"b\"\nmsgid \"B\"\n# late\nmsgstr \"\"\n", 7, "comment inside an entry"},
      {ok + "\"floating\"\n", 5, "no msgctxt, msgid or msgstr"},
      {ok + "msgctxt \"b\"\nmsgid \"B\"\nmsgstr \"\"\n\"continues msgstr\"\n", 0, ""},
      {ok + "msgctx \"b\"\n", 5, "unknown keyword"},
      {ok + "msgctxt\n", 5, "needs a string"},
      {ok + "msgctxt \"b\"\nmsgid \"\"\nmsgstr \"x\"\n", 5, "empty msgid"},
      {ok + "msgctxt \"b\"\nmsgctxt \"c\"\n", 6, "second msgctxt"},
      {ok + "msgctxt \"b\"\nmsgid \"B\"\nmsgstr \"\"\nmsgstr \"\"\n", 8, "second msgstr"},
      {ok + "msgctxt \"b\"\nmsgid \"B\xff\"\nmsgstr \"\"\n", 6, "UTF-8"},
      {ok + std::string("msgctxt \"b\"\nmsgid \"B\0\"\n", 22), 6, "NUL"},
      {ok + "msgctxt \"b\"\nmsgid \"a\tb\x01\"\nmsgstr \"\"\n", 6, "control character"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    bn::PoFile po;
    bn::PoError e;
    const bool accepted = bn::ParsePo(c.text, &po, &e);
    if (c.line == 0) {  // a string right after msgstr continues it: accepted
      CHECK(accepted);
      continue;
    }
    REQUIRE_FALSE(accepted);
    CHECK(e.line == c.line);
    CHECK(e.message.find(c.says) != std::string::npos);
    CHECK(e.message.find('\n') == std::string::npos);
  }
  // The tools' line: FILE:LINE: error: …
  const bn::PoError e = Refusal(ok + "msgctxt \"a\"\nmsgid \"A\"\nmsgstr \"\"\n");
  CHECK(bn::PoErrorLine("assets/i18n/es.po", e) ==
        "assets/i18n/es.po:5: error: the key \"a\" again (first on line 1): one entry per key");
  // A hostile key is quoted short and on one line.
  const bn::PoError long_key = Refusal("msgctxt \"" + std::string(300, 'k') + "\\n\"\nmsgid \"\"\nmsgstr \"\"\n");
  CHECK(long_key.line == 1);
  CHECK(long_key.message.size() < 200);
}

// ---------------------------------------------------------------------------------------------
// PO writer
// ---------------------------------------------------------------------------------------------
TEST_CASE("PO: what WritePoEntry writes reads back the same, long texts wrapped at spaces") {
  const std::string long_text =
      "Standardizing subtracts the feature's mean μ, then divides by its standard deviation σ. The result has mean 0 "
      "and variance 1, but it is not confined to any range.";
  const std::vector<bn::PoEntry> entries = {
      {"q.a", "Say \"hi\" \\ there", "Di \"hola\"", {"A note."}, {"a comment", ": ref.cpp:1", "~ obsolete"}, {"fuzzy"}},
      {"q.b", long_text, "", {"Two\nlines"}, {}, {}},
      {"q.c", "line one\nline two\n", "línea\tuno\r\n", {}, {}, {}},
      {"q.d", std::string(40, 'x') + "批量规范化在每个特征上分别计算均值和方差然后用它们把这个特征的值标准化", "", {}, {}, {}},
  };
  std::string text;
  for (const bn::PoEntry& e : entries) text += bn::WritePoEntry(e) + "\n";
  const bn::PoFile po = Parse(text);
  REQUIRE(po.entries.size() == entries.size());
  for (size_t k = 0; k < entries.size(); ++k) {
    CAPTURE(k);
    CHECK(po.entries[k].key == entries[k].key);
    CHECK(po.entries[k].msgid == entries[k].msgid);
    CHECK(po.entries[k].msgstr == entries[k].msgstr);
    CHECK(po.entries[k].flags == entries[k].flags);
    CHECK(po.entries[k].comments == entries[k].comments);
  }
  CHECK(po.entries[1].notes == std::vector<std::string>{"Two", "lines"});
  // Every line of the long entry fits gettext's 79 columns, and the first piece breaks after a space.
  const std::string b = bn::WritePoEntry(entries[1]);
  CHECK(b.find("msgid \"\"\n\"Standardizing subtracts the feature's mean μ, then divides by its standard \"\n") !=
        std::string::npos);
  size_t start = 0;
  while (start < b.size()) {
    const size_t nl = b.find('\n', start);
    size_t cols = 0;
    for (size_t k = start; k < nl; ++k) cols += (static_cast<unsigned char>(b[k]) & 0xC0) != 0x80;
    CHECK(cols <= 79);
    start = nl + 1;
  }
  // A "\n" inside a text ends a line of the file.
  CHECK(bn::WritePoEntry(entries[2]).find("msgid \"\"\n\"line one\\n\"\n\"line two\\n\"\n") != std::string::npos);
  CHECK(bn::PoString("a\"b\\c\nd") == "\"a\\\"b\\\\c\\nd\"");
}

TEST_CASE("PO: RemovePoEntries takes out the entries of a prefix and keeps every other byte") {
  const std::string keep1 = std::string(kHeader) + "#. Kept.\nmsgctxt \"app.loading\"\nmsgid \"Loading…\"\nmsgstr \"\"\n\n";
  const std::string drop1 = "# marker\n\n#. Dropped.\nmsgctxt \"lesson.01.title\"\nmsgid \"\"\n\"Title\"\nmsgstr \"\"\n\n\n";
  const std::string keep2 = "msgctxt \"menu.view\"\nmsgid \"View\"\nmsgstr \"\"\n\n";
  const std::string drop2 = "msgctxt \"lesson.01.text.1\"\nmsgid \"Text\"\nmsgstr \"Texto\"\n";
  const std::string text = keep1 + drop1 + keep2 + drop2;
  const bn::PoFile po = Parse(text);
  CHECK(bn::RemovePoEntries(text, po, "lesson.") == keep1 + keep2);
  CHECK(bn::RemovePoEntries(text, po, "nothing.") == text);
}

// ---------------------------------------------------------------------------------------------
// Catalogs
// ---------------------------------------------------------------------------------------------
TEST_CASE("catalogs: a text a translation lacks, leaves empty, marks fuzzy or translated from older English is English") {
  const bn::PoFile en = Parse(
      "msgctxt \"a\"\nmsgid \"Apple\"\nmsgstr \"\"\n\nmsgctxt \"b\"\nmsgid \"Bread\"\nmsgstr \"\"\n\n"
      "msgctxt \"c\"\nmsgid \"Cheese\"\nmsgstr \"\"\n\nmsgctxt \"d\"\nmsgid \"Dates\"\nmsgstr \"\"\n\n"
      "msgctxt \"e\"\nmsgid \"Eggs\"\nmsgstr \"\"\n");
  const bn::PoFile es = Parse(
      "msgctxt \"a\"\nmsgid \"Apple\"\nmsgstr \"Manzana\"\n\n"        // translated
      "msgctxt \"b\"\nmsgid \"Bread\"\nmsgstr \"\"\n\n"               // empty
      "#, fuzzy\nmsgctxt \"c\"\nmsgid \"Cheese\"\nmsgstr \"Queso\"\n\n"  // fuzzy
      "msgctxt \"d\"\nmsgid \"Date\"\nmsgstr \"Dátil\"\n\n"           // stale: English is "Dates" now
      "msgctxt \"z\"\nmsgid \"Zest\"\nmsgstr \"Ralladura\"\n");       // not an English key; e is missing
  const bn::Catalog english = bn::CatalogFromPo("en", en, true);
  const bn::Catalog spanish = bn::CatalogFromPo("es", es, false, &en);
  CHECK(english.texts.size() == 5);
  CHECK(spanish.texts.size() == 1);
  CHECK(*bn::Lookup(&spanish, english, "a") == "Manzana");
  CHECK(*bn::Lookup(&spanish, english, "b") == "Bread");
  CHECK(*bn::Lookup(&spanish, english, "c") == "Cheese");
  CHECK(*bn::Lookup(&spanish, english, "d") == "Dates");
  CHECK(*bn::Lookup(&spanish, english, "e") == "Eggs");
  CHECK(bn::Lookup(&spanish, english, "z") == nullptr);
  CHECK(bn::Lookup(&spanish, english, "nope") == nullptr);
  CHECK(*bn::Lookup(nullptr, english, "a") == "Apple");
  // Without the English file the stale and the extra entries are kept (the build always gives it).
  CHECK(bn::CatalogFromPo("es", es, false).texts.size() == 3);
  // The gaps, in English's order then the extra keys.
  const std::vector<bn::CatalogGap> gaps = bn::CheckTranslation(en, es);
  REQUIRE(gaps.size() == 5);
  CHECK(gaps[0].kind == bn::GapKind::Missing);
  CHECK(gaps[0].key == "b");
  CHECK(gaps[0].line == 5);
  CHECK(gaps[1].kind == bn::GapKind::Fuzzy);
  CHECK(gaps[1].line == 10);
  CHECK(gaps[2].kind == bn::GapKind::Stale);
  CHECK(gaps[2].key == "d");
  CHECK(gaps[2].line == 14);
  CHECK(gaps[3].kind == bn::GapKind::Missing);
  CHECK(gaps[3].key == "e");
  CHECK(gaps[3].line == 0);
  CHECK(gaps[4].kind == bn::GapKind::Extra);
  CHECK(gaps[4].key == "z");
  for (const bn::CatalogGap& g : gaps) {
    CHECK_FALSE(g.error());
    CHECK(g.message.find('\n') == std::string::npos);
  }
}

TEST_CASE("catalogs: Format fills {name} placeholders; a translation with other placeholders is an error") {
  CHECK(bn::Format("{n} steps", {{"n", "3"}}) == "3 steps");
  CHECK(bn::Format("Step {k} of {n}: {k}", {{"n", "12"}, {"k", "4"}}) == "Step 4 of 12: 4");
  CHECK(bn::Format("{missing} stays", {{"n", "3"}}) == "{missing} stays");
  CHECK(bn::Format("{n}", {{"n", "{n}{n}"}}) == "{n}{n}");  // one pass: a value is not expanded again
  CHECK(bn::Format("{ n } {1x} {} {{n}} x{n", {{"n", "3"}}) == "{ n } {1x} {} {3} x{n");
  CHECK(bn::Format("Paso {k_2}", {{"k_2", "²"}}) == "Paso ²");
  CHECK(bn::Placeholders("Downloading the {build} build: {received} of {total}") ==
        std::set<std::string>{"build", "received", "total"});
  CHECK(bn::Placeholders("{ n } {1x} {} μ = (1/m) Σ").empty());
  const bn::PoFile en = Parse("msgctxt \"d\"\nmsgid \"{received} of {total}\"\nmsgstr \"\"\n\n"
                              "msgctxt \"e\"\nmsgid \"{n} steps\"\nmsgstr \"\"\n\n"
                              "msgctxt \"f\"\nmsgid \"{n} new\"\nmsgstr \"\"\n");
  const bn::PoFile es = Parse("msgctxt \"d\"\nmsgid \"{received} of {total}\"\nmsgstr \"{recibido} de {total}\"\n\n"
                              "msgctxt \"e\"\nmsgid \"{n} steps\"\nmsgstr \"{n} pasos, {n} en total\"\n\n"
                              "msgctxt \"f\"\nmsgid \"{n} old\"\nmsgstr \"{n} viejo\"\n");
  const std::vector<bn::CatalogGap> gaps = bn::CheckTranslation(en, es);
  REQUIRE(gaps.size() == 2);
  CHECK(gaps[0].kind == bn::GapKind::Placeholders);
  CHECK(gaps[0].error());
  CHECK(gaps[0].line == 1);  // the entry's line (its msgctxt)
  CHECK(gaps[0].message.find("{recibido}, {total}") != std::string::npos);
  CHECK(gaps[0].message.find("{received}, {total}") != std::string::npos);
  CHECK(gaps[1].kind == bn::GapKind::Stale);  // "f": stale, and its own placeholders agree: not an error
  CHECK_FALSE(gaps[1].error());
}

// ---------------------------------------------------------------------------------------------
// Languages
// ---------------------------------------------------------------------------------------------
TEST_CASE("languages: MatchLanguage picks a catalog from navigator.languages in the user's order") {
  const std::vector<std::string> shipped = {"en", "es", "pt-BR", "zh-Hans"};
  const std::pair<std::vector<std::string>, std::string> table[] = {
      {{"es-ES"}, "es"},
      {{"es-419"}, "es"},
      {{"es"}, "es"},
      {{"ES-mx"}, "es"},
      {{"pt"}, "pt-BR"},
      {{"pt-BR"}, "pt-BR"},
      {{"pt_br"}, "pt-BR"},
      {{"pt-PT"}, "pt-BR"},  // European Portuguese reads Brazilian Portuguese better than English
      {{"zh"}, "zh-Hans"},
      {{"zh-CN"}, "zh-Hans"},
      {{"zh-SG"}, "zh-Hans"},
      {{"zh-Hans-CN"}, "zh-Hans"},
      {{"zh-hans"}, "zh-Hans"},
      {{"zh-TW"}, "en"},  // Traditional Chinese: not served by zh-Hans (CLDR), so English
      {{"zh-HK"}, "en"},
      {{"zh-Hant"}, "en"},
      {{"zh-Hant-CN"}, "en"},
      {{"zh-TW", "zh"}, "zh-Hans"},  // ... unless the learner also lists Chinese as such
      {{"zh-TW", "es"}, "es"},
      {{"de"}, "en"},
      {{"de-DE", "fr"}, "en"},
      {{"de", "es", "pt"}, "es"},  // the first language served, in the user's order
      {{"de", "pt", "es"}, "pt-BR"},
      {{"en-US", "es"}, "en"},
      {{"en-GB"}, "en"},
      {{}, "en"},
      {{"", "*", "1234", "-es"}, "en"},
      {{"*", "es-x-private"}, "es"},
  };
  for (const auto& row : table) {
    CAPTURE(row.second);
    CHECK(bn::MatchLanguage(row.first, shipped) == row.second);
  }
  // A fifth language is matched the same way, and an exact region wins over the first of its language.
  CHECK(bn::MatchLanguage({"fr-CA"}, {"en", "fr"}) == "fr");
  CHECK(bn::MatchLanguage({"pt-PT"}, {"en", "pt-BR", "pt-PT"}) == "pt-PT");
  CHECK(bn::MatchLanguage({"pt"}, {"en", "pt-BR", "pt-PT"}) == "pt-BR");
  bn::LanguageTag t;
  REQUIRE(bn::ParseLanguageTag("zh-Hant-TW", &t));
  CHECK(t.language == "zh");
  CHECK(t.script == "hant");
  CHECK(t.region == "tw");
  REQUIRE(bn::ParseLanguageTag("es-419", &t));
  CHECK(t.region == "419");
  CHECK(t.script.empty());
  CHECK_FALSE(bn::ParseLanguageTag("x", &t));
}

TEST_CASE("languages: the shipped catalogs, SetLanguage and Tr") {
  CHECK(bn::AvailableLanguages() == std::vector<std::string>{"en", "es", "pt-BR", "zh-Hans"});
  CHECK(bn::CurrentLanguage() == "en");
  CHECK(bn::Tr("app.loading") == "Loading…");
  CHECK(bn::Tr("no.such.key") == "no.such.key");
  const std::string* before = &bn::Tr("menu.view.language");
  REQUIRE(bn::SetLanguage("es"));
  CHECK(bn::CurrentLanguage() == "es");
  CHECK(bn::Tr("app.loading") == "Cargando…");
  CHECK(bn::Tr("menu.view.language") == "Idioma");
  CHECK(*before == "Language");  // a reference taken before the switch stays valid
  CHECK(bn::Tr("app.downloading", {{"build", "SIMD"}, {"received", "120 KB"}, {"total", "480 KB"}}) ==
        "Descargando la versión SIMD: 120 KB de 480 KB");
  CHECK_FALSE(bn::SetLanguage("fr"));
  CHECK_FALSE(bn::SetLanguage("ES"));  // exact tags only: MatchBrowserLanguage maps what a browser or link says
  CHECK(bn::CurrentLanguage() == "es");
  REQUIRE(bn::SetLanguage("zh-Hans"));
  CHECK(bn::Tr("menu.view") == "视图");
  REQUIRE(bn::SetLanguage("pt-BR"));
  CHECK(bn::Tr("app.loading") == "Carregando…");
  REQUIRE(bn::SetLanguage("en"));  // the rest of the tests read English
  CHECK(bn::Tr("menu.view") == "View");
  CHECK(bn::LanguageName("zh-Hans") == "简体中文");
  CHECK(bn::LanguageName("pt-BR") == "Português (Brasil)");
  CHECK(bn::LanguageName("es") == "Español");
  CHECK(bn::LanguageName("fr") == "fr");
  CHECK(bn::MatchBrowserLanguage({"es-AR", "en"}) == "es");
  CHECK(bn::MatchBrowserLanguage({"zh-CN"}) == "zh-Hans");
  CHECK(bn::EnglishCatalog().Find("lesson.01-scaling.title") == nullptr);  // the English lesson is the chapters
}

TEST_CASE("catalogs: the fetched form (the page's lang-TAG.cat) reads back; a damaged file is refused, saying why") {
  bn::Catalog es;
  es.tag = "es";
  es.texts = {{"a", "{n} manzanas"}, {"b.c", "Pan\nnuevo"}, {"d", "简体"}};
  const std::string bytes = bn::FetchedCatalogBytes(es);
  CHECK(bytes.substr(0, 21) == "bnlab-catalog 1 es 3\n");
  bn::Catalog back;
  std::string error;
  REQUIRE(bn::CatalogFromFetched(bytes, "es", &back, &error));
  CHECK(back.tag == "es");
  CHECK(back.texts == es.texts);
  auto refused = [&](const std::string& b, const std::string& tag) {
    bn::Catalog c;
    c.tag = "kept";
    std::string why;
    const bool ok = bn::CatalogFromFetched(b, tag, &c, &why);
    CHECK(c.tag == "kept");  // nothing written on a refusal
    return ok ? std::string("accepted") : why;
  };
  CHECK(refused("<!doctype html><p>404</p>", "es") == "not a bnlab catalog file");
  CHECK(refused(bytes, "pt-BR") == "the file is for \"es\", not \"pt-BR\"");
  CHECK(refused(bytes.substr(0, bytes.size() - 4), "es") == "cut short: 2 of 3 texts");
  CHECK(refused(bytes + "x", "es") == "it has more than the 3 texts it announces");
  CHECK(refused("bnlab-catalog 1 es x3\n", "es") == "its count of texts is not a number");
  CHECK(refused(std::string("bnlab-catalog 1 es 2\na\0x\0a\0y\0", 29), "es") == "the key \"a\" comes twice");
  CHECK(refused(std::string("bnlab-catalog 1 es 1\na\0\0", 24), "es") == "text 1 has an empty text");
  // The shipped Spanish catalog, written and read back as the web build does, is the embedded one text for text.
  REQUIRE(bn::FindCatalog("es") != nullptr);
  REQUIRE(bn::CatalogFromFetched(bn::FetchedCatalogBytes(*bn::FindCatalog("es")), "es", &back, &error));
  CHECK(back.texts == bn::FindCatalog("es")->texts);
  // The desktop and test builds embed every catalog: AddCatalog has nothing to add, and knows no other language.
  for (const std::string& tag : bn::AvailableLanguages()) CHECK(bn::CatalogLoaded(tag));
  CHECK(bn::AddCatalog("es", "anything", &error));
  CHECK_FALSE(bn::AddCatalog("fr", bytes, &error));
  CHECK(error == "bnlab has no language \"fr\"");
  CHECK_FALSE(bn::CatalogLoaded("fr"));
}

TEST_CASE("choosing a language: a link's or menu's tag, the system's locale, the start's order") {
  CHECK(bn::MatchOneLanguage("es") == "es");
  CHECK(bn::MatchOneLanguage("ES") == "es");
  CHECK(bn::MatchOneLanguage("es-MX") == "es");
  CHECK(bn::MatchOneLanguage("pt") == "pt-BR");
  CHECK(bn::MatchOneLanguage("pt-PT") == "pt-BR");
  CHECK(bn::MatchOneLanguage("zh-CN") == "zh-Hans");
  CHECK(bn::MatchOneLanguage("zh") == "zh-Hans");
  CHECK(bn::MatchOneLanguage("zh-Hans") == "zh-Hans");
  CHECK(bn::MatchOneLanguage("en-GB") == "en");
  CHECK(bn::MatchOneLanguage("zh-TW") == "");  // Traditional Chinese: no catalog yet, not Simplified
  CHECK(bn::MatchOneLanguage("fr") == "");
  CHECK(bn::MatchOneLanguage("") == "");
  CHECK(bn::MatchOneLanguage("e") == "");
  CHECK(bn::SystemLanguages("", "", "", "es_ES.UTF-8") == std::vector<std::string>{"es-ES"});
  CHECK(bn::SystemLanguages("pt_BR:en", "", "", "C.UTF-8") == std::vector<std::string>{"pt-BR", "en"});
  CHECK(bn::SystemLanguages("", "zh_CN.UTF-8", "de_DE", "en_US") == std::vector<std::string>{"zh-CN"});
  CHECK(bn::SystemLanguages("", "", "", "POSIX").empty());
  CHECK(bn::SystemLanguages("", "", "sr_RS@latin", "").front() == "sr-RS");
  // --lang over the saved choice over the browser's list; a tag bnlab lacks is passed over.
  CHECK(bn::StartLanguage("", "", {"fr-FR", "pt-BR", "en"}) == "pt-BR");
  CHECK(bn::StartLanguage("", "es", {"zh-CN"}) == "es");
  CHECK(bn::StartLanguage("zh", "es", {"pt"}) == "zh-Hans");
  CHECK(bn::StartLanguage("fr", "", {"de", "zh-CN"}) == "zh-Hans");
  CHECK(bn::StartLanguage("", "", {"de", "fr"}) == "en");
  CHECK(bn::StartLanguage("", "", {}) == "en");
}

TEST_CASE("the glyphs each language needs: Chinese's hanzi from its catalog, the languages' own names in every one") {
  const std::vector<char32_t> zh = bn::CatalogCodepoints("zh-Hans", 0x2E80);
  CHECK(zh.size() > 300);
  CHECK(std::is_sorted(zh.begin(), zh.end()));
  CHECK(std::adjacent_find(zh.begin(), zh.end()) == zh.end());
  CHECK(std::binary_search(zh.begin(), zh.end(), U'批'));  // 批量规范化
  CHECK(std::binary_search(zh.begin(), zh.end(), U'，'));  // full-width comma
  // Latin languages: no hanzi but the languages' own names (the Language menu's 简体中文).
  CHECK(bn::LanguageNameCodepoints(0x2E80) == std::vector<char32_t>{U'中', U'体', U'文', U'简'});
  CHECK(bn::CatalogCodepoints("es", 0x2E80) == bn::LanguageNameCodepoints(0x2E80));
  CHECK(bn::CatalogCodepoints("en", 0x2E80) == bn::LanguageNameCodepoints(0x2E80));
  const std::vector<char32_t> latin = bn::CatalogCodepoints("pt-BR", 0x80);
  CHECK(std::binary_search(latin.begin(), latin.end(), U'ç'));
  CHECK(std::binary_search(latin.begin(), latin.end(), U'ã'));
}

// ---------------------------------------------------------------------------------------------
// The lesson
// ---------------------------------------------------------------------------------------------
TEST_CASE("lesson in the catalog: extracted to PO and rebuilt from it, every chapter is today's exactly") {
  const std::vector<bn::Chapter>& chapters = bn::LessonChapters();
  REQUIRE(chapters.size() == 15);
  std::string text;
  size_t fields = 0;
  for (const bn::Chapter& c : chapters)
    for (const bn::ChapterField& f : bn::ChapterFields(c)) {
      text += bn::WritePoEntry({f.key, f.text, "", {f.note}, {}, {}}) + "\n";
      ++fields;
    }
  const bn::PoFile po = Parse(text);
  CHECK(po.entries.size() == fields);
  const bn::Catalog english = bn::CatalogFromPo("en", po, true);
  for (const bn::Chapter& c : chapters) {
    CAPTURE(c.file);
    const bn::Chapter rebuilt = bn::LocalizeChapter(c, [&](const std::string& key) { return english.Find(key); });
    CHECK(SameChapter(rebuilt, c));
  }
  // Chapter 4's keys, in reading order.
  const std::vector<bn::ChapterField> four = bn::ChapterFields(chapters[3]);
  std::vector<std::string> keys;
  for (const bn::ChapterField& f : four) keys.push_back(f.key);
  const std::vector<std::string> want = {
      "lesson.04-two-steps.title", "lesson.04-two-steps.text.1", "lesson.04-two-steps.text.2",
      "lesson.04-two-steps.text.3", "lesson.04-two-steps.text.4", "lesson.04-two-steps.text.5",
      "lesson.04-two-steps.formula", "lesson.04-two-steps.look_at", "lesson.04-two-steps.q1.prompt",
      "lesson.04-two-steps.q1.explain", "lesson.04-two-steps.q2.prompt", "lesson.04-two-steps.q2.explain",
      "lesson.04-two-steps.q3.prompt", "lesson.04-two-steps.q3.choice.a", "lesson.04-two-steps.q3.choice.b",
      "lesson.04-two-steps.q3.choice.c", "lesson.04-two-steps.q3.explain"};
  CHECK(keys == want);
  CHECK(four[0].text == "The two steps: normalize, then scale and shift");
  CHECK(four[1].text == "BN works on one feature at a time, over the m values that feature takes in the batch.");
  CHECK(four[14].text == "mean β = 1 and a standard deviation of about |γ| = 2");
  CHECK(four[14].note == "Question 3, option b of 3 (the right one).");
  // The English lesson in every API is the embedded one itself; a tag without a catalog gives English.
  CHECK(&bn::LessonChaptersIn("en") == &chapters);
  CHECK(&bn::LessonChaptersIn("fr") == &chapters);
}

TEST_CASE("lesson in the catalog: a translation replaces the texts it has, keeps the structure, English elsewhere") {
  const bn::Chapter& en = bn::LessonChapters()[3];  // 04-two-steps: 5 paragraphs, a formula, 3 questions
  const std::map<std::string, std::string> es = {
      {"lesson.04-two-steps.title", "Los dos pasos: normalizar, luego escalar y desplazar"},
      {"lesson.04-two-steps.text.2", "El paso 1 normaliza."},
      {"lesson.04-two-steps.q3.choice.b", "media β = 1 y una desviación estándar de cerca de |γ| = 2"},
      {"lesson.04-two-steps.q1.prompt", ""},  // empty: English
      {"lesson.05-what-m-counts.title", "Otro capítulo"},
  };
  const bn::Chapter c = bn::LocalizeChapter(en, [&](const std::string& key) -> const std::string* {
    const auto it = es.find(key);
    return it == es.end() ? nullptr : &it->second;
  });
  CHECK(c.title == "Los dos pasos: normalizar, luego escalar y desplazar");
  const size_t second = en.text.find("\n\n") + 2, third = en.text.find("\n\n", second);
  CHECK(c.text == en.text.substr(0, second) + "El paso 1 normaliza." + en.text.substr(third));
  CHECK(c.questions[2].choices[1] == "media β = 1 y una desviación estándar de cerca de |γ| = 2");
  CHECK(c.questions[2].choices[0] == en.questions[2].choices[0]);
  CHECK(c.questions[0].prompt == en.questions[0].prompt);
  CHECK(c.questions[2].correct == en.questions[2].correct);
  CHECK(c.link == en.link);
  CHECK(c.questions[1].source == en.questions[1].source);
  CHECK(c.questions[1].i == en.questions[1].i);
}

TEST_CASE("lesson in the catalog: a translated chapter file pairs field by field, a different structure is refused") {
  const std::string en_text =
      "# Title\nlab: step\nlink: x=1,2;3,4&step=1\nstep: mean\n\nFirst paragraph.\n\nSecond\nparagraph.\n\n"
      "## Look at\nThe table.\n\n## Predict\nWhat?\n- [ ] a\n- [x] b\n> Because.\n\n"
      "## Numeric trace:mean feature=1\nCompute μ₁.\n> 2.\n";
  const std::string es_text =
      "<!-- traducción -->\n# Título\nlab: step\nlink: x=1,2;3,4&step=1\nstep: mean\n\nPrimer párrafo.\n\n"
      "Segundo párrafo.\n\n## Look at\nLa tabla.\n\n## Predict\n¿Qué?\n- [ ] a\n- [x] b\n> Porque.\n\n"
      "## Numeric trace:mean feature=1\nCalcula μ₁.\n> 2.\n";
  bn::Chapter en, es;
  bn::ChapterFileError fe;
  REQUIRE(bn::ParseChapterFile("09-t.md", en_text, &en, &fe));
  REQUIRE(bn::ParseChapterFile("09-t.md", es_text, &es, &fe));
  std::vector<std::pair<bn::ChapterField, std::string>> pairs;
  std::string error;
  REQUIRE(bn::PairChapters(en, es, &pairs, &error));
  REQUIRE(pairs.size() == 10);
  CHECK(pairs[0].first.key == "lesson.09-t.title");
  CHECK(pairs[0].second == "Título");
  CHECK(pairs[2].first.text == "Second paragraph.");
  CHECK(pairs[2].second == "Segundo párrafo.");
  CHECK(pairs[5].first.key == "lesson.09-t.q1.choice.a");
  CHECK(pairs[9].first.key == "lesson.09-t.q2.explain");
  CHECK(pairs[9].second == "2.");
  struct Bad {
    std::string from, to, says;
  };
  const Bad bad[] = {
      {"Primer párrafo.\n\nSegundo párrafo.", "Primer párrafo. Segundo párrafo.", "2 paragraphs, this one 1"},
      {"link: x=1,2;3,4", "link: x=1,2;3,5", "\"link:\""},
      {"- [ ] a\n- [x] b", "- [x] a\n- [ ] b", "right option"},
      {"- [ ] a\n", "- [ ] a\n- [ ] c\n", "number of options"},
      {"## Numeric trace:mean feature=1", "## Numeric trace:var feature=1", "source"},
      {"## Numeric trace:mean feature=1\nCalcula μ₁.\n> 2.\n", "", "number of questions"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.to);
    std::string t = es_text;
    REQUIRE(t.find(b.from) != std::string::npos);
    t.replace(t.find(b.from), b.from.size(), b.to);
    bn::Chapter other;
    REQUIRE(bn::ParseChapterFile("09-t.md", t, &other, &fe));
    CHECK_FALSE(bn::PairChapters(en, other, &pairs, &error));
    CHECK(error.find(b.says) != std::string::npos);
    CHECK(error.find('\n') == std::string::npos);
  }
}

TEST_CASE("lesson in the catalog: en.po's lesson section is the chapters' texts, every translation's lesson applies") {
  const bn::PoFile en = Parse(testutil::ReadFile(std::string(BNLAB_I18N_DIR) + "/en.po"));
  std::map<std::string, std::string> section;
  for (const bn::PoEntry& e : en.entries)
    if (e.key.rfind("lesson.", 0) == 0) section[e.key] = e.msgid;
  size_t fields = 0;
  for (const bn::Chapter& c : bn::LessonChapters())
    for (const bn::ChapterField& f : bn::ChapterFields(c)) {
      CAPTURE(f.key);
      ++fields;
      REQUIRE(section.count(f.key) == 1);
      CHECK(section[f.key] == f.text);
    }
  CHECK(section.size() == fields);
  // Each language's chapters: the same labs and answers, and every text either its translation or the English.
  for (const std::string& tag : bn::AvailableLanguages()) {
    CAPTURE(tag);
    const std::vector<bn::Chapter>& chapters = bn::LessonChaptersIn(tag);
    REQUIRE(chapters.size() == bn::LessonChapters().size());
    CHECK(&bn::LessonChaptersIn(tag) == &chapters);  // built once
    const bn::Catalog* catalog = bn::FindCatalog(tag);
    REQUIRE(catalog != nullptr);
    for (size_t k = 0; k < chapters.size(); ++k) {
      const bn::Chapter& en_c = bn::LessonChapters()[k];
      const bn::Chapter& c = chapters[k];
      CHECK(c.link == en_c.link);
      CHECK(c.questions.size() == en_c.questions.size());
      const std::vector<bn::ChapterField> a = bn::ChapterFields(en_c), b = bn::ChapterFields(c);
      REQUIRE(a.size() == b.size());
      for (size_t f = 0; f < a.size(); ++f) {
        const std::string* t = tag == "en" ? nullptr : catalog->Find(a[f].key);
        CHECK(b[f].text == (t ? *t : a[f].text));
      }
    }
  }
}

TEST_CASE("lesson in the catalog: the shipped translations' chapters, and no stray space inside Chinese text") {
  CHECK(bn::LessonChaptersIn("es")[0].title == "Escalar las entradas: min–max o estandarizar");
  CHECK(bn::LessonChaptersIn("pt-BR")[0].title == "Escalonar as entradas: min–max ou padronizar");
  CHECK(bn::LessonChaptersIn("zh-Hans")[0].title == "缩放输入：min–max 还是标准化");
  CHECK(bn::LessonChaptersIn("zh-Hans")[3].questions[2].choices[1] == "均值 β = 1，标准差约为 |γ| = 2");
  CHECK(bn::LessonChaptersIn("zh-Hans")[3].questions[2].correct == 1);
  // The chapter reader joins a paragraph's lines with a space: a Chinese paragraph wrapped in its file would read
  // "规范 化". No text of the Chinese catalog has a space between two CJK characters.
  auto cjk = [](uint32_t c) { return (c >= 0x3000 && c <= 0x303F) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xFF00 && c <= 0xFFEF); };
  const bn::Catalog* zh = bn::FindCatalog("zh-Hans");
  REQUIRE(zh != nullptr);
  CHECK(zh->texts.size() == bn::EnglishCatalog().texts.size() + 266);  // every text, the lesson's 266 too
  for (const auto& kv : zh->texts) {
    std::vector<uint32_t> cps;
    const std::string& t = kv.second;
    for (size_t i = 0; i < t.size();) {
      const unsigned char b = static_cast<unsigned char>(t[i]);
      const int n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
      uint32_t c = n == 1 ? b : b & (0xFF >> (n + 1));
      for (int k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(t[i + k]) & 0x3F);
      cps.push_back(c);
      i += n;
    }
    bool stray = false;
    for (size_t k = 1; k + 1 < cps.size(); ++k) stray = stray || (cps[k] == ' ' && cjk(cps[k - 1]) && cjk(cps[k + 1]));
    CAPTURE(kv.first);
    CHECK_FALSE(stray);
  }
}

// ---------------------------------------------------------------------------------------------
// i18n_check
// ---------------------------------------------------------------------------------------------
TEST_CASE("i18n_check: errors stop it with FILE:LINE, gaps warn (or fail with --strict), the header embeds the texts") {
  const std::string dir = testutil::TempDir();
  const std::string tool = I18N_CHECK_PATH;
  const std::string en =
      "msgid \"\"\nmsgstr \"Language: en\\n\"\n\n#. Note.\nmsgctxt \"a\"\nmsgid \"{n} apples\"\nmsgstr \"\"\n\n"
      "msgctxt \"b\"\nmsgid \"Bread\"\nmsgstr \"\"\n";
  Write(dir + "/en.po", en);
  Write(dir + "/es.po", "msgctxt \"a\"\nmsgid \"{n} apples\"\nmsgstr \"{n} manzanas\"\n");
  int status = 0;
  std::string out = Run(tool + " --header " + dir + "/out.hpp " + dir, &status);
  CHECK(status == 0);
  CHECK(out.find(dir + "/es.po: warning: \"b\" is missing (shown in English)") != std::string::npos);
  CHECK(out.find("i18n_check: es: 1 of 2 texts translated, gaps: 1 missing") != std::string::npos);
  const std::string header = testutil::ReadFile(dir + "/out.hpp");
  CHECK(header.find("{\"a\", \"{n} manzanas\"}") != std::string::npos);
  CHECK(header.find("{\"es\", kTexts1, 1, true}") != std::string::npos);
  CHECK(header.find("{\"en\", kTexts0, 2, true}") != std::string::npos);
  // --fetched (the web build): es goes to its own file, the header keeps only its "lang." texts (none here).
  Write(dir + "/en.po", en + "\nmsgctxt \"lang.es\"\nmsgid \"Español\"\nmsgstr \"\"\n");
  out = Run(tool + " --header " + dir + "/web.hpp --fetched " + dir + " " + dir, &status);
  CHECK(status == 0);
  const std::string web = testutil::ReadFile(dir + "/web.hpp");
  CHECK(web.find("manzanas") == std::string::npos);
  CHECK(web.find("{\"es\", kTexts1, 0, false}") != std::string::npos);
  CHECK(web.find("{\"en\", kTexts0, 3, true}") != std::string::npos);
  const std::string cat = testutil::ReadFile(dir + "/lang-es.cat");
  CHECK(cat == std::string("bnlab-catalog 1 es 1\na\0{n} manzanas\0", 36));
  Write(dir + "/en.po", en);
  // --strict: the gap is an error.
  out = Run(tool + " --strict es " + dir, &status);
  CHECK(status == 1);
  CHECK(out.find(dir + "/es.po: error: \"b\" is missing") != std::string::npos);
  CHECK(out.find("0 passed, 1 failed") != std::string::npos);
  out = Run(tool + " --strict en " + dir, &status);
  CHECK(status == 0);
  CHECK(out.find("1 passed, 0 failed") != std::string::npos);
  // A placeholder mismatch, a duplicate key, a syntax error: errors, whatever --strict says; no header written.
  Write(dir + "/es.po", "msgctxt \"a\"\nmsgid \"{n} apples\"\nmsgstr \"{m} manzanas\"\n");
  out = Run(tool + " --header " + dir + "/bad.hpp " + dir, &status);
  CHECK(status == 1);
  CHECK(out.find(dir + "/es.po:1: error: \"a\": the translation has the placeholders {m}, its English {n}") !=
        std::string::npos);
  CHECK(testutil::ReadFile(dir + "/bad.hpp").empty());
  Write(dir + "/es.po", "msgctxt \"a\"\nmsgid \"{n} apples\"\nmsgstr \"\"\n\nmsgctxt \"a\"\nmsgid \"x\"\nmsgstr \"\"\n");
  out = Run(tool + " " + dir, &status);
  CHECK(status == 1);
  CHECK(out.find(dir + "/es.po:5: error: the key \"a\" again (first on line 1)") != std::string::npos);
  Write(dir + "/es.po", "msgctxt \"a\"\nmsgid \"{n} apples\nmsgstr \"\"\n");
  out = Run(tool + " " + dir, &status);
  CHECK(status == 1);
  CHECK(out.find(dir + "/es.po:2: error: a string is not closed") != std::string::npos);
  Write(dir + "/es.po", "");
  Write(dir + "/e_s.po", "");
  out = Run(tool + " " + dir, &status);
  CHECK(status == 1);
  CHECK(out.find("\"e_s\" is not a language tag") != std::string::npos);
  // The shipped catalogs pass the build's check.
  out = Run(tool + " --lesson " + BNLAB_LESSON_DIR + " " + BNLAB_I18N_DIR, &status);
  CHECK(status == 0);
}

TEST_CASE("i18n_check: --extract-lesson and --import-lesson write the lesson section and keep the rest") {
  const std::string dir = testutil::TempDir(), tool = I18N_CHECK_PATH;
  const std::string lesson = dir + "/en", translated = dir + "/es";
  REQUIRE(std::system(("mkdir -p " + lesson + " " + translated).c_str()) == 0);
  const std::string chapter =
      "<!-- source -->\n# Title\nlab: step\nlink: x=1,2;3,4&step=1\nstep: mean\n\nSome \"text\".\n\n## Look at\n"
      "The table.\n\n## Choice\nWhich?\n- [ ] a\n- [x] b\n> Because b.\n";
  Write(lesson + "/01-t.md", chapter);
  const std::string head = "# Glossary: mean = media\nmsgid \"\"\nmsgstr \"Language: es\\n\"\n\n"
                           "msgctxt \"menu.view\"\nmsgid \"View\"\nmsgstr \"Ver\"\n";
  Write(dir + "/en.po", "msgid \"\"\nmsgstr \"Language: en\\n\"\n\nmsgctxt \"menu.view\"\nmsgid \"View\"\nmsgstr \"\"\n");
  Write(dir + "/es.po", head);
  int status = 0;
  std::string out = Run(tool + " --extract-lesson " + lesson + " " + dir + "/en.po", &status);
  CHECK(status == 0);
  const bn::PoFile en = Parse(testutil::ReadFile(dir + "/en.po"));
  REQUIRE(en.entries.size() == 8);  // menu.view, title, text.1, look_at, q1.prompt, q1.choice.a/b, q1.explain
  CHECK(en.entries[0].key == "menu.view");
  CHECK(en.entries[2].key == "lesson.01-t.text.1");
  CHECK(en.entries[2].msgid == "Some \"text\".");
  CHECK(en.entries[6].notes == std::vector<std::string>{"Question 1, option b of 2 (the right one)."});
  // Again: the same file (the section replaced, not added).
  const std::string first = testutil::ReadFile(dir + "/en.po");
  Run(tool + " --extract-lesson " + lesson + " " + dir + "/en.po", &status);
  CHECK(testutil::ReadFile(dir + "/en.po") == first);
  // A translated file: its texts become es.po's msgstr, the rest of es.po stays byte for byte.
  std::string es_chapter = chapter;
  es_chapter.replace(es_chapter.find("# Title"), 7, "# Título");
  es_chapter.replace(es_chapter.find("Because b."), 10, "Porque b.");
  Write(translated + "/01-t.md", es_chapter);
  out = Run(tool + " --import-lesson " + lesson + " " + translated + " " + dir + "/es.po", &status);
  CHECK(status == 0);
  const std::string es_text = testutil::ReadFile(dir + "/es.po");
  CHECK(es_text.compare(0, head.size(), head) == 0);
  const bn::PoFile es = Parse(es_text);
  REQUIRE(es.entries.size() == 8);
  CHECK(es.entries[1].key == "lesson.01-t.title");
  CHECK(es.entries[1].msgid == "Title");
  CHECK(es.entries[1].msgstr == "Título");
  CHECK(es.entries[7].msgstr == "Porque b.");
  CHECK(es.entries[2].msgstr == "Some \"text\".");  // not translated in the file: the English as it is
  out = Run(tool + " --strict es --lesson " + lesson + " " + dir, &status);
  CHECK(status == 0);
  // A translated file with another structure is refused, and es.po is left as it was.
  es_chapter.replace(es_chapter.find("- [ ] a"), 7, "- [x] a");
  es_chapter.replace(es_chapter.find("- [x] b"), 7, "- [ ] b");
  Write(translated + "/01-t.md", es_chapter);
  out = Run(tool + " --import-lesson " + lesson + " " + translated + " " + dir + "/es.po", &status);
  CHECK(status == 1);
  CHECK(out.find(translated + "/01-t.md:1: error: question 1's right option ([x]) differs") != std::string::npos);
  CHECK(testutil::ReadFile(dir + "/es.po") == es_text);
  // The English chapter changed: the translation is stale, shown in English, and --strict fails.
  std::string changed = chapter;
  changed.replace(changed.find("# Title"), 7, "# New title");
  Write(lesson + "/01-t.md", changed);
  out = Run(tool + " --strict es --lesson " + lesson + " " + dir, &status);
  CHECK(status == 1);
  CHECK(out.find("\"lesson.01-t.title\" is stale") != std::string::npos);
  CHECK(out.find("en.po: warning: the lesson section differs from " + lesson + " in 1 text") != std::string::npos);
}
