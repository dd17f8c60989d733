// test_texts.cpp: what the labs say, held to the numbers (issue 15: every sentence true).
//
// Index
//   LaTeX export       pure ASCII; running μ, σ² in eval; compiled by pdflatex for train, eval, backward (train and
//                      eval), a constant feature and Keras's convention, in every shipped language
//   bntrace --format   latex and markdown equal the page's exporter for the same input (JSON and link), json
//                      unchanged; bad --format values, refused inputs
//   x̂'s variance       σ²/(σ²+ε) for the presets the texts name (constant feature: 0; values near 1000: ~0.93);
//                      the running lab's train x̂ (0 when σ* = 0)
//   Backward           Σ dx = 0 per feature for any ε; Σ dx·x̂ = 0 only at ε = 0 (the ε/(σ²+ε) term otherwise); dy
//                      constant over the batch gives dx = 0 (dense lab and every image-lab variant)
//   Presets            shift and scale leaves x̂ unchanged
//   Inference          BN folded into one affine equals eval-mode y; the identity with γ = √(σ²+ε), β = μ exact
//                      in eval, for one batch only in train
//   Conventions        Keras's defaults (0.99, 1e-3), ~10 and ~100 batches, 0.99 is PyTorch's 0.1 only as 0.9
//   Training lab       curves are eval-mode numbers; BN(aWu) = BN(Wu), gradients scale 1/a (§3.3)
#include <doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "core/bn/norm_variants.hpp"
#include "core/i18n/current.hpp"
#include "core/io/bntrace_io.hpp"
#include "core/lab/code_export.hpp"
#include "core/lab/image_lab.hpp"
#include "core/lab/lab_hash.hpp"
#include "core/lab/lab_presets.hpp"
#include "core/lab/running_stream.hpp"
#include "core/lab/trace_export.hpp"
#include "core/train/trainer.hpp"

#include "test_util.hpp"

