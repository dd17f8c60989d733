// test_kernel_paths.cpp: the dispatching BN kernels on every path this machine has (scalar, f32x4, AVX2+FMA)
// and at 1, 2 and 3 kernel threads equal the scalar reference kernels; every path's results are bitwise the
// same for any thread count, and for large dense shapes (taken by rows) the same as its one-thread Columns
// kernels; the statistics are two-pass accurate; the thread pool runs each item once, forwards or backwards.
#include <doctest.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/base/rng.hpp"
#include "core/kernels/bn_paths.hpp"
#include "core/kernels/bn_simd.hpp"
#include "test_util.hpp"
#include "core/kernels/thread_pool.hpp"

namespace {

using testutil::MaxRelErr;
using testutil::Random;

bool SameBits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

std::vector<bn::KernelPath> Paths() {
  std::vector<bn::KernelPath> paths;
  for (bn::KernelPath p : {bn::KernelPath::kScalar, bn::KernelPath::kF32x4, bn::KernelPath::kAvx2})
    if (bn::KernelPathAvailable(p)) paths.push_back(p);
  return paths;
}

// Restores the kernel thread count at the end of a test.
struct ThreadsGuard {
  int saved = bn::KernelThreads();
  ~ThreadsGuard() { bn::SetKernelThreads(saved); }
};

// Every output of one forward+backward.
struct Outputs {
  std::vector<float> y, mean, var, inv_std, dx, dgamma, dbeta;
  std::vector<std::vector<float>*> all() { return {&y, &mean, &var, &inv_std, &dx, &dgamma, &dbeta}; }
};

struct Case {
  bool conv;
  int n, c, hw;  // dense: B = n, D = c (hw = 1)
  double offset;
};

Outputs Run(const Case& s, bool reference, bn::KernelPath path) {
  const size_t count = static_cast<size_t>(s.n) * s.c * s.hw;
  const std::vector<float> x = Random(count, s.offset, 2.0, 11 + s.n + s.c), dy = Random(count, 0, 1, 12 + s.hw);
  const std::vector<float> gamma = Random(s.c, 1, 0.5, 13), beta = Random(s.c, 0, 1, 14);
  Outputs o;
  o.y.resize(count);
  o.dx.resize(count);
  for (auto* v : {&o.mean, &o.var, &o.inv_std, &o.dgamma, &o.dbeta}) v->resize(s.c);
  if (s.conv && reference) {
    bn::BnConvForwardScalar(o.y.data(), o.mean.data(), o.var.data(), o.inv_std.data(), x.data(), gamma.data(),
                            beta.data(), s.n, s.c, s.hw, 1e-5f);
    bn::BnConvBackwardScalar(o.dx.data(), o.dgamma.data(), o.dbeta.data(), dy.data(), x.data(), o.mean.data(),
                             o.inv_std.data(), gamma.data(), s.n, s.c, s.hw);
  } else if (s.conv) {
    bn::BnConvForward(o.y.data(), o.mean.data(), o.var.data(), o.inv_std.data(), x.data(), gamma.data(),
                      beta.data(), s.n, s.c, s.hw, 1e-5f, path);
    bn::BnConvBackward(o.dx.data(), o.dgamma.data(), o.dbeta.data(), dy.data(), x.data(), o.mean.data(),
                       o.inv_std.data(), gamma.data(), s.n, s.c, s.hw, path);
  } else if (reference) {
    bn::BnDenseForwardScalar(o.y.data(), o.mean.data(), o.var.data(), o.inv_std.data(), x.data(), gamma.data(),
                             beta.data(), s.n, s.c, 1e-5f);
    bn::BnDenseBackwardScalar(o.dx.data(), o.dgamma.data(), o.dbeta.data(), dy.data(), x.data(), o.mean.data(),
                              o.inv_std.data(), gamma.data(), s.n, s.c);
  } else {
    bn::BnDenseForward(o.y.data(), o.mean.data(), o.var.data(), o.inv_std.data(), x.data(), gamma.data(),
                       beta.data(), s.n, s.c, 1e-5f, path);
    bn::BnDenseBackward(o.dx.data(), o.dgamma.data(), o.dbeta.data(), dy.data(), x.data(), o.mean.data(),
                        o.inv_std.data(), gamma.data(), s.n, s.c, path);
  }
  return o;
}

// The shapes of test_simd.cpp, then shapes large enough to be split over threads (≥ 32768 values, ≥ 2 items;
// dense ones of 2 MiB and more by rows), with D and H·W not multiples of 8.
const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {false, 2, 1, 1, 0},     {false, 5, 3, 1, 0},    {false, 7, 4, 1, 0},      {false, 16, 5, 1, 0},
      {false, 33, 17, 1, 0},   {false, 64, 16, 1, 0},  {false, 40, 9, 1, 1000},  {false, 3, 1, 1, -50},
      {true, 2, 3, 16, 3},     {true, 1, 2, 5, 3},     {true, 3, 4, 7, 3},       {true, 2, 1, 9, 3},
      {true, 4, 5, 33, 3},
      {false, 1024, 96, 1, 0}, {false, 600, 70, 1, 5}, {false, 300, 131, 1, 0}, {false, 4096, 64, 1, 1},
      {false, 9000, 70, 1, 3}, {false, 2500, 260, 1, 0},  // 2 MiB and more: by rows
      {true, 8, 5, 1000, 3},   {true, 3, 17, 1027, 0}, {true, 32, 8, 256, -2},
  };
  return cases;
}

}  // namespace

