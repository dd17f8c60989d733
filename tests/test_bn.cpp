// test_bn.cpp: the BN core against PyTorch's numbers (tests/reference/bn_cases.json), finite differences,
// invariants, and the step trace.
//
//   ReferenceCases     reads the 40 PyTorch cases through bntrace_io (the same reader bntrace uses)
//   RelErr / Flatten   |got − ref| / (1 + |ref|) over nested arrays
#include <doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/bn.hpp"
#include "core/bntrace_io.hpp"
#include "core/json.hpp"

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

const bn::Json& ReferenceDoc() {
  static const bn::Json doc = bn::Json::Parse(ReadFile(std::string(BNLAB_REFERENCE_DIR) + "/bn_cases.json"));
  return doc;
}

void Flatten(const bn::Json& v, std::vector<double>* out) {
  if (v.is_number()) {
    out->push_back(v.number());
    return;
  }
  for (const bn::Json& item : v.items()) Flatten(item, out);
}

// Worst |got − ref|/(1 + |ref|) between two JSON values of the same nesting; +inf on a size mismatch.
double WorstRelErr(const bn::Json& got, const bn::Json& ref) {
  std::vector<double> g, r;
  Flatten(got, &g);
  Flatten(ref, &r);
  if (g.size() != r.size() || g.empty()) return INFINITY;
  double worst = 0.0;
  for (size_t k = 0; k < g.size(); ++k) worst = std::max(worst, std::fabs(g[k] - r[k]) / (1.0 + std::fabs(r[k])));
  return worst;
}

const char* const kOutputs[] = {"mean", "var", "inv_std", "xhat", "y", "running_mean", "running_var",
                                "dx", "dgamma", "dbeta"};

bn::TraceInput Toy() {
  bn::TraceInput in;
  in.x.resize(4, 3);
  in.x << 1, 120, -0.5, 2, 80, 0.5, 3, 100, -1.5, 6, 140, 1.5;
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

}  // namespace

TEST_CASE("every PyTorch reference case through the core: error <= 1e-4 (and reports the worst)") {
  const bn::Json& cases = *ReferenceDoc().get("cases");
  REQUIRE(cases.items().size() == 40);
  double worst = 0.0, worst_offset = 0.0;
  for (size_t c = 0; c < cases.items().size(); ++c) {
    const bn::Json& kase = cases.items()[c];
    const std::string kind = kase.get("kind")->string();
    const bn::BnTraceRequest req = bn::ParseBnTraceInput(kase.get("input")->Dump());
    const bn::Trace t = bn::BuildTrace(req.in);
    const bn::Json got = bn::Json::Parse(bn::TraceToJson(t, req.shape));
    for (const char* key : kOutputs) {
      const double err = WorstRelErr(*got.get(key), *kase.get("expect")->get(key));
      CAPTURE(c);
      CAPTURE(kind);
      CAPTURE(key);
      CHECK(err <= 1e-4);
      worst = std::max(worst, err);
      if (kind == "offset") worst_offset = std::max(worst_offset, err);
    }
  }
  MESSAGE("worst relative error over 40 reference cases: " << worst << " (offset cases: " << worst_offset << ")");
}

TEST_CASE("finite differences agree with dx, dgamma, dbeta for L = sum(dy * y), train and eval") {
  for (bn::Mode mode : {bn::Mode::Train, bn::Mode::Eval}) {
    bn::TraceInput in = Toy();
    in.mode = mode;
    in.running.mean << 2, 100, 0.5;
    in.running.var << 3, 400, 2;
    const bn::Trace t = bn::BuildTrace(in);
    auto loss = [&](const bn::TraceInput& p) {
      bn::TraceInput q = p;
      q.has_dy = false;
      return (bn::BuildTrace(q).fwd.y.array() * in.dy.array()).sum();
    };
    for (Eigen::Index i = 0; i < in.x.rows(); ++i)
      for (Eigen::Index j = 0; j < in.x.cols(); ++j) {
        const double h = 1e-4 * (1.0 + std::fabs(in.x(i, j)));
        bn::TraceInput plus = in, minus = in;
        plus.x(i, j) += h;
        minus.x(i, j) -= h;
        const double numeric = (loss(plus) - loss(minus)) / (2 * h);
        CAPTURE(i);
        CAPTURE(j);
        CHECK(t.bwd.dx(i, j) == doctest::Approx(numeric).epsilon(1e-5).scale(1.0));
      }
    for (Eigen::Index j = 0; j < in.x.cols(); ++j) {
      const double h = 1e-5;
      bn::TraceInput gp = in, gm = in, bp = in, bm = in;
      gp.gamma(j) += h;
      gm.gamma(j) -= h;
      bp.beta(j) += h;
      bm.beta(j) -= h;
      CHECK(t.bwd.dgamma(j) == doctest::Approx((loss(gp) - loss(gm)) / (2 * h)).epsilon(1e-6));
      CHECK(t.bwd.dbeta(j) == doctest::Approx((loss(bp) - loss(bm)) / (2 * h)).epsilon(1e-6));
    }
  }
}

