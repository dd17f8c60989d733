// trace_export.cpp: TraceToMarkdown, TraceToLatex.
#include "core/lab/trace_export.hpp"

#include <cstdio>


namespace bn {
namespace {

// Plain ASCII number for LaTeX/Markdown (ASCII minus, so it pastes anywhere).
std::string Num(double v, int digits) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

const char* ModeName(Mode m) { return m == Mode::Train ? "train" : "eval"; }

// A string with the few << the writers here use (no iostreams: they would add ~100 KB to the page).
struct Text {
  std::string s;
  Text& operator<<(const std::string& t) { s += t; return *this; }
  Text& operator<<(const char* t) { s += t; return *this; }
  Text& operator<<(char c) { s += c; return *this; }
  Text& operator<<(Eigen::Index v) { s += std::to_string(v); return *this; }
  Text& operator<<(size_t v) { s += std::to_string(v); return *this; }
  std::string str() const { return s; }
};

}  // namespace

std::string LatexSymbol(const std::string& key) {
  static const std::pair<const char*, const char*> kSymbols[] = {
      {"sum", "\\sum_i x_{ij}"},        {"mean", "\\mu_j"},
      {"dev", "x_{ij}-\\mu_j"},         {"sq", "(x_{ij}-\\mu_j)^2"},
      {"var", "\\sigma_j^2"},           {"var_eps", "\\sigma_j^2+\\epsilon"},
      {"std", "\\sqrt{\\sigma_j^2+\\epsilon}"},
      {"inv_std", "1/\\sqrt{\\sigma_j^2+\\epsilon}"},
      {"xhat", "\\hat{x}_{ij}"},        {"gx", "\\gamma_j\\hat{x}_{ij}"},
      {"y", "y_{ij}"},                  {"running_mean", "\\mu^{\\text{run}}_j"},
      {"running_var", "(\\sigma^2)^{\\text{run}}_j"},
      {"dy", "\\partial L/\\partial y_{ij}"},
      {"dbeta", "\\partial L/\\partial \\beta_j"},
      {"dgamma", "\\partial L/\\partial \\gamma_j"},
      {"dxhat", "\\partial L/\\partial \\hat{x}_{ij}"},
      {"dvar", "\\partial L/\\partial \\sigma_j^2"},
      {"dmean", "\\partial L/\\partial \\mu_j"},
      {"dx", "\\partial L/\\partial x_{ij}"},
  };
  for (const auto& s : kSymbols)
    if (key == s.first) return s.second;
  return key;
}

std::string TraceToMarkdown(const Trace& t, int digits) {
  Text md;
  const Eigen::Index n = t.in.x.rows(), d = t.in.x.cols();
  md << "# Batch Normalization, step by step\n\n";
  md << "Batch of N = " << n << " samples and D = " << d << " features, mode `" << ModeName(t.in.mode)
     << "`, ε = " << Num(t.in.eps, digits) << ".\n\n";
  auto header = [&](const char* first) {
    md << "| " << first << " |";
    for (Eigen::Index j = 0; j < d; ++j) md << " feature " << j + 1 << " |";
    md << "\n|---|";
    for (Eigen::Index j = 0; j < d; ++j) md << "---:|";
    md << "\n";
  };
  auto row = [&](const std::string& label, const Mat& m, Eigen::Index i) {
    md << "| " << label << " |";
    for (Eigen::Index j = 0; j < d; ++j) md << " " << Num(m(i, j), digits) << " |";
    md << "\n";
  };
  md << "## Input\n\n";
  header("");
  for (Eigen::Index i = 0; i < n; ++i) row("x" + std::to_string(i + 1), t.in.x, i);
  row("γ", t.in.gamma, 0);
  row("β", t.in.beta, 0);
  if (t.in.mode == Mode::Eval) {
    row("running μ", t.in.running.mean, 0);
    row("running σ²", t.in.running.var, 0);
  }
  md << "\n";
  for (size_t k = 0; k < t.steps.size(); ++k) {
    const TraceStep& s = t.steps[k];
    md << "## " << k + 1 << ". " << s.title << (s.backward ? " (backward)" : "") << "\n\n";
    md << "`" << s.formula << "`\n\n";
    header(s.symbol.c_str());
    if (s.extent == Extent::PerFeature) {
      row(s.symbol, s.value, 0);
    } else {
      for (Eigen::Index i = 0; i < s.value.rows(); ++i) row(s.symbol + " " + std::to_string(i + 1), s.value, i);
    }
    md << "\n";
  }
  return md.str();
}

std::string TraceToLatex(const Trace& t, int digits) {
  Text tex;
  const Eigen::Index n = t.in.x.rows(), d = t.in.x.cols();
  std::string cols = "l";
  for (Eigen::Index j = 0; j < d; ++j) cols += "r";
  auto begin_table = [&](const std::string& caption) {
    tex << "\\paragraph{" << caption << "}\n\\begin{tabular}{" << cols << "}\n\\hline\n";
    for (Eigen::Index j = 0; j < d; ++j) tex << " & feature " << j + 1;
    tex << " \\\\\n\\hline\n";
  };
  auto row = [&](const std::string& label, const Mat& m, Eigen::Index i) {
    tex << label;
    for (Eigen::Index j = 0; j < d; ++j) tex << " & $" << Num(m(i, j), digits) << "$";
    tex << " \\\\\n";
  };
  auto end_table = [&]() { tex << "\\hline\n\\end{tabular}\n\n"; };
  tex << "% Batch Normalization, step by step (bnlab). Needs \\usepackage{amsmath}.\n";
  tex << "% N = " << n << ", D = " << d << ", mode " << ModeName(t.in.mode) << ", epsilon = " << Num(t.in.eps, digits)
      << "\n";
  begin_table("Input");
  for (Eigen::Index i = 0; i < n; ++i) row("$x_{" + std::to_string(i + 1) + "}$", t.in.x, i);
  row("$\\gamma$", t.in.gamma, 0);
  row("$\\beta$", t.in.beta, 0);
  end_table();
  for (size_t k = 0; k < t.steps.size(); ++k) {
    const TraceStep& s = t.steps[k];
    std::string title = std::to_string(k + 1) + ". " + s.title;
    begin_table(title + ": $" + LatexSymbol(s.key) + "$");
    if (s.extent == Extent::PerFeature) {
      row("$" + LatexSymbol(s.key) + "$", s.value, 0);
    } else {
      for (Eigen::Index i = 0; i < s.value.rows(); ++i) row("$i=" + std::to_string(i + 1) + "$", s.value, i);
    }
    end_table();
  }
  return tex.str();
}

}  // namespace bn
