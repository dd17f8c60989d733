// lesson_truth.mjs: a lesson question's answer computed here, independently of bnlab (float64, the textbook formulas
// over the chapter's link or the page's image batch): learn.spec.mjs and i18n.spec.mjs check the page against it.
import { referenceBN } from "./reference.mjs";

export function parseLink(link) {
  const o = {};
  for (const part of link.split("&")) {
    const [k, v] = part.split("=");
    o[k] = v;
  }
  return o;
}
export const rows = (t) => t.split(";").map((r) => r.split(",").map(Number));

// A step-lab answer computed here (float64) from a link's settings with the batch x.
export function stepTruth(L, x, source, [i, j]) {
  const c = x.map((r) => r[j]), n = x.length;
  if (source === "minmax") return (x[i][j] - Math.min(...c)) / (Math.max(...c) - Math.min(...c));
  const gamma = L.gamma.split(",").map(Number), beta = L.beta.split(",").map(Number), eps = Number(L.eps);
  const rm = L.running_mean ? L.running_mean.split(",").map(Number) : x[0].map(() => 0);
  const rv = L.running_var ? L.running_var.split(",").map(Number) : x[0].map(() => 1);
  const ref = referenceBN({ x, gamma, beta, eps, mode: L.mode, runningMean: rm, runningVar: rv });
  const key = source.slice(6);
  const mom = L.momentum ? Number(L.momentum) : 0.1;
  const mu = c.reduce((a, v) => a + v, 0) / n, v = c.reduce((a, t) => a + (t - mu) ** 2, 0) / n;
  if (key === "running_mean") return (1 - mom) * rm[j] + mom * mu;
  if (key === "running_var") return (1 - mom) * rv[j] + mom * v * n / (n - 1);
  if (key === "sum") return mu * n;
  if (key === "dev") return x[i][j] - ref.mean[j];
  return i >= 0 ? ref[key][i][j] : ref[key][j];
}

// A numeric question's answer, computed here from the chapter's link (step lab) or the page's image batch.
export function lessonTruth(s, q) {
  if (q.source === "minmax" || q.source.startsWith("trace:")) {
    const L = parseLink(s.lesson.link);
    return stepTruth(L, rows(L.x), q.source, q.index);
  }
  const [N, C, H, W] = s.image.shape;
  const ch = q.index[0], vals = [];
  for (let n = 0; n < N; n++) for (let p = 0; p < H * W; p++) vals.push(s.image.x[(n * C + ch) * H * W + p]);
  const mu = vals.reduce((a, v) => a + v, 0) / vals.length;
  if (q.source === "image:mean") return mu;
  return vals.reduce((a, v) => a + (v - mu) ** 2, 0) / vals.length;  // image:var, biased
}

