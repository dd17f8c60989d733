// bn_scalar.cpp: the scalar reference kernels of bn_simd.hpp. Plain loops with the numerics of every path
// (bn_simd_body.inc's header: per-tile two-pass statistics merged with Chan et al.'s update, dense sums over
// B tile by tile, the same y and dx formulas), built with vectorization turned off (see CMakeLists.txt), so
// the benchmark measures what the vectors buy and the tests hold every path to the same numbers. Dense loops
// walk tiles of 32 rows, 16 features (one cache line) at a time: the vector kernels' memory order.
#include <cmath>

#include "core/kernels/bn_paths.hpp"
#include "core/kernels/bn_simd.hpp"

namespace bn {

namespace {
constexpr int kRows = 32;        // dense tile rows (bn_simd_body.inc)
constexpr int kConvTile = 2048;  // conv tile: values of one plane (bn_simd_body.inc)
constexpr int kWidth = 16;       // features per block
}  // namespace

void BnDenseForwardScalarColumns(float* y, float* mean, float* var, float* inv_std, const float* x,
                                 const float* gamma, const float* beta, int b, int d, int j0, int j1, float eps) {
  for (int i0 = 0; i0 < b; i0 += kRows) {  // per tile: mean_t, M2_t = Σ (x − mean_t)², merged (var holds M2)
    const int i1 = i0 + kRows < b ? i0 + kRows : b;
    const float nt = static_cast<float>(i1 - i0);
    for (int jb = j0; jb < j1; jb += kWidth) {
      const int w = j1 - jb < kWidth ? j1 - jb : kWidth;
      float s[kWidth], q[kWidth];
      for (int k = 0; k < w; ++k) s[k] = q[k] = 0.0f;
      for (int i = i0; i < i1; ++i)
        for (int k = 0; k < w; ++k) s[k] += x[static_cast<long>(i) * d + jb + k];
      for (int k = 0; k < w; ++k) s[k] = s[k] * (1.0f / nt);  // the tile's mean
      for (int i = i0; i < i1; ++i)
        for (int k = 0; k < w; ++k) {
          const float c = x[static_cast<long>(i) * d + jb + k] - s[k];
          q[k] += c * c;
        }
      for (int k = 0; k < w; ++k) {
        const int j = jb + k;
        if (i0 == 0) {
          mean[j] = s[k];
          var[j] = q[k];
        } else {  // Chan, Golub & LeVeque: merge (i0 rows) with (i1 − i0 rows); weights in double
          const float delta = s[k] - mean[j];
          mean[j] = mean[j] + delta * static_cast<float>(static_cast<double>(i1 - i0) / i1);
          var[j] = (var[j] + q[k]) + delta * delta * static_cast<float>(static_cast<double>(i0) * (i1 - i0) / i1);
        }
      }
    }
  }
  const float inv_b = 1.0f / static_cast<float>(b);
  for (int j = j0; j < j1; ++j) {
    var[j] = var[j] * inv_b;
    inv_std[j] = 1.0f / std::sqrt(var[j] + eps);
  }
  for (int i = 0; i < b; ++i)  // y = (x − mean)·(γ·inv_std) + β
    for (int j = j0; j < j1; ++j) {
      const long at = static_cast<long>(i) * d + j;
      y[at] = (x[at] - mean[j]) * (gamma[j] * inv_std[j]) + beta[j];
    }
}

void BnDenseBackwardScalarColumns(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                                  const float* mean, const float* inv_std, const float* gamma, int b, int d, int j0,
                                  int j1) {
  for (int j = j0; j < j1; ++j) dgamma[j] = dbeta[j] = 0.0f;
  for (int i0 = 0; i0 < b; i0 += kRows) {  // dβ = Σ dy, dγ·std = Σ dy·(x − mean), a tile's sums at a time
    const int i1 = i0 + kRows < b ? i0 + kRows : b;
    for (int jb = j0; jb < j1; jb += kWidth) {
      const int w = j1 - jb < kWidth ? j1 - jb : kWidth;
      float tb[kWidth], tg[kWidth];
      for (int k = 0; k < w; ++k) tb[k] = tg[k] = 0.0f;
      for (int i = i0; i < i1; ++i)
        for (int k = 0; k < w; ++k) {
          const long at = static_cast<long>(i) * d + jb + k;
          tb[k] += dy[at];
          tg[k] += dy[at] * (x[at] - mean[jb + k]);
        }
      for (int k = 0; k < w; ++k) {
        dbeta[jb + k] += tb[k];
        dgamma[jb + k] += tg[k];
      }
    }
  }
  for (int j = j0; j < j1; ++j) dgamma[j] *= inv_std[j];
  const float inv_b = 1.0f / static_cast<float>(b);
  for (int i = 0; i < b; ++i)  // dx = a·dy − k·(x − mean) − c: a = γ·inv_std, k = a·inv_std·dγ/B, c = a·dβ/B
    for (int j = j0; j < j1; ++j) {
      const long at = static_cast<long>(i) * d + j;
      const float a = gamma[j] * inv_std[j];
      const float nk = 0.0f - a * inv_std[j] * dgamma[j] * inv_b, nc = 0.0f - a * dbeta[j] * inv_b;
      dx[at] = nk * (x[at] - mean[j]) + (a * dy[at] + nc);
    }
}

// Large dense shapes by rows (bn_paths.hpp): the phases of the two kernels above, the same numbers bit for bit.
namespace {
int TileEnd(int t, int b) { return (t + 1) * kRows < b ? (t + 1) * kRows : b; }
}  // namespace

void BnDenseForwardScalarTiles(float* part, const float* x, int b, int d, int t0, int t1, int j0, int j1) {
  for (int t = t0; t < t1; ++t) {  // tile t's mean (tm) and M2 (q)
    float* tm = part + 2L * t * d;
    float* q = tm + d;
    const int i0 = t * kRows, i1 = TileEnd(t, b);
    for (int j = j0; j < j1; ++j) tm[j] = q[j] = 0.0f;
    for (int i = i0; i < i1; ++i)
      for (int j = j0; j < j1; ++j) tm[j] += x[static_cast<long>(i) * d + j];
    const float nt = static_cast<float>(i1 - i0);
    for (int j = j0; j < j1; ++j) tm[j] = tm[j] * (1.0f / nt);
    for (int i = i0; i < i1; ++i)
      for (int j = j0; j < j1; ++j) {
        const float c = x[static_cast<long>(i) * d + j] - tm[j];
        q[j] += c * c;
      }
  }
}

void BnDenseForwardScalarMerge(float* mean, float* var, float* inv_std, float* scale, const float* part,
                               const float* gamma, int b, int d, int j0, int j1, float eps) {
  for (int j = j0; j < j1; ++j) {
    mean[j] = part[j];
    var[j] = part[d + j];
  }
  for (int t = 1; t * kRows < b; ++t) {  // Chan, Golub & LeVeque, tile by tile; weights in double
    const int i0 = t * kRows, i1 = TileEnd(t, b);
    const float w = static_cast<float>(static_cast<double>(i1 - i0) / i1),
                w2 = static_cast<float>(static_cast<double>(i0) * (i1 - i0) / i1);
    const float* tm = part + 2L * t * d;
    const float* q = tm + d;
    for (int j = j0; j < j1; ++j) {
      const float delta = tm[j] - mean[j];
      mean[j] = mean[j] + delta * w;
      var[j] = (var[j] + q[j]) + delta * delta * w2;
    }
  }
  const float inv_b = 1.0f / static_cast<float>(b);
  for (int j = j0; j < j1; ++j) {
    var[j] = var[j] * inv_b;
    inv_std[j] = 1.0f / std::sqrt(var[j] + eps);
    scale[j] = gamma[j] * inv_std[j];
  }
}

void BnDenseForwardScalarRows(float* y, const float* x, const float* mean, const float* scale, const float* beta,
                              int d, int i0, int i1, int j0, int j1, bool) {
  for (int i = i1 - 1; i >= i0; --i)
    for (int j = j0; j < j1; ++j) {
      const long at = static_cast<long>(i) * d + j;
      y[at] = (x[at] - mean[j]) * scale[j] + beta[j];
    }
}

void BnDenseBackwardScalarTiles(float* part, const float* dy, const float* x, const float* mean, int b, int d,
                                int t0, int t1, int j0, int j1) {
  for (int t = t0; t < t1; ++t) {  // tile t's Σ dy (sb) and Σ dy·(x − mean) (sg)
    float* sb = part + 2L * t * d;
    float* sg = sb + d;
    for (int j = j0; j < j1; ++j) sb[j] = sg[j] = 0.0f;
    for (int i = t * kRows, i1 = TileEnd(t, b); i < i1; ++i)
      for (int j = j0; j < j1; ++j) {
        const long at = static_cast<long>(i) * d + j;
        sb[j] += dy[at];
        sg[j] += dy[at] * (x[at] - mean[j]);
      }
  }
}

void BnDenseBackwardScalarMerge(float* dgamma, float* dbeta, float* coef, const float* part, const float* inv_std,
                                const float* gamma, int b, int d, int j0, int j1) {
  for (int j = j0; j < j1; ++j) dgamma[j] = dbeta[j] = 0.0f;
  for (int t = 0; t * kRows < b; ++t)
    for (int j = j0; j < j1; ++j) {
      dbeta[j] += part[2L * t * d + j];
      dgamma[j] += part[(2L * t + 1) * d + j];
    }
  const float inv_b = 1.0f / static_cast<float>(b);
  for (int j = j0; j < j1; ++j) {  // coef: a = γ·inv_std, −k = −a·inv_std·dγ/B, −c = −a·dβ/B
    dgamma[j] *= inv_std[j];
    coef[j] = gamma[j] * inv_std[j];
    coef[d + j] = 0.0f - coef[j] * inv_std[j] * dgamma[j] * inv_b;
    coef[2L * d + j] = 0.0f - coef[j] * dbeta[j] * inv_b;
  }
}

void BnDenseBackwardScalarRows(float* dx, const float* dy, const float* x, const float* mean, const float* coef,
                               int d, int i0, int i1, int j0, int j1, bool) {
  for (int i = i1 - 1; i >= i0; --i)
    for (int j = j0; j < j1; ++j) {
      const long at = static_cast<long>(i) * d + j;
      dx[at] = coef[d + j] * (x[at] - mean[j]) + (coef[j] * dy[at] + coef[2L * d + j]);
    }
}

void BnConvForwardScalarChannels(float* y, float* mean, float* var, float* inv_std, const float* x,
                                 const float* gamma, const float* beta, int n, int c, int hw, int c0, int c1,
                                 float eps) {
  const float count = static_cast<float>(n) * static_cast<float>(hw);
  for (int ch = c0; ch < c1; ++ch) {
    float m = 0.0f, m2 = 0.0f;
    double done = 0.0;  // values merged so far
    for (int ni = 0; ni < n; ++ni) {
      const float* p = x + (static_cast<long>(ni) * c + ch) * hw;
      for (int q0 = 0; q0 < hw; q0 += kConvTile) {  // a piece of the plane: its mean and M2, then merged
        const int len = hw - q0 < kConvTile ? hw - q0 : kConvTile;
        const float nt = static_cast<float>(len);
        float s = 0.0f, q = 0.0f;
        for (int k = 0; k < len; ++k) s += p[q0 + k];
        const float tm = s * (1.0f / nt);
        for (int k = 0; k < len; ++k) q += (p[q0 + k] - tm) * (p[q0 + k] - tm);
        if (done == 0.0) {
          m = tm;
          m2 = q;
        } else {
          const double total = done + len;
          const float delta = tm - m;
          m = m + delta * static_cast<float>(len / total);
          m2 = (m2 + q) + delta * delta * static_cast<float>(done * len / total);
        }
        done += len;
      }
    }
    mean[ch] = m;
    var[ch] = m2 * (1.0f / count);
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
