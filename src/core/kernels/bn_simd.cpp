// bn_simd.cpp: the f32x4 kernels of bn_simd.hpp. Built at -O3; every loop's body is one 4-wide vector
// operation per step, then a scalar tail for the last D mod 4 (or H·W mod 4) values.
#include "core/kernels/bn_simd.hpp"

#include <cmath>
#include <cstring>

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

}  // namespace

void BnDenseForwardF32x4(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                         const float* beta, int b, int d, float eps) {
  // pass 1 (one read of x): s1_j = Σ_i (x_ij − k_j), s2_j = Σ_i (x_ij − k_j)², shifted by k_j = x_0j so that a
  // large common offset cancels before squaring; then mean = k + s1/B, var = (s2 − s1²/B)/B.
  const int d4 = d - d % 4;
  for (int j = 0; j < d; ++j) mean[j] = var[j] = 0.0f;
  for (int i = 0; i < b; ++i) {
    const float* xi = x + static_cast<long>(i) * d;
    int j = 0;
    for (; j < d4; j += 4) {
      const f32x4 t = Load(xi + j) - Load(x + j);
      Store(mean + j, Load(mean + j) + t);
      Store(var + j, Load(var + j) + t * t);
    }
    for (; j < d; ++j) {
      const float t = xi[j] - x[j];
      mean[j] += t;
      var[j] += t * t;
    }
  }
  const float inv_b = 1.0f / static_cast<float>(b);
  for (int j = 0; j < d; ++j) {
    const float s1 = mean[j], s2 = var[j];
    var[j] = std::fmax((s2 - s1 * s1 * inv_b) * inv_b, 0.0f);
    mean[j] = x[j] + s1 * inv_b;
    inv_std[j] = 1.0f / std::sqrt(var[j] + eps);
  }
  // pass 2: y = (x − mean)·(gamma·inv_std) + beta  (one read of x, one write of y)
  for (int i = 0; i < b; ++i) {
    const float* xi = x + static_cast<long>(i) * d;
    float* yi = y + static_cast<long>(i) * d;
    int j = 0;
    for (; j < d4; j += 4)
      Store(yi + j, (Load(xi + j) - Load(mean + j)) * (Load(gamma + j) * Load(inv_std + j)) + Load(beta + j));
    for (; j < d; ++j) yi[j] = (xi[j] - mean[j]) * (gamma[j] * inv_std[j]) + beta[j];
  }
}

void BnDenseBackwardF32x4(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x, const float* mean,
                          const float* inv_std, const float* gamma, int b, int d) {
  const int d4 = d - d % 4;
  // two reductions in one read of dy and x: dbeta_j = Σ dy, dgamma_j = Σ dy·(x − mean)·inv_std
  for (int j = 0; j < d; ++j) dbeta[j] = dgamma[j] = 0.0f;
  for (int i = 0; i < b; ++i) {
    const float* g = dy + static_cast<long>(i) * d;
    const float* xi = x + static_cast<long>(i) * d;
    int j = 0;
    for (; j < d4; j += 4) {
      const f32x4 gv = Load(g + j);
      Store(dbeta + j, Load(dbeta + j) + gv);
      Store(dgamma + j, Load(dgamma + j) + gv * (Load(xi + j) - Load(mean + j)));
    }
    for (; j < d; ++j) {
      dbeta[j] += g[j];
      dgamma[j] += g[j] * (xi[j] - mean[j]);
    }
  }
  for (int j = 0; j < d; ++j) dgamma[j] *= inv_std[j];
  // one per-element pass: dx = (gamma·inv_std/B)·(B·dy − dbeta − xhat·dgamma), xhat = (x − mean)·inv_std
  const float fb = static_cast<float>(b);
  for (int i = 0; i < b; ++i) {
    const float* g = dy + static_cast<long>(i) * d;
    const float* xi = x + static_cast<long>(i) * d;
    float* o = dx + static_cast<long>(i) * d;
    int j = 0;
    for (; j < d4; j += 4) {
      const f32x4 is = Load(inv_std + j);
      const f32x4 xhat = (Load(xi + j) - Load(mean + j)) * is;
      const f32x4 scale = Load(gamma + j) * is * Splat(1.0f / fb);
      Store(o + j, scale * (Splat(fb) * Load(g + j) - Load(dbeta + j) - xhat * Load(dgamma + j)));
    }
    for (; j < d; ++j) {
      const float xhat = (xi[j] - mean[j]) * inv_std[j];
      o[j] = gamma[j] * inv_std[j] / fb * (fb * g[j] - dbeta[j] - xhat * dgamma[j]);
    }
  }
}

