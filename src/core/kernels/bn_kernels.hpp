// bn_kernels.hpp: BN for training networks: flat row-major B×D arrays, no allocation, loops whose inner
// index runs over the D contiguous features (so compilers vectorize them: f32x4 in wasm, SSE/AVX natively).
// Written once for float and double; tested against the double reference in bn.hpp.
// Outputs first, inputs after, sizes last: the argument order of every kernel in this folder (as bn_simd.hpp).
//
// Shapes: x, xhat, y, dy, dx are B×D row-major; mean, inv_std, gamma, beta, dgamma, dbeta are D.
#pragma once

namespace bn {

// Train mode: mean_j = (1/B) Σ_i x_ij; var_j = (1/B) Σ_i (x_ij − mean_j)²; inv_std_j = 1/√(var_j + eps);
// xhat = (x − mean)·inv_std; y = gamma·xhat + beta. Also returns var (biased) for the running statistics.
template <typename T>
void BnTrainForward(T* mean, T* var, T* inv_std, T* xhat, T* y,                       // outputs
                    const T* x, const T* gamma, const T* beta, int b, int d, T eps);  // inputs

// Eval mode: the running statistics normalize; xhat and y as above.
template <typename T>
void BnEvalForward(T* xhat, T* y,                                                     // outputs
                   const T* x, const T* gamma, const T* beta, const T* running_mean,  // inputs
                   const T* running_var, int b, int d, T eps);

// Train-mode backward, as two reductions then one per-element pass:
//   dbeta_j = Σ_i dy_ij;  dgamma_j = Σ_i dy_ij·xhat_ij;
//   dx_ij = gamma_j·inv_std_j/B · (B·dy_ij − dbeta_j − xhat_ij·dgamma_j)
template <typename T>
void BnTrainBackward(T* dx, T* dgamma, T* dbeta,                                                   // outputs
                     const T* dy, const T* xhat, const T* inv_std, const T* gamma, int b, int d);  // inputs

}  // namespace bn
