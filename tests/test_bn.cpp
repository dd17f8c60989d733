// test_bn.cpp: the BN core (bn.hpp) against PyTorch's numbers, finite differences, invariants, the step
// trace and its formulas, the conv reshapes, and bad input.
//
// Index
//   Helpers            ReadFile, Flatten, NestedToMat (the reference JSON → M×D, independent of bntrace_io),
//                      Toy (the lab's default batch with γ, β, dy)
//   Reference cases    all 40 PyTorch cases through BuildTrace, in double; reports the worst errors
//   Gradients          central finite differences of L = Σ w·y for dx, dγ, dβ (train and eval)
//   Invariants         x̂ standardized, dβ = Σ dy, Σ dx = 0, eval ignores the batch, running updates
//   Trace              step keys in order (train/eval × with/without dy), values = Forward/Backward
//   Formulas           SubstitutedFormula and FormatNumber
//   Conv               ToChannelMatrix / FromChannelMatrix and per-channel statistics
//   Bad input          BuildTrace, BatchNormBackward, the reshapes
#include <doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/bn/bn.hpp"
#include "core/io/json.hpp"

#include "test_util.hpp"

namespace {

using testutil::Flatten;
using testutil::ReadFile;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------
std::vector<size_t> Dims(const bn::Json& v) {
  std::vector<size_t> dims;
  for (const bn::Json* p = &v; p->is_array() && !p->items().empty(); p = &p->items()[0])
    dims.push_back(p->items().size());
  return dims;
}

bn::Row ToRow(const bn::Json& v) {
  std::vector<double> flat;
  Flatten(v, &flat);
  return Eigen::Map<const bn::Row>(flat.data(), static_cast<Eigen::Index>(flat.size()));
}

// N×D or N×C×H×W nested arrays → the M×D matrix BN normalizes (conv: channel matrix, built by hand here
// so the test does not lean on the code it checks).
bn::Mat NestedToMat(const bn::Json& v) {
  const std::vector<size_t> dims = Dims(v);
  std::vector<double> flat;
  Flatten(v, &flat);
  if (dims.size() == 2)
    return Eigen::Map<const bn::Mat>(flat.data(), static_cast<Eigen::Index>(dims[0]), static_cast<Eigen::Index>(dims[1]));
  REQUIRE(dims.size() == 4);
  const size_t n = dims[0], c = dims[1], h = dims[2], w = dims[3];
  bn::Mat m(static_cast<Eigen::Index>(n * h * w), static_cast<Eigen::Index>(c));
  for (size_t ni = 0; ni < n; ++ni)
    for (size_t ci = 0; ci < c; ++ci)
      for (size_t k = 0; k < h * w; ++k)
        m(static_cast<Eigen::Index>(ni * h * w + k), static_cast<Eigen::Index>(ci)) = flat[(ni * c + ci) * h * w + k];
  return m;
}

// The reference's input object as the core's TraceInput.
bn::TraceInput ReferenceInput(const bn::Json& input) {
  bn::TraceInput in;
  in.x = NestedToMat(*input.get("x"));
  in.gamma = ToRow(*input.get("gamma"));
  in.beta = ToRow(*input.get("beta"));
  in.eps = input.get("eps")->number();
  in.mode = input.get("mode")->string() == "eval" ? bn::Mode::Eval : bn::Mode::Train;
  in.running = bn::MakeRunningStats(static_cast<int>(in.x.cols()));
  in.running.momentum = input.get("momentum")->number();
  in.running.mean = ToRow(*input.get("running_mean"));
  in.running.var = ToRow(*input.get("running_var"));
  in.has_dy = true;
  in.dy = NestedToMat(*input.get("dy"));
  return in;
}

// The lab's default batch: three features on very different scales (μ = 3, 110, 0; σ² = 3.5, 500, 1.25).
bn::Mat ToyX() {
  bn::Mat x(4, 3);
  x << 1, 120, -0.5,  //
      2, 80, 0.5,     //
      3, 100, -1.5,   //
      6, 140, 1.5;
  return x;
}

bn::TraceInput Toy() {
  bn::TraceInput in;
  in.x = ToyX();
  in.gamma = bn::Row(3);
  in.gamma << 1.5, 0.5, -2;
  in.beta = bn::Row(3);
  in.beta << 0.1, -1, 3;
  in.running = bn::MakeRunningStats(3);
  in.has_dy = true;
  in.dy.resize(4, 3);
  in.dy << 0.3, -1, 2, 1, 0.5, -0.7, -0.2, 0.1, 0.4, 0.8, -0.6, 1.1;
  return in;
}

std::vector<std::string> Keys(const bn::Trace& t) {
  std::vector<std::string> keys;
  for (const bn::TraceStep& s : t.steps) keys.push_back(s.key);
  return keys;
}

double MaxAbsDiff(const bn::Mat& a, const bn::Mat& b) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  return (a - b).cwiseAbs().maxCoeff();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reference cases
// ---------------------------------------------------------------------------------------------
TEST_CASE("every PyTorch reference case through BuildTrace: relative error <= 1e-4 (reports the worst)") {
  const bn::Json doc = bn::Json::Parse(ReadFile(std::string(BNLAB_REFERENCE_DIR) + "/bn_cases.json"));
  const auto& cases = doc.get("cases")->items();
  REQUIRE(cases.size() == 40);
  double worst = 0.0, worst_offset = 0.0;
  std::string worst_where;
  for (size_t c = 0; c < cases.size(); ++c) {
    const std::string kind = cases[c].get("kind")->string();
    const bn::Json& expect = *cases[c].get("expect");
    const bn::Trace t = bn::BuildTrace(ReferenceInput(*cases[c].get("input")));
    // The core's values, in the reference's layout: per-element ones as M×D, compared with the reference
    // turned into M×D the same way.
    const std::pair<const char*, bn::Mat> got[] = {
        {"mean", t.fwd.mean},   {"var", t.fwd.var},
        {"inv_std", t.fwd.inv_std}, {"xhat", t.fwd.xhat},
        {"y", t.fwd.y},         {"running_mean", t.running_after.mean},
        {"running_var", t.running_after.var}, {"dx", t.bwd.dx},
        {"dgamma", t.bwd.dgamma}, {"dbeta", t.bwd.dbeta}};
    for (const auto& [key, value] : got) {
      CAPTURE(c);
      CAPTURE(kind);
      const std::string& key_name = key;  // clang: a structured binding is not captured by CAPTURE's lambda in C++17
      CAPTURE(key_name);
      REQUIRE(expect.get(key) != nullptr);
      const bn::Json& e = *expect.get(key);
      const bn::Mat ref = e.items()[0].is_array() ? NestedToMat(e) : bn::Mat(ToRow(e));
      REQUIRE(ref.rows() == value.rows());
      REQUIRE(ref.cols() == value.cols());
      const double err = ((value - ref).array().abs() / (1.0 + ref.array().abs())).maxCoeff();
      CHECK(err <= 1e-4);
      if (err > worst) {
        worst = err;
        worst_where = "case " + std::to_string(c) + " (" + kind + ") " + key;
      }
      if (kind == "offset") worst_offset = std::max(worst_offset, err);
    }
  }
  MESSAGE("core (double) vs PyTorch, 40 cases: worst relative error " << worst << " at " << worst_where
                                                                      << "; offset cases: " << worst_offset);
}

// ---------------------------------------------------------------------------------------------
// Gradients
// ---------------------------------------------------------------------------------------------
TEST_CASE("central finite differences of L = sum(w * y) agree with dx, dgamma, dbeta (train and eval)") {
  // Two batches: the toy one, and a 7×2 one with an offset feature.
  bn::TraceInput wide = Toy();
  wide.x = bn::Mat(7, 2);
  wide.x << 1000.5, -0.3, 999.25, 0.7, 1001, 2.5, 1000, -1.25, 998.75, 0.1, 1000.125, 3, 1002, -2;
  wide.gamma = bn::Row(2);
  wide.gamma << 0.7, -1.3;
  wide.beta = bn::Row(2);
  wide.beta << 0.2, 0.5;
  wide.running = bn::MakeRunningStats(2);
  wide.dy = bn::Mat(7, 2);
  wide.dy << 0.5, -1, 1.5, 0.25, -0.75, 2, 1, -0.5, 0.3, 0.9, -1.1, 0.4, 0.6, -0.2;
  for (const bn::TraceInput& base : {Toy(), wide})
    for (bn::Mode mode : {bn::Mode::Train, bn::Mode::Eval}) {
      bn::TraceInput in = base;
      in.mode = mode;
      in.running.mean = in.x.colwise().mean() * 0.9;
      in.running.var = bn::Row::Constant(in.x.cols(), 2.0);
      const bn::Trace t = bn::BuildTrace(in);
      const bn::Mat& w = in.dy;  // L = Σ_ij w_ij·y_ij, so ∂L/∂y = w = dy
      auto loss = [&](bn::TraceInput p) {
        p.has_dy = false;
        return (bn::BuildTrace(p).fwd.y.array() * w.array()).sum();
      };
      CAPTURE(in.x.rows());
      CAPTURE(mode == bn::Mode::Train ? "train" : "eval");
      double worst = 0.0;
      for (Eigen::Index i = 0; i < in.x.rows(); ++i)
        for (Eigen::Index j = 0; j < in.x.cols(); ++j) {
          const double h = 1e-6 * (1.0 + std::fabs(in.x(i, j)));
          bn::TraceInput plus = in, minus = in;
          plus.x(i, j) += h;
          minus.x(i, j) -= h;
          const double numeric = (loss(plus) - loss(minus)) / (2 * h);
          worst = std::max(worst, std::fabs(t.bwd.dx(i, j) - numeric) / (1.0 + std::fabs(numeric)));
        }
      CHECK(worst < 1e-6);
      for (Eigen::Index j = 0; j < in.x.cols(); ++j) {
        const double h = 1e-6;
        bn::TraceInput gp = in, gm = in, bp = in, bm = in;
        gp.gamma(j) += h;
        gm.gamma(j) -= h;
        bp.beta(j) += h;
        bm.beta(j) -= h;
        CHECK(t.bwd.dgamma(j) == doctest::Approx((loss(gp) - loss(gm)) / (2 * h)).epsilon(1e-7));
        CHECK(t.bwd.dbeta(j) == doctest::Approx((loss(bp) - loss(bm)) / (2 * h)).epsilon(1e-7));
      }
    }
}

// ---------------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------------
TEST_CASE("invariants: x-hat has mean 0 and variance 1, dbeta = sum dy, sum dx = 0 in train mode") {
  bn::TraceInput in = Toy();
  in.eps = 1e-12;  // small next to every variance (3.5, 500, 1.25)
  const bn::Trace t = bn::BuildTrace(in);
  for (Eigen::Index j = 0; j < 3; ++j) {
    CAPTURE(j);
    const auto xhat = t.fwd.xhat.col(j).array();
    CHECK(std::fabs(xhat.mean()) < 1e-12);
    CHECK((xhat - xhat.mean()).square().mean() == doctest::Approx(1.0).epsilon(1e-10));  // biased
    CHECK(t.bwd.dbeta(j) == doctest::Approx(in.dy.col(j).sum()).epsilon(1e-14));
    CHECK(t.bwd.dgamma(j) == doctest::Approx((in.dy.col(j).array() * xhat).sum()).epsilon(1e-14));
    // Shifting the whole batch changes nothing, so Σ_i dx_ij = 0; and dx ⟂ x̂ (scaling changes nothing).
    CHECK(std::fabs(t.bwd.dx.col(j).sum()) < 1e-9);
    CHECK(std::fabs((t.bwd.dx.col(j).array() * xhat).sum()) < 1e-9);
  }
  // The statistics by hand: feature 1 is 1, 2, 3, 6 (μ = 3, σ² = (4 + 1 + 0 + 9)/4 = 3.5).
  CHECK(t.fwd.mean(0) == 3.0);
  CHECK(t.fwd.var(0) == 3.5);
  CHECK(t.fwd.mean(1) == 110.0);
  CHECK(t.fwd.var(1) == 500.0);
  CHECK(t.fwd.inv_std(1) == doctest::Approx(1.0 / std::sqrt(500.0 + 1e-12)));
}

TEST_CASE("eval mode normalizes with the running statistics, whatever the batch") {
  bn::TraceInput e = Toy();
  e.mode = bn::Mode::Eval;
  e.running.mean << 1, 2, 3;
  e.running.var << 4, 5, 6;
  const bn::Trace a = bn::BuildTrace(e);
  bn::TraceInput shifted = e;
  shifted.x.array() += 10.0;
  shifted.x.row(0) *= 3.0;
  const bn::Trace b = bn::BuildTrace(shifted);
  CHECK(a.fwd.mean == e.running.mean);
  CHECK(a.fwd.var == e.running.var);
  CHECK(b.fwd.mean == e.running.mean);
  CHECK(b.fwd.var == e.running.var);
  CHECK(a.fwd.inv_std(0) == doctest::Approx(1.0 / std::sqrt(4.0 + 1e-5)));
  // y is affine in x with slope γ·inv_std, elementwise: one sample does not affect another.
  CHECK(b.fwd.y(1, 0) == doctest::Approx(a.fwd.y(1, 0) + 10.0 * 1.5 / std::sqrt(4.0 + 1e-5)));
  // No running update in eval.
  CHECK(a.running_after.mean == e.running.mean);
  CHECK(a.running_after.var == e.running.var);
  // A single sample is fine in eval mode.
  bn::TraceInput one = e;
  one.x = e.x.topRows(1);
  one.dy = e.dy.topRows(1);
  CHECK(bn::BuildTrace(one).fwd.y(0, 2) == doctest::Approx(a.fwd.y(0, 2)));
}

TEST_CASE("running statistics: PyTorch's and Keras's conventions") {
  bn::TraceInput in = Toy();
  in.has_dy = false;
  in.running.mean << 1, -2, 0.5;
  in.running.var << 2, 3, 0.25;
  // PyTorch (default momentum 0.1): running ← (1−momentum)·running + momentum·batch, var stored unbiased: M/(M−1)·σ².
  const bn::RunningStats def = bn::MakeRunningStats(3);
  CHECK(def.momentum == 0.1);
  CHECK(def.convention == bn::MomentumConvention::PyTorch);
  CHECK(def.mean == bn::Row::Zero(3));
  CHECK(def.var == bn::Row::Ones(3));
  const bn::Trace t = bn::BuildTrace(in);
  CHECK(t.running_after.mean(0) == doctest::Approx(0.9 * 1 + 0.1 * 3.0));
  CHECK(t.running_after.var(0) == doctest::Approx(0.9 * 2 + 0.1 * 3.5 * 4.0 / 3.0));
  CHECK(t.running_after.var(1) == doctest::Approx(0.9 * 3 + 0.1 * 500.0 * 4.0 / 3.0));
  // Keras (default momentum 0.99): moving ← momentum·moving + (1−momentum)·batch, var stored biased.
  bn::TraceInput k = in;
  k.running.convention = bn::MomentumConvention::Keras;
  k.running.momentum = 0.99;
  const bn::Trace tk = bn::BuildTrace(k);
  CHECK(tk.running_after.mean(1) == doctest::Approx(0.99 * -2 + 0.01 * 110.0));
  CHECK(tk.running_after.var(1) == doctest::Approx(0.99 * 3 + 0.01 * 500.0));
  // Fed the same batch for ever, PyTorch converges to the unbiased variance, Keras to the biased one.
  bn::RunningStats torch = bn::MakeRunningStats(3), keras = bn::MakeRunningStats(3);
  keras.convention = bn::MomentumConvention::Keras;
  keras.momentum = 0.99;
  for (int step = 0; step < 5000; ++step) {
    bn::UpdateRunning(torch, t.fwd.mean, t.fwd.var, 4);
    bn::UpdateRunning(keras, t.fwd.mean, t.fwd.var, 4);
  }
  CHECK(torch.var(0) == doctest::Approx(3.5 * 4.0 / 3.0));
  CHECK(keras.var(0) == doctest::Approx(3.5));
  CHECK(keras.mean(1) == doctest::Approx(110.0));
  // Momentum 0 keeps the old values (PyTorch); 1 takes the batch's.
  bn::RunningStats r = bn::MakeRunningStats(3);
  r.momentum = 0.0;
  bn::UpdateRunning(r, t.fwd.mean, t.fwd.var, 4);
  CHECK(r.mean == bn::Row::Zero(3));
  r.momentum = 1.0;
  bn::UpdateRunning(r, t.fwd.mean, t.fwd.var, 4);
  CHECK(r.mean == t.fwd.mean);
  // The trace's running steps say which convention they follow.
  CHECK(t.find("running_var")->formula.find("m/(m−1)") != std::string::npos);
  CHECK(tk.find("running_var")->formula.find("m/(m−1)") == std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Trace
// ---------------------------------------------------------------------------------------------
TEST_CASE("the trace's steps, in order: train/eval, with and without dy") {
  const std::vector<std::string> train = {"sum", "mean", "dev", "sq", "var", "var_eps", "std", "inv_std", "xhat",
                                          "gx", "y", "running_mean", "running_var"};
  const std::vector<std::string> eval = {"mean", "var", "dev", "var_eps", "std", "inv_std", "xhat", "gx", "y"};
  const std::vector<std::string> train_back = {"dy", "dbeta", "dgamma", "dxhat", "dvar", "dmean", "dx"};
  const std::vector<std::string> eval_back = {"dy", "dbeta", "dgamma", "dxhat", "dx"};
  auto concat = [](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  bn::TraceInput in = Toy();
  for (bn::Mode mode : {bn::Mode::Train, bn::Mode::Eval})
    for (bool has_dy : {false, true}) {
      in.mode = mode;
      in.has_dy = has_dy;
      const bool tr = mode == bn::Mode::Train;
      const bn::Trace t = bn::BuildTrace(in);
      CAPTURE(tr);
      CAPTURE(has_dy);
      CHECK(Keys(t) == (has_dy ? concat(tr ? train : eval, tr ? train_back : eval_back) : (tr ? train : eval)));
      for (size_t k = 0; k < t.steps.size(); ++k) {
        const bn::TraceStep& s = t.steps[k];
        CAPTURE(s.key);
        // Shape by extent; backward flag; text present; inputs are x, γ, β, ε or earlier steps.
        CHECK(s.value.cols() == 3);
        CHECK(s.value.rows() == (s.extent == bn::Extent::PerFeature ? 1 : 4));
        CHECK(s.backward == (k >= static_cast<size_t>(t.index_of("y")) + (tr ? 3 : 1)));
        CHECK(!s.title.empty());
        CHECK(!s.symbol.empty());
        CHECK(!s.formula.empty());
        for (const std::string& need : s.inputs) {
          const int at = t.index_of(need);
          CAPTURE(need);
          CHECK((need == "x" || need == "gamma" || need == "beta" || need == "eps" || (at >= 0 && at < int(k))));
        }
      }
      // The eval statistics say where they come from.
      if (!tr) CHECK(t.find("mean")->formula.find("running") != std::string::npos);
      CHECK(t.find("nope") == nullptr);
      CHECK(t.index_of("nope") == -1);
    }
}

TEST_CASE("each step's value is what BatchNormForward / BatchNormBackward return") {
  for (bn::Mode mode : {bn::Mode::Train, bn::Mode::Eval}) {
    bn::TraceInput in = Toy();
    in.mode = mode;
    in.running.mean << 2, 100, 0.5;
    in.running.var << 3, 400, 2;
    const bn::Trace t = bn::BuildTrace(in);
    const bn::Forward f = bn::BatchNormForward(in.x, in.gamma, in.beta, in.eps, in.mode, in.running);
    CAPTURE(mode == bn::Mode::Train);
    // Forward: bit for bit (the same code).
    CHECK(f.mean == t.find("mean")->value);
    CHECK(f.var == t.find("var")->value);
    CHECK(f.inv_std == t.find("inv_std")->value);
    CHECK(f.xhat == t.find("xhat")->value);
    CHECK(f.y == t.find("y")->value);
    CHECK(t.fwd.y == t.find("y")->value);
    // The trace's intermediate steps are the formulas' values.
    const bn::Mat dev = in.x.rowwise() - f.mean;
    CHECK(t.find("dev")->value == dev);
    CHECK(MaxAbsDiff(t.find("std")->value, (f.var.array() + in.eps).sqrt().matrix()) == 0.0);
    CHECK(MaxAbsDiff(t.find("gx")->value, (f.xhat.array().rowwise() * in.gamma.array()).matrix()) == 0.0);
    // Backward: the same kernels on the Forward's numbers (σ²+ε recovered from inv_std: ~1 ulp).
    const bn::Backward b = bn::BatchNormBackward(in.dy, in.x, f, in.gamma, in.mode);
    CHECK(MaxAbsDiff(b.dx, t.find("dx")->value) < 1e-12);
    CHECK(MaxAbsDiff(b.dgamma, t.find("dgamma")->value) == 0.0);
    CHECK(b.dbeta == t.find("dbeta")->value);
    CHECK(t.bwd.dx == t.find("dx")->value);
    CHECK(MaxAbsDiff(t.find("dxhat")->value, (in.dy.array().rowwise() * in.gamma.array()).matrix()) == 0.0);
  }
}

// ---------------------------------------------------------------------------------------------
// Formulas
// ---------------------------------------------------------------------------------------------
TEST_CASE("SubstitutedFormula: the default toy batch's numbers in the formulas") {
  bn::TraceInput in;
  in.x = ToyX();
  in.gamma = bn::Row::Ones(3);
  in.beta = bn::Row::Zero(3);
  in.running = bn::MakeRunningStats(3);
  const bn::Trace t = bn::BuildTrace(in);
  auto sub = [&](const char* key, int i, int j) { return bn::SubstitutedFormula(t, t.index_of(key), i, j); };
  CHECK(sub("sum", 0, 1) == "Σx₂ = 120 + 80 + 100 + 140 = 440");
  CHECK(sub("mean", 0, 1) == "μ₂ = Σx₂ / m = 440 / 4 = 110");
  CHECK(sub("dev", 2, 2) == "x₃,₃ − μ₃ = −1.5 − 0 = −1.5");
  CHECK(sub("sq", 0, 0) == "(x₁,₁ − μ₁)² = (−2)² = 4");
  CHECK(sub("var", 0, 0) == "σ₁² = (4 + 1 + 0 + 9) / 4 = 3.5");
  CHECK(sub("var", 3, 2) == "σ₃² = (0.25 + 0.25 + 2.25 + 2.25) / 4 = 1.25");
  CHECK(sub("var_eps", 0, 0) == "σ₁² + ε = 3.5 + 1e-05 = 3.5");
  CHECK(sub("xhat", 1, 0) == "x̂₂,₁ = (x₂,₁ − μ₁) / √(σ₁² + ε) = (2 − 3) / √(3.5 + 1e-05) = −0.5345");
  CHECK(sub("xhat", 3, 2) == "x̂₄,₃ = (x₄,₃ − μ₃) / √(σ₃² + ε) = (1.5 − 0) / √(1.25 + 1e-05) = 1.342");
  CHECK(sub("inv_std", 0, 1) == "1/√(σ₂² + ε) = 1 / 22.36 = 0.04472");
  CHECK(sub("y", 0, 0) == "y₁,₁ = γ₁x̂₁,₁ + β₁ = −1.069 + 0 = −1.069");
  CHECK(sub("running_mean", 0, 1) == "μ_run₂ = (1 − 0.1)·0 + 0.1·110 = 11");
  CHECK(sub("running_var", 0, 0) == "σ²_run₁ = (1 − 0.1)·1 + 0.1·4/3·3.5 = 1.367");
  // digits, and indices out of range fall back to the first element; an unknown step gives "".
  CHECK(bn::SubstitutedFormula(t, t.index_of("xhat"), 1, 0, 2) ==
        "x̂₂,₁ = (x₂,₁ − μ₁) / √(σ₁² + ε) = (2 − 3) / √(3.5 + 1e-05) = −0.53");
  CHECK(bn::SubstitutedFormula(t, t.index_of("mean"), 99, 99) == sub("mean", 0, 0));
  CHECK(bn::SubstitutedFormula(t, 999, 0, 0).empty());
  CHECK(bn::SubstitutedFormula(t, -1, 0, 0).empty());

  // Eval, and the backward steps.
  in.mode = bn::Mode::Eval;
  in.running.mean << 2, 100, 0;
  in.running.var << 4, 400, 1;
  in.has_dy = true;
  in.dy = bn::Mat::Ones(4, 3);
  const bn::Trace e = bn::BuildTrace(in);
  CHECK(bn::SubstitutedFormula(e, e.index_of("mean"), 0, 0) == "μ₁ = running mean₁ = 2");
  CHECK(bn::SubstitutedFormula(e, e.index_of("var"), 0, 1) == "σ₂² = running variance₂ = 400");
  CHECK(bn::SubstitutedFormula(e, e.index_of("dbeta"), 0, 0) == "dβ₁ = Σᵢ dyᵢ₁ = 1 + 1 + 1 + 1 = 4");
  CHECK(bn::SubstitutedFormula(e, e.index_of("dx"), 0, 0) == "dx₁,₁ = dx̂₁,₁ / √(σ₁² + ε) = 1 · 0.5 = 0.5");

  // Many terms: six, then "…".
  bn::TraceInput big;
  big.x = bn::Mat(10, 1);
  big.x << 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
  big.gamma = bn::Row::Ones(1);
  big.beta = bn::Row::Zero(1);
  big.running = bn::MakeRunningStats(1);
  const bn::Trace tb = bn::BuildTrace(big);
  CHECK(bn::SubstitutedFormula(tb, tb.index_of("sum"), 0, 0) == "Σx₁ = 1 + 2 + 3 + 4 + 5 + 6 + … = 55");
  CHECK(bn::SubstitutedFormula(tb, tb.index_of("dev"), 9, 0) == "x₁₀,₁ − μ₁ = 10 − 5.5 = 4.5");
}

TEST_CASE("FormatNumber: significant digits, typographic minus, no trailing zeros") {
  CHECK(bn::FormatNumber(2.5) == "2.5");
  CHECK(bn::FormatNumber(-0.4472136) == "−0.4472");
  CHECK(bn::FormatNumber(1e-5) == "1e-05");
  CHECK(bn::FormatNumber(-1e-5) == "−1e-05");
  CHECK(bn::FormatNumber(110.0) == "110");
  CHECK(bn::FormatNumber(123456.0) == "1.235e+05");
  CHECK(bn::FormatNumber(0.0) == "0");
  CHECK(bn::FormatNumber(-0.0) == "0");
  CHECK(bn::FormatNumber(1.0 / 3.0, 2) == "0.33");
  CHECK(bn::FormatNumber(1.0 / 3.0, 0) == "0.3");  // at least one digit
  CHECK(bn::FormatNumber(INFINITY) == "∞");
  CHECK(bn::FormatNumber(-INFINITY) == "−∞");
  CHECK(bn::FormatNumber(NAN) == "NaN");
}

// ---------------------------------------------------------------------------------------------
// Conv
// ---------------------------------------------------------------------------------------------
TEST_CASE("ZeroTensor: the shape asked for, every element 0, at() in N×C×H×W order") {
  bn::Tensor4 t = bn::ZeroTensor(2, 3, 4, 5);
  CHECK(t.n == 2);
  CHECK(t.c == 3);
  CHECK(t.h == 4);
  CHECK(t.w == 5);
  REQUIRE(t.data.size() == 120u);
  CHECK(std::all_of(t.data.begin(), t.data.end(), [](double v) { return v == 0.0; }));
  t.at(1, 2, 3, 4) = 7.0;
  CHECK(t.data.back() == 7.0);  // the last element: ((1·3 + 2)·4 + 3)·5 + 4 = 119
  CHECK(bn::ZeroTensor(0, 3, 4, 5).data.empty());
}

TEST_CASE("conv: channel matrix round trip, and statistics per channel over N, H, W") {
  bn::Tensor4 t;
  t.n = 2;
  t.c = 3;
  t.h = 2;
  t.w = 3;
  t.data.resize(36);
  for (size_t k = 0; k < t.data.size(); ++k) t.data[k] = std::sin(0.7 * static_cast<double>(k)) * 10 + static_cast<double>(k % 5);
  const bn::Mat m = bn::ToChannelMatrix(t);
  REQUIRE(m.rows() == 12);  // N·H·W
  REQUIRE(m.cols() == 3);   // C
  // Row (ni·H + hi)·W + wi, column ci.
  CHECK(m((1 * 2 + 1) * 3 + 2, 2) == t.at(1, 2, 1, 2));
  CHECK(m(0, 1) == t.at(0, 1, 0, 0));
  const bn::Tensor4 back = bn::FromChannelMatrix(m, 2, 3, 2, 3);
  CHECK(back.n == 2);
  CHECK(back.c == 3);
  CHECK(back.h == 2);
  CHECK(back.w == 3);
  CHECK(back.data == t.data);

  // BN on the channel matrix: mean and biased variance over the 12 values of each channel, by hand.
  bn::TraceInput in;
  in.x = m;
  in.gamma = bn::Row::Ones(3);
  in.beta = bn::Row::Zero(3);
  in.running = bn::MakeRunningStats(3);
  const bn::Trace tr = bn::BuildTrace(in);
  for (int ci = 0; ci < 3; ++ci) {
    double sum = 0;
    for (int ni = 0; ni < 2; ++ni)
      for (int hi = 0; hi < 2; ++hi)
        for (int wi = 0; wi < 3; ++wi) sum += t.at(ni, ci, hi, wi);
    const double mean = sum / 12;
    double ss = 0;
    for (int ni = 0; ni < 2; ++ni)
      for (int hi = 0; hi < 2; ++hi)
        for (int wi = 0; wi < 3; ++wi) ss += (t.at(ni, ci, hi, wi) - mean) * (t.at(ni, ci, hi, wi) - mean);
    CAPTURE(ci);
    CHECK(tr.fwd.mean(ci) == doctest::Approx(mean).epsilon(1e-14));
    CHECK(tr.fwd.var(ci) == doctest::Approx(ss / 12).epsilon(1e-14));
    // PyTorch's running var uses M = N·H·W = 12 for the unbiased factor.
    CHECK(tr.running_after.var(ci) == doctest::Approx(0.9 + 0.1 * ss / 11).epsilon(1e-14));
  }
  // x̂ back in N×C×H×W: element (1, 2, 0, 1) is (x − μ₂)·inv_std₂.
  const bn::Tensor4 xhat = bn::FromChannelMatrix(tr.fwd.xhat, 2, 3, 2, 3);
  CHECK(xhat.at(1, 2, 0, 1) == doctest::Approx((t.at(1, 2, 0, 1) - tr.fwd.mean(2)) * tr.fwd.inv_std(2)));
}

// ---------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------
TEST_CASE("BuildTrace, BatchNormBackward and the reshapes refuse bad input with a reason") {
  auto refuses = [](bn::TraceInput in, const char* reason) {
    CAPTURE(reason);
    CHECK_THROWS_WITH_AS(bn::BuildTrace(in), doctest::Contains(reason), std::invalid_argument);
  };
  bn::TraceInput in = Toy();
  in.x = bn::Mat::Ones(1, 3);
  in.has_dy = false;
  refuses(in, "at least 2");
  in = Toy();
  in.x.resize(0, 3);
  refuses(in, "x is empty");
  in = Toy();
  in.x(1, 1) = NAN;
  refuses(in, "x holds a value that is not a finite number");
  in = Toy();
  in.eps = -1;
  refuses(in, "eps");
  in = Toy();
  in.gamma = bn::Row::Ones(2);
  refuses(in, "gamma has 2 values, x has 3 features");
  in = Toy();
  in.beta = bn::Row::Ones(4);
  refuses(in, "beta has 4 values");
  in = Toy();
  in.running.var(2) = -1;
  refuses(in, "running_var must not be negative");
  in = Toy();
  in.running.mean = bn::Row::Zero(1);
  refuses(in, "running_mean has 1 values");
  in = Toy();
  in.running.momentum = 1.5;
  refuses(in, "momentum");
  in = Toy();
  in.dy = bn::Mat::Ones(3, 3);
  refuses(in, "dy is 3×3, x is 4×3");
  in = Toy();
  in.dy(0, 0) = INFINITY;
  refuses(in, "dy holds");
  in = Toy();
  in.eps = 0;
  in.x.col(1).setConstant(7.0);
  refuses(in, "variance 0 and eps is 0");
  in = Toy();
  in.mode = bn::Mode::Eval;
  in.eps = 0;
  in.running.var(0) = 0;
  refuses(in, "running_var + eps is 0");

  const bn::TraceInput ok = Toy();
  const bn::Forward f = bn::BatchNormForward(ok.x, ok.gamma, ok.beta, ok.eps, ok.mode, ok.running);
  CHECK_THROWS_AS(bn::BatchNormForward(ok.x.topRows(1), ok.gamma, ok.beta, ok.eps, ok.mode, ok.running),
                  std::invalid_argument);
  CHECK_THROWS_AS(bn::BatchNormBackward(ok.dy.topRows(2), ok.x, f, ok.gamma, bn::Mode::Train), std::invalid_argument);
  CHECK_THROWS_AS(bn::BatchNormBackward(ok.dy, ok.x, f, bn::Row::Ones(2), bn::Mode::Train), std::invalid_argument);
  CHECK_THROWS_AS(bn::FromChannelMatrix(bn::Mat::Zero(5, 3), 2, 3, 2, 2), std::invalid_argument);
  bn::Tensor4 t;
  t.n = t.c = t.h = t.w = 2;
  t.data.resize(15);
  CHECK_THROWS_AS(bn::ToChannelMatrix(t), std::invalid_argument);
}
