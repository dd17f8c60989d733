// bench.cpp: BenchBnShape.
#include "core/kernels/bench.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

#if !defined(__EMSCRIPTEN__)
#include <unistd.h>
#endif

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

BenchResult BenchBnShape(const std::string& kind, const std::vector<int>& shape, double seconds,
                         const BenchOptions& options) {
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
  r.forward_bytes = (2.0 * count + 5.0 * d) * sizeof(float);  // the traffic model (bench.hpp)
  r.backward_bytes = (3.0 * count + 5.0 * d) * sizeof(float);
  r.path = KernelPathName(FastestKernelPath());
  r.threads = KernelThreads();
  // One forward and/or backward on `path`, on KernelThreads() threads.
  auto forward = [&](KernelPath path) {
    if (conv)
      BnConvForward(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), shape[0],
                    shape[1], shape[2] * shape[3], 1e-5f, path);
    else
      BnDenseForward(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), shape[0], d,
                     1e-5f, path);
  };
  auto backward = [&](KernelPath path) {
    if (conv)
      BnConvBackward(dx.data(), dg.data(), db.data(), dy.data(), x.data(), mean.data(), inv.data(), gamma.data(),
                     shape[0], shape[1], shape[2] * shape[3], path);
    else
      BnDenseBackward(dx.data(), dg.data(), db.data(), dy.data(), x.data(), mean.data(), inv.data(), gamma.data(),
                      shape[0], d, path);
  };
  auto run = [&](KernelPath path) {
    forward(path);
    backward(path);
  };
  const KernelPath fastest = FastestKernelPath();
  r.simd_s = TimeIt([&] { run(fastest); }, seconds);
  if (options.apart) {
    r.forward_s = TimeIt([&] { forward(fastest); }, seconds);
    r.backward_s = TimeIt([&] { backward(fastest); }, seconds);  // on the statistics of the last forward
  }
  if (options.baselines) {
    SetKernelThreads(1);  // the baselines on one thread
    r.f32x4_s = fastest == KernelPath::kF32x4 && r.threads == 1 ? r.simd_s
                                                                 : TimeIt([&] { run(KernelPath::kF32x4); }, seconds);
    r.scalar_s = TimeIt([&] { run(KernelPath::kScalar); }, seconds);
    SetKernelThreads(r.threads);
  }
  const double copy_s = TimeIt([&] { std::memcpy(copy.data(), x.data(), count * sizeof(float)); }, seconds);
  r.memcpy_gbps = 2.0 * count * sizeof(float) / copy_s / 1e9;
  return r;
}

long LastLevelCacheBytes() {
#if defined(_SC_LEVEL3_CACHE_SIZE) && defined(_SC_LEVEL2_CACHE_SIZE)
  const long l3 = sysconf(_SC_LEVEL3_CACHE_SIZE);
  if (l3 > 0) return l3;
  const long l2 = sysconf(_SC_LEVEL2_CACHE_SIZE);
  if (l2 > 0) return l2;
#endif
  return 0;
}

double MemcpyGbps(long bytes, int copies) {
  const size_t n = static_cast<size_t>(bytes);
  std::unique_ptr<char, void (*)(void*)> from(static_cast<char*>(std::malloc(n)), std::free),
      to(static_cast<char*>(std::malloc(n)), std::free);
  if (!from || !to) return 0;
  std::memset(from.get(), 1, n);  // page both in before timing
  std::memset(to.get(), 2, n);
  double best = 1e30;
  for (int k = 0; k < copies + 1; ++k) {
    const double t0 = NowSeconds();
    std::memcpy(to.get(), from.get(), n);
    const double t = NowSeconds() - t0;
    if (k > 0) best = std::min(best, t);
  }
  volatile char sink = to.get()[n / 2];  // the copy is used
  (void)sink;
  return 2.0 * static_cast<double>(bytes) / best / 1e9;
}

}  // namespace bn
