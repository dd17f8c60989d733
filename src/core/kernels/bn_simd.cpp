// bn_simd.cpp: the f32x4 kernels of bn_simd.hpp. Built at -O3. The BN kernels are bn_simd_body.inc with
// 4-wide vectors (wasm SIMD with -msimd128, SSE natively); the public BnXxxF32x4 functions run the whole shape
// on the calling thread with the body inlined into them (the wasm SIMD check finds their f32x4 instructions
// by name); the BnXxxF32x4Columns (Channels) range functions are the work items of the dispatching kernels (bn_dispatch.cpp).
#include "core/kernels/bn_simd.hpp"

#include <cmath>
#include <cstring>

#include "core/kernels/bn_paths.hpp"

#if defined(__SSE__) && !defined(__EMSCRIPTEN__)
#include <xmmintrin.h>
#define BNLAB_STREAM_STORES 1  // SSE's non-temporal stores (movntps)
#else
#define BNLAB_STREAM_STORES 0  // WebAssembly has none
#endif

namespace bn {
namespace {

typedef float f32x4 __attribute__((vector_size(16)));

inline f32x4 Load(const float* p) {
  f32x4 v;
  std::memcpy(&v, p, sizeof v);  // unaligned load (v128.load / movups)
  return v;
}
inline void Store(float* p, f32x4 v) { std::memcpy(p, &v, sizeof v); }
inline f32x4 Splat(float a) { return f32x4{a, a, a, a}; }
inline float Sum(f32x4 v) { return (v[0] + v[1]) + (v[2] + v[3]); }

// The body's vocabulary (bn_simd_body.inc).
namespace body {
typedef f32x4 Vec;
constexpr int kLanes = 4;
constexpr int kBlock = 4;  // dense block: 4 vectors = 16 features = one 64-byte cache line per row
#define BN_INLINE inline __attribute__((always_inline))
BN_INLINE Vec Load(const float* p) { return bn::Load(p); }
BN_INLINE void Store(float* p, Vec v) { bn::Store(p, v); }
BN_INLINE Vec Splat(float a) { return bn::Splat(a); }
BN_INLINE Vec MulAdd(Vec a, Vec b, Vec c) { return a * b + c; }  // no FMA in wasm SIMD or SSE
BN_INLINE float HSum(Vec v) { return bn::Sum(v); }
#if BNLAB_STREAM_STORES
BN_INLINE void StoreStream(float* p, Vec v) { _mm_stream_ps(p, v); }
BN_INLINE void StreamFence() { _mm_sfence(); }
#else
BN_INLINE void StoreStream(float* p, Vec v) { bn::Store(p, v); }
BN_INLINE void StreamFence() {}
#endif
#include "core/kernels/bn_simd_body.inc"
#undef BN_INLINE
}  // namespace body

}  // namespace

// Whole shapes on the calling thread.
void BnDenseForwardF32x4(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                         const float* beta, int b, int d, float eps) {
  body::DenseForwardColumns(y, mean, var, inv_std, x, gamma, beta, b, d, 0, d, eps);
}
void BnDenseBackwardF32x4(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x, const float* mean,
                          const float* inv_std, const float* gamma, int b, int d) {
  body::DenseBackwardColumns(dx, dgamma, dbeta, dy, x, mean, inv_std, gamma, b, d, 0, d);
}
void BnConvForwardF32x4(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                        const float* beta, int n, int c, int hw, float eps) {
  body::ConvForwardChannels(y, mean, var, inv_std, x, gamma, beta, n, c, hw, 0, c, eps);
}
void BnConvBackwardF32x4(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x, const float* mean,
                         const float* inv_std, const float* gamma, int n, int c, int hw) {
  body::ConvBackwardChannels(dx, dgamma, dbeta, dy, x, mean, inv_std, gamma, n, c, hw, 0, c);
}

// Ranges: the dispatching kernels' work items.
void BnDenseForwardF32x4Columns(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                              const float* beta, int b, int d, int j0, int j1, float eps) {
  body::DenseForwardColumns(y, mean, var, inv_std, x, gamma, beta, b, d, j0, j1, eps);
}
void BnDenseBackwardF32x4Columns(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                               const float* mean, const float* inv_std, const float* gamma, int b, int d, int j0,
                               int j1) {
  body::DenseBackwardColumns(dx, dgamma, dbeta, dy, x, mean, inv_std, gamma, b, d, j0, j1);
}
void BnConvForwardF32x4Channels(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                              const float* beta, int n, int c, int hw, int c0, int c1, float eps) {
  body::ConvForwardChannels(y, mean, var, inv_std, x, gamma, beta, n, c, hw, c0, c1, eps);
}
void BnConvBackwardF32x4Channels(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                               const float* mean, const float* inv_std, const float* gamma, int n, int c, int hw,
                               int c0, int c1) {
  body::ConvBackwardChannels(dx, dgamma, dbeta, dy, x, mean, inv_std, gamma, n, c, hw, c0, c1);
}

// Large dense shapes by rows: the dispatching kernels' phases.
void BnDenseForwardF32x4Tiles(float* part, const float* x, int b, int d, int t0, int t1, int j0, int j1) {
  body::DenseForwardTiles(part, x, b, d, t0, t1, j0, j1);
}
void BnDenseForwardF32x4Merge(float* mean, float* var, float* inv_std, float* scale, const float* part,
                              const float* gamma, int b, int d, int j0, int j1, float eps) {
  body::DenseForwardMerge(mean, var, inv_std, scale, part, gamma, b, d, j0, j1, eps);
}
void BnDenseForwardF32x4Rows(float* y, const float* x, const float* mean, const float* scale, const float* beta, int d,
                             int i0, int i1, int j0, int j1, bool stream) {
  body::DenseForwardRows(y, x, mean, scale, beta, d, i0, i1, j0, j1, stream);
}
void BnDenseBackwardF32x4Tiles(float* part, const float* dy, const float* x, const float* mean, int b, int d, int t0,
                               int t1, int j0, int j1) {
  body::DenseBackwardTiles(part, dy, x, mean, b, d, t0, t1, j0, j1);
}
void BnDenseBackwardF32x4Merge(float* dgamma, float* dbeta, float* coef, const float* part, const float* inv_std,
                               const float* gamma, int b, int d, int j0, int j1) {
  body::DenseBackwardMerge(dgamma, dbeta, coef, part, inv_std, gamma, b, d, j0, j1);
}
void BnDenseBackwardF32x4Rows(float* dx, const float* dy, const float* x, const float* mean, const float* coef, int d,
                              int i0, int i1, int j0, int j1, bool stream) {
  body::DenseBackwardRows(dx, dy, x, mean, coef, d, i0, i1, j0, j1, stream);
}

void BnRunningUpdateF32x4(float* running_mean, float* running_var, const float* mean, const float* var, int d,
                          int count, float momentum) {
  const float unbias = count > 1 ? static_cast<float>(count) / static_cast<float>(count - 1) : 1.0f;
  const f32x4 keep = Splat(1.0f - momentum), take = Splat(momentum), take_var = Splat(momentum * unbias);
  int j = 0;
  for (; j + 4 <= d; j += 4) {
    Store(running_mean + j, keep * Load(running_mean + j) + take * Load(mean + j));
    Store(running_var + j, keep * Load(running_var + j) + take_var * Load(var + j));
  }
  for (; j < d; ++j) {
    running_mean[j] = (1.0f - momentum) * running_mean[j] + momentum * mean[j];
    running_var[j] = (1.0f - momentum) * running_var[j] + momentum * unbias * var[j];
  }
}

// c row i, columns [j, j+16): Σ_kk a(i, kk) · b(kk, j..j+16), with `a_stride`/`b_stride` stepping kk, kept in
// four f32x4 registers for the whole kk loop (one store per block, not one per kk).
namespace {
inline void Block16(float* c, const float* a, long a_stride, const float* b, long b_stride, int k) {
  f32x4 acc0 = Splat(0.0f), acc1 = acc0, acc2 = acc0, acc3 = acc0;
  for (int kk = 0; kk < k; ++kk) {
    const f32x4 av = Splat(a[kk * a_stride]);
    const float* bk = b + kk * b_stride;
    acc0 += av * Load(bk);
    acc1 += av * Load(bk + 4);
    acc2 += av * Load(bk + 8);
    acc3 += av * Load(bk + 12);
  }
  Store(c, acc0);
  Store(c + 4, acc1);
  Store(c + 8, acc2);
  Store(c + 12, acc3);
}
inline void Block4(float* c, const float* a, long a_stride, const float* b, long b_stride, int k) {
  f32x4 acc = Splat(0.0f);
  for (int kk = 0; kk < k; ++kk) acc += Splat(a[kk * a_stride]) * Load(b + kk * b_stride);
  Store(c, acc);
}
inline float Single(const float* a, long a_stride, const float* b, long b_stride, int k) {
  float s = 0.0f;
  for (int kk = 0; kk < k; ++kk) s += a[kk * a_stride] * b[kk * b_stride];
  return s;
}
// c (rows×n) where c(r, j) = Σ_kk A(r, kk)·B(kk, j), A's element (r, kk) at a + r·a_row + kk·a_k.
void Gemm(float* c, const float* a, long a_row, long a_k, const float* b, int rows, int k, int n) {
  for (int r = 0; r < rows; ++r) {
    const float* ar = a + r * a_row;
    float* cr = c + static_cast<long>(r) * n;
    int j = 0;
    for (; j + 16 <= n; j += 16) Block16(cr + j, ar, a_k, b + j, n, k);
    for (; j + 4 <= n; j += 4) Block4(cr + j, ar, a_k, b + j, n, k);
    for (; j < n; ++j) cr[j] = Single(ar, a_k, b + j, n, k);
  }
}
}  // namespace

void MatMulF32x4(float* c, const float* a, const float* b, int m, int k, int n) {
  // c_i,: = Σ_kk a_i,kk · b_kk,:   (vectors across the N columns)
  Gemm(c, a, k, 1, b, m, k, n);
}

void MatMulAtBF32x4(float* c, const float* a, const float* b, int m, int k, int n) {
  // c_kk,: = Σ_i a_i,kk · b_i,:   (aᵀ read with a stride: element (kk, i) of aᵀ is a[i·K + kk])
  Gemm(c, a, 1, k, b, k, m, n);
}

void MatMulABtF32x4(float* c, const float* a, const float* b, int m, int k, int n) {
  // c_i,j = a_i,: · b_j,:   (vectors along K, then a horizontal sum)
  const int k4 = k - k % 4;
  for (int i = 0; i < m; ++i) {
    const float* ai = a + static_cast<long>(i) * k;
    for (int j = 0; j < n; ++j) {
      const float* bj = b + static_cast<long>(j) * k;
      f32x4 acc = Splat(0.0f);
      int q = 0;
      for (; q < k4; q += 4) acc += Load(ai + q) * Load(bj + q);
      float s = Sum(acc);
      for (; q < k; ++q) s += ai[q] * bj[q];
      c[static_cast<long>(i) * n + j] = s;
    }
  }
}

}  // namespace bn
