// image_lab.cpp: the image-batch lab's model (see image_lab.hpp).
//
// Index
//   1. Input: defaults, resizing, the seeded tensors, edits
//   2. BuildNormTrace: the steps of one variant (the rows of image_steps.hpp), values from NormForward / NormBackward
//   3. Text: group labels (NormSubstituted: image_steps.cpp, from each step's row)
// Its link (lab=image&...) is read and written in image_link.cpp.
// The texts a learner reads (group labels, the grouping sentence, the refusals of an edit) are in the current
// language: image.group.*, image.grouping.*, image.error.* in the catalogs (Range and the count of groups choose keys).
// i18n-keys: image.group.
// i18n-keys: image.grouping.groups.
#include "core/lab/image_lab.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/base/rng.hpp"
#include "core/i18n/current.hpp"

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
  Tensor4 t = ZeroTensor(in.n, in.c, in.h, in.w);
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
  Tensor4 t = ZeroTensor(in.n, in.c, in.h, in.w);
  Rng rng(static_cast<uint64_t>(in.seed) * 2 + 2);
  for (double& v : t.data) v = rng.Below(5) - 2;  // −2..2
  return t;
}

void SetImageValue(ImageLabInput* in, int index, double v) {
  const int size = in->n * in->c * in->h * in->w;
  if (index < 0 || index >= size)
    throw std::invalid_argument(
        Tr("image.error.outside", {{"index", std::to_string(index)}, {"size", std::to_string(size)}}));
  if (!std::isfinite(v)) throw std::invalid_argument(Tr("image.error.not_finite"));
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
    throw std::invalid_argument(Tr("image.error.edits", {{"max", std::to_string(kImageMaxEdits)}}));
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
  if (in.backward) {
    t.dy = ImageDy(in);
    t.bwd = NormBackward(t.dy, t.x, t.fwd, in.params, in.gamma);
  }
  // The steps are the table's rows (image_steps.hpp), Renorm's own only for Renorm, the backward ones with it.
  const bool renorm = in.params.variant == NormVariant::Renorm;
  for (const ImageStepRow& row : ImageStepRows()) {
    if ((row.renorm_only && !renorm) || (row.backward && !in.backward)) continue;
    t.steps.push_back({row.key, row.title.Pick(renorm), row.symbol, row.formula.Pick(renorm), row.extent, row.backward,
                       row.value(t)});
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// 3. Text
// ---------------------------------------------------------------------------------------------
namespace {

std::string Str(int v) { return std::to_string(v); }

// 1-based: "channels 3–4", "channel 3" (one: image.group.channel / .sample; a range: .channels / .samples).
std::string Range(const char* one, const char* range, int first, int last) {
  if (first == last) return Tr(one, {{"n", Str(first)}});
  return Tr(range, {{"first", Str(first)}, {"last", Str(last)}});
}

}  // namespace

std::string NormGroupLabel(const NormGroups& g, int k) {
  switch (g.variant) {
    case NormVariant::Batch:
    case NormVariant::Renorm: return Tr("image.group.channel", {{"n", Str(k + 1)}});
    case NormVariant::Layer: return Tr("image.group.sample", {{"n", Str(k + 1)}});
    case NormVariant::Instance:
      return Tr("image.group.sample_channel", {{"sample", Str(k / g.c + 1)}, {"channel", Str(k % g.c + 1)}});
    case NormVariant::Group: {
      const int per = g.c / g.g, gi = k % g.g;
      return Tr("image.group.group",
                {{"sample", Str(k / g.g + 1)},
                 {"group", Str(gi + 1)},
                 {"channels", Range("image.group.channel", "image.group.channels", gi * per + 1, gi * per + per)}});
    }
    case NormVariant::Ghost: {
      const int b = g.size / (g.h * g.w), sub = k / g.c;
      return Tr("image.group.ghost",
                {{"batch", Str(sub + 1)},
                 {"samples", Range("image.group.sample", "image.group.samples", sub * b + 1, sub * b + b)},
                 {"channel", Str(k % g.c + 1)}});
    }
  }
  return Tr("image.group.other", {{"n", Str(k + 1)}});
}

std::string NormGroupingText(const NormGroups& g) {
  // "3 groups" ("1 group"): a key for one and one for more
  const std::string groups = Tr(g.count == 1 ? "image.grouping.groups.one" : "image.grouping.groups.other",
                                {{"count", Str(g.count)}});
  FormatArgs args{{"groups", groups}, {"m", Str(g.size)}};
  switch (g.variant) {
    case NormVariant::Batch: return Tr("image.grouping.batch", args);
    case NormVariant::Renorm: return Tr("image.grouping.renorm", args);
    case NormVariant::Layer: return Tr("image.grouping.layer", args);
    case NormVariant::Instance: return Tr("image.grouping.instance", args);
    case NormVariant::Group:
      args.emplace_back("per", Str(g.c / g.g));
      return Tr("image.grouping.group", args);
    case NormVariant::Ghost:
      args.emplace_back("b", Str(g.size / (g.h * g.w)));
      return Tr("image.grouping.ghost", args);
  }
  return groups;
}

}  // namespace bn
