// bn_scalar.cpp: the scalar reference kernels of bn_simd.hpp. Plain loops in the same order as the f32x4
// kernels (same shifted one-pass sums), built with vectorization turned off (see CMakeLists.txt), so the
// benchmark measures what the 4-wide vectors buy and the tests hold both to the same numbers.
#include <cmath>

#include "core/kernels/bn_simd.hpp"

namespace bn {

void BnDenseForwardScalar(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                          const float* beta, int b, int d, float eps) {
  for (int j = 0; j < d; ++j) mean[j] = var[j] = 0.0f;
  for (int i = 0; i < b; ++i)
    for (int j = 0; j < d; ++j) {
      const float t = x[static_cast<long>(i) * d + j] - x[j];  // shifted by the first row
      mean[j] += t;
      var[j] += t * t;
    }
  const float inv_b = 1.0f / static_cast<float>(b);
  for (int j = 0; j < d; ++j) {
    const float s1 = mean[j], s2 = var[j];
    var[j] = std::fmax((s2 - s1 * s1 * inv_b) * inv_b, 0.0f);
    mean[j] = x[j] + s1 * inv_b;
    inv_std[j] = 1.0f / std::sqrt(var[j] + eps);
  }
  for (int i = 0; i < b; ++i)
    for (int j = 0; j < d; ++j) {
      const long at = static_cast<long>(i) * d + j;
      y[at] = (x[at] - mean[j]) * (gamma[j] * inv_std[j]) + beta[j];
    }
}

void BnDenseBackwardScalar(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x, const float* mean,
                           const float* inv_std, const float* gamma, int b, int d) {
  for (int j = 0; j < d; ++j) dbeta[j] = dgamma[j] = 0.0f;
  for (int i = 0; i < b; ++i)
    for (int j = 0; j < d; ++j) {
      const long at = static_cast<long>(i) * d + j;
      dbeta[j] += dy[at];
      dgamma[j] += dy[at] * (x[at] - mean[j]);
    }
  for (int j = 0; j < d; ++j) dgamma[j] *= inv_std[j];
  const float fb = static_cast<float>(b);
  for (int i = 0; i < b; ++i)
    for (int j = 0; j < d; ++j) {
      const long at = static_cast<long>(i) * d + j;
      const float xhat = (x[at] - mean[j]) * inv_std[j];
      dx[at] = gamma[j] * inv_std[j] / fb * (fb * dy[at] - dbeta[j] - xhat * dgamma[j]);
    }
}

void BnConvForwardScalar(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                         const float* beta, int n, int c, int hw, float eps) {
  const float inv_m = 1.0f / (static_cast<float>(n) * static_cast<float>(hw));
  for (int ch = 0; ch < c; ++ch) {
    const float k = x[static_cast<long>(ch) * hw];
    float s1 = 0.0f, s2 = 0.0f;
    for (int ni = 0; ni < n; ++ni)
      for (int q = 0; q < hw; ++q) {
        const float t = x[(static_cast<long>(ni) * c + ch) * hw + q] - k;
        s1 += t;
        s2 += t * t;
      }
    mean[ch] = k + s1 * inv_m;
    var[ch] = std::fmax((s2 - s1 * s1 * inv_m) * inv_m, 0.0f);
    inv_std[ch] = 1.0f / std::sqrt(var[ch] + eps);
    const float sc = gamma[ch] * inv_std[ch], sh = beta[ch] - mean[ch] * sc;
    for (int ni = 0; ni < n; ++ni)
      for (int q = 0; q < hw; ++q) {
        const long at = (static_cast<long>(ni) * c + ch) * hw + q;
        y[at] = x[at] * sc + sh;
      }
  }
}

void BnConvBackwardScalar(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x, const float* mean,
                          const float* inv_std, const float* gamma, int n, int c, int hw) {
  const float m = static_cast<float>(n) * static_cast<float>(hw);
  for (int ch = 0; ch < c; ++ch) {
    float sb = 0.0f, sg = 0.0f;
    for (int ni = 0; ni < n; ++ni)
      for (int q = 0; q < hw; ++q) {
        const long at = (static_cast<long>(ni) * c + ch) * hw + q;
        sb += dy[at];
        sg += dy[at] * (x[at] - mean[ch]);
      }
    dbeta[ch] = sb;
    dgamma[ch] = sg * inv_std[ch];
    const float a = gamma[ch] * inv_std[ch];
    const float bx = -gamma[ch] * inv_std[ch] * inv_std[ch] * dgamma[ch] / m;
    const float c0 = -a * dbeta[ch] / m - bx * mean[ch];
    for (int ni = 0; ni < n; ++ni)
      for (int q = 0; q < hw; ++q) {
        const long at = (static_cast<long>(ni) * c + ch) * hw + q;
        dx[at] = a * dy[at] + bx * x[at] + c0;
      }
  }
}

void MatMulScalar(float* c, const float* a, const float* b, int m, int k, int n) {
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      float s = 0.0f;
      for (int q = 0; q < k; ++q) s += a[static_cast<long>(i) * k + q] * b[static_cast<long>(q) * n + j];
      c[static_cast<long>(i) * n + j] = s;
    }
}

}  // namespace bn
