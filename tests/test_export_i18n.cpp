// test_export_i18n.cpp: the exports in other languages (issue 25): the worked example (Markdown, LaTeX), the
// notebooks, the practice sheets and keys, and the training lab's PyTorch script take their prose from the catalogs
// (export.*, sheet.*, script.*) and keep every number, formula and line of code the English has.
//
// Index
//   Catalog            every export./sheet./script. key is translated in es, pt-BR and zh-Hans, same placeholders
//   LaTeX text         LatexProse / LatexFormat per language; CurrentLatexLanguage's packages
//   Worked example     Markdown in es and zh-Hans: translated headings, the English's numbers
//   Practice sheet     Markdown sheet and key in es and zh-Hans: translated headings, the English's numbers; HTML lang
//   Code               the notebook's and the PyTorch script's code is the English's with other comments; the script
//                      compiles in every language (python3)
// Every test case sets the language back to English (LanguageGuard).
#include <doctest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "core/i18n/current.hpp"
#include "core/io/json.hpp"
#include "core/lab/code_export.hpp"
#include "core/lab/lab_presets.hpp"
#include "core/lab/trace_export.hpp"
#include "core/learn/practice_sheet.hpp"
#include "core/train/torch_script.hpp"
#include "core/train/trainer.hpp"
#include "test_util.hpp"

