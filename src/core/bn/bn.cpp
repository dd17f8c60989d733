// bn.cpp: Batch Normalization's reference implementation, written once as a sequence of named steps.
//
// Index
//   1. Reshapes: ToChannelMatrix, FromChannelMatrix
//   2. Running statistics: MakeRunningStats, UpdateRunning
//   3. The passes: ForwardPass / BackwardPass compute every step and hand each value to a Recorder,
//      which appends it to a Trace (BuildTrace) with its row's texts (steps.hpp: key, title, symbol, formula,
//      inputs) or records nothing (BatchNormForward / Backward)
//   4. Validation
//   5. BuildTrace, Trace::find / index_of
//   6. BatchNormForward / BatchNormBackward: the same passes, without a trace
//   7. Formatting: FormatNumber, SubscriptIndex, JoinTerms (SubstitutedFormula: steps.cpp, from each step's row)
//
// Dimension letters: x is M×D (M = N for dense BN, N·H·W for conv BN after ToChannelMatrix); per-feature
// values are 1×D. Everything is double; inputs are float32 values, so results match a float64 reference.
//
// The refusals of BuildTrace's input (the step lab shows them) are in the current language, bn.error.* in the
// catalogs; the reshapes' and BatchNormBackward's checks of arrays the program made itself stay developer English.
#include "core/bn/bn.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <utility>

#include "core/bn/steps.hpp"
#include "core/i18n/current.hpp"

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
// 3. The passes
// ---------------------------------------------------------------------------------------------
// "dev inv_std" → {"dev", "inv_std"}.
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// Receives every step's value in computation order. With a trace it appends a TraceStep; without one
// it only passes the value through, so BatchNormForward/Backward run exactly the code the trace shows.
// The step's texts are its row's (steps.hpp), for the trace's mode and momentum convention.
struct Recorder {
  Trace* trace = nullptr;

