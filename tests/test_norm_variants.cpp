// test_norm_variants.cpp: Batch, Layer, Instance and Group normalization (norm_variants.hpp) against
// PyTorch's numbers, against each other and BN's reference, finite differences, and bad input.
//
// Index
//   Helpers            ReadFile, Flat (JSON array → vector), MakeTensor, RandomTensor, RelErr
//   Reference cases    all 48 PyTorch cases (norm_cases.json, 8 per variant); worst relative error per variant
//   Statistics groups  MakeNormGroups counts and sizes, GroupOf order
//   Equivalences       Group G = 1 ≡ Layer, G = C ≡ Instance; Batch ≡ bn::BuildTrace on ToChannelMatrix
//   Gradients          central finite differences of L = Σ w·y for dx, dγ, dβ, one case per variant
//   Bad input          every refused shape/argument with its message
#include <doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/bn/bn.hpp"
#include "core/io/json.hpp"
#include "core/bn/norm_variants.hpp"

#include "test_util.hpp"

namespace {

using testutil::ReadFile;

using bn::NormVariant;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

// A flat JSON array of numbers → vector.
std::vector<double> Flat(const bn::Json& v) {
  std::vector<double> out;
  for (const bn::Json& item : v.items()) out.push_back(item.number());
  return out;
}

bn::Row ToRow(const std::vector<double>& v) {
  return Eigen::Map<const bn::Row>(v.data(), static_cast<Eigen::Index>(v.size()));
}

bn::Tensor4 MakeTensor(int n, int c, int h, int w, std::vector<double> data) {
  bn::Tensor4 t;
  t.n = n;
  t.c = c;
  t.h = h;
  t.w = w;
  t.data = std::move(data);
  return t;
}

// N×C×H×W with values scale·N(0,1) + offset, deterministic in seed.
bn::Tensor4 RandomTensor(int n, int c, int h, int w, unsigned seed, double scale = 1.0, double offset = 0.0) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> data(static_cast<size_t>(n) * c * h * w);
  for (double& v : data) v = offset + scale * normal(rng);
  return MakeTensor(n, c, h, w, std::move(data));
}

bn::Row RandomRow(int c, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  bn::Row r(c);
  for (int i = 0; i < c; ++i) r[i] = normal(rng);
  return r;
}

// max_i |got_i − ref_i| / (1 + |ref_i|); sizes must match.
double RelErr(const std::vector<double>& got, const std::vector<double>& ref) {
  REQUIRE(got.size() == ref.size());
  double worst = 0.0;
  for (size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::abs(got[i] - ref[i]) / (1.0 + std::abs(ref[i])));
  return worst;
}

std::vector<double> RowVec(const bn::Row& r) { return std::vector<double>(r.data(), r.data() + r.size()); }

