// bn.cpp: Batch Normalization's reference implementation, written once as a sequence of named steps.
//
// Index
//   1. Reshapes: ToChannelMatrix, FromChannelMatrix
//   2. Running statistics: MakeRunningStats, UpdateRunning
//   3. Step descriptions: key, title, symbol, formula and inputs of every step (the text the lab shows)
//   4. The passes: ForwardPass / BackwardPass compute every step and hand each value to a Recorder,
//      which appends it to a Trace (BuildTrace) or records nothing (BatchNormForward / Backward)
//   5. Validation
//   6. BuildTrace, Trace::find / index_of
//   7. BatchNormForward / BatchNormBackward: the same passes, without a trace
//   8. Formatting: FormatNumber, SubstitutedFormula
//
// Dimension letters: x is M×D (M = N for dense BN, N·H·W for conv BN after ToChannelMatrix); per-feature
// values are 1×D. Everything is double; inputs are float32 values, so results match a float64 reference.
#include "core/bn/bn.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <utility>

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. Reshapes
// ---------------------------------------------------------------------------------------------
namespace {
// Row of element (ni, hi, wi) in the (N·H·W)×C channel matrix.
Eigen::Index ChannelRow(int ni, int hi, int wi, int h, int w) {
  return (static_cast<Eigen::Index>(ni) * h + hi) * w + wi;
}
}  // namespace

Mat ToChannelMatrix(const Tensor4& t) {
  if (t.n < 0 || t.c < 0 || t.h < 0 || t.w < 0 || t.data.size() != static_cast<size_t>(t.n) * t.c * t.h * t.w)
    throw std::invalid_argument("ToChannelMatrix: data size does not match N×C×H×W");
  Mat m(static_cast<Eigen::Index>(t.n) * t.h * t.w, t.c);  // (N·H·W)×C
  for (int ni = 0; ni < t.n; ++ni)
    for (int ci = 0; ci < t.c; ++ci)
      for (int hi = 0; hi < t.h; ++hi)
        for (int wi = 0; wi < t.w; ++wi) m(ChannelRow(ni, hi, wi, t.h, t.w), ci) = t.at(ni, ci, hi, wi);
  return m;
}

Tensor4 ZeroTensor(int n, int c, int h, int w) {
  Tensor4 t;
  t.n = n;
  t.c = c;
  t.h = h;
  t.w = w;
  t.data.assign(static_cast<size_t>(n) * c * h * w, 0.0);
  return t;
}

