// bn_simd.hpp: float32 BN kernels written with 4-wide vectors (GCC/Clang vector extensions): f32x4 in
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

// Dense train forward: mean, var (biased), inv_std (D); y (B×D). xhat is recomputed in backward from x,
// mean and inv_std, so the forward writes only y (less memory traffic).
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

// Running statistics, PyTorch convention: running ← (1−m)·running + m·batch (variance unbiased, ·M/(M−1)).
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
