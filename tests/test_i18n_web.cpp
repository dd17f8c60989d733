// test_i18n_web.cpp: the page's texts (web/*.js, web/index.html; keys web.* and the loading line's app.*).
//
// Index
//   keys          every key the page's files name is in English and in each shipped translation
//   Tr            the page's texts in Spanish and Chinese, placeholders filled; English as the page wrote it before
//   --web-strings i18n_check's JavaScript file of the texts the page shows before the wasm runs
//   --words       i18n_check's HTML fragments of the lesson's first chapter, which the page shows while the wasm loads
#include <doctest.h>

#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/i18n/catalog.hpp"
#include "core/i18n/current.hpp"

#include "test_util.hpp"

namespace {

const char* const kTranslations[] = {"es", "pt-BR", "zh-Hans"};

// The keys the page's files name: "web.…" string literals (tr("web.a11y.formula"), label(…, "web.a11y.labs"), the
// keys chosen in expressions) and the loading line's "app.…" keys.
std::set<std::string> PageKeys() {
  std::set<std::string> keys;
  const std::regex literal("\"((web|app)\\.[a-z0-9_]+(\\.[a-z0-9_]+)*)\"");
  for (const char* file : {"loader.js", "a11y.js", "touch.js", "index.html"}) {
    const std::string text = testutil::ReadFile(std::string(BNLAB_TESTS_DIR) + "/../web/" + file);
    REQUIRE_MESSAGE(!text.empty(), file);
    for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) keys.insert((*it)[1]);
  }
  return keys;
}

void Write(const std::string& path, const std::string& text) {
  FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

// Restores English when a test case ends, whatever happened in it.
struct EnglishAfter {
  ~EnglishAfter() { bn::SetLanguage("en"); }
};

}  // namespace

TEST_CASE("page texts: every key the page's files name is in English and in each shipped translation") {
  const std::set<std::string> keys = PageKeys();
  CHECK(keys.size() > 100);  // the text version alone has over a hundred
  CHECK(keys.count("web.a11y.button.next") == 1);
  CHECK(keys.count("app.downloading") == 1);
  for (const std::string& key : keys) {
    CAPTURE(key);
    CHECK(bn::EnglishCatalog().Find(key) != nullptr);
    for (const char* tag : kTranslations) {
      CAPTURE(tag);
      const bn::Catalog* c = bn::FindCatalog(tag);
      REQUIRE(c != nullptr);
      const std::string* t = c->Find(key);
      REQUIRE(t != nullptr);
      CHECK(bn::Placeholders(*t) == bn::Placeholders(*bn::EnglishCatalog().Find(key)));
    }
  }
}

TEST_CASE("page texts: Spanish and Chinese with their placeholders filled; English as the page wrote it") {
  EnglishAfter restore;
  // English: the literals the page's JavaScript wrote before the catalogs (the browser specs read some of them).
  REQUIRE(bn::SetLanguage("en"));
  CHECK(bn::Tr("web.a11y.button.next") == "Next step");
  CHECK(bn::Tr("web.a11y.step.heading_forward", {{"n", "2"}, {"count", "11"}, {"title", "Batch mean"}}) ==
        "Step 2 of 11 (forward pass): Batch mean");
  CHECK(bn::Tr("web.a11y.batch.caption", {{"n", "4"}, {"d", "3"}}) ==
        "The batch x: 4 samples (rows) × 3 features (columns), with γ and β per feature");
  CHECK(bn::Tr("web.a11y.batch.mode_train", {{"eps", "1e-05"}, {"mode", "train"}}) ==
        "ε = 1e-05, mode: train (normalize with this batch's own mean and variance).");
  CHECK(bn::Tr("web.a11y.lesson.mark.right", {{"prompt", bn::Tr("web.a11y.lesson.from_chapter",
                                                                  {{"n", "3"}, {"prompt", "Which?"}})}}) ==
        "From chapter 3. Which? (right)");
  CHECK(bn::Tr("app.downloading", {{"build", "SIMD"}, {"received", "12 KB"}, {"total", "400 KB"}}) ==
        "Downloading the SIMD build: 12 KB of 400 KB");
  CHECK(bn::Tr("web.a11y.sentences", {{"first", "A."}, {"second", "B."}}) == "A. B.");  // as join(" ") wrote them
  CHECK(bn::Tr("web.notice.nul_command", {{"what", "train-csv:"}, {"at", "52"}}) ==
        "'train-csv:' holds a NUL character (at position 52): not used");

  REQUIRE(bn::SetLanguage("es"));
  CHECK(bn::Tr("web.a11y.button.next") == "Paso siguiente");
  CHECK(bn::Tr("web.a11y.step.heading_forward", {{"n", "2"}, {"count", "11"}, {"title", "media del lote"}}) ==
        "Paso 2 de 11 (pasada hacia adelante): media del lote");
  CHECK(bn::Tr("web.page.loading_build", {{"build", "SIMD"}}) == "Cargando la versión SIMD…");
  CHECK(bn::Tr("web.a11y.batch.cell", {{"name", "x₁,₂"}, {"i", "1"}, {"j", "2"}}) == "x₁,₂, muestra 1, característica 2");

  REQUIRE(bn::SetLanguage("zh-Hans"));
  CHECK(bn::Tr("web.a11y.lesson.chapter_heading", {{"n", "3"}, {"count", "15"}, {"title", "T"}}) ==
        "第 3 章，共 15 章：T");
  CHECK(bn::Tr("web.a11y.percent", {{"value", "97.5"}}) == "97.5%");
  CHECK(bn::Tr("web.a11y.sentences", {{"first", "甲。"}, {"second", "乙。"}}) == "甲。乙。");  // no space between

  REQUIRE(bn::SetLanguage("pt-BR"));
  CHECK(bn::Tr("web.a11y.train.status_paused", {{"experiment", "moons"}, {"step", "200"}}) ==
        "Experimento: moons. Passo 200, pausado.");
}

