// bn_paths.hpp (inside core/kernels only): each path's kernels on a range of features [j0, j1) or channels
// [c0, c1), the work items the dispatching kernels of bn_simd.hpp hand to the thread pool. Named BnXxx<Path>...
// so that the wasm SIMD check (build-wasm.sh, by function name) finds the f32x4 kernels in them too.
//   Scalar: bn_scalar.cpp; F32x4: bn_simd.cpp; Avx2: bn_avx2.cpp (x86-64 native builds only, BNLAB_AVX2_PATH).
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
                                  int hw, int c0, int c1);

BNLAB_DECLARE_PATH(Scalar)
BNLAB_DECLARE_PATH(F32x4)
#if BNLAB_AVX2_PATH
BNLAB_DECLARE_PATH(Avx2)
#endif
#undef BNLAB_DECLARE_PATH

}  // namespace bn