TEST_CASE("every kernel path equals the scalar reference at 1, 2 and 3 threads, bitwise the same across threads") {
  ThreadsGuard guard;
  const std::vector<bn::KernelPath> paths = Paths();
  CHECK(paths.size() >= 2);  // scalar and f32x4 everywhere
  MESSAGE("paths on this machine: " << paths.size() << " (fastest: " << std::string(bn::KernelPathName(bn::FastestKernelPath()))
                                    << "), threads built: " << bn::KernelThreadsBuilt());
  for (const Case& s : Cases()) {
    CAPTURE(s.conv);
    CAPTURE(s.n);
    CAPTURE(s.c);
    CAPTURE(s.hw);
    const Outputs want = Run(s, true, bn::KernelPath::kScalar);
    const bool large = static_cast<long>(s.n) * s.c * s.hw >= 32768;
    for (bn::KernelPath path : paths) {
      CAPTURE(bn::KernelPathName(path));
      Outputs first;
      for (int threads : {1, 2, 3}) {
        CAPTURE(threads);
        bn::SetKernelThreads(threads);
        Outputs got = Run(s, false, path);
        const double tol = large ? 2e-5 : 2e-6;  // the same formulas; sums in another order (lanes, FMA)
        CHECK(MaxRelErr(got.y, want.y) < tol);
        CHECK(MaxRelErr(got.mean, want.mean) < tol);
        CHECK(MaxRelErr(got.var, want.var) < tol);
        CHECK(MaxRelErr(got.inv_std, want.inv_std) < tol);
        CHECK(MaxRelErr(got.dx, want.dx) < tol);
        CHECK(MaxRelErr(got.dgamma, want.dgamma) < tol * 10);  // a sum of B·H·W products
        CHECK(MaxRelErr(got.dbeta, want.dbeta) < tol * 10);
        if (threads == 1) {
          first = got;
        } else {
          const auto a = first.all(), b = got.all();
          for (size_t k = 0; k < a.size(); ++k) CHECK(SameBits(*a[k], *b[k]));
        }
      }
      if (path == bn::KernelPath::kScalar) {  // the scalar path is the reference, split into items
        const auto a = first.all();
        Outputs ref = want;
        const auto b = ref.all();
        for (size_t k = 0; k < a.size(); ++k) {
          CAPTURE(k);
          CHECK(SameBits(*a[k], *b[k]));
        }
      }
    }
  }
}

