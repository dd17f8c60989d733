// trace_export.cpp: the worked example as Markdown or as a LaTeX document.
//
// Index
//   Num, LatexNum        numbers as plain ASCII ("1e-05"; LaTeX: "1\cdot 10^{-5}")
//   LatexText            UTF-8 text (titles) → ASCII LaTeX: Greek and symbols as math-mode commands, specials escaped
//   LatexProse           the same for the current language's text: its letters stay UTF-8
//   LatexFormat          a catalog text through LatexProse around its {placeholders}, their LaTeX values put in
//   CurrentLatexLanguage the packages (and Chinese's CJK environment) a language's document needs for pdflatex
//   LatexSymbol          a step key's symbol in LaTeX (its row in core/bn/steps.hpp)
//   LatexFormula         a step's formula in LaTeX (its row, for the mode and momentum convention)
//   TraceToMarkdown, TraceToLatex
//
// Letters, as everywhere a learner reads: N samples, D features, m values per feature that one mean and
// variance average over (m = N for this dense trace), momentum written as the word.
// Texts: the catalogs' export.worked.* and export.latex.* (assets/i18n), in the current language; numbers and
// formulas are filled into them. English output is the ASCII document it always was.
// No iostreams (they would add ~100 KB to the page): text is appended to a plain std::string.
#include "core/lab/trace_export.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/bn/steps.hpp"
#include "core/i18n/current.hpp"

