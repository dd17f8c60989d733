// reference.mjs: the browser tests' own references, written independently of the app (float64, two-pass):
//   referenceBN     BN forward/backward for a batch x (N×D), PyTorch's conventions
//   referenceNorm   the image lab's variants (BatchNorm per channel, Layer, Instance, Group, Ghost, Renorm)
//   maxRelErr       the largest |got − want| / (1 + |want|) over nested arrays
//   DEFAULT_X       the lab's default batch, as designed (4×3)

// ---------------------------------------------------------------------------------------------
// Reference BN (float64, two-pass), for a batch x (N×D) with dy optional; PyTorch's conventions.
// ---------------------------------------------------------------------------------------------
export function referenceBN({ x, gamma, beta, eps, dy = null, mode = "train", runningMean = null, runningVar = null }) {
  const n = x.length, d = x[0].length;
  const col = (m, j) => m.map((r) => r[j]);
  const sum = (a) => a.reduce((s, v) => s + v, 0);
  const out = { mean: [], var: [], inv_std: [], xhat: x.map(() => []), y: x.map(() => []) };
  for (let j = 0; j < d; j++) {
    const c = col(x, j);
    const mean = mode === "train" ? sum(c) / n : runningMean[j];
    const v = mode === "train" ? sum(c.map((a) => (a - mean) ** 2)) / n : runningVar[j];
    const inv = 1 / Math.sqrt(v + eps);
    out.mean.push(mean);
    out.var.push(v);
    out.inv_std.push(inv);
    for (let i = 0; i < n; i++) {
      out.xhat[i][j] = (x[i][j] - mean) * inv;
      out.y[i][j] = gamma[j] * out.xhat[i][j] + beta[j];
    }
  }
  if (dy) {
    out.dbeta = [];
    out.dgamma = [];
    out.dx = x.map(() => []);
    for (let j = 0; j < d; j++) {
      const g = col(dy, j), xh = col(out.xhat, j);
      out.dbeta.push(sum(g));
      out.dgamma.push(sum(g.map((v, i) => v * xh[i])));
      for (let i = 0; i < n; i++) {
        // dx = γ·inv_std/N · (N·dy − Σdy − x̂·Σ(dy·x̂)) in train mode; γ·inv_std·dy in eval
        out.dx[i][j] = mode === "train"
          ? (gamma[j] * out.inv_std[j] / n) * (n * g[i] - out.dbeta[j] - xh[i] * out.dgamma[j])
          : gamma[j] * out.inv_std[j] * g[i];
      }
    }
  }
  return out;
}

export function maxRelErr(got, want) {
  const g = [got].flat(3), w = [want].flat(3);
  if (g.length !== w.length || g.length === 0) return Infinity;
  return Math.max(...g.map((v, k) => Math.abs(v - w[k]) / (1 + Math.abs(w[k]))));
}

// The default batch the lab opens with (4 samples × 3 features).
export const DEFAULT_X = [[1, 120, -0.5], [2, 80, 0.5], [3, 100, -1.5], [6, 140, 1.5]];

// ---------------------------------------------------------------------------------------------
// The image lab (tab 5): BatchNorm per channel and its relatives on an N×C×H×W batch (x flat, row-major).
// ---------------------------------------------------------------------------------------------
// Statistics group of element (n, c) for each variant (the order the app reports its groups in).
export function groupOf(v, n, c, C, G, B) {
  switch (v) {
    case "batch": case "renorm": return c;
    case "layer": return n;
    case "instance": return n * C + c;
    case "group": return n * G + Math.floor(c / (C / G));
    case "ghost": return Math.floor(n / B) * C + c;
  }
  throw new Error(v);
}

export function referenceNorm(x, [N, C, H, W], v, { G = 1, B = 1, gamma, beta, eps, runMean = null, runVar = null, rMax = 3, dMax = 5 }) {
  const count = { batch: C, renorm: C, layer: N, instance: N * C, group: N * G, ghost: (N / B) * C }[v];
  const sum = new Array(count).fill(0), n = new Array(count).fill(0), sq = new Array(count).fill(0);
  const at = (a, b, k) => (a * C + b) * H * W + k;
  for (let a = 0; a < N; a++) for (let b = 0; b < C; b++) for (let k = 0; k < H * W; k++) {
    const g = groupOf(v, a, b, C, G, B);
    sum[g] += x[at(a, b, k)];
    n[g]++;
  }
  const mean = sum.map((s, g) => s / n[g]);
  for (let a = 0; a < N; a++) for (let b = 0; b < C; b++) for (let k = 0; k < H * W; k++) {
    const g = groupOf(v, a, b, C, G, B);
    sq[g] += (x[at(a, b, k)] - mean[g]) ** 2;
  }
  const variance = sq.map((s, g) => s / n[g]);
  const invStd = variance.map((s) => 1 / Math.sqrt(s + eps));
  const clip = (a, lo, hi) => Math.min(hi, Math.max(lo, a));
  const r = [], d = [];
  if (v === "renorm")
    for (let b = 0; b < C; b++) {
      const runStd = Math.sqrt(runVar[b] + eps);
      r.push(clip(Math.sqrt(variance[b] + eps) / runStd, 1 / rMax, rMax));
      d.push(clip((mean[b] - runMean[b]) / runStd, -dMax, dMax));
    }
  const xhat = [], y = [];
  for (let a = 0; a < N; a++) for (let b = 0; b < C; b++) for (let k = 0; k < H * W; k++) {
    const g = groupOf(v, a, b, C, G, B);
    let xh = (x[at(a, b, k)] - mean[g]) * invStd[g];
    if (v === "renorm") xh = xh * r[b] + d[b];
    xhat.push(xh);
    y.push(gamma[b] * xh + beta[b]);
  }
  return { count, mean, var: variance, inv_std: invStd, xhat, y, r, d };
}
