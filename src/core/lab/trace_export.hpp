// trace_export.hpp: a worked example for worksheets: the whole trace as a Markdown document or a
// LaTeX fragment (the JSON export is bntrace's own output, see bntrace_io.hpp).
#pragma once

#include <string>

#include "core/bn/bn.hpp"

namespace bn {

// Markdown: the settings, then one section per step with its formula and a table of its values
// (one row per feature statistic, or one row per sample). Numbers with `digits` significant digits.
std::string TraceToMarkdown(const Trace& t, int digits = 6);

// LaTeX (needs amsmath): the same content as tabular environments with the step's symbol in math mode.
std::string TraceToLatex(const Trace& t, int digits = 6);

// The LaTeX symbol of a step key ("xhat" → "\hat{x}"); the key itself if unknown.
std::string LatexSymbol(const std::string& key);

}  // namespace bn
