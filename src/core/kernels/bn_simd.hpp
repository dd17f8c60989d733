// bn_simd.hpp: float32 BN kernels. The dispatching kernels (BnDenseForward, ...) run the fastest path this build
// and processor have on the kernel thread pool (thread_pool.hpp); below them, the paths one by one.
//
// Paths: AVX2 + FMA, 8-wide (x86-64 native builds, chosen at run time when the processor has both); f32x4;
// scalar. The f32x4 kernels are written with 4-wide vectors (GCC/Clang vector extensions): f32x4 in
// WebAssembly with -msimd128, SSE natively, plain scalar code where the target has no SIMD. Scalar tails
// handle any D. Alongside, the same kernels in plain scalar C++ (compiled with vectorization off) as the
// reference the tests and the benchmark compare against.
//
//   dense  x: B×D row-major, statistics per feature j (vectors run across features)
//   conv   x: N×C×H×W, statistics per channel c over N, H, W (vectors run along each H·W plane)
//
// Outputs first, inputs after (llm.c's habit). Saved for backward: mean and inv_std per feature/channel.
#pragma once

namespace bn {

enum class KernelPath { kScalar, kF32x4, kAvx2 };
const char* KernelPathName(KernelPath path);  // "scalar", "f32x4", "avx2+fma"
bool KernelPathAvailable(KernelPath path);    // kAvx2: x86-64 native build on a processor with AVX2 and FMA
KernelPath FastestKernelPath();               // kAvx2 where available, else kF32x4

// Dispatching kernels: the same arguments as the path kernels below, on `path` and KernelThreads() threads
// when the shape is large enough to pay for them (at least 32768 values). Dense shapes are split over features
// (ranges cut at multiples of 32), or from 2 MiB on, in builds with threads, go by rows: each tile of 32 rows'
// statistics (sums) computed by one thread, the tiles merged in tile order, then y (dx) row by row
// (bn_dispatch.cpp); conv shapes are split over channels. Every reduction is cut by the shape alone:
// the results are bitwise identical for any thread count, and to the path's kernels on one thread. Every path
// computes the same formulas (bn_simd_body.inc). y and dx must not overlap x or dy. Outputs of 8 MiB or more
// are written with non-temporal stores natively (they bypass the caches: read them soon, and they come from memory).
void BnDenseForward(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                    const float* beta, int b, int d, float eps, KernelPath path = FastestKernelPath());
void BnDenseBackward(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x, const float* mean,
                     const float* inv_std, const float* gamma, int b, int d, KernelPath path = FastestKernelPath());
void BnConvForward(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                   const float* beta, int n, int c, int hw, float eps, KernelPath path = FastestKernelPath());
void BnConvBackward(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x, const float* mean,
                    const float* inv_std, const float* gamma, int n, int c, int hw,
                    KernelPath path = FastestKernelPath());

// The f32x4 path on the calling thread, whole shapes.
// Dense train forward: mean, var (biased, two-pass), inv_std (D); y (B×D). xhat is recomputed in backward
// from x, mean and inv_std, so the forward writes only y (less memory traffic).
void BnDenseForwardF32x4(float* y, float* mean, float* var, float* inv_std,  // outputs
                         const float* x, const float* gamma, const float* beta, int b, int d, float eps);
// Dense train backward: dx (B×D), dgamma, dbeta (D), from dy, x and the forward's mean, inv_std.
void BnDenseBackwardF32x4(float* dx, float* dgamma, float* dbeta,  // outputs
                          const float* dy, const float* x, const float* mean, const float* inv_std,
                          const float* gamma, int b, int d);

// Conv train forward/backward over N×C×H×W (hw = H·W).
void BnConvForwardF32x4(float* y, float* mean, float* var, float* inv_std,
                        const float* x, const float* gamma, const float* beta, int n, int c, int hw, float eps);
void BnConvBackwardF32x4(float* dx, float* dgamma, float* dbeta,
                         const float* dy, const float* x, const float* mean, const float* inv_std,
                         const float* gamma, int n, int c, int hw);

// Running statistics, PyTorch convention: running ← (1−momentum)·running + momentum·batch
// (variance unbiased, ·M/(M−1)).
void BnRunningUpdateF32x4(float* running_mean, float* running_var, const float* mean, const float* var, int d,
                          int count, float momentum);

// The same computations, plain scalar loops (vectorization disabled): the reference.
void BnDenseForwardScalar(float* y, float* mean, float* var, float* inv_std,
                          const float* x, const float* gamma, const float* beta, int b, int d, float eps);
void BnDenseBackwardScalar(float* dx, float* dgamma, float* dbeta,
                           const float* dy, const float* x, const float* mean, const float* inv_std,
                           const float* gamma, int b, int d);
void BnConvForwardScalar(float* y, float* mean, float* var, float* inv_std,
                         const float* x, const float* gamma, const float* beta, int n, int c, int hw, float eps);
void BnConvBackwardScalar(float* dx, float* dgamma, float* dbeta,
                          const float* dy, const float* x, const float* mean, const float* inv_std,
                          const float* gamma, int n, int c, int hw);

// The MLP's matrix product: c (M×N) = a (M×K) · b (K×N), all row-major. f32x4 across N.
void MatMulF32x4(float* c, const float* a, const float* b, int m, int k, int n);
void MatMulScalar(float* c, const float* a, const float* b, int m, int k, int n);

}  // namespace bn

namespace bn {

// c (K×N) = aᵀ · b for a (M×K), b (M×N): the weight gradient inᵀ·dz.
void MatMulAtBF32x4(float* c, const float* a, const float* b, int m, int k, int n);
// c (M×N) = a · bᵀ for a (M×K), b (N×K): the input gradient dz·wᵀ.
void MatMulABtF32x4(float* c, const float* a, const float* b, int m, int k, int n);

}  // namespace bn
