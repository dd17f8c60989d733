// image_lab.cpp: the image-batch lab's model (see image_lab.hpp).
//
// Index
//   1. Input: defaults, resizing, the seeded tensors, edits
//   2. BuildNormTrace: the steps of one variant, values from NormForward / NormBackward
//   3. Text: group labels, NormSubstituted
// Its link (lab=image&...) is read and written in image_link.cpp.
#include "core/lab/image_lab.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/base/rng.hpp"

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. Input
// ---------------------------------------------------------------------------------------------
namespace {

int Clamp(int v) { return std::clamp(v, 1, kImageMaxDim); }

// The largest divisor of `of` that is ≤ want (≥ 1).
int DivisorAtMost(int of, int want) {
  for (int d = std::clamp(want, 1, of); d > 1; --d)
    if (of % d == 0) return d;
  return 1;
}

// Row r resized to c entries, keeping the first ones and filling the rest with `fill`.
Row Refit(const Row& r, int c, double fill) {
  Row out = Row::Constant(c, fill);
  for (int j = 0; j < c && j < r.size(); ++j) out(j) = r(j);
  return out;
}

Tensor4 Empty(const ImageLabInput& in) {
  Tensor4 t;
  t.n = in.n;
  t.c = in.c;
  t.h = in.h;
  t.w = in.w;
  t.data.assign(static_cast<size_t>(in.n) * in.c * in.h * in.w, 0.0);
  return t;
}

}  // namespace

ImageLabInput DefaultImageLabInput() {
  ImageLabInput in;
  in.gamma = Row::Ones(in.c);
  in.beta = Row::Zero(in.c);
  in.params.running_mean = Row::Zero(in.c);
  in.params.running_var = Row::Ones(in.c);
  return in;
}

void ResizeImageLab(ImageLabInput* in, int n, int c, int h, int w) {
  n = Clamp(n), c = Clamp(c), h = Clamp(h), w = Clamp(w);
  // Edits keep their (n, c, h, w) position when it still exists.
  std::vector<std::pair<int, double>> kept;
  for (const auto& e : in->edits) {
    int k = e.first;
    const int wi = k % in->w;
    k /= in->w;
    const int hi = k % in->h;
    k /= in->h;
    const int ci = k % in->c;
    const int ni = k / in->c;
    if (ni < n && ci < c && hi < h && wi < w) kept.emplace_back(((ni * c + ci) * h + hi) * w + wi, e.second);
  }
  std::sort(kept.begin(), kept.end());
  in->edits = kept;
  in->n = n, in->c = c, in->h = h, in->w = w;
  in->gamma = Refit(in->gamma, c, 1.0);
  in->beta = Refit(in->beta, c, 0.0);
  in->params.running_mean = Refit(in->params.running_mean, c, 0.0);
  in->params.running_var = Refit(in->params.running_var, c, 1.0);
  in->params.groups = DivisorAtMost(c, in->params.groups);
  in->params.ghost_batch = DivisorAtMost(n, in->params.ghost_batch);
}

Tensor4 ImageTensor(const ImageLabInput& in) {
  Tensor4 t = Empty(in);
  Rng rng(static_cast<uint64_t>(in.seed) * 2 + 1);
  for (int ni = 0; ni < in.n; ++ni)
    for (int ci = 0; ci < in.c; ++ci)
      for (int k = 0; k < in.h * in.w; ++k)  // channel c near 2·c: −3..3 around it
        t.data[(static_cast<size_t>(ni) * in.c + ci) * in.h * in.w + k] = 2.0 * ci + (rng.Below(7) - 3);
  for (const auto& e : in.edits)
    if (e.first >= 0 && static_cast<size_t>(e.first) < t.data.size()) t.data[e.first] = e.second;
  return t;
}

Tensor4 ImageDy(const ImageLabInput& in) {
  Tensor4 t = Empty(in);
  Rng rng(static_cast<uint64_t>(in.seed) * 2 + 2);
  for (double& v : t.data) v = rng.Below(5) - 2;  // −2..2
  return t;
}