void BnConvForwardF32x4(float* y, float* mean, float* var, float* inv_std, const float* x, const float* gamma,
                        const float* beta, int n, int c, int hw, float eps) {
  const int hw4 = hw - hw % 4;
  const float inv_m = 1.0f / (static_cast<float>(n) * static_cast<float>(hw));
  for (int ch = 0; ch < c; ++ch) {
    // shifted one-pass sums over the channel's N planes of H·W values
    const float k = x[static_cast<long>(ch) * hw];
    f32x4 s1 = Splat(0.0f), s2 = Splat(0.0f);
    float t1 = 0.0f, t2 = 0.0f;
    for (int ni = 0; ni < n; ++ni) {
      const float* p = x + (static_cast<long>(ni) * c + ch) * hw;
      int q = 0;
      for (; q < hw4; q += 4) {
        const f32x4 t = Load(p + q) - Splat(k);
        s1 += t;
        s2 += t * t;
      }
      for (; q < hw; ++q) {
        const float t = p[q] - k;
        t1 += t;
        t2 += t * t;
      }
    }
    const float sum1 = Sum(s1) + t1, sum2 = Sum(s2) + t2;
    mean[ch] = k + sum1 * inv_m;
    var[ch] = std::fmax((sum2 - sum1 * sum1 * inv_m) * inv_m, 0.0f);
    inv_std[ch] = 1.0f / std::sqrt(var[ch] + eps);
    const f32x4 scale = Splat(gamma[ch] * inv_std[ch]), shift = Splat(beta[ch] - mean[ch] * gamma[ch] * inv_std[ch]);
    const float sc = gamma[ch] * inv_std[ch], sh = beta[ch] - mean[ch] * sc;
    for (int ni = 0; ni < n; ++ni) {  // y = x·scale + shift
      const float* p = x + (static_cast<long>(ni) * c + ch) * hw;
      float* o = y + (static_cast<long>(ni) * c + ch) * hw;
      int q = 0;
      for (; q < hw4; q += 4) Store(o + q, Load(p + q) * scale + shift);
      for (; q < hw; ++q) o[q] = p[q] * sc + sh;
    }
  }
}

void BnConvBackwardF32x4(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x, const float* mean,
                         const float* inv_std, const float* gamma, int n, int c, int hw) {
  const int hw4 = hw - hw % 4;
  const float m = static_cast<float>(n) * static_cast<float>(hw);
  for (int ch = 0; ch < c; ++ch) {
    const f32x4 mu = Splat(mean[ch]);
    f32x4 sb = Splat(0.0f), sg = Splat(0.0f);
    float tb = 0.0f, tg = 0.0f;
    for (int ni = 0; ni < n; ++ni) {
      const long off = (static_cast<long>(ni) * c + ch) * hw;
      int q = 0;
      for (; q < hw4; q += 4) {
        const f32x4 g = Load(dy + off + q);
        sb += g;
        sg += g * (Load(x + off + q) - mu);
      }
      for (; q < hw; ++q) {
        tb += dy[off + q];
        tg += dy[off + q] * (x[off + q] - mean[ch]);
      }
    }
    dbeta[ch] = Sum(sb) + tb;
    dgamma[ch] = (Sum(sg) + tg) * inv_std[ch];
    // dx = a·dy + b·x + c0, with a = γ·inv_std, b = −γ·inv_std²·dγ/M, c0 = −a·dβ/M − b·mean
    const float a = gamma[ch] * inv_std[ch];
    const float bx = -gamma[ch] * inv_std[ch] * inv_std[ch] * dgamma[ch] / m;
    const float c0 = -a * dbeta[ch] / m - bx * mean[ch];
    const f32x4 av = Splat(a), bv = Splat(bx), cv = Splat(c0);
    for (int ni = 0; ni < n; ++ni) {
      const long off = (static_cast<long>(ni) * c + ch) * hw;
      int q = 0;
      for (; q < hw4; q += 4) Store(dx + off + q, av * Load(dy + off + q) + bv * Load(x + off + q) + cv);
      for (; q < hw; ++q) dx[off + q] = a * dy[off + q] + bx * x[off + q] + c0;
    }
  }
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