TEST_CASE("i18n_check --web-strings: the page's texts before the wasm, as JavaScript") {
  const std::string dir = testutil::TempDir(), tool = I18N_CHECK_PATH;
  Write(dir + "/en.po",
        "msgid \"\"\nmsgstr \"Language: en\\n\"\n\n"
        "msgctxt \"app.loading\"\nmsgid \"Loading…\"\nmsgstr \"\"\n\n"
        "msgctxt \"app.other\"\nmsgid \"Other\"\nmsgstr \"\"\n\n"
        "msgctxt \"web.page.a\"\nmsgid \"Say \\\"{n}\\\" </script> \u2028 end\"\nmsgstr \"\"\n\n"
        "msgctxt \"web.page.b\"\nmsgid \"B\"\nmsgstr \"\"\n\n"
        "msgctxt \"web.a11y.c\"\nmsgid \"C\"\nmsgstr \"\"\n");
  Write(dir + "/es.po",
        "msgctxt \"app.loading\"\nmsgid \"Loading…\"\nmsgstr \"Cargando…\"\n\n"
        "msgctxt \"web.page.a\"\nmsgid \"Say \\\"{n}\\\" </script> \u2028 end\"\nmsgstr \"Di {n}\"\n\n"
        "msgctxt \"web.page.b\"\nmsgid \"B\"\nmsgstr \"\"\n");
  Write(dir + "/zh-Hans.po", "msgctxt \"web.page.b\"\nmsgid \"B\"\nmsgstr \"乙\"\n");
  const std::string out = dir + "/strings.js";
  testutil::ToolRun r = testutil::RunTool(tool + " --web-strings " + out + " app.loading,web.page. " + dir);
  CHECK(r.status == 0);
  CHECK(r.out.find(out + ": ") != std::string::npos);
  CHECK(r.out.find("(3 texts in 3 languages)") != std::string::npos);
  const std::string js = testutil::ReadFile(out);
  // English first with every listed key (app.loading exactly, web.page.* as a prefix; not app.other, not web.a11y.c),
  // then each translation with only what it translates (es's empty web.page.b falls back to English in the page).
  CHECK(js.find("window.BNLAB_STRINGS = {\"en\":{\"app.loading\":\"Loading…\","
                "\"web.page.a\":\"Say \\\"{n}\\\" <\\/script> \\u2028 end\",\"web.page.b\":\"B\"},"
                "\"es\":{\"app.loading\":\"Cargando…\",\"web.page.a\":\"Di {n}\"},\"zh-Hans\":{\"web.page.b\":\"乙\"}};\n") !=
        std::string::npos);
  CHECK(js.compare(0, 3, "// ") == 0);
  CHECK(js.find("app.other") == std::string::npos);
  CHECK(js.find("web.a11y") == std::string::npos);
  // An item that names no English key is an error (a misspelt key would show as itself on the page).
  std::remove(out.c_str());
  r = testutil::RunTool(tool + " --web-strings " + out + " app.loading,web.pages. " + dir);
  CHECK(r.status == 1);
  CHECK(r.out.find("error: --web-strings: \"web.pages.\" names no key of en.po") != std::string::npos);
  CHECK(testutil::ReadFile(out).empty());
  r = testutil::RunTool(tool + " --web-strings " + out + " app.load " + dir);
  CHECK(r.status == 1);
  // A broken catalog writes no strings either.
  Write(dir + "/es.po", "msgctxt \"web.page.a\"\nmsgid \"Say \\\"{n}\\\" </script> \u2028 end\"\nmsgstr \"Di {m}\"\n");
  r = testutil::RunTool(tool + " --web-strings " + out + " app.loading " + dir);
  CHECK(r.status == 1);
  CHECK(testutil::ReadFile(out).empty());
}

