// norm_variants.cpp: Batch, Layer, Instance, Group, Ghost and Batch Renormalization over N×C×H×W (see norm_variants.hpp).
//
// Index
//   1. The variants' table (name, key, note) and messages
//   2. MakeNormGroups, GroupOf
//   3. Validation of tensors and per-channel rows
//   4. NormForward: two-pass statistics per group, x̂, y
//   5. NormBackward: dγ, dβ per channel, dx per statistics group
//
// Layout: element (ni, ci, hi, wi) at ((ni·C + ci)·H + hi)·W + wi, so the H·W values of one (ni, ci) are
// contiguous and share one statistics group k = GroupOf(ni, ci). Every loop below walks (ni, ci) planes.
//
// In the current language: the notes (norm.<key>.note) and the refusals of a shape, G, B, ε or Renorm's settings
// (norm.error.*); the names stay (BatchNorm, GroupNorm …), and NormBackward's checks that its arrays belong together
// (arrays the program made itself) stay developer English.
// i18n-keys: norm.
#include "core/bn/norm_variants.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "core/i18n/current.hpp"

namespace bn {

// ---------------------------------------------------------------------------------------------
// 1. The variants' table and messages
// ---------------------------------------------------------------------------------------------
namespace {

// One row per variant, in NormVariant order: its name, its key and its note (our own words; the sources in the
// comment beside each, teaching-facts).
std::vector<NormVariantRow> MakeVariantRows() {
  return {
      // Wu & He 2018, Fig. 1; Ioffe 2017, §1; Hoffer et al. 2017 (sync BN: the opposite of Ghost BN)
      {NormVariant::Batch, "Batch", "batch",
       "BatchNorm in a convolutional layer keeps one mean and one variance per channel, pooled over every "
       "sample and every pixel of that channel: a channel counts as one feature seen N·H·W times, so its "
       "statistics average m = N·H·W values, the paper's effective mini-batch for convolutions (Ioffe & "
       "Szegedy, §3.2). One γ and one β per channel follow. It is the "
       "default for CNNs trained with batches of a reasonable size. Training uses the batch's statistics and "
       "updates running averages; inference uses the running averages instead, so one image gives the same "
       "output whatever else is in its batch. With small batches the statistics get noisy and differ more "
       "from the running ones, so the gap between training and inference grows; the usual remedies are "
       "GroupNorm (no batch dimension), Batch Renormalization, or synchronized BN, which pools the "
       "statistics of the batches on all devices."},
      // Ba, Kiros & Hinton 2016; PyTorch docs: LayerNorm (normalized_shape, elementwise_affine)
      {NormVariant::Layer, "Layer", "layer",
       "LayerNorm here takes one mean and variance per sample, over all of its channels and pixels (C, H, W). "
       "No other sample takes part, so it works the same for a batch of one, for any batch size, and in "
       "training and inference alike: there are no running statistics to keep. Transformers use it per "
       "token: each token is normalized over its own d_model features, never across the sequence or the "
       "batch. PyTorch's nn.LayerNorm(normalized_shape) learns one γ and β per element of normalized_shape; "
       "the lab, like group_norm(x, 1), learns one pair per channel. On images it makes every channel of a "
       "sample share one scale, which is often a stronger constraint than wanted."},
      // Ulyanov et al. 2016; PyTorch docs: InstanceNorm2d
      {NormVariant::Instance, "Instance", "instance",
       "InstanceNorm normalizes each channel of each sample on its own, over its pixels only. It removes the "
       "per-channel brightness and contrast of every image, which is exactly what style transfer and image "
       "generation want, since much of an image's style lives in those statistics. It needs no batch and "
       "keeps no running statistics, so training and inference compute the same thing. With H·W = 1 there is "
       "a single value per group and nothing to normalize. PyTorch's nn.InstanceNorm2d has affine=False and "
       "track_running_stats=False by default: no γ, β unless asked for (the lab shows one pair per "
       "channel)."},
      {NormVariant::Group, "Group", "group",
       "GroupNorm splits each sample's channels into G groups and normalizes each group over its channels and "
       "pixels. G = 1 gives LayerNorm and G = C gives InstanceNorm (try both: the numbers match). Values in "
       "between, often 32, work well when memory allows only a few images per device, as in detection and "
       "segmentation. It never looks across samples, so training and inference are the same and there are no "
       "running statistics."},
      {NormVariant::Ghost, "Ghost", "ghost",
       "Ghost BatchNorm cuts the batch into virtual sub-batches of B samples and computes BatchNorm's "
       "statistics for each one separately. Smaller statistics batches are noisier, and that noise "
       "regularizes large-batch training; it is also what happens when a batch is split across devices. "
       "Each sub-batch updates the running averages, and inference uses them exactly as BatchNorm does."},
      // Ioffe 2017 (Batch Renorm), §3: r, d not learned; its moving averages are of μ and σ (teaching-facts)
      {NormVariant::Renorm, "Renorm", "renorm",
       "Batch Renormalization starts from BatchNorm's batch statistics, then corrects x̂ with r = σ_B/σ_run and "
       "d = (μ_B − μ_run)/σ_run, both clipped and treated as constants in the backward pass. When the clips do "
       "not bite, x̂ equals (x − μ_run)/σ_run: training then normalizes as inference will, which helps with "
       "small or non-i.i.d. batches. Training usually starts at r_max = 1, d_max = 0 (plain BatchNorm) and "
       "widens the limits. Inference uses the running statistics. Here they are updated as BatchNorm's (mean and "
       "variance); the paper keeps moving averages of μ and of σ, the standard deviation."},
  };
}

const NormVariantRow* FindVariant(NormVariant v) {
  for (const NormVariantRow& row : NormVariantRows())
    if (row.variant == v) return &row;
  return nullptr;
}

}  // namespace

const std::vector<NormVariantRow>& NormVariantRows() {
  static const std::vector<NormVariantRow> rows = MakeVariantRows();
  return rows;
}

const char* NormVariantName(NormVariant v) {
  const NormVariantRow* row = FindVariant(v);
  return row != nullptr ? row->name : "?";
}

const char* NormKeyName(NormVariant v) {
  const NormVariantRow* row = FindVariant(v);
  return row != nullptr ? row->key : "batch";
}

const char* NormNote(NormVariant v) {
  const NormVariantRow* row = FindVariant(v);
  return row != nullptr ? NormNoteText(*row).c_str() : "";
}

const std::string& NormNoteText(const NormVariantRow& row) { return Tr(std::string("norm.") + row.key + ".note"); }

std::vector<std::pair<std::string, std::string>> NormCatalogTexts() {
  std::vector<std::pair<std::string, std::string>> texts;
  for (const NormVariantRow& row : NormVariantRows())
    texts.emplace_back(std::string("norm.") + row.key + ".note", row.note);
  return texts;
}

bool ParseNormKey(const std::string& key, NormVariant* v) {
  for (const NormVariantRow& row : NormVariantRows())
    if (key == row.key) {
      *v = row.variant;
      return true;
    }
  return false;
}

namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string ShapeText(int n, int c, int h, int w) {
  return std::to_string(n) + "×" + std::to_string(c) + "×" + std::to_string(h) + "×" + std::to_string(w);
}

// The formula for M, the values per statistics group, as the message shows it.
const char* SizeFormula(NormVariant v) {
  switch (v) {
    case NormVariant::Batch: return "N·H·W";
    case NormVariant::Layer: return "C·H·W";
    case NormVariant::Instance: return "H·W";
    case NormVariant::Group: return "(C/G)·H·W";
    case NormVariant::Ghost: return "B·H·W";
    case NormVariant::Renorm: return "N·H·W";
  }
  return "M";
}

[[noreturn]] void Fail(const std::string& why) { throw std::invalid_argument(why); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// 2. Statistics groups
// ---------------------------------------------------------------------------------------------
NormGroups MakeNormGroups(int n, int c, int h, int w, NormVariant v, int groups) {
  NormParams p;
  p.variant = v;
  p.groups = groups;
  return MakeNormGroups(n, c, h, w, p);
}

NormGroups MakeNormGroups(int n, int c, int h, int w, const NormParams& p) {
  const NormVariant v = p.variant;
  const int groups = p.groups;
  if (n < 0 || c < 0 || h < 0 || w < 0) Fail(Tr("norm.error.negative_shape", {{"shape", ShapeText(n, c, h, w)}}));
  if (n == 0 || c == 0 || h == 0 || w == 0) Fail(Tr("norm.error.empty", {{"shape", ShapeText(n, c, h, w)}}));
  NormGroups s;
  s.variant = v;
  s.n = n;
  s.c = c;
  s.h = h;
  s.w = w;
  const int hw = h * w;
  switch (v) {
    case NormVariant::Batch:  // per channel over (N, H, W)
    case NormVariant::Renorm:
      s.g = 1;
      s.count = c;
      s.size = n * hw;
      break;
    case NormVariant::Layer:  // per sample over (C, H, W)
      s.g = 1;
      s.count = n;
      s.size = c * hw;
      break;
    case NormVariant::Instance:  // per sample and channel over (H, W)
      s.g = c;
      s.count = n * c;
      s.size = hw;
      break;
    case NormVariant::Group:  // per sample and group of C/G channels over (C/G, H, W)
      if (groups < 1 || groups > c)
        Fail(Tr("norm.error.groups_range", {{"g", std::to_string(groups)}, {"c", std::to_string(c)}}));
      if (c % groups != 0)
        Fail(Tr("norm.error.groups_divide", {{"c", std::to_string(c)}, {"g", std::to_string(groups)}}));
      s.g = groups;
      s.count = n * groups;
      s.size = (c / groups) * hw;
      break;
    case NormVariant::Ghost:  // per virtual sub-batch of B samples and channel, over (B, H, W)
      if (p.ghost_batch < 1 || p.ghost_batch > n)
        Fail(Tr("norm.error.ghost_range", {{"b", std::to_string(p.ghost_batch)}, {"n", std::to_string(n)}}));
      if (n % p.ghost_batch != 0)
        Fail(Tr("norm.error.ghost_divide", {{"n", std::to_string(n)}, {"b", std::to_string(p.ghost_batch)}}));
      s.g = 1;
      s.ghost_batch = p.ghost_batch;
      s.count = (n / p.ghost_batch) * c;
      s.size = p.ghost_batch * hw;
      break;
    default:
      Fail("norm: unknown variant");
  }
  if (s.size < 2)
    Fail(Tr("norm.error.group_size",
            {{"variant", NormVariantName(v)}, {"formula", SizeFormula(v)}, {"m", std::to_string(s.size)}}));
  return s;
}

int GroupOf(const NormGroups& groups, int ni, int ci) {
  switch (groups.variant) {
    case NormVariant::Batch:
    case NormVariant::Renorm: return ci;
    case NormVariant::Ghost: return (ni / groups.ghost_batch) * groups.c + ci;
    case NormVariant::Layer: return ni;
    case NormVariant::Instance: return ni * groups.c + ci;
    case NormVariant::Group: return ni * groups.g + ci / (groups.c / groups.g);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// 3. Validation
// ---------------------------------------------------------------------------------------------
namespace {

void CheckData(const Tensor4& t, const char* name) {
  const size_t expected = static_cast<size_t>(t.n) * t.c * t.h * t.w;
  if (t.data.size() != expected)
    Fail(Tr("norm.error.values",
            {{"name", name}, {"count", std::to_string(t.data.size())}, {"expected", std::to_string(expected)}}));
}

void CheckRow(const Row& r, int c, const char* name) {
  if (r.size() != c)
    Fail(Tr("norm.error.per_channel", {{"name", name}, {"count", std::to_string(r.size())}, {"c", std::to_string(c)}}));
}

// Renorm's own inputs: running statistics of length C (var ≥ 0, both finite), r_max ≥ 1, d_max ≥ 0.
void CheckRenorm(const NormParams& p, int c) {
  auto count = [&](const Row& r, const char* name) {
    if (r.size() != c)
      Fail(Tr("norm.error.running_count",
              {{"name", name}, {"count", std::to_string(r.size())}, {"c", std::to_string(c)}}));
  };
  count(p.running_mean, "running_mean");
  count(p.running_var, "running_var");
  for (int ci = 0; ci < c; ++ci) {
    if (!std::isfinite(p.running_mean[ci])) Fail(Tr("norm.error.running_mean", {{"index", std::to_string(ci)}}));
    if (!std::isfinite(p.running_var[ci]) || p.running_var[ci] < 0)
      Fail(Tr("norm.error.running_var", {{"index", std::to_string(ci)}, {"value", Num(p.running_var[ci])}}));
  }
  if (!(p.r_max >= 1.0) || !std::isfinite(p.r_max)) Fail(Tr("norm.error.r_max", {{"value", Num(p.r_max)}}));
  if (!(p.d_max >= 0.0) || !std::isfinite(p.d_max)) Fail(Tr("norm.error.d_max", {{"value", Num(p.d_max)}}));
}

bool SameShape(const Tensor4& a, const Tensor4& b) { return a.n == b.n && a.c == b.c && a.h == b.h && a.w == b.w; }

}  // namespace

// ---------------------------------------------------------------------------------------------
// 4. Forward
// ---------------------------------------------------------------------------------------------
NormResult NormForward(const Tensor4& x, NormVariant v, int groups, const Row& gamma, const Row& beta, double eps) {
  NormParams p;
  p.variant = v;
  p.groups = groups;
  return NormForward(x, p, gamma, beta, eps);
}

NormResult NormForward(const Tensor4& x, const NormParams& p, const Row& gamma, const Row& beta, double eps) {
  const NormGroups s = MakeNormGroups(x.n, x.c, x.h, x.w, p);
  CheckData(x, "x");
  CheckRow(gamma, x.c, "gamma");
  CheckRow(beta, x.c, "beta");
  if (!(eps >= 0.0)) Fail(Tr("norm.error.eps", {{"eps", Num(eps)}}));
  const bool renorm = p.variant == NormVariant::Renorm;
  if (renorm) CheckRenorm(p, x.c);

  const size_t hw = static_cast<size_t>(x.h) * x.w;
  const double m = static_cast<double>(s.size);
  NormResult r;
  r.groups = s;
  r.mean.assign(s.count, 0.0);
  r.var.assign(s.count, 0.0);
  r.inv_std.assign(s.count, 0.0);
  r.xhat = ZeroTensor(s.n, s.c, s.h, s.w);
  r.y = ZeroTensor(s.n, s.c, s.h, s.w);

  // Pass 1: μ_k = (1/M) Σ_{i∈k} x_i
  for (int ni = 0; ni < x.n; ++ni)
    for (int ci = 0; ci < x.c; ++ci) {
      const int k = GroupOf(s, ni, ci);
      const double* plane = &x.data[(static_cast<size_t>(ni) * x.c + ci) * hw];
      for (size_t j = 0; j < hw; ++j) r.mean[k] += plane[j];
    }
  for (int k = 0; k < s.count; ++k) r.mean[k] /= m;

  // Pass 2: σ²_k = (1/M) Σ_{i∈k} (x_i − μ_k)²;  inv_std_k = 1/√(σ²_k + ε)
  for (int ni = 0; ni < x.n; ++ni)
    for (int ci = 0; ci < x.c; ++ci) {
      const int k = GroupOf(s, ni, ci);
      const double* plane = &x.data[(static_cast<size_t>(ni) * x.c + ci) * hw];
      for (size_t j = 0; j < hw; ++j) {
        const double dev = plane[j] - r.mean[k];
        r.var[k] += dev * dev;
      }
    }
  for (int k = 0; k < s.count; ++k) {
    r.var[k] /= m;
    r.inv_std[k] = 1.0 / std::sqrt(r.var[k] + eps);
  }

  // Renorm, per channel c (its groups are the channels), σ_run = √(running_var + ε):
  //   r_c = clip(σ_B/σ_run, 1/r_max, r_max);  d_c = clip((μ_B − running_mean)/σ_run, −d_max, d_max)
  if (renorm) {
    r.r.assign(x.c, 1.0);
    r.d.assign(x.c, 0.0);
    for (int ci = 0; ci < x.c; ++ci) {
      const double run_std = std::sqrt(p.running_var[ci] + eps);
      r.r[ci] = std::clamp(std::sqrt(r.var[ci] + eps) / run_std, 1.0 / p.r_max, p.r_max);
      r.d[ci] = std::clamp((r.mean[ci] - p.running_mean[ci]) / run_std, -p.d_max, p.d_max);
    }
  }

  // x̂ = (x − μ_k)·inv_std_k (Renorm: ·r_c + d_c);  y = γ_c·x̂ + β_c
  for (int ni = 0; ni < x.n; ++ni)
    for (int ci = 0; ci < x.c; ++ci) {
      const int k = GroupOf(s, ni, ci);
      const size_t base = (static_cast<size_t>(ni) * x.c + ci) * hw;
      for (size_t j = 0; j < hw; ++j) {
        double xhat = (x.data[base + j] - r.mean[k]) * r.inv_std[k];
        if (renorm) xhat = xhat * r.r[ci] + r.d[ci];
        r.xhat.data[base + j] = xhat;
        r.y.data[base + j] = gamma[ci] * xhat + beta[ci];
      }
    }
  return r;
}

// ---------------------------------------------------------------------------------------------
// 5. Backward
// ---------------------------------------------------------------------------------------------
NormGrads NormBackward(const Tensor4& dy, const Tensor4& x, const NormResult& fwd, NormVariant v, int groups,
                       const Row& gamma) {
  NormParams p;
  p.variant = v;
  p.groups = groups;
  return NormBackward(dy, x, fwd, p, gamma);
}

NormGrads NormBackward(const Tensor4& dy, const Tensor4& x, const NormResult& fwd, const NormParams& p,
                       const Row& gamma) {
  const NormGroups s = MakeNormGroups(x.n, x.c, x.h, x.w, p);
  const bool renorm = p.variant == NormVariant::Renorm;
  CheckData(x, "x");
  CheckData(dy, "dy");
  if (!SameShape(dy, x)) Fail("norm: dy is " + ShapeText(dy.n, dy.c, dy.h, dy.w) + ", x is " + ShapeText(x.n, x.c, x.h, x.w));
  CheckRow(gamma, x.c, "gamma");
  const NormGroups& f = fwd.groups;
  if (f.variant != s.variant || f.g != s.g || f.ghost_batch != s.ghost_batch || f.n != s.n || f.c != s.c || f.h != s.h || f.w != s.w ||
      fwd.mean.size() != static_cast<size_t>(s.count) || fwd.inv_std.size() != static_cast<size_t>(s.count) ||
      !SameShape(fwd.xhat, x) || fwd.xhat.data.size() != x.data.size() ||
      (renorm && (fwd.r.size() != static_cast<size_t>(x.c) || fwd.d.size() != static_cast<size_t>(x.c))))
    Fail("norm: the forward result does not belong to this x, variant and G");

  const size_t hw = static_cast<size_t>(x.h) * x.w;
  const double m = static_cast<double>(s.size);
  NormGrads g;
  g.dx = ZeroTensor(s.n, s.c, s.h, s.w);
  g.dgamma = Row::Zero(x.c);
  g.dbeta = Row::Zero(x.c);
  std::vector<double> sum_dxhat(s.count, 0.0);       // Σ_k dx̂
  std::vector<double> sum_dxhat_xhat(s.count, 0.0);  // Σ_k dx̂·x̂_B
  // x̂_B, the value normalized by the group's own statistics: x̂ itself, except for Renorm where
  // x̂ = r·x̂_B + d with r, d constants, so the chain runs through x̂_B with dx̂_B = r·dx̂.
  auto xhat_b = [&](size_t i, int k) { return renorm ? (x.data[i] - fwd.mean[k]) * fwd.inv_std[k] : fwd.xhat.data[i]; };
  auto scale = [&](int ci) { return renorm ? fwd.r[ci] : 1.0; };

  // dβ_c = Σ_(N,H,W) dy;  dγ_c = Σ_(N,H,W) dy·x̂;  dx̂ = dy·γ_c, summed per statistics group k
  for (int ni = 0; ni < x.n; ++ni)
    for (int ci = 0; ci < x.c; ++ci) {
      const int k = GroupOf(s, ni, ci);
      const size_t base = (static_cast<size_t>(ni) * x.c + ci) * hw;
      for (size_t j = 0; j < hw; ++j) {
        const double d = dy.data[base + j], xhat = fwd.xhat.data[base + j];
        const double dxhat = d * gamma[ci];
        g.dbeta[ci] += d;
        g.dgamma[ci] += d * xhat;
        sum_dxhat[k] += dxhat;
        sum_dxhat_xhat[k] += dxhat * xhat_b(base + j, k);
      }
    }

  // dx = inv_std_k/M · (M·dx̂ − Σ_k dx̂ − x̂·Σ_k dx̂·x̂)   (Renorm: r_c· in front, x̂_B for x̂)
  for (int ni = 0; ni < x.n; ++ni)
    for (int ci = 0; ci < x.c; ++ci) {
      const int k = GroupOf(s, ni, ci);
      const size_t base = (static_cast<size_t>(ni) * x.c + ci) * hw;
      for (size_t j = 0; j < hw; ++j) {
        const double dxhat = dy.data[base + j] * gamma[ci], xhat = xhat_b(base + j, k);
        g.dx.data[base + j] =
            scale(ci) * fwd.inv_std[k] / m * (m * dxhat - sum_dxhat[k] - xhat * sum_dxhat_xhat[k]);
      }
    }
  return g;
}

}  // namespace bn