namespace bn {
namespace {

// Plain ASCII number for Markdown (ASCII minus, so it pastes anywhere).
std::string Num(double v, int digits) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

// A number for LaTeX math mode: "2.5", "-0.4472", "1\cdot 10^{-5}".
std::string LatexNum(double v, int digits) {
  if (std::isnan(v)) return "\\text{NaN}";
  if (std::isinf(v)) return v > 0 ? "\\infty" : "-\\infty";
  const std::string s = Num(v, digits);
  const size_t e = s.find('e');
  if (e == std::string::npos) return s;
  const std::string mantissa = s.substr(0, e);
  const int exponent = std::atoi(s.c_str() + e + 1);
  const std::string power = "10^{" + std::to_string(exponent) + "}";
  return mantissa == "1" ? power : mantissa == "-1" ? "-" + power : mantissa + "\\cdot " + power;
}

const char* ModeName(Mode m) { return m == Mode::Train ? "train" : "eval"; }

std::string Int(Eigen::Index v) { return std::to_string(v); }

// Which non-ASCII characters without a LaTeX command stay as they are (UTF-8); the others become '?'.
enum class Keep {
  Nothing,  // LatexText: ASCII only
  Latin,    // Latin-1 and Latin Extended-A letters, ¡ ¿ « » (T1 fonts: Spanish, Portuguese)
  Cjk,      // those, and Chinese characters and full-width punctuation (inside CJKutf8's CJK environment)
};

// The code point of the UTF-8 sequence at utf8[i] and its length (a broken sequence: one byte, code point 0).
char32_t CodePoint(const std::string& utf8, size_t i, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(utf8[i]);
  const int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (n == 1 || i + n > utf8.size()) return *len = 1, 0;
  char32_t cp = c & (0x3F >> (n - 1));
  for (int k = 1; k < n; ++k) {
    const unsigned char b = static_cast<unsigned char>(utf8[i + k]);
    if ((b & 0xC0) != 0x80) return *len = 1, 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  *len = static_cast<size_t>(n);
  return cp;
}

bool Kept(char32_t cp, Keep keep) {
  if (keep == Keep::Nothing) return false;
  const bool latin = (cp >= 0xC0 && cp <= 0x17F && cp != 0xD7 && cp != 0xF7) || cp == 0xA1 || cp == 0xBF ||
                     cp == 0xAB || cp == 0xBB || cp == 0xAA || cp == 0xBA;
  if (latin) return true;
  if (keep != Keep::Cjk) return false;
  return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xFF01 && cp <= 0xFF5E) ||
         cp == 0x201C || cp == 0x201D;  // “ ” as Chinese text writes them (full width in the CJK font)
}

std::string Latex(const std::string& utf8, Keep keep) {
  // Longest sequences first: "x̂" is x followed by the combining circumflex U+0302.
  static const std::pair<const char*, const char*> kMap[] = {
      {"x̂", "$\\hat{x}$"}, {"σ²", "$\\sigma^2$"}, {"ε", "$\\epsilon$"}, {"γ", "$\\gamma$"},
      {"β", "$\\beta$"},    {"μ", "$\\mu$"},        {"σ", "$\\sigma$"},   {"Σ", "$\\Sigma$"},
      {"ρ", "$\\rho$"},     {"²", "$^2$"},          {"−", "-"},           {"–", "--"},
      {"—", "---"},         {"→", "$\\to$"},        {"←", "$\\leftarrow$"}, {"·", "$\\cdot$"},
      {"√", "$\\surd$"},    {"∂", "$\\partial$"},   {"…", "\\dots{}"},    {"×", "$\\times$"},
      {"≈", "$\\approx$"},  {"≤", "$\\le$"},        {"≥", "$\\ge$"},      {"’", "'"},
  };
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    bool mapped = false;
    for (const auto& m : kMap) {
      const size_t len = std::strlen(m.first);
      if (utf8.compare(i, len, m.first) == 0) {
        out += m.second;
        i += len;
        mapped = true;
        break;
      }
    }
    if (mapped) continue;
    if (keep == Keep::Latin && (utf8.compare(i, 3, "“") == 0 || utf8.compare(i, 3, "”") == 0)) {
      out += utf8.compare(i, 3, "“") == 0 ? "``" : "''";  // Chinese keeps its own quotes (Kept)
      i += 3;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c >= 0x80) {  // any other non-ASCII character: as it is if kept, else one '?' for the whole UTF-8 sequence
      size_t len = 1;
      if (Kept(CodePoint(utf8, i, &len), keep)) {
        out.append(utf8, i, len);
        i += len;
        continue;
      }
      out += '?';
      ++i;
      while (i < utf8.size() && (static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80) ++i;
      continue;
    }
    switch (c) {
      case '\\': out += "\\textbackslash{}"; break;
      case '&': case '%': case '$': case '#': case '_': case '{': case '}': out += '\\'; out += static_cast<char>(c); break;
      case '~': out += "\\textasciitilde{}"; break;
      case '^': out += "\\textasciicircum{}"; break;
      default: out += static_cast<char>(c);
    }
    ++i;
  }
  return out;
}

// A {name} placeholder at text[i] (name: a letter or '_', then letters, digits, '_'): its length, else 0.
size_t PlaceholderAt(const std::string& text, size_t i) {
  if (text[i] != '{' || i + 2 >= text.size()) return 0;
  size_t k = i + 1;
  const auto word = [](char c, bool first) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
  };
  if (!word(text[k], true)) return 0;
  while (k < text.size() && word(text[k], false)) ++k;
  return k < text.size() && text[k] == '}' ? k + 1 - i : 0;
}

}  // namespace

std::string LatexText(const std::string& utf8) { return Latex(utf8, Keep::Nothing); }

std::string LatexProse(const std::string& utf8) {
  const std::string& tag = CurrentLanguage();
  return Latex(utf8, tag == "en" ? Keep::Nothing : tag == "zh-Hans" ? Keep::Cjk : Keep::Latin);
}

std::string LatexFormat(const std::string& text, const FormatArgs& args) {
  // The text around the placeholders is escaped; the placeholders are filled with LaTeX as it is.
  std::string escaped, run;
  for (size_t i = 0; i < text.size();) {
    if (const size_t len = PlaceholderAt(text, i)) {
      escaped += LatexProse(run) + text.substr(i, len);
      run.clear();
      i += len;
    } else {
      run += text[i++];
    }
  }
  return Format(escaped + LatexProse(run), args);
}

