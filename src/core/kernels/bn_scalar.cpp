// bn_scalar.cpp: the scalar reference kernels of bn_simd.hpp. Plain loops with the numerics of every path
// (bn_simd_body.inc's header: two-pass statistics, dense sums over B in tiles of 256 rows, the same y and dx
// formulas), built with vectorization turned off (see CMakeLists.txt), so the benchmark measures what the
// vectors buy and the tests hold every path to the same numbers. Dense loops walk 16 features (one cache line)
// over all B rows at a time, the same memory order as the vector kernels.
#include <cmath>

#include "core/kernels/bn_paths.hpp"
#include "core/kernels/bn_simd.hpp"

namespace bn {

namespace {
constexpr int kTile = 256;  // rows per partial sum (bn_simd_body.inc)
constexpr int kWidth = 16;  // features per block
}  // namespace

void BnDenseForwardScalarColumns(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                               const float* beta, int b, int d, int j0, int j1, float eps) {
  const float inv_b = 1.0f / static_cast<float>(b);
  for (int jb = j0; jb < j1; jb += kWidth) {
    const int w = j1 - jb < kWidth ? j1 - jb : kWidth;
    float sum[kWidth], t[kWidth];
    for (int pass = 0; pass < 2; ++pass) {  // pass 0: mean = Σ x / B; pass 1: var = Σ (x − mean)² / B
      for (int q = 0; q < w; ++q) sum[q] = 0.0f;
      for (int i0 = 0; i0 < b; i0 += kTile) {
        const int i1 = i0 + kTile < b ? i0 + kTile : b;
        for (int q = 0; q < w; ++q) t[q] = 0.0f;
        for (int i = i0; i < i1; ++i)
          for (int q = 0; q < w; ++q) {
            const float v = x[static_cast<long>(i) * d + jb + q];
            if (pass == 0) {
              t[q] += v;
            } else {
              const float c = v - mean[jb + q];
              t[q] += c * c;
            }
          }
        for (int q = 0; q < w; ++q) sum[q] += t[q];
      }
      for (int q = 0; q < w; ++q) (pass == 0 ? mean : var)[jb + q] = sum[q] * inv_b;
    }
    for (int q = 0; q < w; ++q) inv_std[jb + q] = 1.0f / std::sqrt(var[jb + q] + eps);
    for (int i = 0; i < b; ++i)  // y = (x − mean)·(γ·inv_std) + β
      for (int q = 0; q < w; ++q) {
        const int j = jb + q;
        const long at = static_cast<long>(i) * d + j;
        y[at] = (x[at] - mean[j]) * (gamma[j] * inv_std[j]) + beta[j];
      }
  }
}

void BnDenseBackwardScalarColumns(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                                const float* mean, const float* inv_std, const float* gamma, int b, int d, int j0,
                                int j1) {
  const float inv_b = 1.0f / static_cast<float>(b);
  for (int jb = j0; jb < j1; jb += kWidth) {
    const int w = j1 - jb < kWidth ? j1 - jb : kWidth;
    float sb[kWidth], sg[kWidth], tb[kWidth], tg[kWidth];
    for (int q = 0; q < w; ++q) sb[q] = sg[q] = 0.0f;
    for (int i0 = 0; i0 < b; i0 += kTile) {  // dβ = Σ dy, dγ·std = Σ dy·(x − mean)
      const int i1 = i0 + kTile < b ? i0 + kTile : b;
      for (int q = 0; q < w; ++q) tb[q] = tg[q] = 0.0f;
      for (int i = i0; i < i1; ++i)
        for (int q = 0; q < w; ++q) {
          const long at = static_cast<long>(i) * d + jb + q;
          tb[q] += dy[at];
          tg[q] += dy[at] * (x[at] - mean[jb + q]);
        }
      for (int q = 0; q < w; ++q) {
        sb[q] += tb[q];
        sg[q] += tg[q];
      }
    }
    for (int q = 0; q < w; ++q) {
      dbeta[jb + q] = sb[q];
      dgamma[jb + q] = sg[q] * inv_std[jb + q];
    }
    for (int i = 0; i < b; ++i)  // dx = a·dy − k·(x − mean) − c: a = γ·inv_std, k = a·inv_std·dγ/B, c = a·dβ/B
      for (int q = 0; q < w; ++q) {
        const int j = jb + q;
        const long at = static_cast<long>(i) * d + j;
        const float a = gamma[j] * inv_std[j];
        const float nk = 0.0f - a * inv_std[j] * dgamma[j] * inv_b, nc = 0.0f - a * dbeta[j] * inv_b;
        dx[at] = nk * (x[at] - mean[j]) + (a * dy[at] + nc);
      }
  }
}

void BnConvForwardScalarChannels(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                               const float* beta, int n, int c, int hw, int c0, int c1, float eps) {
  const float inv_m = 1.0f / (static_cast<float>(n) * static_cast<float>(hw));
  for (int ch = c0; ch < c1; ++ch) {
    float s = 0.0f;
    for (int ni = 0; ni < n; ++ni)
      for (int q = 0; q < hw; ++q) s += x[(static_cast<long>(ni) * c + ch) * hw + q];
    mean[ch] = s * inv_m;
    s = 0.0f;
    for (int ni = 0; ni < n; ++ni)
      for (int q = 0; q < hw; ++q) {
        const float t = x[(static_cast<long>(ni) * c + ch) * hw + q] - mean[ch];
        s += t * t;
      }
    var[ch] = s * inv_m;
    inv_std[ch] = 1.0f / std::sqrt(var[ch] + eps);
    const float sc = gamma[ch] * inv_std[ch];
    for (int ni = 0; ni < n; ++ni)
      for (int q = 0; q < hw; ++q) {
        const long at = (static_cast<long>(ni) * c + ch) * hw + q;
        y[at] = (x[at] - mean[ch]) * sc + beta[ch];
      }
  }
}

void BnConvBackwardScalarChannels(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                                const float* mean, const float* inv_std, const float* gamma, int n, int c, int hw,
                                int c0, int c1) {
  const float inv_m = 1.0f / (static_cast<float>(n) * static_cast<float>(hw));
  for (int ch = c0; ch < c1; ++ch) {
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
    const float nk = 0.0f - a * inv_std[ch] * dgamma[ch] * inv_m, nc = 0.0f - a * dbeta[ch] * inv_m;
    for (int ni = 0; ni < n; ++ni)
      for (int q = 0; q < hw; ++q) {
        const long at = (static_cast<long>(ni) * c + ch) * hw + q;
        dx[at] = nk * (x[at] - mean[ch]) + (a * dy[at] + nc);
      }
  }
}

void BnDenseForwardScalar(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                          const float* beta, int b, int d, float eps) {
  BnDenseForwardScalarColumns(y, mean, var, inv_std, x, gamma, beta, b, d, 0, d, eps);
}
void BnDenseBackwardScalar(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x, const float* mean,
                           const float* inv_std, const float* gamma, int b, int d) {
  BnDenseBackwardScalarColumns(dx, dgamma, dbeta, dy, x, mean, inv_std, gamma, b, d, 0, d);
}
void BnConvForwardScalar(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                         const float* beta, int n, int c, int hw, float eps) {
  BnConvForwardScalarChannels(y, mean, var, inv_std, x, gamma, beta, n, c, hw, 0, c, eps);
}
void BnConvBackwardScalar(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x, const float* mean,
                          const float* inv_std, const float* gamma, int n, int c, int hw) {
  BnConvBackwardScalarChannels(dx, dgamma, dbeta, dy, x, mean, inv_std, gamma, n, c, hw, 0, c);
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
