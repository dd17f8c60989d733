// practice_sheet.cpp: MakePracticeSheet and the sheet/key writers.
//
// Index
//   Names and validation
//   Numbers: Draw* (one generator per difficulty), Fixed (answers), Short (inputs)
//   MakePracticeSheet
//   Writers: Doc (a text in one of three formats), the shared instructions, WritePracticeSheet, WritePracticeKey
//
// The formulas on the sheet are Ioffe & Szegedy 2015, Algorithm 1 (the biased batch variance, ε inside the root).
// Texts: the catalogs' sheet.* (assets/i18n) in the current language, formulas and numbers filled in; a LaTeX
// document loads what the language needs (CurrentLatexLanguage, core/lab/trace_export.hpp).
#include "core/learn/practice_sheet.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "core/base/rng.hpp"
#include "core/i18n/current.hpp"
#include "core/io/bntrace_io.hpp"
#include "core/io/json.hpp"
#include "core/lab/trace_export.hpp"

namespace bn {

const char* PracticeDifficultyName(PracticeDifficulty d) {
  switch (d) {
    case PracticeDifficulty::Integers: return "integers";
    case PracticeDifficulty::Decimals: return "decimals";
    case PracticeDifficulty::Outlier: return "outlier";
    case PracticeDifficulty::Constant: return "constant";
  }
  return "?";
}

bool ParsePracticeDifficulty(const std::string& name, PracticeDifficulty* d) {
  for (PracticeDifficulty k : {PracticeDifficulty::Integers, PracticeDifficulty::Decimals, PracticeDifficulty::Outlier,
                               PracticeDifficulty::Constant})
    if (name == PracticeDifficultyName(k)) {
      *d = k;
      return true;
    }
  return false;
}

const char* PracticeExtension(PracticeFormat f) {
  switch (f) {
    case PracticeFormat::Markdown: return "md";
    case PracticeFormat::Latex: return "tex";
    case PracticeFormat::Html: return "html";
  }
  return "txt";
}

void ValidatePracticeConfig(const PracticeConfig& c) {
  auto range = [](const std::string& text, const char* field, int min, int max) {
    return std::invalid_argument(
        Format(text, {{"field", field}, {"min", std::to_string(min)}, {"max", std::to_string(max)}}));
  };
  const std::string& other = Tr("sheet.error.range");
  if (c.count < 1 || c.count > kPracticeMaxCount) throw range(Tr("sheet.error.count"), "count", 1, kPracticeMaxCount);
  if (c.samples < 2 || c.samples > kPracticeMaxSamples) throw range(other, "samples", 2, kPracticeMaxSamples);
  if (c.features < 1 || c.features > kPracticeMaxFeatures) throw range(other, "features", 1, kPracticeMaxFeatures);
  if (c.decimals < 1 || c.decimals > 6) throw range(other, "decimals", 1, 6);
}

namespace {

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------
int Whole(Rng& rng, int lo, int hi) { return lo + rng.Below(hi - lo + 1); }

// N whole numbers in [lo, hi], not all equal, whose sum is a multiple of N (a whole-number mean).
std::vector<double> WholeColumn(Rng& rng, int n, int lo, int hi) {
  for (;;) {
    std::vector<int> v(n);
    int sum = 0;
    for (int& x : v) sum += (x = Whole(rng, lo, hi));
    // Move one value by the remainder (down, or up when that leaves the range), retry if neither fits.
    const int r = ((sum % n) + n) % n;
    if (r != 0) {
      const int i = rng.Below(n);
      if (v[i] - r >= lo) v[i] -= r;
      else if (v[i] + (n - r) <= hi) v[i] += n - r;
      else continue;
    }
    bool constant = true;
    for (int x : v) constant = constant && x == v[0];
    if (constant) continue;
    return std::vector<double>(v.begin(), v.end());
  }
}

double OneDecimal(Rng& rng, double lo, double hi) { return std::round(rng.Uniform(lo, hi) * 10) / 10 + 0.0; }

// Inputs as the sheet prints them: the shortest float32 text (ASCII minus).
std::string Short(double v) { return Json::Float32Text(v); }

// Answers: `decimals` places, no "-0.000".
std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

Json RowJson(const Row& r) {
  Json a = Json::Array();
  for (Eigen::Index j = 0; j < r.size(); ++j) a.push(Json::Float32(r(j)));
  return a;
}

}  // namespace

PracticeSheet MakePracticeSheet(const PracticeConfig& c) {
  ValidatePracticeConfig(c);
  PracticeSheet sheet;
  sheet.config = c;
  // One generator per exercise (seeded from the sheet's seed and the exercise number), so exercise k is the
  // same whatever K is: a sheet of 10 starts with the sheet of 5.
  for (int k = 0; k < c.count; ++k) {
    Rng rng(c.seed * 1000003u + static_cast<uint64_t>(k) * 7919u + 1u);
    const int n = c.samples, d = c.features;
    Mat x(n, d);
    Row gamma(d), beta(d);
    PracticeExercise ex;
    if (c.difficulty == PracticeDifficulty::Outlier) ex.outlier_feature = rng.Below(d);
    if (c.difficulty == PracticeDifficulty::Constant) ex.constant_feature = rng.Below(d);
    for (int j = 0; j < d; ++j) {
      std::vector<double> col;
      if (c.difficulty == PracticeDifficulty::Decimals) {
        for (;;) {
          col.clear();
          for (int i = 0; i < n; ++i) col.push_back(OneDecimal(rng, -3, 3));
          bool constant = true;
          for (double v : col) constant = constant && v == col[0];
          if (!constant) break;
        }
        gamma(j) = OneDecimal(rng, 0.5, 2.0);
        beta(j) = OneDecimal(rng, -1.0, 1.0);
      } else {
        if (j == ex.constant_feature) {
          col.assign(n, Whole(rng, -3, 3));
        } else if (j == ex.outlier_feature) {
          col = WholeColumn(rng, n, 0, 5);
          col[rng.Below(n)] = Whole(rng, 20, 40);
        } else {
          col = WholeColumn(rng, n, -5, 5);
        }
        gamma(j) = Whole(rng, 1, 3);
        beta(j) = Whole(rng, -2, 2);
      }
      for (int i = 0; i < n; ++i) x(i, j) = col[i];
    }
    // The exercise is bntrace's input; the key's trace is built from that input as bntrace reads it.
    Json in = Json::Object();
    Json rows = Json::Array();
    for (int i = 0; i < n; ++i) rows.push(RowJson(x.row(i)));
    in.set("x", rows);
    in.set("gamma", RowJson(gamma));
    in.set("beta", RowJson(beta));
    in.set("eps", Json::Float32(1e-5));
    in.set("mode", Json::String("train"));
    ex.bntrace = in.Dump();
    ex.in = ParseBnTraceInput(ex.bntrace).in;
    ex.trace = BuildTrace(ex.in);
    sheet.exercises.push_back(std::move(ex));
  }
  return sheet;
}

namespace {

// ---------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------
std::string Html(const std::string& s) {
  std::string o;
  for (char ch : s) {
    if (ch == '<') o += "&lt;";
    else if (ch == '>') o += "&gt;";
    else if (ch == '&') o += "&amp;";
    else if (ch == '"') o += "&quot;";
    else o += ch;
  }
  return o;
}

std::string Sub(int one_based) { return SubscriptIndex(one_based); }

// A catalog text in the document's format: LaTeX escapes the text around the placeholders (their values are LaTeX
// already); Markdown and HTML take it as it is (HTML escapes where it is written).
std::string Text(PracticeFormat f, const std::string& text, const FormatArgs& args = {}) {
  return f == PracticeFormat::Latex ? LatexFormat(text, args) : Format(text, args);
}

// A table in the document's format: header cells, then rows of cells (first cell a label). In LaTeX the
// cells are already LaTeX; in HTML they are escaped here unless `raw`.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

std::string TableText(const Table& t, PracticeFormat f, const std::string& html_class = "") {
  std::string s;
  if (f == PracticeFormat::Markdown) {
    s += "|";
    for (const auto& h : t.header) s += " " + h + " |";
    s += "\n|---|";
    for (size_t k = 1; k < t.header.size(); ++k) s += "---:|";
    s += "\n";
    for (const auto& r : t.rows) {
      s += "|";
      for (const auto& c : r) s += " " + c + " |";
      s += "\n";
    }
    return s + "\n";
  }
  if (f == PracticeFormat::Latex) {
    s += "\\begin{tabular}{l";
    for (size_t k = 1; k < t.header.size(); ++k) s += "|c";
    s += "}\n";
    for (size_t k = 0; k < t.header.size(); ++k) s += (k ? " & " : "") + t.header[k];
    s += " \\\\\n\\hline\n";
    for (const auto& r : t.rows) {
      for (size_t k = 0; k < r.size(); ++k) s += (k ? " & " : "") + r[k];
      s += " \\\\[3pt]\n";
    }
    return s + "\\end{tabular}\n\n";
  }
  s += "<table" + (html_class.empty() ? "" : " class=\"" + html_class + "\"") + "><tr>";
  for (const auto& h : t.header) s += "<th>" + Html(h) + "</th>";
  s += "</tr>\n";
  for (const auto& r : t.rows) {
    s += "<tr>";
    for (size_t k = 0; k < r.size(); ++k)
      s += (k == 0 ? "<th>" : "<td>") + (r[k].empty() ? std::string() : Html(r[k])) + (k == 0 ? "</th>" : "</td>");
    s += "</tr>\n";
  }
  return s + "</table>\n";
}

// Labels in each format.
std::string FeatureHead(int j, PracticeFormat f) {
  return Text(f, Tr("sheet.table.feature"), {{"j", std::to_string(j + 1)}});
}
std::string Label(const std::string& md_html, const std::string& latex, PracticeFormat f) {
  return f == PracticeFormat::Latex ? "$" + latex + "$" : md_html;
}
std::string Cell(const std::string& v, PracticeFormat f) { return f == PracticeFormat::Latex ? "$" + v + "$" : v; }

Table InputTable(const PracticeExercise& ex, PracticeFormat f) {
  const Eigen::Index n = ex.in.x.rows(), d = ex.in.x.cols();
  Table t;
  t.header.push_back(f == PracticeFormat::Html ? "" : " ");
  for (int j = 0; j < d; ++j) t.header.push_back(FeatureHead(j, f));
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> r{Label("x" + Sub(i + 1), "x_{" + std::to_string(i + 1) + "}", f)};
    for (int j = 0; j < d; ++j) r.push_back(Cell(Short(ex.in.x(i, j)), f));
    t.rows.push_back(r);
  }
  std::vector<std::string> g{Label("γ", "\\gamma", f)}, b{Label("β", "\\beta", f)};
  for (int j = 0; j < d; ++j) {
    g.push_back(Cell(Short(ex.in.gamma(j)), f));
    b.push_back(Cell(Short(ex.in.beta(j)), f));
  }
  t.rows.push_back(g);
  t.rows.push_back(b);
  return t;
}

// The answer rows: μ, σ², then x̂ᵢ and yᵢ per sample; blank (the sheet) or filled (the key).
Table AnswerTable(const PracticeExercise& ex, PracticeFormat f, bool filled, int decimals) {
  const Eigen::Index n = ex.in.x.rows(), d = ex.in.x.cols();
  const Forward& fw = ex.trace.fwd;
  Table t;
  t.header.push_back(Text(f, filled ? Tr("sheet.table.answer") : Tr("sheet.table.fill_in")));
  for (int j = 0; j < d; ++j) t.header.push_back(FeatureHead(j, f));
  const std::string blank = f == PracticeFormat::Markdown ? "______" : f == PracticeFormat::Latex ? "\\blank" : "";
  auto add = [&](const std::string& label, auto value) {
    std::vector<std::string> r{label};
    for (int j = 0; j < d; ++j) r.push_back(filled ? Cell(Fixed(value(j), decimals), f) : blank);
    t.rows.push_back(r);
  };
  add(Label("μ", "\\mu", f), [&](int j) { return fw.mean(j); });
  add(Label("σ²", "\\sigma^2", f), [&](int j) { return fw.var(j); });
  for (int i = 0; i < n; ++i)
    add(Label("x̂" + Sub(i + 1), "\\hat{x}_{" + std::to_string(i + 1) + "}", f), [&](int j) { return fw.xhat(i, j); });
  for (int i = 0; i < n; ++i)
    add(Label("y" + Sub(i + 1), "y_{" + std::to_string(i + 1) + "}", f), [&](int j) { return fw.y(i, j); });
  return t;
}

// Plain text (UTF-8): the writers escape it for LaTeX and HTML.
std::string Title(bool key) { return key ? Tr("sheet.title_key") : Tr("sheet.title"); }

std::string Described(PracticeDifficulty d) {
  switch (d) {
    case PracticeDifficulty::Integers: return Tr("sheet.difficulty.integers");
    case PracticeDifficulty::Decimals: return Tr("sheet.difficulty.decimals");
    case PracticeDifficulty::Outlier: return Tr("sheet.difficulty.outlier");
    case PracticeDifficulty::Constant: return Tr("sheet.difficulty.constant");
  }
  return "";
}

// "3 exercises, whole numbers, N = 4 samples, D = 2 features, seed 1." (one or more: two texts each).
std::string Summary(const PracticeConfig& c) {
  const std::string count = std::to_string(c.count), d = std::to_string(c.features);
  return Tr("sheet.summary",
            {{"exercises", (c.count == 1 ? Tr("sheet.summary.exercises.one", {{"count", count}})
                                           : Tr("sheet.summary.exercises.other", {{"count", count}}))},
             {"difficulty", Described(c.difficulty)},
             {"n", std::to_string(c.samples)},
             {"features", (c.features == 1 ? Tr("sheet.summary.features.one", {{"d", d}})
                                            : Tr("sheet.summary.features.other", {{"d", d}}))},
             {"seed", std::to_string(c.seed)}});
}

// The instructions, one string per line; UTF-8 symbols (Markdown, HTML) or LaTeX math.
// Ioffe & Szegedy 2015, Algorithm 1: μ, the biased σ² (divide by N), x̂ with ε inside the root, y = γx̂ + β.
std::vector<std::string> Instructions(const PracticeConfig& c, PracticeFormat f) {
  const bool tex = f == PracticeFormat::Latex;
  return {
      Text(f, Tr("sheet.steps.intro")),
      Text(f, Tr("sheet.steps.mean"), {{"formula", tex ? "$\\mu_j = \\frac{1}{N}\\sum_i x_{ij}$" : "μⱼ = (1/N) Σᵢ xᵢⱼ"}}),
      Text(f, Tr("sheet.steps.var"),
           {{"formula", tex ? "$\\sigma_j^2 = \\frac{1}{N}\\sum_i (x_{ij}-\\mu_j)^2$" : "σⱼ² = (1/N) Σᵢ (xᵢⱼ − μⱼ)²"},
            {"n", tex ? "$N$" : "N"},
            {"n_minus_1", tex ? "$N-1$" : "N − 1"}}),
      Text(f, Tr("sheet.steps.xhat"),
           {{"formula", tex ? "$\\hat{x}_{ij} = (x_{ij}-\\mu_j)/\\sqrt{\\sigma_j^2+\\epsilon}$" : "x̂ᵢⱼ = (xᵢⱼ − μⱼ) / √(σⱼ² + ε)"}}),
      Text(f, Tr("sheet.steps.y"), {{"formula", tex ? "$y_{ij} = \\gamma_j \\hat{x}_{ij} + \\beta_j$" : "yᵢⱼ = γⱼ x̂ᵢⱼ + βⱼ"}}),
      Text(f, Tr("sheet.steps.round"),
           {{"eps", tex ? "$\\epsilon = 10^{-5}$" : "ε = 0.00001"}, {"places", std::to_string(c.decimals)}}),
  };
}

// A question under the exercise for the outlier and constant difficulties.
std::string Question(const PracticeExercise& ex, PracticeFormat f) {
  const bool tex = f == PracticeFormat::Latex;
  const std::string xhat = tex ? "$\\hat{x}$" : "x̂";
  if (ex.outlier_feature >= 0)
    return Text(f, Tr("sheet.question.outlier"), {{"j", std::to_string(ex.outlier_feature + 1)}, {"xhat", xhat}});
  if (ex.constant_feature >= 0)
    return Text(f, Tr("sheet.question.constant"),
                {{"j", std::to_string(ex.constant_feature + 1)},
                 {"var", tex ? "$\\sigma^2$" : "σ²"},
                 {"xhat", xhat},
                 {"y", tex ? "$y$" : "y"},
                 {"eps", tex ? "$\\epsilon$" : "ε"}});
  return "";
}

// The answer to that question. With σ² = 0 every xᵢ − μ = 0, so x̂ = 0/√ε = 0 and y = β (Algorithm 1 with
// the constant put in); without ε it would be 0/0. An outlier pulls μ towards it and makes σ² large; the other
// values' x̂ range is computed and printed, not claimed (Algorithm 1: one μ and σ per feature).
std::string Answer(const PracticeExercise& ex, PracticeFormat f, int decimals) {
  const bool tex = f == PracticeFormat::Latex;
  if (ex.outlier_feature >= 0) {
    const int j = ex.outlier_feature;
    const Mat& xhat = ex.trace.fwd.xhat;
    int far = 0;
    for (int i = 1; i < xhat.rows(); ++i)
      if (std::fabs(ex.in.x(i, j) - ex.trace.fwd.mean(j)) > std::fabs(ex.in.x(far, j) - ex.trace.fwd.mean(j))) far = i;
    double lo = 1e300, hi = -1e300;
    for (int i = 0; i < xhat.rows(); ++i)
      if (i != far) {
        lo = std::min(lo, xhat(i, j));
        hi = std::max(hi, xhat(i, j));
      }
    return Text(f, Tr("sheet.answer.outlier"),
                {{"mean", Fixed(ex.trace.fwd.mean(j), decimals)},
                 {"var", Fixed(ex.trace.fwd.var(j), decimals)},
                 {"xhat", tex ? "$\\hat{x}$" : "x̂"},
                 {"lo", Fixed(lo, decimals)},
                 {"hi", Fixed(hi, decimals)},
                 {"far", Fixed(xhat(far, j), decimals)}});
  }
  if (ex.constant_feature >= 0)
    return Text(f, Tr("sheet.answer.constant"),
                {{"var", tex ? "$\\sigma^2 = 0$" : "σ² = 0"},
                 {"deviation", tex ? "$x_i-\\mu = 0$" : "xᵢ − μ = 0"},
                 {"xhat", tex ? "$\\hat{x} = 0/\\sqrt{\\epsilon} = 0$" : "x̂ = 0/√ε = 0"},
                 {"y", tex ? "$y = \\beta$" : "y = β"},
                 {"eps", tex ? "$\\epsilon$" : "ε"},
                 {"ratio", tex ? "$0/0$" : "0/0"}});
  return "";
}

// The working for one feature, one line per formula with the numbers put in (UTF-8, from the trace).
std::vector<std::string> WorkingLines(const PracticeExercise& ex, int j, int digits) {
  const Trace& t = ex.trace;
  std::vector<std::string> lines;
  for (const char* key : {"mean", "var", "inv_std"}) lines.push_back(SubstitutedFormula(t, t.index_of(key), 0, j, digits));
  for (Eigen::Index i = 0; i < t.in.x.rows(); ++i)
    lines.push_back(SubstitutedFormula(t, t.index_of("xhat"), static_cast<int>(i), j, digits));
  for (Eigen::Index i = 0; i < t.in.x.rows(); ++i)
    lines.push_back(SubstitutedFormula(t, t.index_of("y"), static_cast<int>(i), j, digits));
  return lines;
}

// The same working in LaTeX math.
std::vector<std::string> WorkingLatex(const PracticeExercise& ex, int j, int decimals) {
  const Trace& t = ex.trace;
  const Eigen::Index n = t.in.x.rows();
  const std::string J = std::to_string(j + 1), N = std::to_string(n);
  const Forward& fw = t.fwd;
  auto num = [&](double v) { return Fixed(v, decimals); };
  auto paren = [&](double v) { return v < 0 ? "(" + Short(v) + ")" : Short(v); };
  std::vector<std::string> lines;
  std::string sum, sq;
  for (Eigen::Index i = 0; i < n; ++i) {
    sum += (i ? " + " : "") + paren(t.in.x(i, j));
    sq += std::string(i ? " + " : "") + "(" + Short(t.in.x(i, j)) + " - " + num(fw.mean(j)) + ")^2";
  }
  lines.push_back("\\mu_{" + J + "} = \\tfrac{1}{" + N + "}(" + sum + ") = " + num(fw.mean(j)));
  lines.push_back("\\sigma_{" + J + "}^2 = \\tfrac{1}{" + N + "}(" + sq + ") = " + num(fw.var(j)));
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::string I = std::to_string(i + 1);
    lines.push_back("\\hat{x}_{" + I + J + "} = \\frac{" + Short(t.in.x(i, j)) + " - " + num(fw.mean(j)) +
                    "}{\\sqrt{" + num(fw.var(j)) + " + 10^{-5}}} = " + num(fw.xhat(i, j)) + ",\\quad y_{" + I + J +
                    "} = " + Short(t.in.gamma(j)) + " \\cdot " + paren(fw.xhat(i, j)) + " + " +
                    paren(t.in.beta(j)) + " = " + num(fw.y(i, j)));
  }
  return lines;
}