LatexLanguage CurrentLatexLanguage() {
  const std::string& tag = CurrentLanguage();
  LatexLanguage l;
  if (tag == "en") return l;  // the ASCII documents: article, amsmath, geometry
  l.fonts = "\\usepackage[utf8]{inputenc}\n\\usepackage[T1]{fontenc}\n";
  // babel for the language's hyphenation; shorthands=off keeps " and ~ as written and numbers' decimal point
  // (Spanish babel would print 2.5 as 2,5 in math).
  if (tag == "es") {
    l.language = "\\usepackage[shorthands=off,spanish]{babel}\n";
    l.packages = "texlive-lang-spanish";
  } else if (tag == "pt-BR") {
    l.language = "\\usepackage[shorthands=off,brazilian]{babel}\n";
    l.packages = "texlive-lang-portuguese";
  } else if (tag == "zh-Hans") {
    l.language = "\\usepackage{CJKutf8}\n";
    l.begin = "\\begin{CJK}{UTF8}{gbsn}\n";
    l.end = "\\end{CJK}\n";
    l.packages = "latex-cjk-chinese latex-cjk-chinese-arphic-gbsn00lp";
    l.cjk = true;
  }
  if (!l.packages.empty()) l.comment = "% " + Tr("export.latex.packages", {{"packages", l.packages}}) + "\n";
  return l;
}

std::string LatexSymbol(const std::string& key) {
  const StepRow* row = FindStep(key);
  return row != nullptr ? row->latex_symbol : key;
}

std::string LatexFormula(const std::string& key, Mode mode, MomentumConvention convention) {
  const StepRow* row = FindStep(key);
  return row != nullptr ? row->latex.Pick(mode, convention) : LatexSymbol(key);
}

std::string TraceToMarkdown(const Trace& t, int digits) {
  std::string md;
  const Eigen::Index n = t.in.x.rows(), d = t.in.x.cols();
  md += "# " + Tr("export.worked.title") + "\n\n";
  md += Tr("export.worked.batch", {{"samples", "N = " + Int(n)},
                                    {"features", "D = " + Int(d)},
                                    {"per_feature", "m = N = " + Int(n)},
                                    {"mode", std::string("`") + ModeName(t.in.mode) + "`"},
                                    {"eps", "ε = " + Num(t.in.eps, digits)}}) +
        "\n\n";
  auto header = [&](const std::string& first) {
    md += "| " + first + " |";
    for (Eigen::Index j = 0; j < d; ++j) md += " " + Tr("export.worked.feature", {{"j", Int(j + 1)}}) + " |";
    md += "\n|---|";
    for (Eigen::Index j = 0; j < d; ++j) md += "---:|";
    md += "\n";
  };
  auto row = [&](const std::string& label, const Mat& m, Eigen::Index i) {
    md += "| " + label + " |";
    for (Eigen::Index j = 0; j < d; ++j) md += " " + Num(m(i, j), digits) + " |";
    md += "\n";
  };
  md += "## " + Tr("export.worked.input") + "\n\n";
  header("");
  for (Eigen::Index i = 0; i < n; ++i) row("x" + Int(i + 1), t.in.x, i);
  row("γ", t.in.gamma, 0);
  row("β", t.in.beta, 0);
  if (t.in.mode == Mode::Eval) {
    row(Tr("export.worked.running", {{"symbol", "μ"}}), t.in.running.mean, 0);
    row(Tr("export.worked.running", {{"symbol", "σ²"}}), t.in.running.var, 0);
  }
  md += "\n";
  for (size_t k = 0; k < t.steps.size(); ++k) {
    const TraceStep& s = t.steps[k];
    md += "## " + std::to_string(k + 1) + ". " + StepHeading(t, static_cast<int>(k)) + "\n\n";
    md += "`" + s.formula + "`\n\n";
    header(s.symbol);
    if (s.extent == Extent::PerFeature) {
      row(s.symbol, s.value, 0);
    } else {
      for (Eigen::Index i = 0; i < s.value.rows(); ++i) row(s.symbol + " " + Int(i + 1), s.value, i);
    }
    md += "\n";
  }
  return md;
}