Tensor4 FromChannelMatrix(const Mat& m, int n, int c, int h, int w) {
  if (n < 0 || c < 0 || h < 0 || w < 0 || m.rows() != static_cast<Eigen::Index>(n) * h * w || m.cols() != c)
    throw std::invalid_argument("FromChannelMatrix: matrix shape does not match N×C×H×W");
  Tensor4 t = ZeroTensor(n, c, h, w);
  for (int ni = 0; ni < n; ++ni)
    for (int ci = 0; ci < c; ++ci)
      for (int hi = 0; hi < h; ++hi)
        for (int wi = 0; wi < w; ++wi) t.at(ni, ci, hi, wi) = m(ChannelRow(ni, hi, wi, h, w), ci);
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

ConventionDefaults DefaultsFor(MomentumConvention c) {
  if (c == MomentumConvention::PyTorch) return {0.1, 1e-5};  // PyTorch docs: BatchNorm1d (momentum=0.1, eps=1e-05)
  return {0.99, 1e-3};  // Keras 3 docs: BatchNormalization (momentum=0.99, epsilon=0.001)
}

double AveragedBatches(double momentum, MomentumConvention c) {
  const double w = c == MomentumConvention::PyTorch ? momentum : 1.0 - momentum;  // weight of the new batch
  return w > 0.0 ? 1.0 / w : std::numeric_limits<double>::infinity();
}

FoldedAffine FoldForInference(const Row& gamma, const Row& beta, const RunningStats& running, double eps) {
  FoldedAffine f;
  // scale_j = γ_j/√(var_j + ε);  shift_j = β_j − scale_j·mean_j   (Ioffe & Szegedy 2015, Alg. 2 step 11)
  f.scale = gamma.array() / (running.var.array() + eps).sqrt();
  f.shift = beta.array() - f.scale.array() * running.mean.array();
  return f;
}

void UpdateRunning(RunningStats& running, const Row& batch_mean, const Row& batch_var, int m) {
  const double k = running.momentum;
  if (running.convention == MomentumConvention::PyTorch) {
    // running ← (1−k)·running + k·batch, storing the unbiased variance M/(M−1)·σ²
    const double unbias = m > 1 ? static_cast<double>(m) / (m - 1) : 1.0;
    running.mean = (1.0 - k) * running.mean + k * batch_mean;
    running.var = (1.0 - k) * running.var + (k * unbias) * batch_var;
  } else {
    // moving ← k·moving + (1−k)·batch, storing the biased variance
    running.mean = k * running.mean + (1.0 - k) * batch_mean;
    running.var = k * running.var + (1.0 - k) * batch_var;
  }
}

namespace {

// ---------------------------------------------------------------------------------------------
// 3. Step descriptions
// ---------------------------------------------------------------------------------------------
constexpr Extent kF = Extent::PerFeature;  // value is 1×D
constexpr Extent kE = Extent::PerElement;  // value is M×D

struct StepInfo {
  const char* key;
  const char* title;
  const char* symbol;
  const char* formula;
  Extent extent;
  std::vector<std::string> inputs;
  bool backward;
};

// Forward, train mode (batch statistics).
const StepInfo kSum{"sum", "Sum over the batch", "Σx", "Σxⱼ = Σᵢ xᵢⱼ", kF, {"x"}, false};
// m = values per feature in the batch (the paper's m: N for dense BN, N·H·W for conv BN); Ioffe & Szegedy 2015, Alg. 1
const StepInfo kMean{"mean", "Batch mean", "μ", "μⱼ = (1/m) Σᵢ xᵢⱼ", kF, {"sum"}, false};
// The deviation is written x − μ, not d: d is taken by the gradients (dx, dy) and by Renorm's d (Ioffe 2017).
const StepInfo kSq{"sq", "Squared deviation", "(x−μ)²", "(xᵢⱼ − μⱼ)²", kE, {"dev"}, false};
const StepInfo kVar{"var", "Batch variance (biased)", "σ²", "σⱼ² = (1/m) Σᵢ (xᵢⱼ − μⱼ)²", kF, {"sq"}, false};
// Forward, eval mode: the statistics are the stored running ones.
const StepInfo kMeanEval{"mean", "Running mean used as μ (eval)", "μ", "μⱼ = running meanⱼ (not the batch's)", kF,
                         {}, false};
const StepInfo kVarEval{"var", "Running variance used as σ² (eval)", "σ²",
                        "σⱼ² = running varianceⱼ (not the batch's)", kF, {}, false};
// Forward, both modes.
const StepInfo kDev{"dev", "Deviation from the mean", "x−μ", "xᵢⱼ − μⱼ", kE, {"x", "mean"}, false};
const StepInfo kVarEps{"var_eps", "Variance plus ε", "σ²+ε", "σⱼ² + ε", kF, {"var", "eps"}, false};
const StepInfo kStd{"std", "Standard deviation", "√(σ²+ε)", "√(σⱼ² + ε)", kF, {"var_eps"}, false};
const StepInfo kInvStd{"inv_std", "Inverse standard deviation", "1/√(σ²+ε)", "1 / √(σⱼ² + ε)", kF, {"std"}, false};
const StepInfo kXhat{"xhat", "Normalized value", "x̂", "x̂ᵢⱼ = (xᵢⱼ − μⱼ) / √(σⱼ² + ε)", kE, {"dev", "inv_std"}, false};
const StepInfo kGx{"gx", "Scaled by γ", "γx̂", "γⱼ · x̂ᵢⱼ", kE, {"gamma", "xhat"}, false};
const StepInfo kY{"y", "Shifted by β: the output", "y", "yᵢⱼ = γⱼ x̂ᵢⱼ + βⱼ", kE, {"gx", "beta"}, false};
// Forward, train mode: running statistics after this step.
const StepInfo kRunMeanTorch{"running_mean", "Running mean update", "μ_run", "μ_runⱼ ← (1 − momentum)·μ_runⱼ + momentum·μⱼ", kF,
                             {"mean"}, false};
const StepInfo kRunMeanKeras{"running_mean", "Running mean update", "μ_run", "μ_runⱼ ← momentum·μ_runⱼ + (1 − momentum)·μⱼ", kF,
                             {"mean"}, false};
// PyTorch docs: BatchNorm1d (running_var stores the unbiased variance); Ioffe & Szegedy 2015, Alg. 2 step 10
const StepInfo kRunVarTorch{"running_var", "Running variance update (stores the unbiased variance)", "σ²_run",
                            "σ²_runⱼ ← (1 − momentum)·σ²_runⱼ + momentum·m/(m−1)·σⱼ²", kF, {"var"}, false};
// Keras 3 docs/source: BatchNormalization (moving_variance takes the biased batch variance; tf.keras's fused
// kernel applied Bessel's correction, so the version matters)
const StepInfo kRunVarKeras{"running_var", "Running variance update (Keras 3 stores the biased variance)", "σ²_run",
                            "σ²_runⱼ ← momentum·σ²_runⱼ + (1 − momentum)·σⱼ²", kF, {"var"}, false};
// Backward (Ioffe & Szegedy 2015, section 3).
const StepInfo kDy{"dy", "Upstream gradient", "dy", "dyᵢⱼ = ∂L/∂yᵢⱼ (given)", kE, {}, true};
const StepInfo kDbeta{"dbeta", "Gradient of β", "dβ", "dβⱼ = Σᵢ dyᵢⱼ", kF, {"dy"}, true};
const StepInfo kDgamma{"dgamma", "Gradient of γ", "dγ", "dγⱼ = Σᵢ dyᵢⱼ · x̂ᵢⱼ", kF, {"dy", "xhat"}, true};
const StepInfo kDxhat{"dxhat", "Gradient of x̂", "dx̂", "dx̂ᵢⱼ = dyᵢⱼ · γⱼ", kE, {"dy", "gamma"}, true};
const StepInfo kDvar{"dvar", "Gradient of σ²", "dσ²", "dσⱼ² = Σᵢ dx̂ᵢⱼ (xᵢⱼ − μⱼ) · (−½)(σⱼ² + ε)^(−3/2)", kF,
                     {"dxhat", "dev", "var_eps"}, true};
const StepInfo kDmean{"dmean", "Gradient of μ", "dμ", "dμⱼ = Σᵢ dx̂ᵢⱼ · (−1/√(σⱼ² + ε)) + dσⱼ² · (−2/m) Σᵢ (xᵢⱼ − μⱼ)",
                      kF, {"dxhat", "inv_std", "dvar", "dev"}, true};
const StepInfo kDxTrain{"dx", "Gradient of x (through x̂, σ² and μ)", "dx",
                        "dxᵢⱼ = dx̂ᵢⱼ/√(σⱼ² + ε) + dσⱼ² · 2(xᵢⱼ − μⱼ)/m + dμⱼ/m", kE,
                        {"dxhat", "inv_std", "dvar", "dev", "dmean"}, true};
const StepInfo kDxEval{"dx", "Gradient of x (μ and σ² are constants in eval)", "dx", "dxᵢⱼ = dx̂ᵢⱼ / √(σⱼ² + ε)", kE,
                       {"dxhat", "inv_std"}, true};

// ---------------------------------------------------------------------------------------------
// 4. The passes
// ---------------------------------------------------------------------------------------------
// Receives every step's value in computation order. With a trace it appends a TraceStep; without one
// it only passes the value through, so BatchNormForward/Backward run exactly the code the trace shows.
struct Recorder {
  Trace* trace = nullptr;

  template <typename Value>
  Mat operator()(const StepInfo& info, const Value& value) {
    Mat v = value;
    if (trace != nullptr) {
      TraceStep s;
      s.key = info.key;
      s.title = info.title;
      s.symbol = info.symbol;
      s.formula = info.formula;
      s.extent = info.extent;
      s.inputs = info.inputs;
      s.backward = info.backward;
      s.value = v;
      trace->steps.push_back(std::move(s));
    }
    return v;
  }
};

// What the backward pass needs from the forward pass, besides γ.
struct ForwardSaved {
  Mat dev;      // M×D  x − μ
  Row var_eps;  // 1×D  σ² + ε
};

// Forward pass for x (M×D). Fills fwd, and running_after (train mode; eval leaves it as given).
ForwardSaved ForwardPass(const TraceInput& in, Recorder& rec, Forward& fwd, RunningStats& running_after) {
  const Mat& x = in.x;
  const double m = static_cast<double>(x.rows());
  const bool train = in.mode == Mode::Train;
  ForwardSaved saved;
  if (train) {
    // sum_j = Σ_i x_ij;  μ_j = sum_j / M
    const Row sum = rec(kSum, x.colwise().sum());
    fwd.mean = rec(kMean, sum / m);
  } else {
    // eval: μ and σ² are the running statistics
    fwd.mean = rec(kMeanEval, in.running.mean);
    fwd.var = rec(kVarEval, in.running.var);
  }
  // dev_ij = x_ij − μ_j
  saved.dev = rec(kDev, x.rowwise() - fwd.mean);
  if (train) {
    // sq_ij = dev_ij²;  σ²_j = (1/M) Σ_i sq_ij   (two-pass: no E[x²] − E[x]² cancellation)
    const Mat sq = rec(kSq, saved.dev.array().square());
    fwd.var = rec(kVar, sq.colwise().sum() / m);
    if (in.eps == 0.0 && (fwd.var.array() == 0.0).any())
      throw std::invalid_argument("a feature has variance 0 and eps is 0: x̂ would divide by zero (raise eps)");
  }
  // var_eps_j = σ²_j + ε;  std_j = √var_eps_j;  inv_std_j = 1/std_j
  saved.var_eps = rec(kVarEps, fwd.var.array() + in.eps);
  const Row sd = rec(kStd, saved.var_eps.array().sqrt());
  fwd.inv_std = rec(kInvStd, sd.array().inverse());
  // x̂_ij = dev_ij · inv_std_j
  fwd.xhat = rec(kXhat, saved.dev.array().rowwise() * fwd.inv_std.array());
  // gx_ij = γ_j · x̂_ij;  y_ij = gx_ij + β_j
  const Mat gx = rec(kGx, fwd.xhat.array().rowwise() * in.gamma.array());
  fwd.y = rec(kY, gx.rowwise() + in.beta);
  running_after = in.running;
  if (train) {
    UpdateRunning(running_after, fwd.mean, fwd.var, static_cast<int>(x.rows()));
    const bool torch = in.running.convention == MomentumConvention::PyTorch;
    running_after.mean = rec(torch ? kRunMeanTorch : kRunMeanKeras, running_after.mean);
    running_after.var = rec(torch ? kRunVarTorch : kRunVarKeras, running_after.var);
  }
  return saved;
}

// Backward pass for upstream gradient dy (M×D): two reductions (dβ, dγ), dx̂, then in train mode two more
// reductions (dσ², dμ) and one per-element pass for dx.
Backward BackwardPass(const Mat& dy_in, const Mat& xhat, const ForwardSaved& saved, const Row& inv_std,
                      const Row& gamma, Mode mode, Recorder& rec) {
  const double m = static_cast<double>(dy_in.rows());
  Backward bwd;
  const Mat dy = rec(kDy, dy_in);
  // dβ_j = Σ_i dy_ij;  dγ_j = Σ_i dy_ij·x̂_ij
  bwd.dbeta = rec(kDbeta, dy.colwise().sum());
  bwd.dgamma = rec(kDgamma, dy.cwiseProduct(xhat).colwise().sum());
  // dx̂_ij = dy_ij·γ_j
  const Mat dxhat = rec(kDxhat, dy.array().rowwise() * gamma.array());
  if (mode == Mode::Eval) {
    // μ and σ² are constants: dx_ij = dx̂_ij·inv_std_j
    bwd.dx = rec(kDxEval, dxhat.array().rowwise() * inv_std.array());
    return bwd;
  }
  const Mat& dev = saved.dev;
  // dσ²_j = Σ_i dx̂_ij·(x_ij − μ_j) · (−½)(σ²_j + ε)^(−3/2)
  const Row dvar = rec(kDvar, dxhat.cwiseProduct(dev).colwise().sum().array() * -0.5 *
                                  saved.var_eps.array().pow(-1.5));
  // dμ_j = Σ_i dx̂_ij·(−inv_std_j)          term 1: through x̂ directly
  //      + dσ²_j·(−2/M)·Σ_i (x_ij − μ_j)    term 2: through σ² (Σ_i (x_ij − μ_j) is 0 up to rounding)
  const Row dmean = rec(kDmean, dxhat.colwise().sum().array() * -inv_std.array() +
                                    dvar.array() * (-2.0 / m) * dev.colwise().sum().array());
  // dx_ij = dx̂_ij·inv_std_j            term 1: through x̂
  //       + dσ²_j·2(x_ij − μ_j)/M      term 2: through σ²
  //       + dμ_j/M                     term 3: through μ
  const Mat term1 = dxhat.array().rowwise() * inv_std.array();
  const Mat term2 = dev.array().rowwise() * (dvar.array() * (2.0 / m));
  bwd.dx = rec(kDxTrain, (term1 + term2).rowwise() + dmean / m);
  return bwd;
}

// ---------------------------------------------------------------------------------------------
// 5. Validation
// ---------------------------------------------------------------------------------------------
std::string Count(Eigen::Index k) { return std::to_string(k); }

template <typename M>
bool AllFinite(const M& m) {
  return m.array().isFinite().all();
}

void Validate(const TraceInput& in) {
  const Eigen::Index m = in.x.rows(), d = in.x.cols();
  if (m == 0 || d == 0) throw std::invalid_argument("x is empty");
  if (!AllFinite(in.x)) throw std::invalid_argument("x holds a value that is not a finite number");
  auto per_feature = [&](const Row& r, const char* name) {
    if (r.size() != d)
      throw std::invalid_argument(std::string(name) + " has " + Count(r.size()) + " values, x has " + Count(d) +
                                  " features");
    if (!AllFinite(r)) throw std::invalid_argument(std::string(name) + " holds a value that is not a finite number");
  };
  per_feature(in.gamma, "gamma");
  per_feature(in.beta, "beta");
  per_feature(in.running.mean, "running_mean");
  per_feature(in.running.var, "running_var");
  if (!(in.eps >= 0.0) || !std::isfinite(in.eps)) throw std::invalid_argument("eps must be a finite number ≥ 0");
  if ((in.running.var.array() < 0.0).any()) throw std::invalid_argument("running_var must not be negative");
  if (!(in.running.momentum >= 0.0 && in.running.momentum <= 1.0))
    throw std::invalid_argument("momentum must be in [0, 1]");
  if (in.mode == Mode::Train && m < 2)
    throw std::invalid_argument("train mode needs at least 2 values per feature to measure a spread (got 1); "
                                "use eval mode, which normalizes with the running statistics");
  if (in.mode == Mode::Eval && ((in.running.var.array() + in.eps) <= 0.0).any())
    throw std::invalid_argument("running_var + eps is 0: x̂ would divide by zero (raise eps)");
  if (in.has_dy) {
    if (in.dy.rows() != m || in.dy.cols() != d)
      throw std::invalid_argument("dy is " + Count(in.dy.rows()) + "×" + Count(in.dy.cols()) + ", x is " + Count(m) +
                                  "×" + Count(d));
    if (!AllFinite(in.dy)) throw std::invalid_argument("dy holds a value that is not a finite number");
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 6. BuildTrace
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
  Recorder rec{&t};
  const ForwardSaved saved = ForwardPass(in, rec, t.fwd, t.running_after);
  if (in.has_dy) t.bwd = BackwardPass(in.dy, t.fwd.xhat, saved, t.fwd.inv_std, in.gamma, in.mode, rec);
  return t;
}

// ---------------------------------------------------------------------------------------------
// 7. Forward / Backward
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
  Validate(in);
  Recorder none;
  Forward fwd;
  RunningStats after;
  ForwardPass(in, none, fwd, after);
  return fwd;
}

Backward BatchNormBackward(const Mat& dy, const Mat& x, const Forward& fwd, const Row& gamma, Mode mode) {
  const Eigen::Index m = x.rows(), d = x.cols();
  if (dy.rows() != m || dy.cols() != d)
    throw std::invalid_argument("dy is " + Count(dy.rows()) + "×" + Count(dy.cols()) + ", x is " + Count(m) + "×" +
                                Count(d));
  if (gamma.size() != d || fwd.mean.size() != d || fwd.inv_std.size() != d || fwd.xhat.rows() != m ||
      fwd.xhat.cols() != d)
    throw std::invalid_argument("gamma or the forward pass does not match x's " + Count(d) + " features");
  // The forward's saved values: dev = x − μ, and σ² + ε = 1/inv_std² (the forward does not keep ε).
  ForwardSaved saved;
  saved.dev = x.rowwise() - fwd.mean;
  saved.var_eps = fwd.inv_std.array().square().inverse();
  Recorder none;
  return BackwardPass(dy, fwd.xhat, saved, fwd.inv_std, gamma, mode, none);
}

// ---------------------------------------------------------------------------------------------
// 8. Formatting
// ---------------------------------------------------------------------------------------------
std::string FormatNumber(double v, int digits) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "∞" : "−∞";
  if (v == 0.0) return "0";  // also −0
  digits = digits < 1 ? 1 : (digits > 17 ? 17 : digits);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  std::string s = buf;
  if (s[0] == '-') s = "−" + s.substr(1);  // typographic minus (an exponent keeps its ASCII "-": 1e-05)
  return s;
}

std::string SubscriptIndex(long one_based) {
  static const char* const kDigits[] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
  std::string out;
  for (char c : std::to_string(one_based)) out += c == '-' ? "₋" : kDigits[c - '0'];
  return out;
}

std::string JoinTerms(const std::vector<std::string>& terms) {
  std::string s;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i) s += " + ";
    if (i == 6 && terms.size() > 7) return s + "…";
    s += terms[i];
  }
  return s;
}

