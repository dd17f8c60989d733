// test_simd.cpp: the f32x4 kernels against the scalar reference kernels and the double reference BN, for
// every shape class: D (or H·W) not a multiple of 4, D = 1, large common offsets.
#include <doctest.h>

#include <cmath>
#include <vector>

#include "core/bn/bn.hpp"
#include "core/kernels/bn_simd.hpp"
#include "test_util.hpp"
#include "core/base/rng.hpp"

namespace {

using testutil::MaxRelErr;
using testutil::Random;

}  // namespace

TEST_CASE("dense f32x4 kernels equal the scalar reference and the double reference BN") {
  struct Shape { int b, d; double offset; };
  for (const Shape s : {Shape{2, 1, 0}, Shape{5, 3, 0}, Shape{7, 4, 0}, Shape{16, 5, 0}, Shape{33, 17, 0},
                        Shape{64, 16, 0}, Shape{40, 9, 1000.0}, Shape{3, 1, -50.0}}) {
    CAPTURE(s.b);
    CAPTURE(s.d);
    const size_t n = static_cast<size_t>(s.b) * s.d;
    const std::vector<float> x = Random(n, s.offset, 2.0, 1 + s.b), dy = Random(n, 0, 1, 2 + s.d);
    const std::vector<float> gamma = Random(s.d, 1, 0.5, 3), beta = Random(s.d, 0, 1, 4);
    std::vector<float> y(n), y_ref(n), dx(n), dx_ref(n), mean(s.d), var(s.d), inv(s.d), mean_r(s.d), var_r(s.d),
        inv_r(s.d), dg(s.d), db(s.d), dg_r(s.d), db_r(s.d);
    bn::BnDenseForwardF32x4(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), s.b,
                            s.d, 1e-5f);
    bn::BnDenseForwardScalar(y_ref.data(), mean_r.data(), var_r.data(), inv_r.data(), x.data(), gamma.data(),
                             beta.data(), s.b, s.d, 1e-5f);
    bn::BnDenseBackwardF32x4(dx.data(), dg.data(), db.data(), dy.data(), x.data(), mean.data(), inv.data(),
                             gamma.data(), s.b, s.d);
    bn::BnDenseBackwardScalar(dx_ref.data(), dg_r.data(), db_r.data(), dy.data(), x.data(), mean_r.data(),
                              inv_r.data(), gamma.data(), s.b, s.d);
    CHECK(MaxRelErr(y, y_ref) < 1e-6);
    CHECK(MaxRelErr(dx, dx_ref) < 1e-6);
    CHECK(MaxRelErr(dg, dg_r) < 1e-6);
    // Against the double reference.
    bn::TraceInput in;
    in.x.resize(s.b, s.d);
    in.dy.resize(s.b, s.d);
    for (size_t k = 0; k < n; ++k) {
      in.x.data()[k] = x[k];
      in.dy.data()[k] = dy[k];
    }
    in.gamma = Eigen::Map<const Eigen::RowVectorXf>(gamma.data(), s.d).cast<double>();
    in.beta = Eigen::Map<const Eigen::RowVectorXf>(beta.data(), s.d).cast<double>();
    in.running = bn::MakeRunningStats(s.d);
    in.has_dy = true;
    in.eps = 1e-5f;
    const bn::Trace t = bn::BuildTrace(in);
    std::vector<float> y64(n), dx64(n);
    for (size_t k = 0; k < n; ++k) {
      y64[k] = static_cast<float>(t.fwd.y.data()[k]);
      dx64[k] = static_cast<float>(t.bwd.dx.data()[k]);
    }
    const double tol = s.offset != 0 ? 2e-3 : 2e-5;  // float32 data near 1000: ~1e-4 of the spread per ulp
    CHECK(MaxRelErr(y, y64) < tol);
    CHECK(MaxRelErr(dx, dx64) < tol);
  }
}

