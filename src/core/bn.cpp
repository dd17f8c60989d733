// bn.cpp: Batch Normalization's reference implementation, built as a sequence of named steps.
//
// Index
//   1. Reshapes: ToChannelMatrix, FromChannelMatrix
//   2. Running statistics: MakeRunningStats, UpdateRunning
//   3. The steps: StepBuilder appends one TraceStep per computation (forward, then backward)
//   4. BuildTrace: validates the input, runs the steps, gathers Forward/Backward
//   5. BatchNormForward / BatchNormBackward: views of BuildTrace's results (one implementation)
//   6. Formatting: FormatNumber, SubstitutedFormula
//
// Shapes: x is M×D (M = N for dense BN, N·H·W for conv BN after ToChannelMatrix); per-feature values
// are 1×D. Everything is double; inputs are float32 values, so results match a float64 reference.
#include "core/bn.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. Reshapes
// ---------------------------------------------------------------------------------------------
Mat ToChannelMatrix(const Tensor4& t) {
  Mat m(static_cast<Eigen::Index>(t.n) * t.h * t.w, t.c);
  for (int ni = 0; ni < t.n; ++ni)
    for (int ci = 0; ci < t.c; ++ci)
      for (int hi = 0; hi < t.h; ++hi)
        for (int wi = 0; wi < t.w; ++wi) m((static_cast<Eigen::Index>(ni) * t.h + hi) * t.w + wi, ci) = t.at(ni, ci, hi, wi);
  return m;
}

Tensor4 FromChannelMatrix(const Mat& m, int n, int c, int h, int w) {
  if (m.rows() != static_cast<Eigen::Index>(n) * h * w || m.cols() != c)
    throw std::invalid_argument("FromChannelMatrix: matrix shape does not match N×C×H×W");
  Tensor4 t;
  t.n = n;
  t.c = c;
  t.h = h;
  t.w = w;
  t.data.resize(static_cast<size_t>(n) * c * h * w);
  for (int ni = 0; ni < n; ++ni)
    for (int ci = 0; ci < c; ++ci)
      for (int hi = 0; hi < h; ++hi)
        for (int wi = 0; wi < w; ++wi) t.at(ni, ci, hi, wi) = m((static_cast<Eigen::Index>(ni) * h + hi) * w + wi, ci);
  return t;
}

// ---------------------------------------------------------------------------------------------
// 2. Running statistics
// ---------------------------------------------------------------------------------------------
RunningStats MakeRunningStats(int d) {
  RunningStats r;
  r.mean = Row::Zero(d);
  r.var = Row::Ones(d);
  return r;
}

void UpdateRunning(RunningStats& running, const Row& batch_mean, const Row& batch_var, int m) {
  const double k = running.momentum;
  if (running.convention == MomentumConvention::PyTorch) {
    // running ← (1−k)·running + k·batch, with the unbiased variance M/(M−1)·σ²
    const double unbias = m > 1 ? static_cast<double>(m) / (m - 1) : 1.0;
    running.mean = (1.0 - k) * running.mean + k * batch_mean;
    running.var = (1.0 - k) * running.var + k * unbias * batch_var;
  } else {
    // moving ← k·moving + (1−k)·batch, with the biased variance
    running.mean = k * running.mean + (1.0 - k) * batch_mean;
    running.var = k * running.var + (1.0 - k) * batch_var;
  }
}

// ---------------------------------------------------------------------------------------------
// 3. The steps
// ---------------------------------------------------------------------------------------------
namespace {

// Appends steps to a trace; each Add* computes one quantity from earlier ones.
struct StepBuilder {
  Trace& t;

