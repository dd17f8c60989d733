// trace_export.hpp: a worked example for worksheets: the whole trace as a Markdown document or a complete
// LaTeX document (the JSON export is bntrace's own output, see bntrace_io.hpp). The page's Share menu and
// `bntrace --format markdown|latex` write exactly these texts.
#pragma once

#include <string>

#include "core/bn/bn.hpp"

namespace bn {

// Markdown: the settings, then one section per step with its formula and a table of its values
// (one row per feature statistic, or one row per sample). Numbers with `digits` significant digits.
// In eval mode the input table also holds the running μ and σ² that normalize.
std::string TraceToMarkdown(const Trace& t, int digits = 6);

// LaTeX: the same content as a complete document (article, amsmath, geometry: all in Debian's
// texlive-latex-base) that pdflatex compiles as it is. Pure ASCII: Greek letters and symbols are LaTeX
// commands in math mode; each step has its formula in display math and a tabular of its values.
std::string TraceToLatex(const Trace& t, int digits = 6);

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

}  // namespace bn