TEST_CASE("invariants: x-hat standardized, dbeta = sum dy, eval ignores the batch, running updates") {
  bn::TraceInput in = Toy();
  in.eps = 1e-12;
  const bn::Trace t = bn::BuildTrace(in);
  for (Eigen::Index j = 0; j < 3; ++j) {
    CHECK(std::fabs(t.fwd.xhat.col(j).mean()) < 1e-12);
    CHECK((t.fwd.xhat.col(j).array() - t.fwd.xhat.col(j).mean()).square().mean() == doctest::Approx(1.0));
    CHECK(t.bwd.dbeta(j) == doctest::Approx(in.dy.col(j).sum()));
    // Σ dx = 0 in train mode (a shift of the whole batch changes nothing).
    CHECK(std::fabs(t.bwd.dx.col(j).sum()) < 1e-9);
  }
  // PyTorch's running update, by hand: unbiased variance stored.
  CHECK(t.running_after.mean(0) == doctest::Approx(0.9 * 0 + 0.1 * 3.0));
  CHECK(t.running_after.var(0) == doctest::Approx(0.9 * 1 + 0.1 * 3.5 * 4.0 / 3.0));
  // Keras: momentum weights the old value; default 0.99; biased variance stored.
  bn::TraceInput k = Toy();
  k.running.convention = bn::MomentumConvention::Keras;
  k.running.momentum = 0.99;
  const bn::Trace tk = bn::BuildTrace(k);
  CHECK(tk.running_after.mean(1) == doctest::Approx(0.99 * 0 + 0.01 * 110.0));
  CHECK(tk.running_after.var(1) == doctest::Approx(0.99 * 1 + 0.01 * 500.0));
  // Eval: the statistics are the running ones, whatever the batch; running stats unchanged.
  bn::TraceInput e = Toy();
  e.mode = bn::Mode::Eval;
  e.running.mean << 1, 2, 3;
  e.running.var << 4, 5, 6;
  const bn::Trace te = bn::BuildTrace(e);
  e.x.array() += 10.0;
  const bn::Trace te2 = bn::BuildTrace(e);
  CHECK(te.fwd.mean == e.running.mean);
  CHECK(te2.fwd.var == e.running.var);
  CHECK(te.running_after.mean == e.running.mean);
  CHECK(te2.fwd.y(0, 0) == doctest::Approx(te.fwd.y(0, 0) + 10.0 * 1.5 / std::sqrt(4.0 + 1e-5)));
}