namespace {

std::string Sub(Eigen::Index one_based) { return SubscriptIndex(static_cast<long>(one_based)); }

// Terms (up to 6, then "…" when there are more than 7) joined by " + ": "4 + 1 + 0 + 9".
template <typename TermFn>
std::string TermList(Eigen::Index count, TermFn term) {
  std::string s;
  for (Eigen::Index i = 0; i < count; ++i) {
    if (i) s += " + ";
    if (i == 6 && count > 7) return s + "…";
    s += term(i);
  }
  return s;
}

}  // namespace

std::string SubstitutedFormula(const Trace& t, int step, int i, int j, int digits) {
  if (step < 0 || step >= static_cast<int>(t.steps.size()) || t.in.x.size() == 0) return {};
  const TraceStep& s = t.steps[step];
  const Eigen::Index m = t.in.x.rows();
  if (j < 0 || j >= t.in.x.cols()) j = 0;
  if (i < 0 || i >= m) i = 0;
  const std::string ij = Sub(i + 1) + "," + Sub(j + 1), jj = Sub(j + 1);
  const Mat none;
  auto value = [&](const char* key) -> const Mat& {
    const TraceStep* p = t.find(key);
    return p ? p->value : none;
  };
  auto at = [&](const char* key) {  // element (i, j) of a per-element step, feature j of a per-feature one
    const Mat& v = value(key);
    if (v.size() == 0) return std::nan("");
    return v.rows() == 1 ? v(0, j) : v(i, j);
  };
  // f: a number as the first operand; p: an operand after an operator, in parentheses when negative.
  auto f = [&](double v) { return FormatNumber(v, digits); };
  auto p = [&](double v) { return v < 0 ? "(" + f(v) + ")" : f(v); };
  const double result = s.value.rows() == 1 ? s.value(0, j) : s.value(i, j);
  const std::string eq = " = " + f(result);
  const double x = t.in.x(i, j), gamma = t.in.gamma(j), beta = t.in.beta(j), eps = t.in.eps;
  const double mo = t.in.running.momentum;
  const bool torch = t.in.running.convention == MomentumConvention::PyTorch;
  const std::string N = std::to_string(m);
  const std::string& k = s.key;
  const bool eval = t.in.mode == Mode::Eval;
  auto column = [&](const Mat& v) {  // "a + b + …" over column j of an M×D value
    if (v.rows() != m) return std::string("…");
    return TermList(m, [&](Eigen::Index r) { return p(v(r, j)); });
  };
  auto products = [&](const Mat& a, const Mat& b) {  // "a₁·b₁ + a₂·b₂ + …" over column j
    if (a.rows() != m || b.rows() != m) return std::string("…");
    return TermList(m, [&](Eigen::Index r) { return p(a(r, j)) + "·" + p(b(r, j)); });
  };

  // Forward
  if (k == "sum") return "Σx" + jj + " = " + column(t.in.x) + eq;
  if (k == "mean") {
    if (eval) return "μ" + jj + " = running mean" + jj + eq;
    return "μ" + jj + " = Σx" + jj + " / m = " + f(at("sum")) + " / " + N + eq;
  }
  // the deviation is written x − μ (d is the gradients' and Renorm's letter)
  if (k == "dev") return "x" + ij + " − μ" + jj + " = " + f(x) + " − " + p(at("mean")) + eq;
  if (k == "sq") return "(x" + ij + " − μ" + jj + ")² = (" + f(at("dev")) + ")²" + eq;
  if (k == "var") {
    if (eval) return "σ" + jj + "² = running variance" + jj + eq;
    return "σ" + jj + "² = (" + column(value("sq")) + ") / " + N + eq;
  }
  if (k == "var_eps") return "σ" + jj + "² + ε = " + f(at("var")) + " + " + f(eps) + eq;
  if (k == "std") return "√(σ" + jj + "² + ε) = √" + p(at("var_eps")) + eq;
  if (k == "inv_std") return "1/√(σ" + jj + "² + ε) = 1 / " + f(at("std")) + eq;
  if (k == "xhat")
    return "x̂" + ij + " = (x" + ij + " − μ" + jj + ") / √(σ" + jj + "² + ε) = (" + f(x) + " − " + p(at("mean")) +
           ") / √(" + f(at("var")) + " + " + f(eps) + ")" + eq;
  if (k == "gx") return "γ" + jj + "·x̂" + ij + " = " + f(gamma) + " · " + p(at("xhat")) + eq;
  if (k == "y") return "y" + ij + " = γ" + jj + "x̂" + ij + " + β" + jj + " = " + f(at("gx")) + " + " + p(beta) + eq;
  if (k == "running_mean") {
    const double old = t.in.running.mean(j);
    if (torch) return "μ_run" + jj + " = (1 − " + f(mo) + ")·" + p(old) + " + " + f(mo) + "·" + p(at("mean")) + eq;
    return "μ_run" + jj + " = " + f(mo) + "·" + p(old) + " + (1 − " + f(mo) + ")·" + p(at("mean")) + eq;
  }
  if (k == "running_var") {
    const double old = t.in.running.var(j);
    if (torch)
      return "σ²_run" + jj + " = (1 − " + f(mo) + ")·" + f(old) + " + " + f(mo) + "·" + N + "/" +
             std::to_string(m - 1) + "·" + f(at("var")) + eq;
    return "σ²_run" + jj + " = " + f(mo) + "·" + f(old) + " + (1 − " + f(mo) + ")·" + f(at("var")) + eq;
  }
  // Backward
  if (k == "dy") return "dy" + ij + " = ∂L/∂y" + ij + eq;
  if (k == "dbeta") return "dβ" + jj + " = Σᵢ dyᵢ" + jj + " = " + column(value("dy")) + eq;
  if (k == "dgamma") return "dγ" + jj + " = Σᵢ dyᵢ" + jj + "·x̂ᵢ" + jj + " = " + products(value("dy"), value("xhat")) + eq;
  if (k == "dxhat") return "dx̂" + ij + " = dy" + ij + " · γ" + jj + " = " + f(at("dy")) + " · " + p(gamma) + eq;
  if (k == "dvar")
    return "dσ" + jj + "² = (" + products(value("dxhat"), value("dev")) + ") · (−½) · " + f(at("var_eps")) + "^(−3/2)" + eq;
  if (k == "dmean") {
    const double sum_dxhat = value("dxhat").col(j).sum(), sum_dev = value("dev").col(j).sum();
    return "dμ" + jj + " = " + f(sum_dxhat) + " · (−" + f(at("inv_std")) + ") + " + p(at("dvar")) + " · (−2/" + N +
           ") · " + p(sum_dev) + eq;
  }
  if (k == "dx") {
    if (eval) return "dx" + ij + " = dx̂" + ij + " / √(σ" + jj + "² + ε) = " + f(at("dxhat")) + " · " + f(at("inv_std")) + eq;
    return "dx" + ij + " = " + f(at("dxhat")) + "·" + f(at("inv_std")) + " + " + p(at("dvar")) + "·2·" +
           p(at("dev")) + "/" + N + " + " + p(at("dmean")) + "/" + N + eq;
  }
  return s.symbol + eq;
}

}  // namespace bn
