// bn_dispatch.cpp: the dispatching kernels of bn_simd.hpp: pick the path, cut the shape into work items
// (fixed by the shape alone, never by the thread count) and run them on the kernel thread pool.
#include <algorithm>

#include "core/kernels/bn_paths.hpp"
#include "core/kernels/bn_simd.hpp"
#include "core/kernels/thread_pool.hpp"

namespace bn {

namespace {

constexpr long kMinParallel = 32768;  // values below which one thread is faster than waking another
constexpr int kDenseItem = 32;        // dense items start at multiples of 32 features (whole blocks on every path)

bool CpuHasAvx2Fma() {
#if BNLAB_AVX2_PATH
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
#else
  return false;
#endif
}

// The path's range kernels (bn_paths.hpp); a path this build or processor lacks falls back to f32x4.
struct PathKernels {
  decltype(&BnDenseForwardF32x4Columns) dense_forward;
  decltype(&BnDenseBackwardF32x4Columns) dense_backward;
  decltype(&BnConvForwardF32x4Channels) conv_forward;
  decltype(&BnConvBackwardF32x4Channels) conv_backward;
};

PathKernels KernelsOf(KernelPath path) {
  if (path == KernelPath::kScalar)
    return {BnDenseForwardScalarColumns, BnDenseBackwardScalarColumns, BnConvForwardScalarChannels,
            BnConvBackwardScalarChannels};
#if BNLAB_AVX2_PATH
  if (path == KernelPath::kAvx2 && CpuHasAvx2Fma())
    return {BnDenseForwardAvx2Columns, BnDenseBackwardAvx2Columns, BnConvForwardAvx2Channels, BnConvBackwardAvx2Channels};
#endif
  return {BnDenseForwardF32x4Columns, BnDenseBackwardF32x4Columns, BnConvForwardF32x4Channels, BnConvBackwardF32x4Channels};
}

// Runs f(first, last) over [0, total): on one thread, or, when the shape pays for it, cut into one item per
// thread at multiples of `width` (so a range's blocks never depend on the thread count) on the pool.
template <typename F>
void Split(long values, int total, int width, F f) {
  const int groups = (total + width - 1) / width;
  const int items = std::min(groups, KernelThreads());
  if (items < 2 || values < kMinParallel) {
    f(0, total);
    return;
  }
  RunKernelItems(items, [&](int item) {
    const int g0 = static_cast<int>(static_cast<long>(groups) * item / items);
    const int g1 = static_cast<int>(static_cast<long>(groups) * (item + 1) / items);
    f(g0 * width, std::min(total, g1 * width));
  });
}

}  // namespace

const char* KernelPathName(KernelPath path) {
  switch (path) {
    case KernelPath::kScalar: return "scalar";
    case KernelPath::kF32x4: return "f32x4";
    case KernelPath::kAvx2: return "avx2+fma";
  }
  return "?";
}

bool KernelPathAvailable(KernelPath path) { return path != KernelPath::kAvx2 || CpuHasAvx2Fma(); }

KernelPath FastestKernelPath() { return CpuHasAvx2Fma() ? KernelPath::kAvx2 : KernelPath::kF32x4; }

void BnDenseForward(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                    const float* beta, int b, int d, float eps, KernelPath path) {
  const auto kernel = KernelsOf(path).dense_forward;
  Split(static_cast<long>(b) * d, d, kDenseItem,
        [&](int j0, int j1) { kernel(y, mean, var, inv_std, x, gamma, beta, b, d, j0, j1, eps); });
}

void BnDenseBackward(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x, const float* mean,
                     const float* inv_std, const float* gamma, int b, int d, KernelPath path) {
  const auto kernel = KernelsOf(path).dense_backward;
  Split(static_cast<long>(b) * d, d, kDenseItem,
        [&](int j0, int j1) { kernel(dx, dgamma, dbeta, dy, x, mean, inv_std, gamma, b, d, j0, j1); });
}

void BnConvForward(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                   const float* beta, int n, int c, int hw, float eps, KernelPath path) {
  const auto kernel = KernelsOf(path).conv_forward;
  Split(static_cast<long>(n) * c * hw, c, 1,
        [&](int c0, int c1) { kernel(y, mean, var, inv_std, x, gamma, beta, n, c, hw, c0, c1, eps); });
}

void BnConvBackward(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x, const float* mean,
                    const float* inv_std, const float* gamma, int n, int c, int hw, KernelPath path) {
  const auto kernel = KernelsOf(path).conv_backward;
  Split(static_cast<long>(n) * c * hw, c, 1,
        [&](int c0, int c1) { kernel(dx, dgamma, dbeta, dy, x, mean, inv_std, gamma, n, c, hw, c0, c1); });
}

}  // namespace bn
