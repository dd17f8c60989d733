// trace_export.cpp: the worked example as Markdown or as a LaTeX document.
//
// Index
//   Num, LatexNum        numbers as plain ASCII ("1e-05"; LaTeX: "1\cdot 10^{-5}")
//   LatexText            UTF-8 text (titles) → ASCII LaTeX: Greek and symbols as math-mode commands, specials escaped
//   LatexSymbol          a step key's symbol in LaTeX (its row in core/bn/steps.hpp)
//   LatexFormula         a step's formula in LaTeX (its row, for the mode and momentum convention)
//   TraceToMarkdown, TraceToLatex
//
// Letters, as everywhere a learner reads: N samples, D features, m values per feature that one mean and
// variance average over (m = N for this dense trace), momentum written as the word.
// No iostreams (they would add ~100 KB to the page): text is appended to a plain std::string.
#include "core/lab/trace_export.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/bn/steps.hpp"

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

}  // namespace

std::string LatexText(const std::string& utf8) {
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
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c >= 0x80) {  // any other non-ASCII character: one '?' for the whole UTF-8 sequence, never raw bytes
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
  md += "# Batch Normalization, step by step\n\n";
  md += "Batch of N = " + Int(n) + " samples and D = " + Int(d) + " features (m = N = " + Int(n) +
        " values per feature), mode `" + ModeName(t.in.mode) + "`, ε = " + Num(t.in.eps, digits) + ".\n\n";
  auto header = [&](const std::string& first) {
    md += "| " + first + " |";
    for (Eigen::Index j = 0; j < d; ++j) md += " feature " + Int(j + 1) + " |";
    md += "\n|---|";
    for (Eigen::Index j = 0; j < d; ++j) md += "---:|";
    md += "\n";
  };
  auto row = [&](const std::string& label, const Mat& m, Eigen::Index i) {
    md += "| " + label + " |";
    for (Eigen::Index j = 0; j < d; ++j) md += " " + Num(m(i, j), digits) + " |";
    md += "\n";
  };
  md += "## Input\n\n";
  header("");
  for (Eigen::Index i = 0; i < n; ++i) row("x" + Int(i + 1), t.in.x, i);
  row("γ", t.in.gamma, 0);
  row("β", t.in.beta, 0);
  if (t.in.mode == Mode::Eval) {
    row("running μ", t.in.running.mean, 0);
    row("running σ²", t.in.running.var, 0);
  }
  md += "\n";
  for (size_t k = 0; k < t.steps.size(); ++k) {
    const TraceStep& s = t.steps[k];
    md += "## " + std::to_string(k + 1) + ". " + StepTitle(t, static_cast<int>(k)) + (s.backward ? " (backward)" : "") +
          "\n\n";
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
  std::string cols = "l";
  for (Eigen::Index j = 0; j < d; ++j) cols += "r";
  auto begin_table = [&]() {
    tex += "\\begin{tabular}{" + cols + "}\n\\hline\n";
    for (Eigen::Index j = 0; j < d; ++j) tex += " & feature " + Int(j + 1);
    tex += " \\\\\n\\hline\n";
  };
  auto row = [&](const std::string& label, const Mat& m, Eigen::Index i) {
    tex += label;
    for (Eigen::Index j = 0; j < d; ++j) tex += " & $" + LatexNum(m(i, j), digits) + "$";
    tex += " \\\\\n";
  };
  auto end_table = [&]() { tex += "\\hline\n\\end{tabular}\n\n"; };
  // A complete document: pdflatex compiles it as it is (texlive-latex-base: article and amsmath only).
  // Every character is ASCII: Greek letters and symbols are LaTeX commands in math mode.
  tex += "% Batch Normalization, step by step (bnlab). Compile with: pdflatex FILE.tex\n";
  tex += "\\documentclass[a4paper]{article}\n\\usepackage{amsmath}\n\\usepackage[margin=2cm]{geometry}\n";
  tex += "\\setlength{\\parindent}{0pt}\n\\begin{document}\n\n";
  tex += "\\section*{Batch Normalization, step by step}\n\n";
  tex += "Batch of $N = " + Int(n) + "$ samples and $D = " + Int(d) + "$ features ($m = N = " + Int(n) +
         "$ values per feature), mode \\texttt{" + ModeName(t.in.mode) + "}, $\\epsilon = " +
         LatexNum(t.in.eps, digits) + "$";
  if (t.in.mode == Mode::Train)
    tex += ", momentum $" + LatexNum(t.in.running.momentum, digits) + "$ (" +
           (t.in.running.convention == MomentumConvention::PyTorch ? "PyTorch" : "Keras") + "'s convention)";
  tex += ".\n\n";
  tex += "\\subsection*{Input}\n\n";
  begin_table();
  for (Eigen::Index i = 0; i < n; ++i) row("$x_{" + Int(i + 1) + "}$", t.in.x, i);
  row("$\\gamma$", t.in.gamma, 0);
  row("$\\beta$", t.in.beta, 0);
  if (t.in.mode == Mode::Eval) {  // eval normalizes with these: the worked example needs them (as the Markdown)
    row("running $\\mu$", t.in.running.mean, 0);
    row("running $\\sigma^2$", t.in.running.var, 0);
  }
  end_table();
  for (size_t k = 0; k < t.steps.size(); ++k) {
    const TraceStep& s = t.steps[k];
    tex += "\\subsection*{" + std::to_string(k + 1) + ". " + LatexText(StepTitle(t, static_cast<int>(k))) +
           (s.backward ? " (backward)" : "") +
           "}\n\n";
    tex += "\\[ " + LatexFormula(s.key, t.in.mode, t.in.running.convention) + " \\]\n\n";
    begin_table();
    if (s.extent == Extent::PerFeature) {
      row("$" + LatexSymbol(s.key) + "$", s.value, 0);
    } else {
      for (Eigen::Index i = 0; i < s.value.rows(); ++i) row("$i=" + Int(i + 1) + "$", s.value, i);
    }
    end_table();
  }
  tex += "\\end{document}\n";
  return tex;
}

}  // namespace bn