TEST_CASE("conv f32x4 kernels equal the scalar reference and the double reference (per channel over N, H, W)") {
  struct Shape { int n, c, hw; };
  for (const Shape s : {Shape{2, 3, 16}, Shape{1, 2, 5}, Shape{3, 4, 1 * 7}, Shape{2, 1, 9}, Shape{4, 5, 33}}) {
    CAPTURE(s.hw);
    const size_t count = static_cast<size_t>(s.n) * s.c * s.hw;
    const std::vector<float> x = Random(count, 3, 2, 5 + s.hw), dy = Random(count, 0, 1, 6);
    const std::vector<float> gamma = Random(s.c, 1, 0.5, 7), beta = Random(s.c, 0, 1, 8);
    std::vector<float> y(count), y_r(count), dx(count), dx_r(count), m(s.c), v(s.c), is(s.c), m_r(s.c), v_r(s.c),
        is_r(s.c), dg(s.c), db(s.c), dg_r(s.c), db_r(s.c);
    bn::BnConvForwardF32x4(y.data(), m.data(), v.data(), is.data(), x.data(), gamma.data(), beta.data(), s.n, s.c,
                           s.hw, 1e-5f);
    bn::BnConvForwardScalar(y_r.data(), m_r.data(), v_r.data(), is_r.data(), x.data(), gamma.data(), beta.data(),
                            s.n, s.c, s.hw, 1e-5f);
    bn::BnConvBackwardF32x4(dx.data(), dg.data(), db.data(), dy.data(), x.data(), m.data(), is.data(), gamma.data(),
                            s.n, s.c, s.hw);
    bn::BnConvBackwardScalar(dx_r.data(), dg_r.data(), db_r.data(), dy.data(), x.data(), m_r.data(), is_r.data(),
                             gamma.data(), s.n, s.c, s.hw);
    CHECK(MaxRelErr(y, y_r) < 2e-6);
    CHECK(MaxRelErr(dx, dx_r) < 2e-6);
    // Double reference through the conv reshape.
    bn::Tensor4 t4;
    t4.n = s.n;
    t4.c = s.c;
    t4.h = 1;
    t4.w = s.hw;
    t4.data.assign(x.begin(), x.end());
    bn::Tensor4 g4 = t4;
    g4.data.assign(dy.begin(), dy.end());
    bn::TraceInput in;
    in.x = bn::ToChannelMatrix(t4);
    in.dy = bn::ToChannelMatrix(g4);
    in.has_dy = true;
    in.gamma = Eigen::Map<const Eigen::RowVectorXf>(gamma.data(), s.c).cast<double>();
    in.beta = Eigen::Map<const Eigen::RowVectorXf>(beta.data(), s.c).cast<double>();
    in.running = bn::MakeRunningStats(s.c);
    in.eps = 1e-5f;
    const bn::Trace tr = bn::BuildTrace(in);
    const bn::Tensor4 y_ref = bn::FromChannelMatrix(tr.fwd.y, s.n, s.c, 1, s.hw);
    const bn::Tensor4 dx_ref = bn::FromChannelMatrix(tr.bwd.dx, s.n, s.c, 1, s.hw);
    std::vector<float> y64(y_ref.data.begin(), y_ref.data.end()), dx64(dx_ref.data.begin(), dx_ref.data.end());
    CHECK(MaxRelErr(y, y64) < 2e-5);
    CHECK(MaxRelErr(dx, dx64) < 2e-5);
  }
}

TEST_CASE("matrix products and the running update match plain loops") {
  for (int n : {1, 3, 4, 7, 16}) {
    const int m = 5, k = 6;
    const std::vector<float> a = Random(static_cast<size_t>(m) * k, 0, 1, 9), b = Random(static_cast<size_t>(k) * n, 0, 1, 10);
    std::vector<float> c(static_cast<size_t>(m) * n), c_ref(c.size());
    bn::MatMulF32x4(c.data(), a.data(), b.data(), m, k, n);
    bn::MatMulScalar(c_ref.data(), a.data(), b.data(), m, k, n);
    CHECK(MaxRelErr(c, c_ref) < 1e-6);
    // aᵀ·b for a (M×K) and b (M×N) → K×N; a·bᵀ for a (M×K), b (N×K) → M×N
    const std::vector<float> b2 = Random(static_cast<size_t>(m) * n, 0, 1, 11);
    std::vector<float> atb(static_cast<size_t>(k) * n), atb_ref(atb.size());
    bn::MatMulAtBF32x4(atb.data(), a.data(), b2.data(), m, k, n);
    for (int kk = 0; kk < k; ++kk)
      for (int j = 0; j < n; ++j) {
        float s = 0;
        for (int i = 0; i < m; ++i) s += a[i * k + kk] * b2[i * n + j];
        atb_ref[kk * n + j] = s;
      }
    CHECK(MaxRelErr(atb, atb_ref) < 1e-6);
    const std::vector<float> b3 = Random(static_cast<size_t>(n) * k, 0, 1, 12);
    std::vector<float> abt(static_cast<size_t>(m) * n), abt_ref(abt.size());
    bn::MatMulABtF32x4(abt.data(), a.data(), b3.data(), m, k, n);
    for (int i = 0; i < m; ++i)
      for (int j = 0; j < n; ++j) {
        float s = 0;
        for (int q = 0; q < k; ++q) s += a[i * k + q] * b3[j * k + q];
        abt_ref[i * n + j] = s;
      }
    CHECK(MaxRelErr(abt, abt_ref) < 1e-6);
  }
  std::vector<float> rm = {0, 1, 2, 3, 4}, rv = {1, 1, 1, 1, 1};
  const std::vector<float> mean = {1, 2, 3, 4, 5}, var = {2, 2, 2, 2, 2};
  bn::BnRunningUpdateF32x4(rm.data(), rv.data(), mean.data(), var.data(), 5, 4, 0.1f);
  CHECK(rm[4] == doctest::Approx(0.9 * 4 + 0.1 * 5));
  CHECK(rv[4] == doctest::Approx(0.9 * 1 + 0.1 * 2 * 4.0 / 3.0));
}
