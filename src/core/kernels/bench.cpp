// bench.cpp: BenchBnShape.
#include "core/kernels/bench.hpp"

#include <cstring>

#include "core/kernels/bn_simd.hpp"
#include "core/base/clock.hpp"
#include "core/base/rng.hpp"

namespace bn {

namespace {

// Runs f repeatedly for at least `seconds` (and at least twice per round); seconds per call, best of 3 rounds.
template <typename F>
double TimeIt(F f, double seconds) {
  f();  // warm up (page in, caches)
  double best = 1e30;
  for (int round = 0; round < 3; ++round) {
    int reps = 0;
    const double t0 = NowSeconds();
    double t = t0;
    do {
      f();
      ++reps;
      t = NowSeconds();
    } while (t - t0 < seconds / 3 || reps < 2);
    best = std::min(best, (t - t0) / reps);
  }
  return best;
}

}  // namespace

BenchResult BenchBnShape(const std::string& kind, const std::vector<int>& shape, double seconds) {
  const bool conv = kind == "conv";
  const long count = conv ? static_cast<long>(shape[0]) * shape[1] * shape[2] * shape[3]
                          : static_cast<long>(shape[0]) * shape[1];
  const int d = shape[1];
  Rng rng(1);
  std::vector<float> x(count), dy(count), y(count), dx(count), copy(count);
  for (long k = 0; k < count; ++k) {
    x[k] = static_cast<float>(rng.Normal(1.0, 2.0));
    dy[k] = static_cast<float>(rng.Normal());
  }
  std::vector<float> gamma(d, 1.5f), beta(d, 0.25f), mean(d), var(d), inv(d), dg(d), db(d);
  BenchResult r;
  r.kind = kind;
  r.shape = shape;
  r.bytes = 7.0 * count * sizeof(float);
  if (conv) {
    const int n = shape[0], c = shape[1], hw = shape[2] * shape[3];
    r.simd_s = TimeIt([&] {
      BnConvForwardF32x4(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), n, c, hw, 1e-5f);
      BnConvBackwardF32x4(dx.data(), dg.data(), db.data(), dy.data(), x.data(), mean.data(), inv.data(), gamma.data(), n, c, hw);
    }, seconds);
    r.scalar_s = TimeIt([&] {
      BnConvForwardScalar(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), n, c, hw, 1e-5f);
      BnConvBackwardScalar(dx.data(), dg.data(), db.data(), dy.data(), x.data(), mean.data(), inv.data(), gamma.data(), n, c, hw);
    }, seconds);
  } else {
    const int b = shape[0];
    r.simd_s = TimeIt([&] {
      BnDenseForwardF32x4(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), b, d, 1e-5f);
      BnDenseBackwardF32x4(dx.data(), dg.data(), db.data(), dy.data(), x.data(), mean.data(), inv.data(), gamma.data(), b, d);
    }, seconds);
    r.scalar_s = TimeIt([&] {
      BnDenseForwardScalar(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), b, d, 1e-5f);
      BnDenseBackwardScalar(dx.data(), dg.data(), db.data(), dy.data(), x.data(), mean.data(), inv.data(), gamma.data(), b, d);
    }, seconds);
  }
  const double copy_s = TimeIt([&] { std::memcpy(copy.data(), x.data(), count * sizeof(float)); }, seconds);
  r.memcpy_gbps = 2.0 * count * sizeof(float) / copy_s / 1e9;
  return r;
}

}  // namespace bn
