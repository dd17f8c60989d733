// image_lab.cpp: the image-batch lab's model (see image_lab.hpp).
//
// Index
//   1. Input: defaults, resizing, the seeded tensors, edits
//   2. BuildNormTrace: the steps of one variant (the rows of image_steps.hpp), values from NormForward / NormBackward
//   3. Text: group labels (NormSubstituted: image_steps.cpp, from each step's row)
//   4. URL hash: ApplyImageHash, FormatImageHash
#include "core/lab/image_lab.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "core/base/message.hpp"
#include "core/lab/lab_hash.hpp"
#include "core/lab/lab_input.hpp"
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

// ---------------------------------------------------------------------------------------------
// 4. URL hash
// ---------------------------------------------------------------------------------------------
bool IsImageHash(const std::string& hash) {
  const size_t start = !hash.empty() && hash[0] == '#' ? 1 : 0;
  return hash.compare(start, 10, "lab=image&") == 0 || hash.substr(start) == "lab=image";
}

namespace {

// A whole number lo..hi from text, or a message naming the key.
bool ParseInt(const std::string& key, const std::string& text, int lo, int hi, int* out, std::string* error) {
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < lo || v > hi) {
    *error = key + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + " (got '" +
             bn::Quote(text) + "')";
    return false;
  }
  *out = static_cast<int>(v);
  return true;
}

bool ParseNumber(const std::string& key, const std::string& text, double* out, std::string* error) {
  std::string why;
  if (ParseFloat32(text, out, &why)) return true;
  *error = key + ": " + why;
  return false;
}

}  // namespace

bool ApplyImageHash(const std::string& hash, ImageLabInput* in, int* step, std::string* error) {
  std::vector<std::pair<std::string, std::string>> pairs;
  if (!SplitHashPairs(hash, &pairs, error)) return false;
  ImageLabInput next = DefaultImageLabInput();
  int next_step = 0;
  // The shape first: it fixes C for the per-channel keys and the size for the edits.
  for (const auto& kv : pairs) {
    if (kv.first != "shape") continue;
    int dims[4] = {0, 0, 0, 0};
    size_t start = 0;
    for (int q = 0; q < 4; ++q) {
      const size_t comma = kv.second.find(',', start);
      const bool last = q == 3;
      if (last != (comma == std::string::npos)) {
        *error = "shape must be four whole numbers N,C,H,W (got '" + bn::Quote(kv.second) + "')";
        return false;
      }
      const std::string part = kv.second.substr(start, last ? std::string::npos : comma - start);
      if (!ParseInt(std::string("shape ") + "NCHW"[q], part, 1, kImageMaxDim, &dims[q], error)) return false;
      start = comma + 1;
    }
    ResizeImageLab(&next, dims[0], dims[1], dims[2], dims[3]);
  }
  const int c = next.c;
  auto per_channel = [&](const std::string& key, const std::string& value, Row* row) {
    if (!ParseHashRow(value, key, row, error)) return false;
    if (row->size() != c) {
      *error = key + " has " + std::to_string(row->size()) + " values, the batch has C = " + std::to_string(c) + " channels";
      return false;
    }
    return true;
  };
  for (const auto& kv : pairs) {
    const std::string& key = kv.first;
    const std::string& value = kv.second;
    if (key == "shape") continue;
    if (key == "lab") {
      if (value != "image") {
        *error = "lab must be 'image' here (got '" + bn::Quote(value) + "')";
        return false;
      }
    } else if (key == "norm") {
      if (!ParseNormKey(value, &next.params.variant)) {
        *error = "norm must be batch, layer, instance, group, ghost or renorm (got '" + bn::Quote(value) + "')";
        return false;
      }
    } else if (key == "groups") {
      if (!ParseInt(key, value, 1, kImageMaxDim, &next.params.groups, error)) return false;
    } else if (key == "ghost") {
      if (!ParseInt(key, value, 1, kImageMaxDim, &next.params.ghost_batch, error)) return false;
    } else if (key == "seed") {
      if (!ParseInt(key, value, 0, 1000000, &next.seed, error)) return false;
    } else if (key == "step") {
      if (!ParseInt(key, value, 0, 100, &next_step, error)) return false;
    } else if (key == "back") {
      int b = 0;
      if (!ParseInt(key, value, 0, 1, &b, error)) return false;
      next.backward = b == 1;
    } else if (key == "eps" || key == "r_max" || key == "d_max") {
      double v = 0.0;
      if (!ParseNumber(key, value, &v, error)) return false;
      const double lo = key == "r_max" ? 1.0 : 0.0;
      if (v < lo) {
        *error = key + " must be " + (lo == 1.0 ? "1" : "0") + " or more (got " + bn::Quote(value) + ")";
        return false;
      }
      (key == "eps" ? next.eps : key == "r_max" ? next.params.r_max : next.params.d_max) = v;
    } else if (key == "gamma") {
      if (!per_channel(key, value, &next.gamma)) return false;
    } else if (key == "beta") {
      if (!per_channel(key, value, &next.beta)) return false;
    } else if (key == "running_mean") {
      if (!per_channel(key, value, &next.params.running_mean)) return false;
    } else if (key == "running_var") {
      if (!per_channel(key, value, &next.params.running_var)) return false;
      if ((next.params.running_var.array() < 0).any()) {
        *error = "running_var must not be negative";
        return false;
      }
    } else if (key == "edit") {
      // "index:value;index:value"
      size_t start = 0;
      while (start <= value.size() && !value.empty()) {
        const size_t semi = value.find(';', start);
        const std::string item = value.substr(start, semi == std::string::npos ? std::string::npos : semi - start);
        const size_t colon = item.find(':');
        int index = 0;
        double v = 0.0;
        if (colon == std::string::npos) {
          *error = "edit '" + bn::Quote(item) + "' is not index:value";
          return false;
        }
        if (!ParseInt("edit index", item.substr(0, colon), 0, next.n * next.c * next.h * next.w - 1, &index, error) ||
            !ParseNumber("edit value", item.substr(colon + 1), &v, error))
          return false;
        try {
          SetImageValue(&next, index, v);
        } catch (const std::invalid_argument& e) {
          *error = std::string("edit: ") + e.what();
          return false;
        }
        if (semi == std::string::npos) break;
        start = semi + 1;
      }
    } else {
      *error = "unknown key '" + bn::Quote(key) +
               "' (known: lab, shape, norm, groups, ghost, r_max, d_max, eps, gamma, beta, running_mean, "
               "running_var, seed, edit, back, step)";
      return false;
    }
  }
  *in = next;
  *step = next_step;
  return true;
}