  Mat Add(const char* key, const char* title, const char* symbol, const char* formula, Extent extent,
                 std::vector<std::string> inputs, bool backward, Mat value) {
    TraceStep s;
    s.key = key;
    s.title = title;
    s.symbol = symbol;
    s.formula = formula;
    s.extent = extent;
    s.inputs = std::move(inputs);
    s.backward = backward;
    s.value = std::move(value);
    t.steps.push_back(std::move(s));
    return t.steps.back().value;  // a copy: later Adds may move the vector
  }
};

// Broadcasts a 1×D row down M rows.
Mat Down(const Mat& row, Eigen::Index m) { return row.replicate(m, 1); }

void ForwardSteps(StepBuilder& b) {
  const TraceInput& in = b.t.in;
  const Mat& x = in.x;  // M×D
  const Eigen::Index m = x.rows();
  const Extent F = Extent::PerFeature, E = Extent::PerElement;
  Mat mean, var;
  if (in.mode == Mode::Train) {
    // sum_j = Σ_i x_ij
    const Mat& sum = b.Add("sum", "Sum over the batch", "Σx", "Σxⱼ = Σᵢ xᵢⱼ", F, {"x"}, false, x.colwise().sum());
    // μ_j = sum_j / M
    mean = b.Add("mean", "Batch mean", "μ", "μⱼ = (1/N) Σᵢ xᵢⱼ", F, {"sum"}, false, sum / static_cast<double>(m));
  } else {
    mean = b.Add("mean", "Running mean (eval)", "μ", "μⱼ = running meanⱼ", F, {}, false, in.running.mean);
    var = b.Add("var", "Running variance (eval)", "σ²", "σⱼ² = running varianceⱼ", F, {}, false, in.running.var);
  }
  // dev_ij = x_ij − μ_j
  const Mat& dev = b.Add("dev", "Deviation from the mean", "x−μ", "dᵢⱼ = xᵢⱼ − μⱼ", E, {"x", "mean"}, false,
                         x - Down(mean, m));
  if (in.mode == Mode::Train) {
    // sq_ij = dev_ij², var_j = (1/M) Σ_i sq_ij  (two-pass: no E[x²] − E[x]² cancellation)
    const Mat& sq = b.Add("sq", "Squared deviation", "(x−μ)²", "dᵢⱼ² = (xᵢⱼ − μⱼ)²", E, {"dev"}, false,
                          dev.array().square().matrix());
    var = b.Add("var", "Batch variance", "σ²", "σⱼ² = (1/N) Σᵢ (xᵢⱼ − μⱼ)²", F, {"sq"}, false,
                sq.colwise().sum() / static_cast<double>(m));
  }
  // var_eps_j = σ²_j + ε;  std_j = √(σ²_j + ε);  inv_std_j = 1/std_j
  const Mat& var_eps = b.Add("var_eps", "Variance plus ε", "σ²+ε", "σⱼ² + ε", F, {"var", "eps"}, false,
                             (var.array() + in.eps).matrix());
  const Mat& sd = b.Add("std", "Standard deviation", "√(σ²+ε)", "√(σⱼ² + ε)", F, {"var_eps"}, false,
                        var_eps.array().sqrt().matrix());
  const Mat& inv_std = b.Add("inv_std", "Inverse standard deviation", "1/√(σ²+ε)", "1 / √(σⱼ² + ε)", F, {"std"},
                             false, sd.array().inverse().matrix());
  // xhat_ij = dev_ij · inv_std_j
  const Mat& xhat = b.Add("xhat", "Normalized value", "x̂", "x̂ᵢⱼ = (xᵢⱼ − μⱼ) / √(σⱼ² + ε)", E, {"dev", "inv_std"},
                          false, (dev.array() * Down(inv_std, m).array()).matrix());
  // gx_ij = γ_j · xhat_ij;  y_ij = gx_ij + β_j
  const Mat& gx = b.Add("gx", "Scaled by γ", "γx̂", "γⱼ · x̂ᵢⱼ", E, {"gamma", "xhat"}, false,
                        (xhat.array() * Down(in.gamma, m).array()).matrix());
  b.Add("y", "Shifted by β: the output", "y", "yᵢⱼ = γⱼ x̂ᵢⱼ + βⱼ", E, {"gx", "beta"}, false, gx + Down(in.beta, m));
  if (in.mode == Mode::Train) {
    RunningStats after = in.running;
    UpdateRunning(after, mean, var, static_cast<int>(m));
    const bool torch = in.running.convention == MomentumConvention::PyTorch;
    b.Add("running_mean", "Running mean update", "μ_run",
          torch ? "μ_run ← (1 − m)·μ_run + m·μⱼ" : "μ_run ← m·μ_run + (1 − m)·μⱼ", F, {"mean"}, false, after.mean);
    b.Add("running_var", "Running variance update", "σ²_run",
          torch ? "σ²_run ← (1 − m)·σ²_run + m·N/(N−1)·σⱼ²" : "σ²_run ← m·σ²_run + (1 − m)·σⱼ²", F, {"var"}, false,
          after.var);
  }
}

void BackwardSteps(StepBuilder& b) {
  const Trace& t = b.t;
  const TraceInput& in = t.in;
  const Eigen::Index m = in.x.rows();
  const Extent F = Extent::PerFeature, E = Extent::PerElement;
  // Copies: b.Add may reallocate the step vector.
  const Mat xhat = t.find("xhat")->value, dev = t.find("dev")->value, var_eps = t.find("var_eps")->value,
            inv_std = t.find("inv_std")->value;
  const Mat& dy = b.Add("dy", "Upstream gradient", "dy", "dyᵢⱼ = ∂L/∂yᵢⱼ (given)", E, {}, true, in.dy);
  const Mat dy_copy = dy;
  // dβ_j = Σ_i dy_ij;  dγ_j = Σ_i dy_ij·x̂_ij
  b.Add("dbeta", "Gradient of β", "dβ", "dβⱼ = Σᵢ dyᵢⱼ", F, {"dy"}, true, dy_copy.colwise().sum());
  b.Add("dgamma", "Gradient of γ", "dγ", "dγⱼ = Σᵢ dyᵢⱼ · x̂ᵢⱼ", F, {"dy", "xhat"}, true,
        (dy_copy.array() * xhat.array()).matrix().colwise().sum());
  // dx̂_ij = dy_ij·γ_j
  const Mat dxhat = b.Add("dxhat", "Gradient of x̂", "dx̂", "dx̂ᵢⱼ = dyᵢⱼ · γⱼ", E, {"dy", "gamma"}, true,
                          (dy_copy.array() * Down(in.gamma, m).array()).matrix());
  if (in.mode == Mode::Eval) {
    // μ and σ² are constants: dx_ij = dx̂_ij · inv_std_j
    b.Add("dx", "Gradient of x", "dx", "dxᵢⱼ = dx̂ᵢⱼ / √(σⱼ² + ε)", E, {"dxhat", "inv_std"}, true,
          (dxhat.array() * Down(inv_std, m).array()).matrix());
    return;
  }
  const double md = static_cast<double>(m);
  // dσ²_j = Σ_i dx̂_ij·(x_ij − μ_j) · (−½)(σ²_j + ε)^(−3/2)
  const Row var_pow = var_eps.array().pow(-1.5).matrix();
  const Mat dvar = b.Add("dvar", "Gradient of σ²", "dσ²", "dσⱼ² = Σᵢ dx̂ᵢⱼ (xᵢⱼ − μⱼ) · (−½)(σⱼ² + ε)^(−3/2)", F,
                         {"dxhat", "dev", "var_eps"}, true,
                         ((dxhat.array() * dev.array()).matrix().colwise().sum().array() * -0.5 * var_pow.array())
                             .matrix());
  // dμ_j = Σ_i dx̂_ij·(−inv_std_j)  +  dσ²_j · (−2/M) Σ_i (x_ij − μ_j)
  const Row term1 = (dxhat.colwise().sum().array() * -inv_std.array()).matrix();
  const Row term2 = (dvar.array() * (-2.0 / md) * dev.colwise().sum().array()).matrix();
  const Mat dmean = b.Add("dmean", "Gradient of μ", "dμ",
                          "dμⱼ = Σᵢ dx̂ᵢⱼ · (−1/√(σⱼ² + ε)) + dσⱼ² · (−2/N) Σᵢ (xᵢⱼ − μⱼ)", F,
                          {"dxhat", "inv_std", "dvar", "dev"}, true, term1 + term2);
  // dx_ij = dx̂_ij·inv_std_j  +  dσ²_j·2(x_ij − μ_j)/M  +  dμ_j/M
  const Mat dx = (dxhat.array() * Down(inv_std, m).array()          // term 1: through x̂ directly
                  + Down(dvar, m).array() * 2.0 * dev.array() / md  // term 2: through σ²
                  + Down(dmean, m).array() / md)                    // term 3: through μ
                     .matrix();
  b.Add("dx", "Gradient of x", "dx", "dxᵢⱼ = dx̂ᵢⱼ/√(σⱼ² + ε) + dσⱼ² · 2(xᵢⱼ − μⱼ)/N + dμⱼ/N", E,
        {"dxhat", "inv_std", "dvar", "dev", "dmean"}, true, dx);
}

void Validate(const TraceInput& in) {
  const Eigen::Index m = in.x.rows(), d = in.x.cols();
  if (m == 0 || d == 0) throw std::invalid_argument("x is empty");
  if (in.gamma.size() != d) throw std::invalid_argument("gamma has " + std::to_string(in.gamma.size()) +
                                                        " values, x has " + std::to_string(d) + " features");
  if (in.beta.size() != d) throw std::invalid_argument("beta has " + std::to_string(in.beta.size()) +
                                                       " values, x has " + std::to_string(d) + " features");
  if (!(in.eps >= 0.0) || !std::isfinite(in.eps)) throw std::invalid_argument("eps must be a number ≥ 0");
  if (in.running.mean.size() != d || in.running.var.size() != d)
    throw std::invalid_argument("running statistics must have one value per feature (" + std::to_string(d) + ")");
  if ((in.running.var.array() < 0.0).any()) throw std::invalid_argument("running_var must not be negative");
  if (!(in.running.momentum >= 0.0 && in.running.momentum <= 1.0))
    throw std::invalid_argument("momentum must be in [0, 1]");
  if (in.mode == Mode::Train && m < 2)
    throw std::invalid_argument("train mode needs at least 2 values per feature to measure a spread (got 1); "
                                "use eval mode, which normalizes with the running statistics");
  if (in.mode == Mode::Eval && ((in.running.var.array() + in.eps) <= 0.0).any())
    throw std::invalid_argument("running_var + eps is 0: nothing to divide by (raise eps)");
  if (in.has_dy && (in.dy.rows() != m || in.dy.cols() != d))
    throw std::invalid_argument("dy is " + std::to_string(in.dy.rows()) + "×" + std::to_string(in.dy.cols()) +
                                ", x is " + std::to_string(m) + "×" + std::to_string(d));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 4. BuildTrace
// ---------------------------------------------------------------------------------------------
const TraceStep* Trace::find(const std::string& key) const {
  for (const TraceStep& s : steps)
    if (s.key == key) return &s;
  return nullptr;
}

int Trace::index_of(const std::string& key) const {
  for (size_t k = 0; k < steps.size(); ++k)
    if (steps[k].key == key) return static_cast<int>(k);
  return -1;
}

Trace BuildTrace(const TraceInput& in) {
  Validate(in);
  Trace t;
  t.in = in;
  StepBuilder b{t};
  ForwardSteps(b);
  if (in.mode == Mode::Train && (in.eps == 0.0) && (t.find("var")->value.array() == 0.0).any())
    throw std::invalid_argument("a feature has variance 0 and eps is 0: x̂ would divide by zero (raise eps)");
  if (in.has_dy) BackwardSteps(b);

  t.fwd.mean = t.find("mean")->value;
  t.fwd.var = t.find("var")->value;
  t.fwd.inv_std = t.find("inv_std")->value;
  t.fwd.xhat = t.find("xhat")->value;
  t.fwd.y = t.find("y")->value;
  t.running_after = in.running;
  if (in.mode == Mode::Train) {
    t.running_after.mean = t.find("running_mean")->value;
    t.running_after.var = t.find("running_var")->value;
  }
  if (in.has_dy) {
    t.bwd.dx = t.find("dx")->value;
    t.bwd.dgamma = t.find("dgamma")->value;
    t.bwd.dbeta = t.find("dbeta")->value;
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// 5. Forward / Backward
// ---------------------------------------------------------------------------------------------
Forward BatchNormForward(const Mat& x, const Row& gamma, const Row& beta, double eps, Mode mode,
                         const RunningStats& running) {
  TraceInput in;
  in.x = x;
  in.gamma = gamma;
  in.beta = beta;
  in.eps = eps;
  in.mode = mode;
  in.running = running;
  return BuildTrace(in).fwd;
}

Backward BatchNormBackward(const Mat& dy, const Mat& x, const Forward& fwd, const Row& gamma, Mode mode) {
  // The backward steps read only x, the forward's statistics and γ: rebuild the trace from them.
  TraceInput in;
  in.x = x;
  in.gamma = gamma;
  in.beta = Row::Zero(gamma.size());
  in.mode = Mode::Eval;  // normalize with exactly fwd's statistics
  in.running = MakeRunningStats(static_cast<int>(gamma.size()));
  in.running.mean = fwd.mean;
  // inv_std = 1/√(var + eps) ⇒ var + eps = 1/inv_std²; with eps = 0 this reproduces inv_std exactly.
  in.running.var = fwd.inv_std.array().square().inverse().matrix();
  in.eps = 0.0;
  in.has_dy = true;
  in.dy = dy;
  Trace t = BuildTrace(in);
  if (mode == Mode::Eval) return t.bwd;
  // Train: the statistics depend on x. Re-run the train-mode backward steps on the same numbers.
  t.in.mode = Mode::Train;
  t.steps.erase(t.steps.begin() + t.index_of("dy"), t.steps.end());
  StepBuilder b{t};
  BackwardSteps(b);
  Backward out;
  out.dx = t.find("dx")->value;
  out.dgamma = t.find("dgamma")->value;
  out.dbeta = t.find("dbeta")->value;
  return out;
}

// ---------------------------------------------------------------------------------------------
// 6. Formatting
// ---------------------------------------------------------------------------------------------
std::string FormatNumber(double v, int digits) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "∞" : "−∞";
  if (v == 0.0) return "0";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  std::string s = buf;
  if (s[0] == '-') s = "−" + s.substr(1);  // typographic minus
  return s;
}

namespace {

std::string Sub(int one_based) {
  static const char* const kDigits[] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
  std::string out;
  for (char c : std::to_string(one_based)) out += kDigits[c - '0'];
  return out;
}

// "(a)" when a is negative, so substituted formulas read unambiguously: 3 − (−2).
std::string Paren(double v, int digits) {
  const std::string s = FormatNumber(v, digits);
  return v < 0 ? "(" + s + ")" : s;
}

// "a + b + c + …" over column j of m (up to 6 terms).
std::string TermList(const Mat& m, int j, int digits, const char* op = " + ") {
  std::string s;
  const Eigen::Index rows = m.rows();
  for (Eigen::Index i = 0; i < rows; ++i) {
    if (i == 6 && rows > 7) {
      s += std::string(op) + "…";
      break;
    }
    if (i) s += op;
    s += Paren(m(i, j), digits);
  }
  return s;
}

}  // namespace

std::string SubstitutedFormula(const Trace& t, int step, int i, int j, int digits) {
  if (step < 0 || step >= static_cast<int>(t.steps.size())) return {};
  const TraceStep& s = t.steps[step];
  const Eigen::Index m = t.in.x.rows();
  if (j < 0 || j >= t.in.x.cols()) j = 0;
  if (i < 0 || i >= m) i = 0;
  const std::string ij = Sub(i + 1) + "," + Sub(j + 1), jj = Sub(j + 1);
  auto v = [&](const char* key) {
    const TraceStep* p = t.find(key);
    return p ? p->value : Mat();
  };
  auto at = [&](const char* key) {  // element (i, j) or feature j of a step
    const Mat m2 = v(key);
    return m2.rows() == 1 ? m2(0, j) : m2(i, j);
  };
  auto f = [&](double x) { return FormatNumber(x, digits); };
  auto p = [&](double x) { return Paren(x, digits); };
  const double result = s.value.rows() == 1 ? s.value(0, j) : s.value(i, j);
  const std::string eq = " = " + f(result);
  const double x = t.in.x(i, j), g = t.in.gamma(j), be = t.in.beta(j), eps = t.in.eps;
  const std::string N = std::to_string(m);
  const std::string& k = s.key;
  if (k == "sum") return "Σx" + jj + " = " + TermList(t.in.x, j, digits) + eq;
  if (k == "mean") {
    if (t.in.mode == Mode::Eval) return "μ" + jj + " = running mean" + jj + eq;
    return "μ" + jj + " = Σx" + jj + " / N = " + p(at("sum")) + " / " + N + eq;
  }
  if (k == "dev") return "d" + ij + " = x" + ij + " − μ" + jj + " = " + p(x) + " − " + p(at("mean")) + eq;
  if (k == "sq") return "d" + ij + "² = " + p(at("dev")) + "²" + eq;
  if (k == "var") {
    if (t.in.mode == Mode::Eval) return "σ" + jj + "² = running variance" + jj + eq;
    return "σ" + jj + "² = (" + TermList(v("sq"), j, digits) + ") / " + N + eq;
  }
  if (k == "var_eps") return "σ" + jj + "² + ε = " + f(at("var")) + " + " + f(eps) + eq;
  if (k == "std") return "√(σ" + jj + "² + ε) = √" + p(at("var_eps")) + eq;
  if (k == "inv_std") return "1/√(σ" + jj + "² + ε) = 1 / " + p(at("std")) + eq;
  if (k == "xhat")
    return "x̂" + ij + " = (x" + ij + " − μ" + jj + ") / √(σ" + jj + "² + ε) = (" + f(x) + " − " + p(at("mean")) +
           ") / √(" + f(at("var")) + " + " + f(eps) + ")" + eq;
  if (k == "gx") return "γ" + jj + "·x̂" + ij + " = " + p(g) + " · " + p(at("xhat")) + eq;
  if (k == "y") return "y" + ij + " = γ" + jj + "x̂" + ij + " + β" + jj + " = " + p(at("gx")) + " + " + p(be) + eq;
  if (k == "running_mean") {
    const double mo = t.in.running.momentum, old = t.in.running.mean(j);
    if (t.in.running.convention == MomentumConvention::PyTorch)
      return "μ_run" + jj + " = (1 − " + f(mo) + ")·" + p(old) + " + " + f(mo) + "·" + p(at("mean")) + eq;
    return "μ_run" + jj + " = " + f(mo) + "·" + p(old) + " + (1 − " + f(mo) + ")·" + p(at("mean")) + eq;
  }
  if (k == "running_var") {
    const double mo = t.in.running.momentum, old = t.in.running.var(j);
    if (t.in.running.convention == MomentumConvention::PyTorch)
      return "σ²_run" + jj + " = (1 − " + f(mo) + ")·" + p(old) + " + " + f(mo) + "·" + N + "/" +
             std::to_string(m - 1) + "·" + p(at("var")) + eq;
    return "σ²_run" + jj + " = " + f(mo) + "·" + p(old) + " + (1 − " + f(mo) + ")·" + p(at("var")) + eq;
  }
  if (k == "dy") return "dy" + ij + " = ∂L/∂y" + ij + eq;
  if (k == "dbeta") return "dβ" + jj + " = " + TermList(v("dy"), j, digits) + eq;
  if (k == "dgamma") {
    const Mat prod = (v("dy").array() * v("xhat").array()).matrix();
    return "dγ" + jj + " = Σᵢ dyᵢ" + jj + "·x̂ᵢ" + jj + " = " + TermList(prod, j, digits) + eq;
  }
  if (k == "dxhat") return "dx̂" + ij + " = dy" + ij + " · γ" + jj + " = " + p(at("dy")) + " · " + p(g) + eq;
  if (k == "dvar") {
    const Mat prod = (v("dxhat").array() * v("dev").array()).matrix();
    return "dσ" + jj + "² = (" + TermList(prod, j, digits) + ") · (−½)·" + p(at("var_eps")) + "^(−3/2)" + eq;
  }
  if (k == "dmean") {
    const double sum_dxhat = v("dxhat").col(j).sum(), sum_dev = v("dev").col(j).sum();
    return "dμ" + jj + " = " + p(sum_dxhat) + " · (−" + f(at("inv_std")) + ") + " + p(at("dvar")) + " · (−2/" + N +
           ") · " + p(sum_dev) + eq;
  }
  if (k == "dx") {
    if (t.in.mode == Mode::Eval) return "dx" + ij + " = dx̂" + ij + " · " + f(at("inv_std")) + " = " + p(at("dxhat")) + " · " + f(at("inv_std")) + eq;
    return "dx" + ij + " = " + p(at("dxhat")) + "·" + f(at("inv_std")) + " + " + p(at("dvar")) + "·2·" +
           p(at("dev")) + "/" + N + " + " + p(at("dmean")) + "/" + N + eq;
  }
  return s.symbol + eq;
}

}  // namespace bn