namespace {

using testutil::ReadFile;

using testutil::TempDir;

int Shell(const std::string& cmd) {
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

bool HavePdflatex() { return Shell("command -v pdflatex > /dev/null 2>&1") == 0; }

// Compiles `tex` with pdflatex in a fresh directory; true when it exits 0 and writes a PDF. *log: the log's text.
bool CompilesWithPdflatex(const std::string& tex, std::string* log) {
  const std::string dir = TempDir();
  {
    std::ofstream f(dir + "/worked.tex", std::ios::binary);
    f << tex;
  }
  const int rc = Shell("cd " + dir + " && pdflatex -interaction=nonstopmode -halt-on-error -no-shell-escape "
                       "worked.tex > pdflatex.out 2>&1");
  *log = ReadFile(dir + "/worked.log");
  const bool pdf = ReadFile(dir + "/worked.pdf").rfind("%PDF", 0) == 0;
  Shell("rm -rf " + dir);
  return rc == 0 && pdf;
}

bool AllAscii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

struct Run {
  int status = -1;
  std::string out, err;
};

// bntrace ARGS with `json` on standard input.
Run Bntrace(const std::string& args, const std::string& json) {
  const std::string dir = TempDir();
  {
    std::ofstream f(dir + "/in.json", std::ios::binary);
    f << json;
  }
  Run r;
  r.status = Shell(std::string(BNTRACE_PATH) + " " + args + " < " + dir + "/in.json > " + dir + "/out 2> " + dir + "/err");
  r.out = ReadFile(dir + "/out");
  r.err = ReadFile(dir + "/err");
  Shell("rm -rf " + dir);
  return r;
}

bn::TraceInput WithDy(bn::TraceInput in) {
  in.has_dy = true;
  in.dy = bn::Mat(in.x.rows(), in.x.cols());
  for (Eigen::Index i = 0; i < in.x.rows(); ++i)
    for (Eigen::Index j = 0; j < in.x.cols(); ++j) in.dy(i, j) = static_cast<double>((i * 3 + j * 5) % 7) - 3.0;
  return in;
}

double Variance(const bn::Mat& col) { return (col.array() - col.mean()).square().mean(); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// LaTeX export
// ---------------------------------------------------------------------------------------------
TEST_CASE("LaTeX export: a complete ASCII document with each step's formula; eval shows the running μ and σ²") {
  bn::TraceInput in = bn::DefaultLabBatch();
  in.mode = bn::Mode::Eval;
  in.running.mean = bn::Row(3);
  in.running.mean << 2.5, 100.0, -0.25;
  in.running.var = bn::Row(3);
  in.running.var << 4.0, 400.0, 1.5;
  const bn::Trace t = bn::BuildTrace(WithDy(in));
  const std::string tex = bn::TraceToLatex(t);
  CHECK(AllAscii(tex));
  CHECK(tex.find("\\documentclass") != std::string::npos);
  CHECK(tex.rfind("\\end{document}\n") == tex.size() - 15);
  CHECK(tex.find("running $\\mu$ & $2.5$ & $100$ & $-0.25$ \\\\") != std::string::npos);
  CHECK(tex.find("running $\\sigma^2$ & $4$ & $400$ & $1.5$ \\\\") != std::string::npos);
  const std::string md = bn::TraceToMarkdown(t);
  CHECK(md.find("| running μ | 2.5 | 100 | -0.25 |") != std::string::npos);
  for (const bn::TraceStep& s : t.steps) {
    CAPTURE(s.key);
    CHECK(tex.find(bn::LatexText(s.title)) != std::string::npos);
    const std::string formula = bn::LatexFormula(s.key, in.mode, in.running.convention);
    CHECK(tex.find("\\[ " + formula + " \\]") != std::string::npos);  // each step's formula in display math
    CHECK(AllAscii(formula));
  }
  // Titles in text mode: Greek letters and x̂ become math-mode commands, specials are escaped.
  CHECK(bn::LatexText("Variance plus ε") == "Variance plus $\\epsilon$");
  CHECK(bn::LatexText("Gradient of x̂ (50% & σ²_run)") == "Gradient of $\\hat{x}$ (50\\% \\& $\\sigma^2$\\_run)");
  CHECK(bn::LatexText("日本") == "??");
}

TEST_CASE("LaTeX export compiles with pdflatex: train, eval, backward, a constant feature, Keras's convention") {
  if (!HavePdflatex()) {
    MESSAGE("SKIPPED: pdflatex is not installed (Debian texlive-latex-base; build-wasm.sh test installs it)");
    return;
  }
  bn::TraceInput train = bn::DefaultLabBatch();
  bn::TraceInput eval = train;
  eval.mode = bn::Mode::Eval;
  eval.running.mean = bn::Row::Constant(3, 1.5);
  eval.running.var = bn::Row::Constant(3, 2.0);
  bn::TraceInput keras = train;
  keras.running.convention = bn::MomentumConvention::Keras;
  keras.running.momentum = 0.99;
  keras.eps = 1e-3;
  const bn::TraceInput constant = bn::LabPresets()[3].input;  // feature 2 constant: σ² = 0, x̂ = 0
  REQUIRE(bn::LabPresets()[3].name == "A constant feature");
  const std::pair<const char*, bn::TraceInput> cases[] = {
      {"train", train},
      {"eval", eval},
      {"train backward", WithDy(train)},
      {"eval backward", WithDy(eval)},
      {"constant feature, backward", WithDy(constant)},
      {"Keras convention", keras},
  };
  // In every language: English is pure ASCII; the others load babel or CJKutf8 (CurrentLatexLanguage).
  for (const std::string& tag : bn::AvailableLanguages()) {
    CAPTURE(tag);
    if (!testutil::HaveLatexLanguage(tag)) {
      const std::string skipped = "SKIPPED " + tag + ": its LaTeX packages are not installed (build-wasm.sh installs them)";
      MESSAGE(skipped);
      continue;
    }
    REQUIRE(bn::SetLanguage(tag));
    for (const auto& c : cases) {
      CAPTURE(c.first);
      const std::string tex = bn::TraceToLatex(bn::BuildTrace(c.second));
      std::string log;
      const bool ok = CompilesWithPdflatex(tex, &log);
      CHECK(ok);
      CHECK(log.find("Unicode character") == std::string::npos);
      CHECK(log.find("Undefined control sequence") == std::string::npos);
      CHECK(log.find("Missing character") == std::string::npos);
      if (!ok) MESSAGE(log.substr(log.size() > 3000 ? log.size() - 3000 : 0));
    }
  }
  bn::SetLanguage("en");
}

// ---------------------------------------------------------------------------------------------
// bntrace --format
// ---------------------------------------------------------------------------------------------
TEST_CASE("bntrace --format latex|markdown writes the page's worked example; json stays the default") {
  const std::string json =
      R"({"x": [[1, 120, -0.5], [2, 80, 0.5], [3, 100, -1.5], [6, 140, 1.5]], "mode": "eval",
          "running_mean": [2.5, 100, -0.25], "running_var": [4, 400, 1.5], "eps": 0.001,
          "dy": [[1, 0, 2], [0, 1, -1], [3, 0, 0], [0, -2, 1]]})";
  // The page's trace for the same batch, reached through its link (the hash the Share menu copies).
  bn::TraceInput page = bn::DefaultLabBatch();
  int step = 0;
  std::string error;
  REQUIRE(bn::ApplyLabHash("x=1,120,-0.5;2,80,0.5;3,100,-1.5;6,140,1.5&mode=eval&eps=0.001"
                           "&running_mean=2.5,100,-0.25&running_var=4,400,1.5&dy=1,0,2;0,1,-1;3,0,0;0,-2,1",
                           &page, &step, &error));
  const bn::Trace t = bn::BuildTrace(page);
  // And through bntrace's own reader.
  const bn::Trace t2 = bn::BuildTrace(bn::ParseBnTraceInput(json).in);

  const Run latex = Bntrace("--format latex -", json);
  CHECK(latex.status == 0);
  CHECK(latex.err.empty());
  CHECK(latex.out == bn::TraceToLatex(t));
  CHECK(latex.out == bn::TraceToLatex(t2));
  const Run md = Bntrace("--format=markdown -", json);
  CHECK(md.status == 0);
  CHECK(md.out == bn::TraceToMarkdown(t));
  const Run after = Bntrace("- --format markdown", json);  // the option after FILE
  CHECK(after.out == md.out);
  const Run notebook = Bntrace("--format notebook -", json);  // the page's Share → Jupyter notebook
  CHECK(notebook.status == 0);
  CHECK(notebook.out == bn::TraceToNotebook(t2));  // bntrace reads eps as a double, the page as a float32
  const Run plain = Bntrace("-", json);
  const Run as_json = Bntrace("--format json -", json);
  CHECK(plain.status == 0);
  CHECK(plain.out == as_json.out);
  CHECK(plain.out == bn::BnTraceJson(bn::ParseBnTraceInput(json)) + "\n");

  if (HavePdflatex()) {
    std::string log;
    CHECK(CompilesWithPdflatex(latex.out, &log));
  }
}

TEST_CASE("bntrace --format: bad values and inputs the worked example does not cover get exit 2 and one line") {
  const std::string json = R"({"x": [[1, 2], [3, 6]]})";
  auto refused = [](const Run& r, const std::string& part) {
    CAPTURE(r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("bntrace: ", 0) == 0);
    CHECK(r.err.find(part) != std::string::npos);
    CHECK(r.err.find('\n') == r.err.size() - 1);
  };
  refused(Bntrace("--format xml -", json), "--format must be json, markdown, latex or notebook, not 'xml'");
  refused(Bntrace("--format=LaTeX -", json), "not 'LaTeX'");
  refused(Bntrace("--format= -", json), "not ''");
  refused(Bntrace("- --format", json), "--format needs a value");
  refused(Bntrace("--format latex --format json -", json), "--format given twice");
  refused(Bntrace("--format latex", json), "expected one argument");
  refused(Bntrace("--format latex -", R"({"x": [[[[1, 2]], [[3, 5]]], [[[0, 4]], [[2, 6]]]]})"),
          "an N×C×H×W x has only --format json");
  refused(Bntrace("--format markdown -", R"({"norm": "layer", "x": [[1, 2], [3, 6]]})"),
          "norm \"layer\" has only --format json");
  refused(Bntrace("--format latex -", R"({"x": [[1, 2]]})"), "train mode needs at least 2");
  refused(Bntrace("--format latex -", "{"), "not valid JSON");
}

// ---------------------------------------------------------------------------------------------
// x̂'s variance is σ²/(σ²+ε)
// ---------------------------------------------------------------------------------------------
TEST_CASE("x̂'s variance is σ²/(σ²+ε): the constant feature gives 0, values near 1000 about 0.93") {
  for (const bn::LabPreset& p : bn::LabPresets(5)) {
    if (p.input.x.rows() < 2) continue;
    CAPTURE(p.name);
    const bn::Trace t = bn::BuildTrace(p.input);
    for (Eigen::Index j = 0; j < t.fwd.xhat.cols(); ++j) {
      const double var = t.fwd.var(j), eps = p.input.eps;
      CHECK(std::fabs(t.fwd.xhat.col(j).mean()) < 1e-9);
      CHECK(Variance(t.fwd.xhat.col(j)) == doctest::Approx(var / (var + eps)).epsilon(1e-9));
    }
  }
  // The constant feature (the ε help names it): σ² = 0 and x̂ = 0, variance 0, not "just under 1".
  const bn::Trace c = bn::BuildTrace(bn::LabPresets()[3].input);
  CHECK(Variance(c.fwd.xhat.col(1)) == 0.0);
  // Values near 1000: feature 1's spread (σ² ≈ 1.25e-4) is near ε = 1e-5, and x̂ shrinks visibly.
  const bn::LabPreset near = bn::LabPresets()[4];
  REQUIRE(near.name == "Values near 1000");
  const bn::Trace n = bn::BuildTrace(near.input);
  const double v = Variance(n.fwd.xhat.col(0));
  CHECK(v < 0.95);
  CHECK(v == doctest::Approx(0.93).epsilon(0.01));  // the preset's "about 0.93"
  CHECK(v == doctest::Approx(n.fwd.var(0) / (n.fwd.var(0) + near.input.eps)).epsilon(1e-9));
  // σ² = ε: variance ½ (the help's "½ at σ² = ε").
  bn::TraceInput half = bn::DefaultLabBatch();
  half.x = bn::Mat(2, 1);
  half.x << -0.5, 0.5;  // σ² = 0.25
  half.gamma = bn::Row::Ones(1);
  half.beta = bn::Row::Zero(1);
  half.running = bn::MakeRunningStats(1);
  half.eps = 0.25;
  CHECK(Variance(bn::BuildTrace(half).fwd.xhat.col(0)) == doctest::Approx(0.5).epsilon(1e-12));
}

TEST_CASE("the running lab's train-mode x̂ has variance σ²_B/(σ²_B+ε), and 0 when σ* = 0") {
  for (double sd : {2.0, 0.01, 0.0}) {
    CAPTURE(sd);
    bn::StreamConfig c;
    c.true_std = sd;
    c.batch_size = 8;
    bn::BatchStream s(c);
    s.Step();
    const bn::StreamRecord& r = s.history().back();
    const double eps = bn::DefaultsFor(c.convention).eps;  // what the panel's table uses
    const bn::Mat xhat = (s.last_batch().array() - r.batch_mean) / std::sqrt(r.batch_var + eps);
    CHECK(Variance(xhat) == doctest::Approx(r.batch_var / (r.batch_var + eps)).epsilon(1e-9));
    if (sd == 0.0) CHECK(Variance(xhat) == 0.0);
    if (sd == 0.01) CHECK(Variance(xhat) < 0.9);  // σ² ≈ 1e-4, near ε: far from 1
  }
}

// ---------------------------------------------------------------------------------------------
// Backward identities
// ---------------------------------------------------------------------------------------------
TEST_CASE("train-mode backward: Σ dx = 0 for any ε, Σ dx·x̂ = 0 only at ε = 0; a dy constant over the batch gives dx = 0") {
  for (double eps : {0.0, 1e-5, 0.5}) {
    CAPTURE(eps);
    bn::TraceInput in = WithDy(bn::DefaultLabBatch());
    in.eps = eps;
    const bn::Trace t = bn::BuildTrace(in);
    const bn::Mat& dx = t.bwd.dx;
    const bn::Mat dxhat = in.dy.array().rowwise() * in.gamma.array();
    for (Eigen::Index j = 0; j < dx.cols(); ++j) {
      CAPTURE(j);
      const double scale = dx.col(j).cwiseAbs().sum();
      CHECK(std::fabs(dx.col(j).sum()) < 1e-12 * scale + 1e-15);
      // Σ dx·x̂ = inv_std·ε/(σ²+ε)·Σ dx̂·x̂: 0 at ε = 0, the ε term otherwise (tiny at ε = 1e-5).
      const double var = t.fwd.var(j);
      const double expected = t.fwd.inv_std(j) * eps / (var + eps) * dxhat.col(j).dot(t.fwd.xhat.col(j));
      const double got = dx.col(j).dot(t.fwd.xhat.col(j));
      CHECK(std::fabs(got - expected) < 1e-9 * std::fabs(expected) + 1e-12 * scale);
      if (eps == 0.0) CHECK(std::fabs(got) < 1e-12 * scale);
    }
    // dy constant over the batch (a different constant per feature): dx = 0.
    in.dy = bn::Mat(4, 3);
    in.dy << 2, -1, 0.5, 2, -1, 0.5, 2, -1, 0.5, 2, -1, 0.5;
    const bn::Trace c = bn::BuildTrace(in);
    CHECK(c.bwd.dx.cwiseAbs().maxCoeff() < 1e-12);
    CHECK(c.bwd.dbeta(0) == 8.0);  // while β still gets the whole gradient
  }
}

TEST_CASE("image lab: every variant's dx sums to 0 over each statistics group, and a dy constant per group gives 0") {
  for (bn::NormVariant v : {bn::NormVariant::Batch, bn::NormVariant::Layer, bn::NormVariant::Instance,
                            bn::NormVariant::Group, bn::NormVariant::Ghost, bn::NormVariant::Renorm}) {
    CAPTURE(bn::NormKeyName(v));
    bn::Tensor4 x;
    x.n = 4; x.c = 2; x.h = 2; x.w = 2;
    x.data.resize(32);
    for (size_t i = 0; i < x.data.size(); ++i) x.data[i] = std::sin(1.7 * static_cast<double>(i)) * 3.0 + (i % 5);
    bn::NormParams p;
    p.variant = v;
    p.groups = 2;
    p.ghost_batch = 2;
    p.running_mean = bn::Row::Constant(2, 0.5);
    p.running_var = bn::Row::Constant(2, 2.0);
    const bn::Row gamma = bn::Row::Constant(2, 1.5), beta = bn::Row::Zero(2);
    const bn::NormResult f = bn::NormForward(x, p, gamma, beta, 1e-5);
    bn::Tensor4 dy = x;
    for (size_t i = 0; i < dy.data.size(); ++i) dy.data[i] = std::cos(0.9 * static_cast<double>(i));
    const bn::NormGrads b = bn::NormBackward(dy, x, f, p, gamma);
    std::vector<double> sum(f.groups.count, 0.0), mag(f.groups.count, 0.0);
    for (int ni = 0; ni < x.n; ++ni)
      for (int ci = 0; ci < x.c; ++ci)
        for (int k = 0; k < 4; ++k) {
          const int g = bn::GroupOf(f.groups, ni, ci);
          sum[g] += b.dx.data[(static_cast<size_t>(ni) * x.c + ci) * 4 + k];
          mag[g] += std::fabs(b.dx.data[(static_cast<size_t>(ni) * x.c + ci) * 4 + k]);
        }
    for (int g = 0; g < f.groups.count; ++g) CHECK(std::fabs(sum[g]) < 1e-12 * mag[g] + 1e-15);
    // dy = the group's own constant: dx = 0.
    for (int ni = 0; ni < x.n; ++ni)
      for (int ci = 0; ci < x.c; ++ci)
        for (int k = 0; k < 4; ++k)
          dy.data[(static_cast<size_t>(ni) * x.c + ci) * 4 + k] = 1.0 + bn::GroupOf(f.groups, ni, ci);
    const bn::NormGrads z = bn::NormBackward(dy, x, f, p, gamma);
    double worst = 0.0;
    for (double d : z.dx.data) worst = std::max(worst, std::fabs(d));
    CHECK(worst < 1e-12);
  }
}

// ---------------------------------------------------------------------------------------------
// Presets
// ---------------------------------------------------------------------------------------------
TEST_CASE("the shift-and-scale preset: all three columns get the same x̂ (exactly at ε = 0)") {
  const bn::LabPreset p = bn::LabPresets().back();
  REQUIRE(p.name == "Shift and scale");
  const bn::Mat& x = p.input.x;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {  // the columns are what the lesson says
    CHECK(x(i, 1) == 10.0 * x(i, 0) + 100.0);
    CHECK(x(i, 2) == 0.5 * x(i, 0) - 3.0);
  }
  const bn::Trace t = bn::BuildTrace(p.input);
  for (Eigen::Index j = 1; j < 3; ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      CHECK(t.fwd.xhat(i, j) == doctest::Approx(t.fwd.xhat(i, 0)).epsilon(1e-5));  // ε/σ² at most ~1e-5
  bn::TraceInput exact = p.input;
  exact.eps = 0.0;
  const bn::Trace e = bn::BuildTrace(exact);
  for (Eigen::Index j = 1; j < 3; ++j) CHECK((e.fwd.xhat.col(j) - e.fwd.xhat.col(0)).cwiseAbs().maxCoeff() < 1e-12);
  // …and a bias added before BN changes nothing after it: β takes its role.
  bn::TraceInput biased = exact;
  biased.x.col(0).array() += 7.0;
  CHECK((bn::BuildTrace(biased).fwd.y - e.fwd.y).cwiseAbs().maxCoeff() < 1e-12);
}

// ---------------------------------------------------------------------------------------------
// Inference
// ---------------------------------------------------------------------------------------------
TEST_CASE("at inference BN folds into one affine per feature (Alg. 2 step 11) equal to eval-mode y") {
  bn::TraceInput in = bn::DefaultLabBatch();
  in.mode = bn::Mode::Eval;
  in.gamma << 1.5, -0.5, 2.0;
  in.beta << 0.25, 3.0, -1.0;
  in.running.mean << 2.0, 105.0, 0.1;
  in.running.var << 3.0, 450.0, 1.1;
  const bn::Trace t = bn::BuildTrace(in);
  const bn::FoldedAffine f = bn::FoldForInference(in.gamma, in.beta, in.running, in.eps);
  const bn::Mat y = (in.x.array().rowwise() * f.scale.array()).rowwise() + f.shift.array();
  CHECK((y - t.fwd.y).cwiseAbs().maxCoeff() < 1e-12);
  // Folded into a previous linear layer z = u·W + b: W' = W·diag(scale), b' = b·scale + shift.
  bn::Mat u(2, 2);
  u << 1.0, -2.0, 0.5, 3.0;
  bn::Mat w(2, 3);
  w << 0.3, 10.0, -0.2, -0.1, 20.0, 0.4;
  bn::Row b(3);
  b << 1.0, 100.0, 0.0;
  in.x = (u * w).rowwise() + b;
  const bn::Trace z = bn::BuildTrace(in);
  const bn::Mat w2 = w.array().rowwise() * f.scale.array();
  const bn::Row b2 = b.array() * f.scale.array() + f.shift.array();
  CHECK((((u * w2).rowwise() + b2) - z.fwd.y).cwiseAbs().maxCoeff() < 1e-10);
}

TEST_CASE("γ = √(σ²+ε), β = μ gives the input back exactly in eval, and in train for that one batch only") {
  bn::TraceInput in = bn::DefaultLabBatch();
  const bn::Trace first = bn::BuildTrace(in);
  in.gamma = (first.fwd.var.array() + in.eps).sqrt();
  in.beta = first.fwd.mean;
  CHECK((bn::BuildTrace(in).fwd.y - in.x).cwiseAbs().maxCoeff() < 1e-9);  // this batch: back exactly
  bn::TraceInput other = in;
  other.x.col(0) << 0.0, 4.0, 5.0, 9.0;  // another batch, same γ, β: not the identity
  CHECK((bn::BuildTrace(other).fwd.y - other.x).cwiseAbs().maxCoeff() > 0.1);
  bn::TraceInput eval = other;  // eval mode with fixed statistics: the identity for any batch
  eval.mode = bn::Mode::Eval;
  eval.running.mean = bn::Row::Constant(3, 4.0);
  eval.running.var = bn::Row::Constant(3, 9.0);
  eval.gamma = (eval.running.var.array() + eval.eps).sqrt();
  eval.beta = eval.running.mean;
  CHECK((bn::BuildTrace(eval).fwd.y - eval.x).cwiseAbs().maxCoeff() < 1e-9);
}

// ---------------------------------------------------------------------------------------------
// Conventions
// ---------------------------------------------------------------------------------------------
TEST_CASE("conventions: Keras 0.99 and ε 1e-3, PyTorch 0.1 and 1e-5; about 100 and 10 batches") {
  CHECK(bn::DefaultsFor(bn::MomentumConvention::PyTorch).momentum == 0.1);
  CHECK(bn::DefaultsFor(bn::MomentumConvention::PyTorch).eps == 1e-5);
  CHECK(bn::DefaultsFor(bn::MomentumConvention::Keras).momentum == 0.99);
  CHECK(bn::DefaultsFor(bn::MomentumConvention::Keras).eps == 1e-3);
  CHECK(bn::AveragedBatches(0.1, bn::MomentumConvention::PyTorch) == doctest::Approx(10.0));
  CHECK(bn::AveragedBatches(0.99, bn::MomentumConvention::Keras) == doctest::Approx(100.0));
  CHECK(std::isinf(bn::AveragedBatches(0.0, bn::MomentumConvention::PyTorch)));
  // "About the last 1/w batches": a step from 0 to 1 in the batch mean is ~63% absorbed after 1/w batches.
  for (auto conv : {bn::MomentumConvention::PyTorch, bn::MomentumConvention::Keras}) {
    bn::RunningStats r = bn::MakeRunningStats(1);
    r.convention = conv;
    r.momentum = bn::DefaultsFor(conv).momentum;
    const int k = static_cast<int>(std::lround(bn::AveragedBatches(r.momentum, conv)));
    for (int s = 0; s < k; ++s) bn::UpdateRunning(r, bn::Row::Ones(1), bn::Row::Ones(1), 8);
    CHECK(r.mean(0) > 0.6);
    CHECK(r.mean(0) < 0.66);
  }
  // 0.99 (Keras) is not PyTorch's 0.1: PyTorch's 0.1 is Keras's 0.9.
  bn::RunningStats torch = bn::MakeRunningStats(1), k99 = torch, k90 = torch;
  k99.convention = k90.convention = bn::MomentumConvention::Keras;
  k99.momentum = 0.99;
  k90.momentum = 0.9;
  for (bn::RunningStats* r : {&torch, &k99, &k90}) bn::UpdateRunning(*r, bn::Row::Constant(1, 5.0), bn::Row::Ones(1), 8);
  CHECK(torch.mean(0) == doctest::Approx(k90.mean(0)));
  CHECK(k99.mean(0) == doctest::Approx(0.05));
  CHECK(torch.mean(0) == doctest::Approx(0.5));
}

// ---------------------------------------------------------------------------------------------
// Training lab
// ---------------------------------------------------------------------------------------------
TEST_CASE("the training lab's curves are eval-mode numbers (running statistics), not the training batch's") {
  bn::TrainConfig c = bn::Experiments()[0].config;
  bn::Trainer t(c, {bn::NormKind::Batch});
  t.Step(5);
  t.Log();
  bn::Run& run = t.runs()[0];
  bn::Mlp<float> copy = run.net;
  const auto eval = copy.Evaluate(t.data().train_x, t.data().train_y);
  CHECK(run.log.back().train_loss == eval.loss);
  bn::Mlp<float> train_mode = run.net;  // the same data in train mode (batch statistics) gives another number
  const float batch_loss = train_mode.Forward(t.data().train_x, t.data().train_y, true, nullptr, false);
  CHECK(std::fabs(batch_loss - eval.loss) > 1e-4f);
}

TEST_CASE("§3.3: BN(a·z) = BN(z), and the gradient reaching the scaled input is 1/a times as large") {
  bn::TraceInput in = WithDy(bn::DefaultLabBatch());
  in.eps = 0.0;
  const bn::Trace t = bn::BuildTrace(in);
  for (double a : {0.1, 3.0, 50.0}) {
    CAPTURE(a);
    bn::TraceInput s = in;
    s.x *= a;
    const bn::Trace ts = bn::BuildTrace(s);
    CHECK((ts.fwd.y - t.fwd.y).cwiseAbs().maxCoeff() < 1e-9);
    CHECK((ts.bwd.dx * a - t.bwd.dx).cwiseAbs().maxCoeff() < 1e-9);
  }
}
