// trace_export.hpp: a worked example for worksheets: the whole trace as a Markdown document or a complete
// LaTeX document (the JSON export is bntrace's own output, see bntrace_io.hpp). The page's Share menu and
// `bntrace --format markdown|latex` write exactly these texts, in the current language (core/i18n/current.hpp:
// headings and sentences from the catalogs; numbers, formulas and symbols the same in every language).
#pragma once

#include <string>

#include "core/bn/bn.hpp"
#include "core/i18n/catalog.hpp"

namespace bn {

// Markdown: the settings, then one section per step with its formula and a table of its values
// (one row per feature statistic, or one row per sample). Numbers with `digits` significant digits.
// In eval mode the input table also holds the running μ and σ² that normalize.
std::string TraceToMarkdown(const Trace& t, int digits = 6);

// LaTeX: the same content as a complete document that pdflatex compiles as it is; each step has its formula in
// display math and a tabular of its values. English: article, amsmath, geometry (all in Debian's
// texlive-latex-base), pure ASCII (Greek letters and symbols are LaTeX commands in math mode). Other languages
// add CurrentLatexLanguage()'s packages and name them in a comment at the top.
std::string TraceToLatex(const Trace& t, int digits = 6);

// A step's heading in the exports: its title, and for a backward step the catalog's "{title} (backward)".
std::string StepHeading(const Trace& t, int k);  // t.steps[k]'s title, "(backward)" marked

// The LaTeX symbol of a step key ("xhat" → "\hat{x}_{ij}": the step's row, core/bn/steps.hpp); the key itself if
// unknown.
std::string LatexSymbol(const std::string& key);

// The LaTeX formula of a step key for the given mode and momentum convention (the step's row: the same formulas
// as its UTF-8 ones); LatexSymbol(key) if the key has no formula.
std::string LatexFormula(const std::string& key, Mode mode, MomentumConvention convention);

// UTF-8 text → ASCII LaTeX for text mode: the Greek letters and symbols the lab's titles use become math-mode
// commands ("ε" → "$\epsilon$", "x̂" → "$\hat{x}$"), LaTeX's special characters are escaped, and any other
// non-ASCII character becomes "?" (never a raw byte pdflatex would refuse).
std::string LatexText(const std::string& utf8);

// What a LaTeX document in the current language needs beyond article, amsmath and geometry (pdflatex).
// English: nothing. Spanish, Portuguese: UTF-8 input, T1 fonts and babel with the language (its hyphenation;
// shorthands=off, so " ~ and numbers' decimal point stay as written). Chinese: CJKutf8, the body inside
// \begin{CJK}{UTF8}{gbsn} ... \end{CJK}. Another language: UTF-8 input and T1 fonts.
struct LatexLanguage {
  std::string fonts;     // \usepackage[utf8]{inputenc} and [T1]{fontenc} lines ("" for English)
  std::string language;  // the babel or CJKutf8 line
  std::string begin;     // right after \begin{document}, and `end` right before \end{document}: CJK
  std::string end;
  std::string packages;  // the Debian packages beyond texlive-latex-base, space-separated ("" for English)
  std::string comment;   // "% " and the catalog's sentence naming those packages, a line ("" without packages)
  bool cjk = false;      // Chinese characters stay as they are (LatexProse)
};
LatexLanguage CurrentLatexLanguage();

// LatexText for the current language's text: the same commands and escapes, but the letters of the language stay
// UTF-8 (accented Latin letters, ¡ ¿ « »; Chinese characters and full-width punctuation in a Chinese document),
// which CurrentLatexLanguage()'s packages typeset. English text comes out as LatexText's.
std::string LatexProse(const std::string& utf8);

// Format(text, args) for a LaTeX document: a catalog text (Tr of its key) around its {placeholders} through LatexProse,
// the values put in as they are (they are LaTeX already: "$N = 4$", "\texttt{train}").
std::string LatexFormat(const std::string& text, const FormatArgs& args = {});

}  // namespace bn