  template <typename Value>
  Mat operator()(StepId id, const Value& value) {
    Mat v = value;
    if (trace != nullptr) {
      const StepRow& row = StepRowOf(id);
      const Mode mode = trace->in.mode;
      const MomentumConvention convention = trace->in.running.convention;
      TraceStep s;
      s.key = row.key;
      s.title = row.title.Pick(mode, convention);
      s.symbol = row.symbol;
      s.formula = row.formula.Pick(mode, convention);
      s.extent = row.extent;
      s.inputs = Words(row.inputs.Pick(mode, convention));
      s.backward = row.backward;
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
    const Row sum = rec(StepId::Sum, x.colwise().sum());
    fwd.mean = rec(StepId::Mean, sum / m);
  } else {
    // eval: μ and σ² are the running statistics
    fwd.mean = rec(StepId::Mean, in.running.mean);
    fwd.var = rec(StepId::Var, in.running.var);
  }
  // dev_ij = x_ij − μ_j
  saved.dev = rec(StepId::Dev, x.rowwise() - fwd.mean);
  if (train) {
    // sq_ij = dev_ij²;  σ²_j = (1/M) Σ_i sq_ij   (two-pass: no E[x²] − E[x]² cancellation)
    const Mat sq = rec(StepId::Sq, saved.dev.array().square());
    fwd.var = rec(StepId::Var, sq.colwise().sum() / m);
    if (in.eps == 0.0 && (fwd.var.array() == 0.0).any())
      throw std::invalid_argument(Tr("bn.error.zero_variance"));
  }
  // var_eps_j = σ²_j + ε;  std_j = √var_eps_j;  inv_std_j = 1/std_j
  saved.var_eps = rec(StepId::VarEps, fwd.var.array() + in.eps);
  const Row sd = rec(StepId::Std, saved.var_eps.array().sqrt());
  fwd.inv_std = rec(StepId::InvStd, sd.array().inverse());
  // x̂_ij = dev_ij · inv_std_j
  fwd.xhat = rec(StepId::Xhat, saved.dev.array().rowwise() * fwd.inv_std.array());
  // gx_ij = γ_j · x̂_ij;  y_ij = gx_ij + β_j
  const Mat gx = rec(StepId::Gx, fwd.xhat.array().rowwise() * in.gamma.array());
  fwd.y = rec(StepId::Y, gx.rowwise() + in.beta);
  running_after = in.running;
  if (train) {
    UpdateRunning(running_after, fwd.mean, fwd.var, static_cast<int>(x.rows()));
    running_after.mean = rec(StepId::RunningMean, running_after.mean);
    running_after.var = rec(StepId::RunningVar, running_after.var);
  }
  return saved;
}

// Backward pass for upstream gradient dy (M×D): two reductions (dβ, dγ), dx̂, then in train mode two more
// reductions (dσ², dμ) and one per-element pass for dx.
Backward BackwardPass(const Mat& dy_in, const Mat& xhat, const ForwardSaved& saved, const Row& inv_std,
                      const Row& gamma, Mode mode, Recorder& rec) {
  const double m = static_cast<double>(dy_in.rows());
  Backward bwd;
  const Mat dy = rec(StepId::Dy, dy_in);
  // dβ_j = Σ_i dy_ij;  dγ_j = Σ_i dy_ij·x̂_ij
  bwd.dbeta = rec(StepId::Dbeta, dy.colwise().sum());
  bwd.dgamma = rec(StepId::Dgamma, dy.cwiseProduct(xhat).colwise().sum());
  // dx̂_ij = dy_ij·γ_j
  const Mat dxhat = rec(StepId::Dxhat, dy.array().rowwise() * gamma.array());
  if (mode == Mode::Eval) {
    // μ and σ² are constants: dx_ij = dx̂_ij·inv_std_j
    bwd.dx = rec(StepId::Dx, dxhat.array().rowwise() * inv_std.array());
    return bwd;
  }
  const Mat& dev = saved.dev;
  // dσ²_j = Σ_i dx̂_ij·(x_ij − μ_j) · (−½)(σ²_j + ε)^(−3/2)
  const Row dvar = rec(StepId::Dvar, dxhat.cwiseProduct(dev).colwise().sum().array() * -0.5 *
                                  saved.var_eps.array().pow(-1.5));
  // dμ_j = Σ_i dx̂_ij·(−inv_std_j)          term 1: through x̂ directly
  //      + dσ²_j·(−2/M)·Σ_i (x_ij − μ_j)    term 2: through σ² (Σ_i (x_ij − μ_j) is 0 up to rounding)
  const Row dmean = rec(StepId::Dmean, dxhat.colwise().sum().array() * -inv_std.array() +
                                    dvar.array() * (-2.0 / m) * dev.colwise().sum().array());
  // dx_ij = dx̂_ij·inv_std_j            term 1: through x̂
  //       + dσ²_j·2(x_ij − μ_j)/M      term 2: through σ²
  //       + dμ_j/M                     term 3: through μ
  const Mat term1 = dxhat.array().rowwise() * inv_std.array();
  const Mat term2 = dev.array().rowwise() * (dvar.array() * (2.0 / m));
  bwd.dx = rec(StepId::Dx, (term1 + term2).rowwise() + dmean / m);
  return bwd;
}

// ---------------------------------------------------------------------------------------------
// 4. Validation
// ---------------------------------------------------------------------------------------------
std::string Count(Eigen::Index k) { return std::to_string(k); }

// "dy is 2×3, x is 4×3"
std::string ShapeMismatch(const Mat& dy, const Mat& x) {
  return Tr("bn.error.dy_shape", {{"dy", Count(dy.rows()) + "×" + Count(dy.cols())},
                                  {"x", Count(x.rows()) + "×" + Count(x.cols())}});
}

template <typename M>
bool AllFinite(const M& m) {
  return m.array().isFinite().all();
}

void Validate(const TraceInput& in) {
  const Eigen::Index m = in.x.rows(), d = in.x.cols();
  auto not_finite = [](const char* name) { return std::invalid_argument(Tr("bn.error.not_finite", {{"name", name}})); };
  if (m == 0 || d == 0) throw std::invalid_argument(Tr("bn.error.x_empty"));
  if (!AllFinite(in.x)) throw not_finite("x");
  auto per_feature = [&](const Row& r, const char* name) {
    if (r.size() != d)
      throw std::invalid_argument(
          Tr("bn.error.per_feature", {{"name", name}, {"count", Count(r.size())}, {"features", Count(d)}}));
    if (!AllFinite(r)) throw not_finite(name);
  };
  per_feature(in.gamma, "gamma");
  per_feature(in.beta, "beta");
  per_feature(in.running.mean, "running_mean");
  per_feature(in.running.var, "running_var");
  if (!(in.eps >= 0.0) || !std::isfinite(in.eps)) throw std::invalid_argument(Tr("bn.error.eps"));
  if ((in.running.var.array() < 0.0).any()) throw std::invalid_argument(Tr("bn.error.running_var_negative"));
  if (!(in.running.momentum >= 0.0 && in.running.momentum <= 1.0))
    throw std::invalid_argument(Tr("bn.error.momentum"));
  // PyTorch refuses one value per channel in training (teaching-facts: Libraries)
  if (in.mode == Mode::Train && m < 2) throw std::invalid_argument(Tr("bn.error.train_one_value"));
  if (in.mode == Mode::Eval && ((in.running.var.array() + in.eps) <= 0.0).any())
    throw std::invalid_argument(Tr("bn.error.eval_zero"));
  if (in.has_dy) {
    if (in.dy.rows() != m || in.dy.cols() != d) throw std::invalid_argument(ShapeMismatch(in.dy, in.x));
    if (!AllFinite(in.dy)) throw not_finite("dy");
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 5. BuildTrace
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
// 6. Forward / Backward
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
  if (dy.rows() != m || dy.cols() != d) throw std::invalid_argument(ShapeMismatch(dy, x));
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
// 7. Formatting
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

}  // namespace bn