// The worked-example exporter's step tables, headings moved two levels down (under "### Exercise k").
std::string DemotedMarkdown(const std::string& md) {
  std::string out;
  size_t pos = 0;
  while (pos < md.size()) {
    size_t end = md.find('\n', pos);
    if (end == std::string::npos) end = md.size();
    std::string line = md.substr(pos, end - pos);
    if (!line.empty() && line[0] == '#') line = "###" + line;
    out += line + "\n";
    pos = end + 1;
  }
  return out;
}

// The worked example is a complete document (TraceToLatex): its body goes inside the key's document, without the
// language's CJK environment (the key's own holds it: CJK environments do not nest).
std::string LatexBody(const std::string& doc, const LatexLanguage& lang) {
  const std::string begin = "\\begin{document}", end = "\\end{document}";
  const size_t a = doc.find(begin), b = doc.rfind(end);
  if (a == std::string::npos || b == std::string::npos || b < a) return doc;
  std::string body = doc.substr(a + begin.size(), b - a - begin.size());
  const size_t cjk_begin = lang.begin.empty() ? std::string::npos : body.find(lang.begin);
  if (cjk_begin != std::string::npos) body.erase(cjk_begin, lang.begin.size());
  const size_t cjk_end = lang.end.empty() ? std::string::npos : body.rfind(lang.end);
  if (cjk_end != std::string::npos) body.erase(cjk_end, lang.end.size());
  return body;
}