TEST_CASE("Forward and Backward are the trace's own numbers") {
  const bn::TraceInput in = Toy();
  const bn::Trace t = bn::BuildTrace(in);
  const bn::Forward f = bn::BatchNormForward(in.x, in.gamma, in.beta, in.eps, in.mode, in.running);
  CHECK(f.y == t.find("y")->value);
  CHECK(f.xhat == t.find("xhat")->value);
  const bn::Backward b = bn::BatchNormBackward(in.dy, in.x, f, in.gamma, bn::Mode::Train);
  CHECK((b.dx - t.bwd.dx).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((b.dgamma - t.bwd.dgamma).cwiseAbs().maxCoeff() < 1e-12);
  CHECK(b.dbeta == t.bwd.dbeta);
}

TEST_CASE("the trace's steps, in order, with their inputs") {
  bn::TraceInput in = Toy();
  const bn::Trace t = bn::BuildTrace(in);
  std::vector<std::string> keys;
  for (const bn::TraceStep& s : t.steps) keys.push_back(s.key);
  const std::vector<std::string> train = {"sum", "mean", "dev", "sq", "var", "var_eps", "std", "inv_std", "xhat",
                                          "gx", "y", "running_mean", "running_var", "dy", "dbeta", "dgamma",
                                          "dxhat", "dvar", "dmean", "dx"};
  CHECK(keys == train);
  in.mode = bn::Mode::Eval;
  in.has_dy = false;
  keys.clear();
  for (const bn::TraceStep& s : bn::BuildTrace(in).steps) keys.push_back(s.key);
  const std::vector<std::string> eval = {"mean", "var", "dev", "var_eps", "std", "inv_std", "xhat", "gx", "y"};
  CHECK(keys == eval);
  // Every input a step names is x, gamma, beta, eps or an earlier step.
  for (size_t k = 0; k < t.steps.size(); ++k)
    for (const std::string& need : t.steps[k].inputs) {
      const int at = t.index_of(need);
      CAPTURE(t.steps[k].key);
      CAPTURE(need);
      CHECK((need == "x" || need == "gamma" || need == "beta" || need == "eps" || (at >= 0 && at < int(k))));
    }
}

TEST_CASE("formulas with numbers for the default toy batch") {
  bn::TraceInput in;
  in.x.resize(4, 3);
  in.x << 1, 120, -0.5, 2, 80, 0.5, 3, 100, -1.5, 6, 140, 1.5;
  in.gamma = bn::Row::Ones(3);
  in.beta = bn::Row::Zero(3);
  in.running = bn::MakeRunningStats(3);
  const bn::Trace t = bn::BuildTrace(in);
  CHECK(bn::SubstitutedFormula(t, t.index_of("sum"), 0, 1) == "Σx₂ = 120 + 80 + 100 + 140 = 440");
  CHECK(bn::SubstitutedFormula(t, t.index_of("mean"), 0, 1) == "μ₂ = Σx₂ / N = 440 / 4 = 110");
  CHECK(bn::SubstitutedFormula(t, t.index_of("var"), 0, 0) == "σ₁² = (4 + 1 + 0 + 9) / 4 = 3.5");
  CHECK(bn::SubstitutedFormula(t, t.index_of("xhat"), 1, 0) ==
        "x̂₂,₁ = (x₂,₁ − μ₁) / √(σ₁² + ε) = (2 − 3) / √(3.5 + 1e-05) = −0.5345");
  CHECK(bn::SubstitutedFormula(t, t.index_of("dev"), 2, 2) == "d₃,₃ = x₃,₃ − μ₃ = (−1.5) − 0 = −1.5");
  CHECK(bn::FormatNumber(-0.4472136, 4) == "−0.4472");
  CHECK(bn::FormatNumber(1e-5, 4) == "1e-05");
}

TEST_CASE("conv reshapes round-trip and statistics are per channel over N, H, W") {
  bn::Tensor4 t;
  t.n = 2;
  t.c = 3;
  t.h = 2;
  t.w = 2;
  t.data.resize(24);
  for (size_t k = 0; k < 24; ++k) t.data[k] = static_cast<double>(k);
  const bn::Mat m = bn::ToChannelMatrix(t);
  CHECK(m.rows() == 8);
  CHECK(m.cols() == 3);
  const bn::Tensor4 back = bn::FromChannelMatrix(m, 2, 3, 2, 2);
  CHECK(back.data == t.data);
  // Channel 1 holds 4..7 (sample 0) and 16..19 (sample 1): mean 11.5.
  CHECK(m.col(1).mean() == doctest::Approx(11.5));
}

TEST_CASE("bad inputs to BuildTrace are refused with a reason") {
  bn::TraceInput in = Toy();
  in.x = bn::Mat::Ones(1, 3);
  in.has_dy = false;
  CHECK_THROWS_WITH_AS(bn::BuildTrace(in), doctest::Contains("at least 2"), std::invalid_argument);
  in = Toy();
  in.eps = -1;
  CHECK_THROWS_AS(bn::BuildTrace(in), std::invalid_argument);
  in = Toy();
  in.gamma = bn::Row::Ones(2);
  CHECK_THROWS_WITH_AS(bn::BuildTrace(in), doctest::Contains("gamma"), std::invalid_argument);
  in = Toy();
  in.dy = bn::Mat::Ones(3, 3);
  CHECK_THROWS_WITH_AS(bn::BuildTrace(in), doctest::Contains("dy"), std::invalid_argument);
}