NormVariant VariantFromName(const std::string& name) {
  if (name == "batch") return NormVariant::Batch;
  if (name == "layer") return NormVariant::Layer;
  if (name == "instance") return NormVariant::Instance;
  if (name == "ghost") return NormVariant::Ghost;
  if (name == "renorm") return NormVariant::Renorm;
  REQUIRE(name == "group");
  return NormVariant::Group;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reference cases
// ---------------------------------------------------------------------------------------------
TEST_CASE("norm variants: every PyTorch reference case, relative error <= 1e-6 (worst per variant)") {
  const bn::Json doc = bn::Json::Parse(ReadFile(std::string(BNLAB_REFERENCE_DIR) + "/norm_cases.json"));
  const auto& cases = doc.get("cases")->items();
  REQUIRE(cases.size() == 48);
  std::map<std::string, std::pair<double, std::string>> worst;  // variant → (error, where)
  std::map<std::string, int> count;
  for (size_t ci = 0; ci < cases.size(); ++ci) {
    const bn::Json& cs = cases[ci];
    const std::string name = cs.get("variant")->string();
    const NormVariant v = VariantFromName(name);
    bn::NormParams params;
    params.variant = v;
    params.groups = static_cast<int>(cs.get("groups")->number());
    params.ghost_batch = static_cast<int>(cs.get("ghost_batch")->number());
    if (v == NormVariant::Renorm) {
      params.running_mean = ToRow(Flat(*cs.get("running_mean")));
      params.running_var = ToRow(Flat(*cs.get("running_var")));
      params.r_max = cs.get("r_max")->number();
      params.d_max = cs.get("d_max")->number();
    }
    const int groups = v == NormVariant::Ghost ? params.ghost_batch : params.groups;
    const std::vector<double> shape = Flat(*cs.get("shape"));
    REQUIRE(shape.size() == 4);
    const int n = int(shape[0]), c = int(shape[1]), h = int(shape[2]), w = int(shape[3]);
    const bn::Json& in = *cs.get("input");
    const bn::Json& expect = *cs.get("expect");
    const bn::Tensor4 x = MakeTensor(n, c, h, w, Flat(*in.get("x")));
    const bn::Tensor4 dy = MakeTensor(n, c, h, w, Flat(*in.get("dy")));
    const bn::Row gamma = ToRow(Flat(*in.get("gamma"))), beta = ToRow(Flat(*in.get("beta")));
    const double eps = in.get("eps")->number();

    const bn::NormResult r = bn::NormForward(x, params, gamma, beta, eps);
    const bn::NormGrads gr = bn::NormBackward(dy, x, r, params, gamma);
    std::vector<std::pair<const char*, std::vector<double>>> got = {
        {"mean", r.mean}, {"var", r.var},   {"inv_std", r.inv_std},          {"xhat", r.xhat.data},
        {"y", r.y.data},  {"dx", gr.dx.data}, {"dgamma", RowVec(gr.dgamma)}, {"dbeta", RowVec(gr.dbeta)}};
    if (v == NormVariant::Renorm) {
      got.push_back({"r", r.r});
      got.push_back({"d", r.d});
    }
    ++count[name];
    for (const auto& [key, value] : got) {
      CAPTURE(ci);
      CAPTURE(name);
      const std::string& key_name = key;  // clang: a structured binding is not captured by CAPTURE's lambda in C++17
      CAPTURE(key_name);
      REQUIRE(expect.get(key) != nullptr);
      const double err = RelErr(value, Flat(*expect.get(key)));
      CHECK(err <= 1e-6);
      if (err >= worst[name].first)
        worst[name] = {err, "case " + std::to_string(ci) + " (" + (v == NormVariant::Ghost ? "B" : "G") + " = " +
                                std::to_string(groups) + ") " + key};
    }
  }
  for (const char* name : {"batch", "layer", "instance", "group", "ghost", "renorm"}) {
    CHECK(count[name] == 8);
    MESSAGE(std::string(name) << " vs PyTorch, " << count[name] << " cases: worst relative error " << worst[name].first
                 << " at " << worst[name].second);
  }
}

// ---------------------------------------------------------------------------------------------
// Statistics groups
// ---------------------------------------------------------------------------------------------
TEST_CASE("norm variants: MakeNormGroups counts and sizes, GroupOf in the documented order") {
  const int n = 3, c = 6, h = 2, w = 5;
  struct Expect {
    NormVariant v;
    int groups, count, size;
  };
  for (const Expect& e : {Expect{NormVariant::Batch, 99, c, n * h * w}, Expect{NormVariant::Layer, 99, n, c * h * w},
                          Expect{NormVariant::Instance, 99, n * c, h * w},
                          Expect{NormVariant::Group, 3, n * 3, 2 * h * w}}) {
    CAPTURE(bn::NormVariantName(e.v));
    const bn::NormGroups s = bn::MakeNormGroups(n, c, h, w, e.v, e.groups);
    CHECK(s.count == e.count);
    CHECK(s.size == e.size);
    // Every group index is in range, and every group holds exactly M values (H·W per (n, c) plane).
    std::vector<int> members(s.count, 0);
    for (int ni = 0; ni < n; ++ni)
      for (int ci = 0; ci < c; ++ci) {
        const int k = bn::GroupOf(s, ni, ci);
        REQUIRE(k >= 0);
        REQUIRE(k < s.count);
        members[k] += h * w;
      }
    for (int k = 0; k < s.count; ++k) CHECK(members[k] == s.size);
  }
  // Order: Batch c; Layer n; Instance n·C + c; Group n·G + c/(C/G).
  CHECK(bn::GroupOf(bn::MakeNormGroups(n, c, h, w, NormVariant::Batch, 1), 2, 4) == 4);
  CHECK(bn::GroupOf(bn::MakeNormGroups(n, c, h, w, NormVariant::Layer, 1), 2, 4) == 2);
  CHECK(bn::GroupOf(bn::MakeNormGroups(n, c, h, w, NormVariant::Instance, 1), 2, 4) == 2 * 6 + 4);
  CHECK(bn::GroupOf(bn::MakeNormGroups(n, c, h, w, NormVariant::Group, 3), 2, 4) == 2 * 3 + 2);
  CHECK(bn::GroupOf(bn::MakeNormGroups(n, c, h, w, NormVariant::Group, 2), 1, 2) == 1 * 2 + 0);
}

// ---------------------------------------------------------------------------------------------
// Equivalences
// ---------------------------------------------------------------------------------------------
TEST_CASE("norm variants: GroupNorm with G = 1 equals LayerNorm, G = C equals InstanceNorm (to 1e-12)") {
  const int n = 3, c = 4, h = 3, w = 2;
  const bn::Tensor4 x = RandomTensor(n, c, h, w, 11, 2.0, 5.0), dy = RandomTensor(n, c, h, w, 12);
  const bn::Row gamma = RandomRow(c, 13), beta = RandomRow(c, 14);
  const double eps = 1e-5;
  auto same = [&](NormVariant a, int ga, NormVariant b, int gb) {
    const bn::NormResult ra = bn::NormForward(x, a, ga, gamma, beta, eps);
    const bn::NormResult rb = bn::NormForward(x, b, gb, gamma, beta, eps);
    const bn::NormGrads da = bn::NormBackward(dy, x, ra, a, ga, gamma);
    const bn::NormGrads db = bn::NormBackward(dy, x, rb, b, gb, gamma);
    CHECK(RelErr(ra.mean, rb.mean) <= 1e-12);
    CHECK(RelErr(ra.var, rb.var) <= 1e-12);
    CHECK(RelErr(ra.inv_std, rb.inv_std) <= 1e-12);
    CHECK(RelErr(ra.xhat.data, rb.xhat.data) <= 1e-12);
    CHECK(RelErr(ra.y.data, rb.y.data) <= 1e-12);
    CHECK(RelErr(da.dx.data, db.dx.data) <= 1e-12);
    CHECK(RelErr(RowVec(da.dgamma), RowVec(db.dgamma)) <= 1e-12);
    CHECK(RelErr(RowVec(da.dbeta), RowVec(db.dbeta)) <= 1e-12);
  };
  SUBCASE("G = 1 is Layer") { same(NormVariant::Group, 1, NormVariant::Layer, 0); }
  SUBCASE("G = C is Instance") { same(NormVariant::Group, c, NormVariant::Instance, 0); }
}

TEST_CASE("norm variants: Batch equals bn::BuildTrace on ToChannelMatrix (forward and backward)") {
  for (unsigned seed : {21u, 22u, 23u}) {
    const int n = 2 + int(seed % 3), c = 3, h = 2, w = 3;
    const bn::Tensor4 x = RandomTensor(n, c, h, w, seed, 3.0, seed == 23u ? 1000.0 : 0.0);
    const bn::Tensor4 dy = RandomTensor(n, c, h, w, seed + 100);
    const bn::Row gamma = RandomRow(c, seed + 200), beta = RandomRow(c, seed + 300);
    const double eps = 1e-3;
    const bn::NormResult r = bn::NormForward(x, NormVariant::Batch, 1, gamma, beta, eps);
    const bn::NormGrads g = bn::NormBackward(dy, x, r, NormVariant::Batch, 1, gamma);

    bn::TraceInput in;
    in.x = bn::ToChannelMatrix(x);
    in.gamma = gamma;
    in.beta = beta;
    in.eps = eps;
    in.mode = bn::Mode::Train;
    in.running = bn::MakeRunningStats(c);
    in.has_dy = true;
    in.dy = bn::ToChannelMatrix(dy);
    const bn::Trace t = bn::BuildTrace(in);
    CAPTURE(seed);
    CHECK(RelErr(r.mean, RowVec(t.fwd.mean)) <= 1e-12);
    CHECK(RelErr(r.var, RowVec(t.fwd.var)) <= 1e-12);
    CHECK(RelErr(r.inv_std, RowVec(t.fwd.inv_std)) <= 1e-12);
    CHECK(RelErr(r.xhat.data, bn::FromChannelMatrix(t.fwd.xhat, n, c, h, w).data) <= 1e-12);
    CHECK(RelErr(r.y.data, bn::FromChannelMatrix(t.fwd.y, n, c, h, w).data) <= 1e-12);
    CHECK(RelErr(g.dx.data, bn::FromChannelMatrix(t.bwd.dx, n, c, h, w).data) <= 1e-12);
    CHECK(RelErr(RowVec(g.dgamma), RowVec(t.bwd.dgamma)) <= 1e-12);
    CHECK(RelErr(RowVec(g.dbeta), RowVec(t.bwd.dbeta)) <= 1e-12);
  }
}

// ---------------------------------------------------------------------------------------------
// Gradients
// ---------------------------------------------------------------------------------------------
TEST_CASE("norm variants: central finite differences of L = sum(w * y) agree with dx, dgamma, dbeta") {
  struct Small {
    NormVariant v;
    int groups, n, c, h, w;
  };
  for (const Small& s : {Small{NormVariant::Batch, 1, 2, 3, 2, 2}, Small{NormVariant::Layer, 1, 2, 3, 2, 1},
                         Small{NormVariant::Instance, 1, 2, 2, 2, 2}, Small{NormVariant::Group, 2, 2, 4, 2, 1}}) {
    CAPTURE(bn::NormVariantName(s.v));
    const bn::Tensor4 x = RandomTensor(s.n, s.c, s.h, s.w, 31, 1.5, 0.5);
    const bn::Tensor4 wt = RandomTensor(s.n, s.c, s.h, s.w, 32);  // L = Σ w·y, so ∂L/∂y = w = dy
    const bn::Row gamma = RandomRow(s.c, 33), beta = RandomRow(s.c, 34);
    const double eps = 1e-3, step = 1e-6;
    const bn::NormResult r = bn::NormForward(x, s.v, s.groups, gamma, beta, eps);
    const bn::NormGrads g = bn::NormBackward(wt, x, r, s.v, s.groups, gamma);
    auto loss = [&](const bn::Tensor4& xp, const bn::Row& gp, const bn::Row& bp) {
      const bn::NormResult f = bn::NormForward(xp, s.v, s.groups, gp, bp, eps);
      double l = 0.0;
      for (size_t i = 0; i < f.y.data.size(); ++i) l += wt.data[i] * f.y.data[i];
      return l;
    };
    double worst = 0.0;
    for (size_t i = 0; i < x.data.size(); ++i) {  // ∂L/∂x_i ≈ (L(x + h·e_i) − L(x − h·e_i)) / 2h
      bn::Tensor4 xp = x, xm = x;
      xp.data[i] += step;
      xm.data[i] -= step;
      const double num = (loss(xp, gamma, beta) - loss(xm, gamma, beta)) / (2 * step);
      worst = std::max(worst, std::abs(num - g.dx.data[i]) / (1.0 + std::abs(num)));
    }
    for (int ci = 0; ci < s.c; ++ci) {  // ∂L/∂γ_c and ∂L/∂β_c
      bn::Row gp = gamma, gm = gamma, bp = beta, bm = beta;
      gp[ci] += step;
      gm[ci] -= step;
      bp[ci] += step;
      bm[ci] -= step;
      const double num_g = (loss(x, gp, beta) - loss(x, gm, beta)) / (2 * step);
      const double num_b = (loss(x, gamma, bp) - loss(x, gamma, bm)) / (2 * step);
      worst = std::max(worst, std::abs(num_g - g.dgamma[ci]) / (1.0 + std::abs(num_g)));
      worst = std::max(worst, std::abs(num_b - g.dbeta[ci]) / (1.0 + std::abs(num_b)));
    }
    CHECK(worst <= 1e-6);
  }
}

// ---------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------
TEST_CASE("norm variants: bad input is refused with a one-line message") {
  auto forward = [](int n, int c, int h, int w, NormVariant v, int groups) {
    return bn::NormForward(RandomTensor(n, c, h, w, 41), v, groups, bn::Row::Ones(c), bn::Row::Zero(c), 1e-5);
  };
  SUBCASE("groups") {
    CHECK_THROWS_WITH_AS(forward(2, 6, 2, 2, NormVariant::Group, 4), "groups: C = 6 is not divisible by G = 4",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(forward(2, 6, 2, 2, NormVariant::Group, 0), "groups: G = 0 must be between 1 and C = 6",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(forward(2, 6, 2, 2, NormVariant::Group, 7), "groups: G = 7 must be between 1 and C = 6",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(forward(2, 6, 2, 2, NormVariant::Group, -2), "groups: G = -2 must be between 1 and C = 6",
                         std::invalid_argument);
    CHECK_NOTHROW(forward(2, 6, 2, 2, NormVariant::Layer, 4));  // G is ignored outside NormVariant::Group
  }
  SUBCASE("a statistics group with a single value") {
    CHECK_THROWS_WITH_AS(forward(3, 2, 1, 1, NormVariant::Instance, 1),
                         "Instance norm: each statistics group has M = H·W = 1 value; at least 2 are needed for a variance",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(forward(1, 3, 1, 1, NormVariant::Batch, 1), doctest::Contains("Batch norm: each statistics group has M = N·H·W = 1 value"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(forward(4, 1, 1, 1, NormVariant::Layer, 1), doctest::Contains("Layer norm: each statistics group has M = C·H·W = 1 value"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(forward(2, 4, 1, 1, NormVariant::Group, 4),
                         doctest::Contains("Group norm: each statistics group has M = (C/G)·H·W = 1 value"),
                         std::invalid_argument);
    CHECK_NOTHROW(forward(2, 4, 1, 1, NormVariant::Group, 2));  // 2 channels per group: M = 2
  }
  SUBCASE("empty tensor and data size") {
    CHECK_THROWS_WITH_AS(forward(0, 3, 2, 2, NormVariant::Batch, 1), "norm: empty tensor (N×C×H×W = 0×3×2×2)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(bn::NormForward(bn::Tensor4{}, NormVariant::Layer, 1, bn::Row(), bn::Row(), 1e-5),
                         "norm: empty tensor (N×C×H×W = 0×0×0×0)", std::invalid_argument);
    bn::Tensor4 x = RandomTensor(2, 3, 2, 2, 42);
    x.data.pop_back();
    CHECK_THROWS_WITH_AS(bn::NormForward(x, NormVariant::Batch, 1, bn::Row::Ones(3), bn::Row::Zero(3), 1e-5),
                         "norm: x holds 23 values, expected N·C·H·W = 24", std::invalid_argument);
  }
  SUBCASE("gamma, beta, eps") {
    const bn::Tensor4 x = RandomTensor(2, 6, 2, 2, 43);
    CHECK_THROWS_WITH_AS(bn::NormForward(x, NormVariant::Batch, 1, bn::Row::Ones(5), bn::Row::Zero(6), 1e-5),
                         "norm: gamma has 5 values, expected C = 6", std::invalid_argument);
    CHECK_THROWS_WITH_AS(bn::NormForward(x, NormVariant::Instance, 1, bn::Row::Ones(6), bn::Row::Zero(7), 1e-5),
                         "norm: beta has 7 values, expected C = 6", std::invalid_argument);
    CHECK_THROWS_WITH_AS(bn::NormForward(x, NormVariant::Group, 3, bn::Row::Ones(6), bn::Row::Zero(6), -0.001),
                         "norm: eps = -0.001 must be >= 0", std::invalid_argument);
    CHECK_THROWS_WITH_AS(bn::NormForward(x, NormVariant::Group, 3, bn::Row::Ones(6), bn::Row::Zero(6), std::nan("")),
                         "norm: eps = nan must be >= 0", std::invalid_argument);
    CHECK_NOTHROW(bn::NormForward(x, NormVariant::Group, 3, bn::Row::Ones(6), bn::Row::Zero(6), 0.0));
  }
  SUBCASE("backward: dy, forward and gamma must belong together") {
    const bn::Tensor4 x = RandomTensor(2, 6, 2, 2, 44), dy = RandomTensor(2, 6, 2, 2, 45);
    const bn::Row gamma = bn::Row::Ones(6);
    const bn::NormResult r = bn::NormForward(x, NormVariant::Group, 3, gamma, bn::Row::Zero(6), 1e-5);
    CHECK_NOTHROW(bn::NormBackward(dy, x, r, NormVariant::Group, 3, gamma));
    CHECK_THROWS_WITH_AS(bn::NormBackward(RandomTensor(2, 6, 4, 1, 46), x, r, NormVariant::Group, 3, gamma),
                         "norm: dy is 2×6×4×1, x is 2×6×2×2", std::invalid_argument);
    CHECK_THROWS_WITH_AS(bn::NormBackward(dy, x, r, NormVariant::Group, 2, gamma),
                         "norm: the forward result does not belong to this x, variant and G", std::invalid_argument);
    CHECK_THROWS_WITH_AS(bn::NormBackward(dy, x, r, NormVariant::Layer, 3, gamma),
                         "norm: the forward result does not belong to this x, variant and G", std::invalid_argument);
    CHECK_THROWS_WITH_AS(bn::NormBackward(dy, x, r, NormVariant::Group, 3, bn::Row::Ones(3)),
                         "norm: gamma has 3 values, expected C = 6", std::invalid_argument);
    CHECK_THROWS_WITH_AS(bn::NormBackward(dy, x, r, NormVariant::Group, 4, gamma),
                         "groups: C = 6 is not divisible by G = 4", std::invalid_argument);
  }
}
