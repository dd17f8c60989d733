// bn_avx2.cpp: the BN kernels (bn_simd_body.inc) with 8-wide vectors and fused multiply-add, compiled for
// AVX2 + FMA by a target pragma over this file's own functions only (the rest of the program stays baseline
// x86-64, and no inline function from a standard header is compiled for AVX2 here). Called only after
// __builtin_cpu_supports("avx2") and ("fma") said yes (bn_dispatch.cpp). x86-64 native builds only.
// Compiled with -ffp-contract=off (CMakeLists.txt): a multiply and an add are fused only where the body says
// MulAdd, so every spelling of the same formula (the Columns kernels' scalar tails, the row phases') rounds alike.
#include "core/kernels/bn_paths.hpp"

#if BNLAB_AVX2_PATH
#include <cmath>
#include <immintrin.h>

#if defined(__clang__)  // clang ignores `#pragma GCC target`; this gives the same target to the functions below
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif

namespace bn {
namespace {
namespace body {

typedef float Vec __attribute__((vector_size(32)));
constexpr int kLanes = 8;
constexpr int kBlock = 4;  // dense block: 4 vectors = 32 features = two cache lines per row
#define BN_INLINE inline __attribute__((always_inline))
BN_INLINE Vec Load(const float* p) { return _mm256_loadu_ps(p); }
BN_INLINE void Store(float* p, Vec v) { _mm256_storeu_ps(p, v); }
BN_INLINE Vec Splat(float a) { return _mm256_set1_ps(a); }
BN_INLINE Vec MulAdd(Vec a, Vec b, Vec c) { return _mm256_fmadd_ps(a, b, c); }
BN_INLINE float HSum(Vec v) { return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7])); }
// Two 16-byte non-temporal stores (the dispatcher guarantees 16-byte alignment, not 32).
BN_INLINE void StoreStream(float* p, Vec v) {
  _mm_stream_ps(p, _mm256_castps256_ps128(v));
  _mm_stream_ps(p + 4, _mm256_extractf128_ps(v, 1));
}
BN_INLINE void StreamFence() { _mm_sfence(); }
#include "core/kernels/bn_simd_body.inc"
#undef BN_INLINE

}  // namespace body
}  // namespace

void BnDenseForwardAvx2Columns(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                             const float* beta, int b, int d, int j0, int j1, float eps) {
  body::DenseForwardColumns(y, mean, var, inv_std, x, gamma, beta, b, d, j0, j1, eps);
}
void BnDenseBackwardAvx2Columns(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                              const float* mean, const float* inv_std, const float* gamma, int b, int d, int j0,
                              int j1) {
  body::DenseBackwardColumns(dx, dgamma, dbeta, dy, x, mean, inv_std, gamma, b, d, j0, j1);
}
void BnConvForwardAvx2Channels(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                             const float* beta, int n, int c, int hw, int c0, int c1, float eps) {
  body::ConvForwardChannels(y, mean, var, inv_std, x, gamma, beta, n, c, hw, c0, c1, eps);
}
void BnConvBackwardAvx2Channels(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                              const float* mean, const float* inv_std, const float* gamma, int n, int c, int hw,
                              int c0, int c1) {
  body::ConvBackwardChannels(dx, dgamma, dbeta, dy, x, mean, inv_std, gamma, n, c, hw, c0, c1);
}

void BnDenseForwardAvx2Tiles(float* part, const float* x, int b, int d, int t0, int t1, int j0, int j1) {
  body::DenseForwardTiles(part, x, b, d, t0, t1, j0, j1);
}
void BnDenseForwardAvx2Merge(float* mean, float* var, float* inv_std, float* scale, const float* part,
                             const float* gamma, int b, int d, int j0, int j1, float eps) {
  body::DenseForwardMerge(mean, var, inv_std, scale, part, gamma, b, d, j0, j1, eps);
}
void BnDenseForwardAvx2Rows(float* y, const float* x, const float* mean, const float* scale, const float* beta, int d,
                            int i0, int i1, int j0, int j1, bool stream) {
  body::DenseForwardRows(y, x, mean, scale, beta, d, i0, i1, j0, j1, stream);
}
void BnDenseBackwardAvx2Tiles(float* part, const float* dy, const float* x, const float* mean, int b, int d, int t0,
                              int t1, int j0, int j1) {
  body::DenseBackwardTiles(part, dy, x, mean, b, d, t0, t1, j0, j1);
}
void BnDenseBackwardAvx2Merge(float* dgamma, float* dbeta, float* coef, const float* part, const float* inv_std,
                              const float* gamma, int b, int d, int j0, int j1) {
  body::DenseBackwardMerge(dgamma, dbeta, coef, part, inv_std, gamma, b, d, j0, j1);
}
void BnDenseBackwardAvx2Rows(float* dx, const float* dy, const float* x, const float* mean, const float* coef, int d,
                             int i0, int i1, int j0, int j1, bool stream) {
  body::DenseBackwardRows(dx, dy, x, mean, coef, d, i0, i1, j0, j1, stream);
}

}  // namespace bn

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif  // BNLAB_AVX2_PATH