void SetImageValue(ImageLabInput* in, int index, double v) {
  const int size = in->n * in->c * in->h * in->w;
  if (index < 0 || index >= size)
    throw std::invalid_argument("element " + std::to_string(index) + " is outside the " + std::to_string(size) +
                                "-value batch");
  if (!std::isfinite(v)) throw std::invalid_argument("the value must be a finite number");
  ImageLabInput plain = *in;
  plain.edits.clear();
  const bool same_as_seed = ImageTensor(plain).data[index] == v;
  auto at = std::lower_bound(in->edits.begin(), in->edits.end(), std::make_pair(index, -HUGE_VAL));
  const bool exists = at != in->edits.end() && at->first == index;
  if (same_as_seed) {
    if (exists) in->edits.erase(at);
    return;
  }
  if (exists) {
    at->second = v;
    return;
  }
  if (static_cast<int>(in->edits.size()) >= kImageMaxEdits)
    throw std::invalid_argument("at most " + std::to_string(kImageMaxEdits) +
                                " values can be edited; press New batch to start again");
  in->edits.insert(at, {index, v});
}

// ---------------------------------------------------------------------------------------------
// 2. The trace
// ---------------------------------------------------------------------------------------------
int NormTrace::index_of(const std::string& key) const {
  for (size_t k = 0; k < steps.size(); ++k)
    if (steps[k].key == key) return static_cast<int>(k);
  return -1;
}

NormTrace BuildNormTrace(const ImageLabInput& in) {
  NormTrace t;
  t.in = in;
  t.x = ImageTensor(in);
  t.fwd = NormForward(t.x, in.params, in.gamma, in.beta, in.eps);
  const NormGroups& g = t.fwd.groups;
  const bool renorm = in.params.variant == NormVariant::Renorm;
  auto add = [&](const char* key, const char* title, const char* symbol, const char* formula, NormExtent e,
                 std::vector<double> value, bool backward = false) {
    t.steps.push_back({key, title, symbol, formula, e, backward, std::move(value)});
  };
  auto row = [](const Row& r) { return std::vector<double>(r.data(), r.data() + r.size()); };

  // m = values per statistics group, the paper's m (its effective mini-batch for a conv layer: Ioffe & Szegedy 2015, §3.2)
  add("mean", "Mean of each statistics group", "μ", "μₖ = (1/m) Σᵢ xᵢ   (i over the m values of group k)", NormExtent::PerGroup, t.fwd.mean);
  add("var", "Variance of each group (biased)", "σ²", "σₖ² = (1/m) Σᵢ (xᵢ − μₖ)²   (i over group k)", NormExtent::PerGroup,
      t.fwd.var);
  add("inv_std", "Inverse standard deviation", "1/√(σ²+ε)", "1/√(σₖ² + ε)", NormExtent::PerGroup, t.fwd.inv_std);
  if (renorm) {
    // x̂_B = (x − μ)·inv_std: the plain batch-normalized value, before Renorm's correction.
    Tensor4 xhat_b = t.x;
    for (int ni = 0; ni < g.n; ++ni)
      for (int ci = 0; ci < g.c; ++ci) {
        const int k = GroupOf(g, ni, ci);
        const size_t base = (static_cast<size_t>(ni) * g.c + ci) * g.h * g.w;
        for (int j = 0; j < g.h * g.w; ++j) xhat_b.data[base + j] = (t.x.data[base + j] - t.fwd.mean[k]) * t.fwd.inv_std[k];
      }
    add("xhat_b", "Normalize with the batch statistics", "x̂_B", "x̂_B = (x − μ_c) / √(σ_c² + ε)",
        NormExtent::PerElement, xhat_b.data);
    add("r", "Renorm's scale correction r (clipped)", "r", "r_c = clip(σ_B / σ_run, 1/r_max, r_max)",
        NormExtent::PerChannel, t.fwd.r);
    add("d", "Renorm's shift correction d (clipped)", "d", "d_c = clip((μ_B − μ_run) / σ_run, −d_max, d_max)",
        NormExtent::PerChannel, t.fwd.d);
    add("xhat", "Corrected normalized value", "x̂", "x̂ = r_c·x̂_B + d_c", NormExtent::PerElement, t.fwd.xhat.data);
  } else {
    add("xhat", "Normalize", "x̂", "x̂ = (x − μₖ) / √(σₖ² + ε)", NormExtent::PerElement, t.fwd.xhat.data);
  }
  add("y", "Scale by γ and shift by β (per channel)", "y", "y = γ_c·x̂ + β_c", NormExtent::PerElement, t.fwd.y.data);
  if (!in.backward) return t;

  t.dy = ImageDy(in);
  t.bwd = NormBackward(t.dy, t.x, t.fwd, in.params, in.gamma);
  add("dy", "Upstream gradient", "dy", "dy = ∂L/∂y", NormExtent::PerElement, t.dy.data, true);
  add("dbeta", "Gradient of β", "dβ", "dβ_c = Σ dy   (over N, H, W of channel c)", NormExtent::PerChannel, row(t.bwd.dbeta), true);
  add("dgamma", "Gradient of γ", "dγ", "dγ_c = Σ dy·x̂   (over N, H, W of channel c)", NormExtent::PerChannel, row(t.bwd.dgamma), true);
  std::vector<double> dxhat(t.dy.data.size());
  const size_t hw = static_cast<size_t>(g.h) * g.w;
  for (size_t i = 0; i < dxhat.size(); ++i) dxhat[i] = t.dy.data[i] * in.gamma((i / hw) % g.c);  // dx̂ = dy·γ_c
  add("dxhat", "Gradient of x̂", "dx̂", "dx̂ = dy·γ_c", NormExtent::PerElement, dxhat, true);
  add("dx", "Gradient of x", "dx",
      // Each Σ runs over the m values of the element's own group k (not over k); Ioffe & Szegedy 2015, §3;
      // Renorm: Ioffe 2017, §3 (r, d are constants for the gradient)
      renorm ? "dx = r_c/(m·σ_B) · (m·dx̂ − Σ dx̂ − x̂_B·Σ dx̂·x̂_B)   (each Σ over the m values of channel c; r, d constants)"
             : "dx = 1/(m·√(σₖ²+ε)) · (m·dx̂ − Σ dx̂ − x̂·Σ dx̂·x̂)   (each Σ over the m values of group k)",
      NormExtent::PerElement, t.bwd.dx.data, true);
  return t;
}