std::string FormatImageHash(const ImageLabInput& in, int step) {
  std::string h = "lab=image&shape=" + std::to_string(in.n) + "," + std::to_string(in.c) + "," + std::to_string(in.h) +
                  "," + std::to_string(in.w) + "&norm=" + NormKeyName(in.params.variant);
  // groups and ghost are kept while another variant is chosen (switching back finds them): the link keeps them too.
  if (in.params.variant == NormVariant::Group || in.params.groups != 1) h += "&groups=" + std::to_string(in.params.groups);
  if (in.params.variant == NormVariant::Ghost || in.params.ghost_batch != 1)
    h += "&ghost=" + std::to_string(in.params.ghost_batch);
  if (in.params.variant == NormVariant::Renorm)
    h += "&r_max=" + ShortestFloat32(in.params.r_max) + "&d_max=" + ShortestFloat32(in.params.d_max) +
         "&running_mean=" + FormatRow(in.params.running_mean) + "&running_var=" + FormatRow(in.params.running_var);
  h += "&eps=" + ShortestFloat32(in.eps) + "&gamma=" + FormatRow(in.gamma) + "&beta=" + FormatRow(in.beta) +
       "&seed=" + std::to_string(in.seed);
  if (!in.edits.empty()) {
    h += "&edit=";
    for (size_t q = 0; q < in.edits.size(); ++q)
      h += (q ? ";" : "") + std::to_string(in.edits[q].first) + ":" + ShortestFloat32(in.edits[q].second);
  }
  if (in.backward) h += "&back=1";
  h += "&step=" + std::to_string(step);
  return h;
}

}  // namespace bn