TEST_CASE("large dense shapes go by rows with the one-thread Columns kernels' numbers, bit for bit") {
  // The dispatching kernels take dense shapes of 2 MiB or more by rows (tiles' statistics into a table, merged
  // in tile order; outputs past the caches from 8 MiB on), smaller ones of 32768 values or more by feature ranges;
  // per feature the operations are those of the Columns kernels on one thread. Shapes (all but the first two
  // by rows): by features; D a multiple of 8, of 4 only, odd, below one vector; B not a multiple of 32; few rows
  // and many features (cut into feature groups too); 8 MiB outputs (non-temporal stores), and the same with
  // outputs not 16-byte aligned.
  ThreadsGuard guard;
  struct Shape {
    int b, d;
    double offset;
    int misalign;  // floats the outputs are shifted by
  };
  const Shape shapes[] = {{4096, 64, 1, 0},   {600, 70, 5, 0},    {8000, 70, 5, 0},  {4000, 131, 0, 0},
                          {15000, 36, -3, 0}, {200000, 3, 7, 0},  {64, 8192, 2, 0},  {8192, 256, 0, 0},
                          {8192, 256, 0, 1}};
  for (const Shape& s : shapes) {
    CAPTURE(s.b);
    CAPTURE(s.d);
    CAPTURE(s.misalign);
    const size_t count = static_cast<size_t>(s.b) * s.d;
    const std::vector<float> x = Random(count, s.offset, 2.0, 31 + s.d), dy = Random(count, 0, 1, 32 + s.b);
    const std::vector<float> gamma = Random(s.d, 1, 0.5, 33), beta = Random(s.d, 0, 1, 34);
    for (bn::KernelPath path : Paths()) {
      const std::string path_name = bn::KernelPathName(path);
      CAPTURE(path_name);
      Outputs want, got;
      for (Outputs* o : {&want, &got}) {
        o->y.assign(count + 1, 0.0f);
        o->dx.assign(count + 1, 0.0f);
        for (auto* v : {&o->mean, &o->var, &o->inv_std, &o->dgamma, &o->dbeta}) v->assign(s.d, 0.0f);
      }
      // the Columns kernels over all features, on this thread
      auto forward = &bn::BnDenseForwardScalarColumns;
      auto backward = &bn::BnDenseBackwardScalarColumns;
      if (path == bn::KernelPath::kF32x4) {
        forward = &bn::BnDenseForwardF32x4Columns;
        backward = &bn::BnDenseBackwardF32x4Columns;
      }
#if BNLAB_AVX2_PATH
      if (path == bn::KernelPath::kAvx2) {
        forward = &bn::BnDenseForwardAvx2Columns;
        backward = &bn::BnDenseBackwardAvx2Columns;
      }
#endif
      forward(want.y.data(), want.mean.data(), want.var.data(), want.inv_std.data(), x.data(), gamma.data(),
              beta.data(), s.b, s.d, 0, s.d, 1e-5f);
      backward(want.dx.data(), want.dgamma.data(), want.dbeta.data(), dy.data(), x.data(), want.mean.data(),
               want.inv_std.data(), gamma.data(), s.b, s.d, 0, s.d);
      want.y.pop_back();
      want.dx.pop_back();
      for (int threads : {1, 2, 3}) {
        CAPTURE(threads);
        bn::SetKernelThreads(threads);
        bn::BnDenseForward(got.y.data() + s.misalign, got.mean.data(), got.var.data(), got.inv_std.data(), x.data(),
                           gamma.data(), beta.data(), s.b, s.d, 1e-5f, path);
        bn::BnDenseBackward(got.dx.data() + s.misalign, got.dgamma.data(), got.dbeta.data(), dy.data(), x.data(),
                            got.mean.data(), got.inv_std.data(), gamma.data(), s.b, s.d, path);
        Outputs cut = got;
        cut.y.erase(cut.y.begin(), cut.y.begin() + s.misalign);
        cut.dx.erase(cut.dx.begin(), cut.dx.begin() + s.misalign);
        cut.y.resize(count);
        cut.dx.resize(count);
        const auto a = cut.all(), b = want.all();
        for (size_t k = 0; k < a.size(); ++k) {
          CAPTURE(k);
          CHECK(SameBits(*a[k], *b[k]));
        }
      }
    }
  }
}