TEST_CASE("i18n_check --words: the lesson's first chapter per language as the text version shows it, HTML-escaped") {
  const std::string dir = testutil::TempDir(), tool = I18N_CHECK_PATH;
  std::filesystem::create_directories(dir + "/lesson");
  std::filesystem::create_directories(dir + "/po");
  const std::string chapter =
      "<!-- a source -->\n# Scaling <inputs> & \"more\"\nlab: step\nlink: x=1,2;3,4&step=8\nstep: xhat\n\n"
      "First paragraph with <b> & 'quotes'.\n\nSecond paragraph\non two lines.\n\n## Formula\n(x − μ) / σ\n\n"
      "## Look at\nThe table.\n\n## Choice\nWhich one?\n- [ ] a\n- [x] b\n> Because.\n";
  Write(dir + "/lesson/01-a.md", chapter);
  Write(dir + "/lesson/02-b.md", "# Second chapter" + chapter.substr(chapter.find("\nlab:")));
  Write(dir + "/po/en.po",
        "msgid \"\"\nmsgstr \"Language: en\\n\"\n\n"
        "msgctxt \"web.a11y.lesson.chapter_heading\"\nmsgid \"Chapter {n} of {count}: {title}\"\nmsgstr \"\"\n\n"
        "msgctxt \"web.a11y.formula\"\nmsgid \"Formula: {formula}\"\nmsgstr \"\"\n");
  // Spanish: the heading, the title and paragraph 1; paragraph 2 translated from an older English (stale: shown in
  // English, as the app shows it); the formula's label untranslated (English).
  Write(dir + "/po/es.po",
        "msgctxt \"web.a11y.lesson.chapter_heading\"\nmsgid \"Chapter {n} of {count}: {title}\"\n"
        "msgstr \"Capítulo {n} de {count}: {title}\"\n\n"
        "msgctxt \"lesson.01-a.title\"\nmsgid \"Scaling <inputs> & \\\"more\\\"\"\nmsgstr \"Escalar <entradas>\"\n\n"
        "msgctxt \"lesson.01-a.text.1\"\nmsgid \"First paragraph with <b> & 'quotes'.\"\nmsgstr \"Primer párrafo.\"\n\n"
        "msgctxt \"lesson.01-a.text.2\"\nmsgid \"Second paragraph, an older text.\"\nmsgstr \"Segundo párrafo, viejo.\"\n");
  const std::string out = dir + "/words";
  testutil::ToolRun r = testutil::RunTool(tool + " --lesson " + dir + "/lesson --words " + out + " " + dir + "/po");
  CAPTURE(r.out);
  CHECK(r.status == 0);
  CHECK(r.out.find(out + ": words-TAG.html, chapter 1 in 2 languages") != std::string::npos);
  // The text version's heading (a11y.js renderLesson: "Chapter {n} of {count}: {title}"), the paragraphs (a wrapped
  // line joined by a space, as the reader joins it) and the formula line; not the look-at line, not the questions.
  CHECK(testutil::ReadFile(out + "/words-en.html") ==
        "<section id=\"words\" lang=\"en\" aria-labelledby=\"words-heading\" data-chapters=\"2\" tabindex=\"0\">\n"
        "<h2 id=\"words-heading\">Chapter 1 of 2: Scaling &lt;inputs&gt; &amp; &quot;more&quot;</h2>\n"
        "<p>First paragraph with &lt;b&gt; &amp; &#39;quotes&#39;.</p>\n"
        "<p>Second paragraph on two lines.</p>\n"
        "<p>Formula: (x − μ) / σ</p>\n"
        "</section>\n");
  CHECK(testutil::ReadFile(out + "/words-es.html") ==
        "<section id=\"words\" lang=\"es\" aria-labelledby=\"words-heading\" data-chapters=\"2\" tabindex=\"0\">\n"
        "<h2 id=\"words-heading\">Capítulo 1 de 2: Escalar &lt;entradas&gt;</h2>\n"
        "<p>Primer párrafo.</p>\n"
        "<p>Second paragraph on two lines.</p>\n"
        "<p>Formula: (x − μ) / σ</p>\n"
        "</section>\n");
  // The words are the lesson's: without the chapters there is nothing to write (usage, exit 2).
  r = testutil::RunTool(tool + " --words " + out + " " + dir + "/po");
  CHECK(r.status == 2);
  // A broken catalog writes nothing.
  std::remove((out + "/words-es.html").c_str());
  Write(dir + "/po/es.po", "msgctxt \"web.a11y.formula\"\nmsgid \"Formula: {formula}\"\nmsgstr \"Fórmula: {formul}\"\n");
  r = testutil::RunTool(tool + " --lesson " + dir + "/lesson --words " + out + " " + dir + "/po");
  CHECK(r.status == 1);
  CHECK(testutil::ReadFile(out + "/words-es.html").empty());
}
