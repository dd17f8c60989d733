// bn_paths.hpp (inside core/kernels only): each path's kernels on a range of features [j0, j1) or channels
// [c0, c1), the work items the dispatching kernels of bn_simd.hpp hand to the thread pool. Named BnXxx<Path>...
// so that the wasm SIMD check (build-wasm.sh, by function name) finds the f32x4 kernels in them too.
//   Scalar: bn_scalar.cpp; F32x4: bn_simd.cpp; Avx2: bn_avx2.cpp (x86-64 native builds only, BNLAB_AVX2_PATH).
// Large dense shapes go by rows in three phases (bn_simd_body.inc: DenseForwardTiles, -Merge, -Rows and the
// backward's): Tiles fills tiles [t0, t1) of the table `part` (2 rows of D floats per tile of 32 rows), Merge
// merges the tiles in order (forward: mean, var, inv_std and scale = γ·inv_std; backward: dγ, dβ and coef, 3 rows
// of D floats), Rows writes y or dx on rows [i0, i1) (stream: past the caches; the scalar path ignores it).
#pragma once

// GCC (`#pragma GCC target`) and clang (`#pragma clang attribute`, in bn_avx2.cpp): the sanitizer and fuzz tree is
// clang, so its unit tests run the AVX2 path under ASan too.
#if defined(__x86_64__) && !defined(__EMSCRIPTEN__) && defined(__GNUC__)
#define BNLAB_AVX2_PATH 1
#else
#define BNLAB_AVX2_PATH 0
#endif

namespace bn {

#define BNLAB_DECLARE_PATH(Path)                                                                                  \
  void BnDenseForward##Path##Columns(float* y, float* mean, float* var, float* inv_std, const float* x,             \
                                 const float* gamma, const float* beta, int b, int d, int j0, int j1, float eps); \
  void BnDenseBackward##Path##Columns(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,      \
                                  const float* mean, const float* inv_std, const float* gamma, int b, int d,    \
                                  int j0, int j1);                                                              \
  void BnConvForward##Path##Channels(float* y, float* mean, float* var, float* inv_std, const float* x,             \
                                 const float* gamma, const float* beta, int n, int c, int hw, int c0, int c1,   \
                                 float eps);                                                                    \
  void BnConvBackward##Path##Channels(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,      \
                                  const float* mean, const float* inv_std, const float* gamma, int n, int c,    \
                                  int hw, int c0, int c1);                                                       \
  void BnDenseForward##Path##Tiles(float* part, const float* x, int b, int d, int t0, int t1, int j0, int j1);     \
  void BnDenseForward##Path##Merge(float* mean, float* var, float* inv_std, float* scale, const float* part,     \
                                   const float* gamma, int b, int d, int j0, int j1, float eps);                 \
  void BnDenseForward##Path##Rows(float* y, const float* x, const float* mean, const float* scale,               \
                                  const float* beta, int d, int i0, int i1, int j0, int j1, bool stream);        \
  void BnDenseBackward##Path##Tiles(float* part, const float* dy, const float* x, const float* mean, int b, int d, \
                                    int t0, int t1, int j0, int j1);                                             \
  void BnDenseBackward##Path##Merge(float* dgamma, float* dbeta, float* coef, const float* part,                 \
                                    const float* inv_std, const float* gamma, int b, int d, int j0, int j1);     \
  void BnDenseBackward##Path##Rows(float* dx, const float* dy, const float* x, const float* mean,               \
                                   const float* coef, int d, int i0, int i1, int j0, int j1, bool stream);

BNLAB_DECLARE_PATH(Scalar)
BNLAB_DECLARE_PATH(F32x4)
#if BNLAB_AVX2_PATH
BNLAB_DECLARE_PATH(Avx2)
#endif
#undef BNLAB_DECLARE_PATH

}  // namespace bn