TEST_CASE("the variance is two-pass accurate where shifted one-pass sums lose digits") {
  // Every feature: B = 512 values near 10⁴ with standard deviation 1, the first row 1000 away (a shift by the
  // first row would subtract two sums of size ~B·1000² to get one of size ~1000²). Float32 data; the reference
  // is the double two-pass variance of the same float values.
  ThreadsGuard guard;
  const int b = 512, d = 19;
  std::vector<float> x = Random(static_cast<size_t>(b) * d, 1e4, 1.0, 21);
  for (int j = 0; j < d; ++j) x[j] += 1000.0f;
  std::vector<double> var_ref(d);
  for (int j = 0; j < d; ++j) {
    double s = 0, s2 = 0;
    for (int i = 0; i < b; ++i) s += x[static_cast<size_t>(i) * d + j];
    const double m = s / b;
    for (int i = 0; i < b; ++i) s2 += (x[static_cast<size_t>(i) * d + j] - m) * (x[static_cast<size_t>(i) * d + j] - m);
    var_ref[j] = s2 / b;
  }
  const std::vector<float> gamma(d, 1.0f), beta(d, 0.0f);
  std::vector<float> y(x.size()), mean(d), var(d), inv(d);
  for (bn::KernelPath path : Paths()) {
    CAPTURE(bn::KernelPathName(path));
    bn::BnDenseForward(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), b, d,
                       1e-5f, path);
    for (int j = 0; j < d; ++j) CHECK(std::fabs(var[j] - var_ref[j]) / var_ref[j] < 1e-5);
  }
  bn::BnDenseForwardF32x4(y.data(), mean.data(), var.data(), inv.data(), x.data(), gamma.data(), beta.data(), b, d,
                          1e-5f);
  for (int j = 0; j < d; ++j) CHECK(std::fabs(var[j] - var_ref[j]) / var_ref[j] < 1e-5);
}

TEST_CASE("the kernel thread pool runs every item exactly once, for any count and thread count, either way") {
  ThreadsGuard guard;
  for (int threads : {1, 2, 3, 4}) {
    bn::SetKernelThreads(threads);
    CHECK(bn::KernelThreads() == (bn::KernelThreadsBuilt() ? threads : 1));
    for (int count : {0, 1, 2, 3, 7, 64, 1000}) {
      for (int round = 0; round < 50; ++round) {  // back-to-back jobs: a late thread must not run an old one
        std::vector<std::atomic<int>> runs(count);
        for (auto& r : runs) r = 0;
        bn::RunKernelItems(count, [&](int item) { runs[item].fetch_add(1); }, round % 2 == 1);
        int wrong = 0;
        for (auto& r : runs) wrong += r.load() != 1;
        REQUIRE(wrong == 0);
      }
    }
  }
  // On one thread the order is plain: increasing, or backwards decreasing.
  bn::SetKernelThreads(1);
  for (bool backwards : {false, true}) {
    std::vector<int> order;
    bn::RunKernelItems(5, [&](int item) { order.push_back(item); }, backwards);
    CHECK(order == (backwards ? std::vector<int>{4, 3, 2, 1, 0} : std::vector<int>{0, 1, 2, 3, 4}));
  }
  bn::SetKernelThreads(0);  // clamped to 1
  CHECK(bn::KernelThreads() == 1);
}