// ---------------------------------------------------------------------------------------------
// 3. Text
// ---------------------------------------------------------------------------------------------
namespace {

std::string Range(const char* what, int first, int last) {  // 1-based: "channels 3–4", "channel 3"
  if (first == last) return std::string(what) + " " + std::to_string(first);
  return std::string(what) + "s " + std::to_string(first) + "–" + std::to_string(last);
}

}  // namespace

std::string NormGroupLabel(const NormGroups& g, int k) {
  switch (g.variant) {
    case NormVariant::Batch:
    case NormVariant::Renorm: return "channel " + std::to_string(k + 1);
    case NormVariant::Layer: return "sample " + std::to_string(k + 1);
    case NormVariant::Instance:
      return "sample " + std::to_string(k / g.c + 1) + ", channel " + std::to_string(k % g.c + 1);
    case NormVariant::Group: {
      const int per = g.c / g.g, gi = k % g.g;
      return "sample " + std::to_string(k / g.g + 1) + ", group " + std::to_string(gi + 1) + " (" +
             Range("channel", gi * per + 1, gi * per + per) + ")";
    }
    case NormVariant::Ghost: {
      const int b = g.size / (g.h * g.w), sub = k / g.c;
      return "sub-batch " + std::to_string(sub + 1) + " (" + Range("sample", sub * b + 1, sub * b + b) +
             "), channel " + std::to_string(k % g.c + 1);
    }
  }
  return "group " + std::to_string(k + 1);
}

