// bn_kernels.cpp: the loops of bn_kernels.hpp (built at -O3 so they vectorize), for float and double.
#include "core/kernels/bn_kernels.hpp"

#include <cmath>

namespace bn {

template <typename T>
void BnTrainForward(T* mean, T* var, T* inv_std, T* xhat, T* y, const T* x, const T* gamma, const T* beta, int b, int d,
                    T eps) {
  // pass 1: mean_j = (1/B) Σ_i x_ij
  for (int j = 0; j < d; ++j) mean[j] = T(0);
  for (int i = 0; i < b; ++i) {
    const T* xi = x + static_cast<long>(i) * d;
    for (int j = 0; j < d; ++j) mean[j] += xi[j];
  }
  const T inv_b = T(1) / T(b);
  for (int j = 0; j < d; ++j) mean[j] *= inv_b;
  // pass 2: var_j = (1/B) Σ_i (x_ij − mean_j)²  (two-pass: no cancellation)
  for (int j = 0; j < d; ++j) var[j] = T(0);
  for (int i = 0; i < b; ++i) {
    const T* xi = x + static_cast<long>(i) * d;
    for (int j = 0; j < d; ++j) {
      const T dev = xi[j] - mean[j];
      var[j] += dev * dev;
    }
  }
  for (int j = 0; j < d; ++j) {
    var[j] *= inv_b;
    inv_std[j] = T(1) / std::sqrt(var[j] + eps);
  }
  // pass 3: xhat = (x − mean)·inv_std; y = gamma·xhat + beta
  for (int i = 0; i < b; ++i) {
    const T* xi = x + static_cast<long>(i) * d;
    T* xh = xhat + static_cast<long>(i) * d;
    T* yi = y + static_cast<long>(i) * d;
    for (int j = 0; j < d; ++j) {
      xh[j] = (xi[j] - mean[j]) * inv_std[j];
      yi[j] = gamma[j] * xh[j] + beta[j];
    }
  }
}

template <typename T>
void BnEvalForward(T* xhat, T* y, const T* x, const T* gamma, const T* beta, const T* running_mean,
                   const T* running_var, int b, int d, T eps) {
  for (int i = 0; i < b; ++i) {
    const T* xi = x + static_cast<long>(i) * d;
    T* xh = xhat + static_cast<long>(i) * d;
    T* yi = y + static_cast<long>(i) * d;
    for (int j = 0; j < d; ++j) {
      xh[j] = (xi[j] - running_mean[j]) / std::sqrt(running_var[j] + eps);
      yi[j] = gamma[j] * xh[j] + beta[j];
    }
  }
}

template <typename T>
void BnTrainBackward(T* dx, T* dgamma, T* dbeta, const T* dy, const T* xhat, const T* inv_std, const T* gamma, int b,
                     int d) {
  // two reductions: dbeta_j = Σ_i dy_ij, dgamma_j = Σ_i dy_ij·xhat_ij
  for (int j = 0; j < d; ++j) dbeta[j] = dgamma[j] = T(0);
  for (int i = 0; i < b; ++i) {
    const T* g = dy + static_cast<long>(i) * d;
    const T* xh = xhat + static_cast<long>(i) * d;
    for (int j = 0; j < d; ++j) {
      dbeta[j] += g[j];
      dgamma[j] += g[j] * xh[j];
    }
  }
  // one per-element pass: dx = gamma·inv_std/B · (B·dy − dbeta − xhat·dgamma)
  const T tb = T(b);
  for (int i = 0; i < b; ++i) {
    const T* g = dy + static_cast<long>(i) * d;
    const T* xh = xhat + static_cast<long>(i) * d;
    T* dxi = dx + static_cast<long>(i) * d;
    for (int j = 0; j < d; ++j) dxi[j] = gamma[j] * inv_std[j] / tb * (tb * g[j] - dbeta[j] - xh[j] * dgamma[j]);
  }
}

template void BnTrainForward<float>(float*, float*, float*, float*, float*, const float*, const float*, const float*,
                                    int, int, float);
template void BnTrainForward<double>(double*, double*, double*, double*, double*, const double*, const double*,
                                     const double*, int, int, double);
template void BnEvalForward<float>(float*, float*, const float*, const float*, const float*, const float*, const float*,
                                   int, int, float);
template void BnEvalForward<double>(double*, double*, const double*, const double*, const double*, const double*,
                                    const double*, int, int, double);
template void BnTrainBackward<float>(float*, float*, float*, const float*, const float*, const float*, const float*,
                                     int, int);
template void BnTrainBackward<double>(double*, double*, double*, const double*, const double*, const double*,
                                      const double*, int, int);

}  // namespace bn