const char* kLatexPreamble =
    "\\documentclass[11pt]{article}\n"
    "\\usepackage[utf8]{inputenc}\n"
    "\\usepackage[T1]{fontenc}\n"
    "\\usepackage{amsmath}\n"
    "\\usepackage[margin=2cm]{geometry}\n"
    // The worked-example tables name steps with these symbols in their titles.
    "\\DeclareUnicodeCharacter{03B5}{\\ensuremath{\\epsilon}}\n"
    "\\DeclareUnicodeCharacter{03B3}{\\ensuremath{\\gamma}}\n"
    "\\DeclareUnicodeCharacter{03B2}{\\ensuremath{\\beta}}\n"
    "\\DeclareUnicodeCharacter{03BC}{\\ensuremath{\\mu}}\n"
    "\\DeclareUnicodeCharacter{03C3}{\\ensuremath{\\sigma}}\n"
    "\\DeclareUnicodeCharacter{00B2}{\\ensuremath{^2}}\n"
    "\\newcommand{\\blank}{\\rule{0pt}{1.4em}\\rule{5.5em}{0.4pt}}\n"
    "\\setlength{\\parindent}{0pt}\n";

const char* kHtmlStyle =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:52em;margin:1.5em auto;padding:0 1em;color:#111}\n"
    "h1{font-size:1.5em}.meta{color:#444}.name{margin:1em 0 1.5em}\n"
    ".ex{border:1.5px solid #333;border-radius:6px;padding:.6em 1em;margin:1em 0;break-inside:avoid;page-break-inside:avoid}\n"
    ".ex h2{font-size:1.15em;margin:.2em 0 .6em}\n"
    "table{border-collapse:collapse;margin:.4em 1.5em .8em 0;display:inline-table;vertical-align:top}\n"
    "th,td{border:1px solid #999;padding:.25em .6em;text-align:right;min-width:4.5em}\n"
    "table.blanks td{height:1.7em;min-width:6em}\n"
    "th{background:#f2f2f2;font-weight:600}\n"
    "ol.steps li{margin:.15em 0}.q{margin:.4em 0}.lines{border-bottom:1px solid #999;height:1.8em}\n"
    "pre{background:#f6f6f6;padding:.5em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}\n"
    ".work{font-family:'DejaVu Sans Mono',monospace;font-size:.9em;margin:.1em 0}\n"
    "@media print{body{margin:0;max-width:none}.ex{border-color:#000}th{background:#eee}"
    "pre{background:none;border:1px solid #ccc}a{color:inherit;text-decoration:none}}\n";