std::string NormGroupingText(const NormGroups& g) {
  const std::string m = " = " + std::to_string(g.size) + " values";
  const std::string groups = std::to_string(g.count) + " group" + (g.count == 1 ? "" : "s");
  switch (g.variant) {
    case NormVariant::Batch:
      return "per channel, over (N, H, W): C = " + groups + " of m = N·H·W" + m;
    case NormVariant::Renorm:
      return "per channel, over (N, H, W), then corrected by r and d: C = " + groups + " of m = N·H·W" + m;
    case NormVariant::Layer: return "per sample, over (C, H, W): N = " + groups + " of m = C·H·W" + m;
    case NormVariant::Instance: return "per sample and channel, over (H, W): N·C = " + groups + " of m = H·W" + m;
    case NormVariant::Group:
      return "per sample and group of C/G = " + std::to_string(g.c / g.g) + " channels, over (C/G, H, W): N·G = " +
             groups + " of m = (C/G)·H·W" + m;
    case NormVariant::Ghost:
      return "per virtual sub-batch of B = " + std::to_string(g.size / (g.h * g.w)) +
             " samples and channel, over (B, H, W): (N/B)·C = " + groups + " of m = B·H·W" + m;
  }
  return groups;
}

std::string NormSubstituted(const NormTrace& t, int step, int ni, int ci, int hi, int wi, int digits) {
  if (step < 0 || step >= static_cast<int>(t.steps.size())) return {};
  const NormGroups& g = t.fwd.groups;
  ni = std::clamp(ni, 0, g.n - 1), ci = std::clamp(ci, 0, g.c - 1);
  hi = std::clamp(hi, 0, g.h - 1), wi = std::clamp(wi, 0, g.w - 1);
  const NormStep& s = t.steps[step];
  const size_t hw = static_cast<size_t>(g.h) * g.w;
  const size_t index = (static_cast<size_t>(ni) * g.c + ci) * hw + static_cast<size_t>(hi) * g.w + wi;
  const int k = GroupOf(g, ni, ci);
  auto f = [&](double v) { return FormatNumber(v, digits); };
  auto p = [&](double v) { return v < 0 ? "(" + f(v) + ")" : f(v); };
  auto value = [&](const char* key, size_t at) {
    const int q = t.index_of(key);
    return q < 0 || at >= t.steps[q].value.size() ? std::nan("") : t.steps[q].value[at];
  };
  const double result = s.extent == NormExtent::PerGroup ? s.value[k]
                        : s.extent == NormExtent::PerChannel ? s.value[ci] : s.value[index];
  const std::string eq = " = " + f(result);
  const std::string kk = SubscriptIndex(k + 1), cc = SubscriptIndex(ci + 1);
  const std::string M = std::to_string(g.size);
  // The members of group k in storage order: the terms of its sums.
  auto group_terms = [&](auto term) {
    std::vector<std::string> terms;
    for (int a = 0; a < g.n && terms.size() < 8; ++a)
      for (int b = 0; b < g.c && terms.size() < 8; ++b) {
        if (GroupOf(g, a, b) != k) continue;
        const size_t base = (static_cast<size_t>(a) * g.c + b) * hw;
        for (size_t j = 0; j < hw && terms.size() < 8; ++j) terms.push_back(term(base + j));
      }
    if (g.size > 7) terms.resize(std::min<size_t>(terms.size(), 7)), terms.push_back("");  // "…" follows
    return JoinTerms(terms);
  };
  auto channel_terms = [&](auto term) {  // over (N, H, W) of channel c
    std::vector<std::string> terms;
    for (int a = 0; a < g.n && terms.size() < 8; ++a)
      for (size_t j = 0; j < hw && terms.size() < 8; ++j) terms.push_back(term((static_cast<size_t>(a) * g.c + ci) * hw + j));
    return JoinTerms(terms);
  };
  const std::string& key = s.key;
  const double x = t.x.data[index], mean = t.fwd.mean[k], var = t.fwd.var[k], eps = t.in.eps;
  const double gamma = t.in.gamma(ci), beta = t.in.beta(ci);
  if (key == "mean") return "μ" + kk + " = (" + group_terms([&](size_t i) { return p(t.x.data[i]); }) + ") / " + M + eq;
  if (key == "var")
    return "σ" + kk + "² = (" + group_terms([&](size_t i) { return "(" + f(t.x.data[i]) + " − " + p(mean) + ")²"; }) +
           ") / " + M + eq;
  if (key == "inv_std") return "1/√(σ" + kk + "² + ε) = 1/√(" + f(var) + " + " + f(eps) + ")" + eq;
  if (key == "xhat_b" || (key == "xhat" && t.in.params.variant != NormVariant::Renorm))
    return std::string(key == "xhat" ? "x̂" : "x̂_B") + " = (x − μ" + kk + ")·(1/√(σ" + kk + "² + ε)) = (" + f(x) +
           " − " + p(mean) + ")·" + f(t.fwd.inv_std[k]) + eq;
  if (key == "r") {
    const double run_std = std::sqrt(t.in.params.running_var(ci) + eps);
    return "r" + cc + " = clip(" + f(std::sqrt(var + eps)) + " / " + f(run_std) + ", " + f(1.0 / t.in.params.r_max) +
           ", " + f(t.in.params.r_max) + ")" + eq;
  }
  if (key == "d") {
    const double run_std = std::sqrt(t.in.params.running_var(ci) + eps);
    return "d" + cc + " = clip((" + f(mean) + " − " + p(t.in.params.running_mean(ci)) + ") / " + f(run_std) + ", −" +
           f(t.in.params.d_max) + ", " + f(t.in.params.d_max) + ")" + eq;
  }
  if (key == "xhat")  // Renorm
    return "x̂ = r" + cc + "·x̂_B + d" + cc + " = " + f(t.fwd.r[ci]) + "·" + p(value("xhat_b", index)) + " + " +
           p(t.fwd.d[ci]) + eq;
  if (key == "y")
    return "y = γ" + cc + "·x̂ + β" + cc + " = " + f(gamma) + "·" + p(t.fwd.xhat.data[index]) + " + " + p(beta) + eq;
  if (key == "dy") return "dy = ∂L/∂y" + eq;
  if (key == "dbeta") return "dβ" + cc + " = " + channel_terms([&](size_t i) { return p(t.dy.data[i]); }) + eq;
  if (key == "dgamma")
    return "dγ" + cc + " = " +
           channel_terms([&](size_t i) { return p(t.dy.data[i]) + "·" + p(t.fwd.xhat.data[i]); }) + eq;
  if (key == "dxhat") return "dx̂ = dy·γ" + cc + " = " + p(t.dy.data[index]) + "·" + p(gamma) + eq;
  if (key == "dx") {
    // Σ dx̂ and Σ dx̂·x̂ over the m values of group k (x̂_B for Renorm, whose r multiplies in front).
    const bool renorm = t.in.params.variant == NormVariant::Renorm;
    const char* xhat_key = renorm ? "xhat_b" : "xhat";
    double sum = 0.0, sum_x = 0.0;
    for (int a = 0; a < g.n; ++a)
      for (int b = 0; b < g.c; ++b) {
        if (GroupOf(g, a, b) != k) continue;
        const size_t base = (static_cast<size_t>(a) * g.c + b) * hw;
        for (size_t j = 0; j < hw; ++j) {
          const double d = value("dxhat", base + j);
          sum += d;
          sum_x += d * value(xhat_key, base + j);
        }
      }
    const std::string front = renorm ? f(t.fwd.r[ci]) + "·" + f(t.fwd.inv_std[k]) + "/" + M
                                     : f(t.fwd.inv_std[k]) + "/" + M;
    return "dx = " + front + "·(" + M + "·" + p(value("dxhat", index)) + " − " + p(sum) + " − " +
           p(value(xhat_key, index)) + "·" + p(sum_x) + ")" + eq;
  }
  return s.symbol + eq;
}

}  // namespace bn