std::string TraceToLatex(const Trace& t, int digits) {
  std::string tex;
  const Eigen::Index n = t.in.x.rows(), d = t.in.x.cols();
  const LatexLanguage lang = CurrentLatexLanguage();
  std::string cols = "l";
  for (Eigen::Index j = 0; j < d; ++j) cols += "r";
  auto begin_table = [&]() {
    tex += "\\begin{tabular}{" + cols + "}\n\\hline\n";
    for (Eigen::Index j = 0; j < d; ++j) tex += " & " + LatexFormat(Tr("export.worked.feature"), {{"j", Int(j + 1)}});
    tex += " \\\\\n\\hline\n";
  };
  auto row = [&](const std::string& label, const Mat& m, Eigen::Index i) {
    tex += label;
    for (Eigen::Index j = 0; j < d; ++j) tex += " & $" + LatexNum(m(i, j), digits) + "$";
    tex += " \\\\\n";
  };
  auto end_table = [&]() { tex += "\\hline\n\\end{tabular}\n\n"; };
  // A complete document: pdflatex compiles it as it is (English: texlive-latex-base's article and amsmath only,
  // every character ASCII: Greek letters and symbols are LaTeX commands in math mode). Another language adds its
  // fonts and babel or CJKutf8 (CurrentLatexLanguage), and a comment naming the Debian packages they come from.
  tex += "% " + Tr("export.worked.title") + " (bnlab). " + Tr("export.latex.compile") + "\n";
  tex += lang.comment;
  tex += "\\documentclass[a4paper]{article}\n\\usepackage{amsmath}\n\\usepackage[margin=2cm]{geometry}\n";
  tex += lang.fonts + lang.language;
  tex += "\\setlength{\\parindent}{0pt}\n\\begin{document}\n" + lang.begin + "\n";
  tex += "\\section*{" + LatexProse(Tr("export.worked.title")) + "}\n\n";
  FormatArgs batch = {{"samples", "$N = " + Int(n) + "$"},
                      {"features", "$D = " + Int(d) + "$"},
                      {"per_feature", "$m = N = " + Int(n) + "$"},
                      {"mode", std::string("\\texttt{") + ModeName(t.in.mode) + "}"},
                      {"eps", "$\\epsilon = " + LatexNum(t.in.eps, digits) + "$"}};
  if (t.in.mode == Mode::Train) {
    batch.push_back({"momentum", "$" + LatexNum(t.in.running.momentum, digits) + "$"});
    batch.push_back({"library", t.in.running.convention == MomentumConvention::PyTorch ? "PyTorch" : "Keras"});
  }
  const std::string& sentence =
      t.in.mode == Mode::Train ? Tr("export.worked.batch_momentum") : Tr("export.worked.batch");
  tex += LatexFormat(sentence, batch) + "\n\n";
  tex += "\\subsection*{" + LatexProse(Tr("export.worked.input")) + "}\n\n";
  begin_table();
  for (Eigen::Index i = 0; i < n; ++i) row("$x_{" + Int(i + 1) + "}$", t.in.x, i);
  row("$\\gamma$", t.in.gamma, 0);
  row("$\\beta$", t.in.beta, 0);
  if (t.in.mode == Mode::Eval) {  // eval normalizes with these: the worked example needs them (as the Markdown)
    row(LatexFormat(Tr("export.worked.running"), {{"symbol", "$\\mu$"}}), t.in.running.mean, 0);
    row(LatexFormat(Tr("export.worked.running"), {{"symbol", "$\\sigma^2$"}}), t.in.running.var, 0);
  }
  end_table();
  for (size_t k = 0; k < t.steps.size(); ++k) {
    const TraceStep& s = t.steps[k];
    tex += "\\subsection*{" + std::to_string(k + 1) + ". " + LatexProse(StepHeading(t, static_cast<int>(k))) + "}\n\n";
    tex += "\\[ " + LatexFormula(s.key, t.in.mode, t.in.running.convention) + " \\]\n\n";
    begin_table();
    if (s.extent == Extent::PerFeature) {
      row("$" + LatexSymbol(s.key) + "$", s.value, 0);
    } else {
      for (Eigen::Index i = 0; i < s.value.rows(); ++i) row("$i=" + Int(i + 1) + "$", s.value, i);
    }
    end_table();
  }
  tex += lang.end + "\\end{document}\n";
  return tex;
}

std::string StepHeading(const Trace& t, int k) {
  const std::string& title = StepTitle(t, k);  // the step's title in the current language (core/bn/steps)
  return t.steps[k].backward ? Tr("export.worked.step_backward", {{"title", title}}) : title;
}

}  // namespace bn