std::string Write(const PracticeSheet& s, PracticeFormat f, bool key) {
  const PracticeConfig& c = s.config;
  const int dec = c.decimals;
  std::string o;
  const std::vector<std::string> steps = Instructions(c, f);
  const LatexLanguage lang = f == PracticeFormat::Latex ? CurrentLatexLanguage() : LatexLanguage();
  if (f == PracticeFormat::Markdown) {
    o += "# " + Title(key) + "\n\n" + Summary(c) + "\n\n";
    if (!key)
      o += Tr("sheet.name", {{"line", "______________________"}}) + "    " + Tr("sheet.date", {{"line", "____________"}}) +
           "\n\n";
    o += steps[0] + "\n\n";
    for (size_t k = 1; k + 1 < steps.size(); ++k) o += std::to_string(k) + ". " + steps[k] + "\n";
    o += "\n" + steps.back() + "\n\n";
    if (key) o += Tr("sheet.key.input_below", {{"command", "`bntrace exercise.json`"}}) + "\n\n";
  } else if (f == PracticeFormat::Latex) {
    o += lang.comment + kLatexPreamble + lang.language;
    o += "\\title{" + LatexProse(Title(key)) + "}\n\\date{}\n\\begin{document}\n" + lang.begin +
         "\\maketitle\n\\vspace{-3em}\n";
    o += "\\begin{center}" + LatexProse(Summary(c)) + "\\end{center}\n\n";
    if (!key)
      o += LatexFormat(Tr("sheet.name"), {{"line", "\\rule{6cm}{0.4pt}"}}) + "\\qquad " +
           LatexFormat(Tr("sheet.date"), {{"line", "\\rule{3cm}{0.4pt}"}}) + "\n\n\\medskip\n";
    o += steps[0] + "\n\\begin{enumerate}\n";
    for (size_t k = 1; k + 1 < steps.size(); ++k) o += "\\item " + steps[k] + "\n";
    o += "\\end{enumerate}\n" + steps.back() + "\n\n";
    if (key) o += LatexFormat(Tr("sheet.key.input_given"), {{"command", "\\texttt{bntrace exercise.json}"}}) + "\n\n";
  } else {
    o += "<!DOCTYPE html>\n<html lang=\"" + Html(CurrentLanguage()) + "\"><head><meta charset=\"utf-8\">\n<title>" +
         Html(Title(key)) + "</title>\n<style>\n" + kHtmlStyle + "</style></head><body>\n";
    o += "<h1>" + Html(Title(key)) + "</h1>\n<p class=\"meta\">" + Html(Summary(c)) + "</p>\n";
    if (!key)
      o += "<p class=\"name\">" + Html(Tr("sheet.name", {{"line", "______________________"}})) + " &nbsp; " +
           Html(Tr("sheet.date", {{"line", "____________"}})) + "</p>\n";
    o += "<p>" + Html(steps[0]) + "</p>\n<ol class=\"steps\">\n";
    for (size_t k = 1; k + 1 < steps.size(); ++k) o += "<li>" + Html(steps[k]) + "</li>\n";
    o += "</ol>\n<p>" + Html(steps.back()) + "</p>\n";
    if (key)
      o += "<p>" + Format(Html(Tr("sheet.key.input_below")), {{"command", "<code>bntrace exercise.json</code>"}}) +
           "</p>\n";
  }
  for (size_t k = 0; k < s.exercises.size(); ++k) {
    const PracticeExercise& ex = s.exercises[k];
    const std::string head = Tr("sheet.exercise", {{"k", std::to_string(k + 1)}});
    const std::string q = Question(ex, f);
    const int d = static_cast<int>(ex.in.x.cols());
    if (f == PracticeFormat::Markdown) {
      o += "## " + head + "\n\n" + TableText(InputTable(ex, f), f) + TableText(AnswerTable(ex, f, key, dec), f);
      if (!q.empty()) o += q + (key ? "\n\n" + Answer(ex, f, dec) : "\n\n______________________________________") + "\n\n";
      if (key) {
        o += Tr("sheet.key.working_intro") + "\n\n";
        for (int j = 0; j < d; ++j)
          for (const std::string& line : WorkingLines(ex, j, 6)) o += "- " + line + "\n";
        o += "\n" + Tr("sheet.key.input_intro") + "\n\n```json\n" + ex.bntrace + "\n```\n\n";
        o += "<details><summary>" + Html(Tr("sheet.key.every_step")) + "</summary>\n\n" +
             DemotedMarkdown(TraceToMarkdown(ex.trace, 6)) + "</details>\n\n";
      }
    } else if (f == PracticeFormat::Latex) {
      o += "\\section*{" + LatexProse(head) + "}\n" + TableText(InputTable(ex, f), f) +
           TableText(AnswerTable(ex, f, key, dec), f);
      if (!q.empty()) o += q + (key ? "\n\n" + Answer(ex, f, dec) : "\n\n\\rule{\\linewidth}{0.4pt}") + "\n\n";
      if (key) {
        o += "\\paragraph{" + LatexProse(Tr("sheet.key.working")) + "}\n";
        for (int j = 0; j < d; ++j)
          for (const std::string& line : WorkingLatex(ex, j, dec)) o += "$" + line + "$\\\\\n";
        o += "\n\\paragraph{" + LatexProse(Tr("sheet.key.input")) + "}\n\\begin{verbatim}\n" + ex.bntrace +
             "\n\\end{verbatim}\n";
        o += "{\\small\n" + LatexBody(TraceToLatex(ex.trace, 6), lang) + "}\n";
      }
      o += "\n";
    } else {
      o += "<section class=\"ex\"><h2>" + Html(head) + "</h2>\n" + TableText(InputTable(ex, f), f) +
           TableText(AnswerTable(ex, f, key, dec), f, key ? "" : "blanks");
      if (!q.empty())
        o += "<p class=\"q\">" + Html(q) + "</p>\n" +
             (key ? "<p>" + Html(Answer(ex, f, dec)) + "</p>\n" : "<div class=\"lines\"></div><div class=\"lines\"></div>\n");
      if (key) {
        o += "<h3>" + Html(Tr("sheet.key.working")) + "</h3>\n";
        for (int j = 0; j < d; ++j)
          for (const std::string& line : WorkingLines(ex, j, 6)) o += "<p class=\"work\">" + Html(line) + "</p>\n";
        o += "<h3>" + Html(Tr("sheet.key.input")) + "</h3>\n<pre>" + Html(ex.bntrace) + "</pre>\n";
      }
      o += "</section>\n";
    }
  }
  if (f == PracticeFormat::Latex) o += lang.end + "\\end{document}\n";
  if (f == PracticeFormat::Html) o += "</body></html>\n";
  return o;
}

}  // namespace

std::string WritePracticeSheet(const PracticeSheet& s, PracticeFormat f) { return Write(s, f, false); }
std::string WritePracticeKey(const PracticeSheet& s, PracticeFormat f) { return Write(s, f, true); }

}  // namespace bn