namespace {

// Sets a language for one test case and English again when it ends, whatever happens in between.
struct LanguageGuard {
  explicit LanguageGuard(const std::string& tag) { REQUIRE(bn::SetLanguage(tag)); }
  ~LanguageGuard() { bn::SetLanguage("en"); }
};

const char* const kTranslations[] = {"es", "pt-BR", "zh-Hans"};

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A letter outside the {placeholders}.
bool HasWord(const std::string& text) {
  bool inside = false;
  for (char c : text) {
    if (c == '{') inside = true;
    else if (c == '}') inside = false;
    else if (!inside && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return true;
  }
  return false;
}

// The numbers in the cells of a Markdown document's table rows ("| label | 1.5 | -2 |"), in order: a translation
// changes the labels and headers, never these.
std::vector<std::string> TableNumbers(const std::string& md) {
  std::vector<std::string> numbers;
  size_t pos = 0;
  while (pos < md.size()) {
    size_t end = md.find('\n', pos);
    if (end == std::string::npos) end = md.size();
    const std::string line = md.substr(pos, end - pos);
    pos = end + 1;
    if (line.rfind("|", 0) != 0) continue;
    size_t at = line.find('|', 1);  // skip the label cell
    while (at != std::string::npos && at + 1 < line.size()) {
      const size_t next = line.find('|', at + 1);
      if (next == std::string::npos) break;
      std::string cell = line.substr(at + 1, next - at - 1);
      cell.erase(0, cell.find_first_not_of(' '));
      cell.erase(cell.find_last_not_of(' ') + 1);
      char* stop = nullptr;
      if (!cell.empty()) std::strtod(cell.c_str(), &stop);
      if (!cell.empty() && stop != nullptr && *stop == '\0') numbers.push_back(cell);
      at = next;
    }
  }
  return numbers;
}

// A text without its "#" comments: whole comment lines dropped, "  # ..." cut off the end of code lines (the code
// these exports write has no '#' inside a string, and a comment starts with "# " or is the whole line).
std::string WithoutComments(const std::string& code) {
  std::string out;
  size_t pos = 0;
  while (pos < code.size()) {
    size_t end = code.find('\n', pos);
    if (end == std::string::npos) end = code.size();
    std::string line = code.substr(pos, end - pos);
    pos = end + 1;
    const size_t first = line.find_first_not_of(' ');
    if (first != std::string::npos && line[first] == '#') continue;
    const size_t hash = line.find("  # ");
    if (hash != std::string::npos) line.erase(hash);
    out += line + "\n";
  }
  return out;
}

// The script's code without its comments, its docstring and the lines of its two messages (translated texts).
std::string ScriptCode(const std::string& script) {
  const std::string code = WithoutComments(script);
  std::string out;
  size_t pos = 0;
  while (pos < code.size()) {
    size_t end = code.find('\n', pos);
    if (end == std::string::npos) end = code.size();
    const std::string line = code.substr(pos, end - pos);
    pos = end + 1;
    if (!Has(line, "sys.exit(\"") && !Has(line, "print(\"# ") && !Has(line, "\"\"\"")) out += line + "\n";
  }
  return out;
}

bn::TraceInput EvalWithDy() {
  bn::TraceInput in = bn::DefaultLabBatch();
  in.mode = bn::Mode::Eval;
  in.running.mean = bn::Row::Constant(3, 1.5);
  in.running.var = bn::Row::Constant(3, 2.0);
  in.has_dy = true;
  in.dy = bn::Mat::Constant(in.x.rows(), in.x.cols(), 1.0);
  in.dy(0, 0) = -2.0;
  return in;
}

// The code cells of a notebook, each as one string.
std::vector<std::string> Cells(const std::string& notebook, const std::string& type) {
  std::vector<std::string> cells;
  const bn::Json nb = bn::Json::Parse(notebook);
  for (const bn::Json& cell : nb.get("cells")->items())
    if (cell.get("cell_type")->string() == type) cells.push_back(cell.get("source")->string());
  return cells;
}
std::vector<std::string> CodeCells(const std::string& notebook) { return Cells(notebook, "code"); }
std::vector<std::string> MarkdownCells(const std::string& notebook) { return Cells(notebook, "markdown"); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------------------------
TEST_CASE("export i18n: every export./sheet./script. text is translated in es, pt-BR and zh-Hans, same placeholders") {
  int keys = 0;
  for (const auto& kv : bn::EnglishCatalog().texts) {
    const std::string& key = kv.first;
    if (key.rfind("export.", 0) != 0 && key.rfind("sheet.", 0) != 0 && key.rfind("script.", 0) != 0) continue;
    ++keys;
    CAPTURE(key);
    for (const char* tag : kTranslations) {
      CAPTURE(tag);
      const bn::Catalog* c = bn::FindCatalog(tag);
      REQUIRE(c != nullptr);
      const std::string* t = c->Find(key);
      REQUIRE(t != nullptr);
      // Translated, not copied, where there is a word to translate ("{shape}, {eps}: {grouping}." has none).
      if (HasWord(kv.second)) CHECK(*t != kv.second);
      CHECK(bn::Placeholders(*t) == bn::Placeholders(kv.second));
    }
  }
  CHECK(keys == 123);
}

// ---------------------------------------------------------------------------------------------
// LaTeX text
// ---------------------------------------------------------------------------------------------
TEST_CASE("export i18n: LaTeX text keeps the language's letters, escapes specials, fills LaTeX placeholders as they are") {
  // English: LatexText exactly (ASCII only), nothing more in the preamble.
  CHECK(bn::LatexProse("Variance plus ε, 50% & é") == bn::LatexText("Variance plus ε, 50% & é"));
  CHECK(bn::LatexProse("é") == "?");
  CHECK(bn::CurrentLatexLanguage().fonts.empty());
  CHECK(bn::CurrentLatexLanguage().packages.empty());
  CHECK(bn::CurrentLatexLanguage().comment.empty());
  CHECK(bn::LatexFormat("Batch of {samples} samples, 50%", {{"samples", "$N = 4$"}}) == "Batch of $N = 4$ samples, 50\\%");
  {
    LanguageGuard es("es");
    CHECK(bn::LatexProse("¿Qué pasa con ε? 50% “así”") == "¿Qué pasa con $\\epsilon$? 50\\% ``así''");
    CHECK(bn::LatexProse("日本") == "??");  // not a Spanish document's letters
    CHECK(bn::LatexFormat("Lote de {samples} muestras_{x}", {{"samples", "$N = 4$"}, {"x", "\\texttt{a_b}"}}) ==
          "Lote de $N = 4$ muestras\\_\\texttt{a_b}");
    const bn::LatexLanguage l = bn::CurrentLatexLanguage();
    CHECK(Has(l.language, "\\usepackage[shorthands=off,spanish]{babel}"));
    CHECK(Has(l.fonts, "\\usepackage[T1]{fontenc}"));
    CHECK(l.begin.empty());
    CHECK(l.comment == "% Necesita estos paquetes de Debian además de texlive-latex-base: texlive-lang-spanish\n");
  }
  {
    LanguageGuard zh("zh-Hans");
    CHECK(bn::LatexProse("特征 1：均值 μ（50%）") == "特征 1：均值 $\\mu$（50\\%）");
    const bn::LatexLanguage l = bn::CurrentLatexLanguage();
    CHECK(l.cjk);
    CHECK(l.language == "\\usepackage{CJKutf8}\n");
    CHECK(l.begin == "\\begin{CJK}{UTF8}{gbsn}\n");
    CHECK(l.end == "\\end{CJK}\n");
    CHECK(Has(l.packages, "latex-cjk-chinese"));
  }
  CHECK(bn::LatexProse("é") == "?");  // English again
}

// ---------------------------------------------------------------------------------------------
// Worked example
// ---------------------------------------------------------------------------------------------
TEST_CASE("export i18n: the Markdown worked example in es and zh-Hans has translated headings and the English's numbers") {
  const bn::Trace t = bn::BuildTrace(EvalWithDy());
  const std::string en = bn::TraceToMarkdown(t);
  const std::vector<std::string> numbers = TableNumbers(en);
  REQUIRE(numbers.size() > 50);
  CHECK(Has(en, "# Batch Normalization, step by step\n"));
  CHECK(Has(en, "## Input\n"));
  CHECK(Has(en, "| feature 1 |"));
  {
    LanguageGuard es("es");
    const std::string md = bn::TraceToMarkdown(t);
    CHECK(Has(md, "# Normalización por lotes, paso a paso\n\n"));
    CHECK(Has(md, "Lote de N = 4 muestras y D = 3 características (m = N = 4 valores por característica), modo `eval`, "
                  "ε = 1e-05.\n"));
    CHECK(Has(md, "## Entrada\n"));
    CHECK(Has(md, "| característica 1 | característica 2 | característica 3 |"));
    CHECK(Has(md, "| μ móvil | 1.5 | 1.5 | 1.5 |"));
    CHECK(Has(md, " (retropropagación)\n"));
    CHECK(!Has(md, "feature"));
    CHECK(TableNumbers(md) == numbers);
  }
  {
    LanguageGuard zh("zh-Hans");
    const std::string md = bn::TraceToMarkdown(t);
    CHECK(Has(md, "# 批量规范化分步详解\n\n"));
    CHECK(Has(md, "批量含 N = 4 个样本和 D = 3 个特征（每个特征 m = N = 4 个值），模式 `eval`，ε = 1e-05。\n"));
    CHECK(Has(md, "## 输入\n"));
    CHECK(Has(md, "| 特征 1 | 特征 2 | 特征 3 |"));
    CHECK(Has(md, "| 移动 σ² | 2 | 2 | 2 |"));
    CHECK(TableNumbers(md) == numbers);
  }
  CHECK(bn::TraceToMarkdown(t) == en);  // English again, byte for byte
}

TEST_CASE("export i18n: the LaTeX worked example loads the language's packages and says which") {
  const bn::Trace t = bn::BuildTrace(bn::DefaultLabBatch());
  const std::string en = bn::TraceToLatex(t);
  CHECK(!Has(en, "babel"));
  {
    LanguageGuard pt("pt-BR");
    const std::string tex = bn::TraceToLatex(t);
    CHECK(tex.rfind("% Normalização em lote, passo a passo (bnlab). Compile com: pdflatex FILE.tex\n"
                    "% Precisa destes pacotes do Debian além do texlive-latex-base: texlive-lang-portuguese\n", 0) == 0);
    CHECK(Has(tex, "\\usepackage[shorthands=off,brazilian]{babel}\n"));
    CHECK(Has(tex, "\\section*{Normalização em lote, passo a passo}"));
    CHECK(Has(tex, "Lote de $N = 4$ amostras e $D = 3$ características ($m = N = 4$ valores por característica), "
                   "modo \\texttt{train}, $\\epsilon = 10^{-5}$, momentum $0.1$ (convenção do PyTorch)."));
    CHECK(Has(tex, " & característica 1 & característica 2 & característica 3 \\\\"));
  }
  {
    LanguageGuard zh("zh-Hans");
    const std::string tex = bn::TraceToLatex(t);
    CHECK(Has(tex, "\\begin{document}\n\\begin{CJK}{UTF8}{gbsn}\n\n\\section*{批量规范化分步详解}"));
    const std::string end = "\\end{tabular}\n\n\\end{CJK}\n\\end{document}\n";
    REQUIRE(tex.size() > end.size());
    CHECK(tex.substr(tex.size() - end.size()) == end);
  }
  CHECK(bn::TraceToLatex(t) == en);
}

// ---------------------------------------------------------------------------------------------
// Practice sheet
// ---------------------------------------------------------------------------------------------
TEST_CASE("export i18n: the practice sheet and key in es and zh-Hans: translated headings, the English's numbers") {
  bn::PracticeConfig c;
  c.count = 3;
  c.features = 2;
  c.seed = 11;
  c.difficulty = bn::PracticeDifficulty::Outlier;
  const bn::PracticeSheet s = bn::MakePracticeSheet(c);
  const std::string en_sheet = bn::WritePracticeSheet(s, bn::PracticeFormat::Markdown);
  const std::string en_key = bn::WritePracticeKey(s, bn::PracticeFormat::Markdown);
  REQUIRE(TableNumbers(en_key).size() > 3 * (4 * 2 + 2 * 2 + 10 * 2));
  struct Want {
    const char* tag;
    std::vector<std::string> sheet, key;
  };
  const Want wants[] = {
      {"es",
       {"# Práctica de normalización por lotes\n\n3 ejercicios, con un valor atípico, N = 4 muestras, D = 2 "
        "características, semilla 11.\n\nNombre: ______________________    Fecha: ____________\n\n",
        "Cada lote pasa por la normalización por lotes en modo de entrenamiento. Para cada característica j:\n\n1. la media "
        "del lote μⱼ = (1/N) Σᵢ xᵢⱼ;\n",
        "Aquí ε = 0.00001. Redondea las respuestas a 3 decimales.\n", "## Ejercicio 1\n", "| completa | característica 1 |"},
       {"# Práctica de normalización por lotes: soluciones\n", "## Ejercicio 3\n", "| respuesta | característica 1 |",
        "Desarrollo:\n", "Entrada para bntrace:\n\n```json\n", "<details><summary>Todos los pasos (ejemplo resuelto)</summary>",
        "##### Entrada\n", "El valor lejano arrastra la media hasta "}},
      {"zh-Hans",
       {"# 批量规范化练习\n\n3 道练习，含一个离群值，N = 4 个样本，D = 2 个特征，种子 11。\n\n姓名：______________________    "
        "日期：____________\n\n",
        "这里 ε = 0.00001。答案保留 3 位小数。\n", "## 练习 2\n", "| 填写 | 特征 1 | 特征 2 |", "其他样本的 x̂ 值落在哪里？"},
       {"# 批量规范化练习：答案\n", "| 答案 | 特征 1 | 特征 2 |", "解题过程：\n", "bntrace 输入：\n", "远离的那个值把均值拉到 "}},
  };
  for (const Want& w : wants) {
    CAPTURE(w.tag);
    LanguageGuard guard(w.tag);
    const std::string sheet = bn::WritePracticeSheet(s, bn::PracticeFormat::Markdown);
    const std::string key = bn::WritePracticeKey(s, bn::PracticeFormat::Markdown);
    for (const std::string& part : w.sheet) {
      CAPTURE(part);
      CHECK(Has(sheet, part));
    }
    for (const std::string& part : w.key) {
      CAPTURE(part);
      CHECK(Has(key, part));
    }
    CHECK(!Has(sheet, "Exercise"));
    CHECK(!Has(key, "feature"));
    CHECK(TableNumbers(sheet) == TableNumbers(en_sheet));
    CHECK(TableNumbers(key) == TableNumbers(en_key));
    for (const bn::PracticeExercise& ex : s.exercises) CHECK(Has(key, "```json\n" + ex.bntrace + "\n```"));
    // The answer to each outlier question: the English numbers, in a translated sentence.
    for (const bn::PracticeExercise& ex : s.exercises) {
      char mean[32];
      std::snprintf(mean, sizeof mean, "%.3f", ex.trace.fwd.mean(ex.outlier_feature));
      CHECK(Has(key, mean));
    }
    const std::string html = bn::WritePracticeSheet(s, bn::PracticeFormat::Html);
    CHECK(html.rfind(std::string("<!DOCTYPE html>\n<html lang=\"") + w.tag + "\">", 0) == 0);
  }
  CHECK(bn::WritePracticeSheet(s, bn::PracticeFormat::Markdown) == en_sheet);
  CHECK(bn::WritePracticeKey(s, bn::PracticeFormat::Markdown) == en_key);
  CHECK(bn::WritePracticeSheet(s, bn::PracticeFormat::Html).rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
}

TEST_CASE("export i18n: the practice settings' refusals in the current language, the setting's name as it is") {
  bn::PracticeConfig c;
  c.count = 21;
  CHECK_THROWS_WITH_AS(bn::ValidatePracticeConfig(c), "count must be 1 to 20 exercises", std::invalid_argument);
  LanguageGuard es("es");
  CHECK_THROWS_WITH_AS(bn::ValidatePracticeConfig(c), "count debe estar entre 1 y 20 ejercicios", std::invalid_argument);
  c.count = 2;
  c.decimals = 7;
  CHECK_THROWS_WITH_AS(bn::ValidatePracticeConfig(c), "decimals debe estar entre 1 y 6", std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// Code
// ---------------------------------------------------------------------------------------------
TEST_CASE("export i18n: the notebooks' code is the English's; comments, Markdown and the closing print translated") {
  const bn::Trace t = bn::BuildTrace(EvalWithDy());
  const std::string en = bn::TraceToNotebook(t, 1);
  const std::vector<std::string> en_code = CodeCells(en);
  bn::ImageLabInput image = bn::DefaultImageLabInput();
  image.backward = true;
  image.params.variant = bn::NormVariant::Group;
  image.params.groups = 3;
  const bn::NormTrace nt = bn::BuildNormTrace(image);
  const std::vector<std::string> en_image = CodeCells(bn::ImageToNotebook(nt));
  for (const char* tag : kTranslations) {
    CAPTURE(tag);
    LanguageGuard guard(tag);
    const std::string nb = bn::TraceToNotebook(t, 1);
    const std::vector<std::string> code = CodeCells(nb);
    REQUIRE(code.size() == en_code.size());
    for (size_t k = 0; k + 1 < code.size(); ++k) {
      CAPTURE(k);
      CHECK(WithoutComments(code[k]) == WithoutComments(en_code[k]));
    }
    // The last cell ends with the print: its text is translated, the code around it is not.
    CHECK(code.back().rfind("print(\"") != std::string::npos);
    CHECK(!Has(code.back(), "agree"));
    CHECK(WithoutComments(code.back().substr(0, code.back().rfind("print("))) ==
          WithoutComments(en_code.back().substr(0, en_code.back().rfind("print("))));
    const std::vector<std::string> md = MarkdownCells(nb);
    REQUIRE(md.size() == MarkdownCells(en).size());
    CHECK(md[0].rfind("# " + bn::Tr("export.worked.title") + " (bnlab)\n\n", 0) == 0);
    CHECK(!Has(md[0], "samples"));
    CHECK(Has(md[0], "np.testing.assert_allclose(rtol=1e-07, atol=1e-09)"));
    CHECK(Has(code[0], "# " + bn::Tr("export.code.batch") + "\n"));
    const std::vector<std::string> img = CodeCells(bn::ImageToNotebook(nt));
    REQUIRE(img.size() == en_image.size());
    for (size_t k = 0; k + 1 < img.size(); ++k) CHECK(WithoutComments(img[k]) == WithoutComments(en_image[k]));
  }
  CHECK(bn::TraceToNotebook(t, 1) == en);
}

TEST_CASE("export i18n: the PyTorch script's code is the English's in every language, and python3 compiles it") {
  bn::TrainConfig c;
  c.net.depth = 2;
  c.net.width = 4;
  bn::Trainer trainer(c, {bn::NormKind::None, bn::NormKind::Batch, bn::NormKind::Noisy});
  bn::TorchScriptOptions o;
  o.steps = 3;
  o.log_every = 2;
  const std::string en = bn::TorchTrainingScript(trainer, o);
  const bool python = std::system("command -v python3 > /dev/null 2>&1") == 0;
  if (!python) MESSAGE("SKIPPED the compile check: python3 is not installed");
  for (const std::string tag : {"en", "es", "pt-BR", "zh-Hans"}) {
    CAPTURE(tag);
    LanguageGuard guard(tag);
    const std::string script = bn::TorchTrainingScript(trainer, o);
    CHECK(Has(script, "\n#   step,network,train_loss,train_acc,test_loss,test_acc\n"));
    CHECK(Has(script, "print(\"step,network,train_loss,train_acc,test_loss,test_acc\")\n"));
    if (tag != "en") {
      CHECK(!Has(script, "hidden layers"));
      CHECK(!Has(script, "diverged at step"));
      CHECK(Has(script, "# " + bn::Tr("script.depth") + "\n"));
    }
    // Code lines: the English's, but for the two messages' texts and the docstring.
    const std::string code = ScriptCode(script), en_code = ScriptCode(en);
    CHECK(code == en_code);
    if (python) {
      const std::string dir = testutil::TempDir();
      std::ofstream(dir + "/script.py", std::ios::binary) << script;
      const testutil::ToolRun run = testutil::RunTool("python3 -c \"import ast,sys; ast.parse(open(sys.argv[1], "
                                                      "encoding='utf-8').read())\" " + dir + "/script.py");
      CAPTURE(run.out);
      CHECK(run.status == 0);
      std::system(("rm -rf " + dir).c_str());
    }
  }
  CHECK(bn::TorchTrainingScript(trainer, o) == en);
}
