// bench.cpp: BenchBnShape.
#include "core/kernels/bench.hpp"

#include <algorithm>
#include <cstring>

#include "core/kernels/bn_simd.hpp"
#include "core/kernels/thread_pool.hpp"
#include "core/base/clock.hpp"
#include "core/base/rng.hpp"

namespace bn {

namespace {

// Seconds per call of f: the fastest of 10 timing windows of about seconds/10 each (and at least two calls),
// so a burst of other work on the machine spoils a window, not the figure.
template <typename F>
double TimeIt(F f, double seconds) {
  f();  // warm up (page in, caches)
  double best = 1e30;
  for (int window = 0; window < 10; ++window) {
    int reps = 0;
    const double t0 = NowSeconds();
    double t = t0;
    do {
      f();
      ++reps;
      t = NowSeconds();
    } while (t - t0 < seconds / 10 || reps < 2);
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
  r.path = KernelPathName(FastestKernelPath());
  r.threads = KernelThreads();
  // One forward+backward on `path`, on KernelThreads() threads.
  auto run = [&](KernelPath path) {
    if (conv) {
      const int n = shape[0], c = shape[1], hw = shape[2] * shape[3];
      BnConvForward(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), n, c, hw,
                    1e-5f, path);
      BnConvBackward(dx.data(), dg.data(), db.data(), dy.data(), x.data(), mean.data(), inv.data(), gamma.data(), n,
                     c, hw, path);
    } else {
      const int b = shape[0];
      BnDenseForward(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), b, d, 1e-5f,
                     path);
      BnDenseBackward(dx.data(), dg.data(), db.data(), dy.data(), x.data(), mean.data(), inv.data(), gamma.data(), b,
                      d, path);
    }
  };
  const KernelPath fastest = FastestKernelPath();
  r.simd_s = TimeIt([&] { run(fastest); }, seconds);
  SetKernelThreads(1);  // the baselines on one thread
  r.f32x4_s = fastest == KernelPath::kF32x4 && r.threads == 1 ? r.simd_s : TimeIt([&] { run(KernelPath::kF32x4); }, seconds);
  r.scalar_s = TimeIt([&] { run(KernelPath::kScalar); }, seconds);
  SetKernelThreads(r.threads);
  const double copy_s = TimeIt([&] { std::memcpy(copy.data(), x.data(), count * sizeof(float)); }, seconds);
  r.memcpy_gbps = 2.0 * count * sizeof(float) / copy_s / 1e9;
  return r;
}

}  // namespace bn
